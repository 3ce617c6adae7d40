from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from vawg_tracker.admin_helpers import SafeAutocomplete

from .models import PartnerMembership, PartnerOrganisation


class PartnerMembershipInline(admin.TabularInline):
    """
    The organisation's members, shown with their users joined: an autocomplete box per
    member would look each one up again (a query a row). Add members below; remove one
    by ticking Delete.
    """

    model = PartnerMembership
    extra = 0
    fields = readonly_fields = ["user", "created_at"]
    verbose_name_plural = "members"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "organisation")


class NewPartnerMembershipInline(SafeAutocomplete, admin.TabularInline):
    """Rows for new members only (the existing ones are listed above)."""

    model = PartnerMembership
    extra = 0
    fields = ["user"]
    autocomplete_fields = ["user"]
    verbose_name_plural = "add members"

    def get_queryset(self, request):
        return super().get_queryset(request).none()


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "by_and_for", "specialist_vawg", "size_band", "is_active"]
    list_filter = ["kind", "by_and_for", "specialist_vawg", "size_band", "is_active"]
    search_fields = ["name", "description"]
    inlines = [PartnerMembershipInline, NewPartnerMembershipInline]
    # As on the app's own form (partners.forms.OrganisationForm): example.org is https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(PartnerMembership)
class PartnerMembershipAdmin(SafeAutocomplete, SimpleHistoryAdmin):
    list_display = ["user", "organisation", "created_at"]
    list_filter = ["organisation__kind"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
