from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from vawg_tracker.admin_helpers import LookUpOnly, PlausibleDatesAdmin, SafeAutocomplete

from .models import (
    Award,
    AwardOutput,
    AwardYear,
    FundingSource,
    ReturnEvent,
    ReturnOutput,
    SpendReturn,
)


@admin.register(FundingSource)
class FundingSourceAdmin(PlausibleDatesAdmin, SimpleHistoryAdmin):
    list_display = ["name", "funder", "kind", "ring_fenced", "reporting_frequency", "ends_on"]
    list_filter = ["kind", "ring_fenced"]
    search_fields = ["name", "funder", "ring_fenced_for"]


class AwardYearInline(admin.TabularInline):
    model = AwardYear
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("award")  # each row names it


class AwardOutputInline(admin.TabularInline):
    model = AwardOutput
    extra = 0


@admin.register(Award)
class AwardAdmin(SafeAutocomplete, PlausibleDatesAdmin, SimpleHistoryAdmin):
    list_display = [
        "reference",
        "title",
        "source",
        "organisation",
        "status",
        "starts_on",
        "ends_on",
    ]
    list_filter = ["status", "kind", "source"]
    list_select_related = ["source", "organisation"]
    search_fields = ["reference", "title", "organisation__name", "source__name"]
    autocomplete_fields = ["source", "organisation", "actions"]
    inlines = [AwardYearInline, AwardOutputInline]


class ReturnOutputInline(admin.TabularInline):
    model = ReturnOutput
    extra = 0
    fields = readonly_fields = ["output", "achieved"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("output")


class ReturnEventInline(admin.TabularInline):
    model = ReturnEvent
    extra = 0
    fields = readonly_fields = ["kind", "user", "created_at", "comment"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Each row names its return, and the return its award.
        return super().get_queryset(request).select_related("user", "spend_return__award")


@admin.register(SpendReturn)
class SpendReturnAdmin(LookUpOnly, SimpleHistoryAdmin):
    """Partners make returns and staff review them in the portal; here they are read."""

    list_display = ["award", "period", "spend", "state", "created_at"]
    list_filter = ["state", "award__source"]
    list_select_related = ["award"]
    search_fields = ["award__reference", "award__title", "award__organisation__name"]
    inlines = [ReturnOutputInline, ReturnEventInline]
