"""The tracker in the admin: sources and recommendations with their history; updates and
their evidence are looked up, never changed (they are recorded on the recommendation's
page, through Recommendation.record_update)."""

from django.contrib import admin
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from vawg_tracker.admin_helpers import (
    LookUpOnly,
    LookUpOnlyAdmin,
    PlausibleDatesAdmin,
    SafeAutocomplete,
)

from .models import (
    Recommendation,
    RecommendationEvidence,
    RecommendationSource,
    RecommendationUpdate,
)


@admin.register(RecommendationSource)
class RecommendationSourceAdmin(PlausibleDatesAdmin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "published_on", "reference", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["title", "reference"]


class RecommendationUpdateInline(LookUpOnly, admin.TabularInline):
    model = RecommendationUpdate
    fields = readonly_fields = [
        "happened_on",
        "recorded_by",
        "status_before",
        "status_after",
        "note",
    ]
    extra = 0

    def get_queryset(self, request):
        # Each row names who recorded it and (as its title) its recommendation.
        return super().get_queryset(request).select_related("recorded_by", "recommendation")


@admin.register(Recommendation)
class RecommendationAdmin(SafeAutocomplete, PlausibleDatesAdmin, SimpleHistoryAdmin):
    list_display = ["number", "source", "owner", "status", "due_on", "is_public"]
    list_filter = ["status", "is_public", "source__kind"]
    list_select_related = ["source", "owner"]
    search_fields = ["number", "text", "source__title"]
    autocomplete_fields = ["source", "owner", "actions"]
    inlines = [RecommendationUpdateInline]


@admin.register(RecommendationUpdate)
class RecommendationUpdateAdmin(LookUpOnlyAdmin):
    list_display = ["recommendation", "happened_on", "status_before", "status_after"]
    list_select_related = ["recommendation"]


@admin.register(RecommendationEvidence)
class RecommendationEvidenceAdmin(LookUpOnlyAdmin):
    list_display = ["original_name", "update", "uploaded_at", "download"]
    list_select_related = ["update__recommendation"]

    @admin.display(description="File")
    def download(self, evidence):
        return format_html('<a href="{}">{}</a>', evidence.get_absolute_url(), evidence)
