from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import PartnerMembership, PartnerOrganisation


class PartnerMembershipInline(admin.TabularInline):
    model = PartnerMembership
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at"]


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "description"]
    inlines = [PartnerMembershipInline]


@admin.register(PartnerMembership)
class PartnerMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "created_at"]
    list_filter = ["organisation__kind"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
