"""Admin mixins every app's admin shares."""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import connections, models

from vawg_tracker.forms import ManyObjectsField, hold_to_plausible_dates


class PlausibleDatesAdmin:
    """
    An admin (or inline) mixin: dates and quarters typed in the admin are held to the same
    range as in the app's own forms (vawg_tracker.forms.PlausibleDates).
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        return hold_to_plausible_dates(field)


class _PostedIdsItCanHold:
    """
    An autocomplete widget that draws the chosen options (a form sent back with its errors)
    from only those posted ids the related column can hold. Django's looks every posted
    value up, and one that is not a number ("abc", "1.5"), or is past 64 bits, raised while
    the page was drawn: a 500 where the field's own check had already said "Select a valid
    choice".
    """

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if self._can_hold(v)], attr)

    def _can_hold(self, value):
        related = self.field.remote_field.model._meta
        column = related.get_field(getattr(self.field.remote_field, "field_name", related.pk.name))
        try:
            value = column.to_python(value)
        except (ValidationError, ValueError, TypeError):
            return False
        if isinstance(column, models.IntegerField) and value is not None:
            ops = connections[self.db or "default"].ops
            low, high = ops.integer_field_range(column.get_internal_type())
            return (low is None or low <= value) and (high is None or value <= high)
        return True


class SafeAutocompleteSelect(_PostedIdsItCanHold, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_PostedIdsItCanHold, AutocompleteSelectMultiple):
    pass


class SafeAutocomplete:
    """
    An admin (or inline) mixin for every one with ``autocomplete_fields``: a posted id that
    is not a row's is an invalid choice shown beside its box, never a 500
    (_PostedIdsItCanHold; tests/bad_input/test_admin_add_forms.py checks every admin). A
    many-to-many box's field is ManyObjectsField, which refuses an id past 64 bits before
    SQLite's lookup of them all would overflow.
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
            kwargs.setdefault("form_class", ManyObjectsField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class LookUpOnly:
    """An admin mixin: records kept as they were made; the admin shows them, and nobody
    adds, changes or deletes them here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LookUpOnlyAdmin(LookUpOnly, admin.ModelAdmin):
    """A ModelAdmin for records kept as they were made (LookUpOnly)."""
