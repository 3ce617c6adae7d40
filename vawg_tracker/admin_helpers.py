"""Admin mixins every app's admin shares."""

from django.contrib import admin

from vawg_tracker.forms import hold_to_plausible_dates


class PlausibleDatesAdmin:
    """
    An admin (or inline) mixin: dates and quarters typed in the admin are held to the same
    range as in the app's own forms (vawg_tracker.forms.PlausibleDates).
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        return hold_to_plausible_dates(field)


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
