"""The risk register in the admin, a superuser's (PCC staff keep it on its own pages): risks
with their history; mitigations and reviews are shown with their risk and looked up, never
changed here (mitigations are edited on the risk's page, reviews recorded with Risk.review)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from vawg_tracker.admin_helpers import (
    LookUpOnly,
    LookUpOnlyAdmin,
    PlausibleDatesAdmin,
    SafeAutocomplete,
)

from .models import Mitigation, Risk, RiskReview


class MitigationInline(LookUpOnly, admin.TabularInline):
    model = Mitigation
    fields = readonly_fields = ["text", "owner", "due_on", "done_on"]
    extra = 0

    def get_queryset(self, request):
        # Each row names its owner and (as its title) its risk.
        return super().get_queryset(request).select_related("owner", "risk")


class RiskReviewInline(LookUpOnly, admin.TabularInline):
    model = RiskReview
    fields = readonly_fields = [
        "reviewed_at",
        "reviewed_by",
        "likelihood_before",
        "impact_before",
        "likelihood_after",
        "impact_after",
        "comment",
    ]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewed_by", "risk")


@admin.register(Risk)
class RiskAdmin(SafeAutocomplete, PlausibleDatesAdmin, SimpleHistoryAdmin):
    list_display = ["title", "category", "owner", "score", "status", "next_review"]
    list_filter = ["status", "category"]
    list_select_related = ["owner"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["owner", "actions", "pledges"]
    readonly_fields = ["created_at"]
    inlines = [MitigationInline, RiskReviewInline]

    @admin.display(description="Score (likelihood × impact)")
    def score(self, risk):
        return risk.score


@admin.register(RiskReview)
class RiskReviewAdmin(LookUpOnlyAdmin):
    list_display = ["risk", "reviewed_at", "reviewed_by", "score_before", "score_after"]
    list_select_related = ["risk", "reviewed_by"]
    search_fields = ["risk__title", "comment"]
