from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from pledges.models import Pledge
from vawg_tracker.admin_helpers import LookUpOnlyAdmin, PlausibleDatesAdmin, SafeAutocomplete

from .models import (
    Action,
    ActionPlan,
    FocusArea,
    Indicator,
    IndicatorBreakdown,
    IndicatorTarget,
    IndicatorValue,
    LeadSpecialist,
    Milestone,
    Outcome,
    ProgressReview,
    ProgressUpdate,
    QuarterEvent,
    Strategy,
    ViolenceForm,
)


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0


class FocusAreaInline(admin.TabularInline):
    model = FocusArea
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(PlausibleDatesAdmin, SimpleHistoryAdmin):
    list_display = ["title", "area", "period_start", "period_end"]
    search_fields = ["title", "area"]
    inlines = [OutcomeInline, FocusAreaInline]


@admin.register(Outcome, FocusArea)
class StrategyItemAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "strategy"]
    list_display_links = ["title"]
    list_filter = ["strategy"]
    list_select_related = ["strategy"]
    search_fields = ["title", "description"]


@admin.register(ViolenceForm)
class ViolenceFormAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


@admin.register(LeadSpecialist)
class LeadSpecialistAdmin(SafeAutocomplete, SimpleHistoryAdmin):
    list_display = ["name", "job_title", "organisation", "email", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "job_title", "organisation", "email"]
    autocomplete_fields = ["user", "specialisms"]


@admin.register(ActionPlan)
class ActionPlanAdmin(SafeAutocomplete, PlausibleDatesAdmin, SimpleHistoryAdmin):
    list_display = ["title", "strategy", "lead", "state", "period_start", "period_end"]
    list_filter = ["state", "strategy"]
    list_select_related = ["strategy", "lead"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["lead"]
    readonly_fields = ["locked_through"]  # set when a quarter's report is issued

    def has_delete_permission(self, request, obj=None):
        return False  # plans are closed, not deleted


class MilestoneInline(PlausibleDatesAdmin, admin.TabularInline):
    model = Milestone
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("action")


class ProgressUpdateInline(PlausibleDatesAdmin, admin.TabularInline):
    """The action's progress history, newest first. Read-only: add one from its own page."""

    model = ProgressUpdate
    extra = 0
    fields = ["period", "created_at", "author", "status", "percent_complete", "narrative", "reason"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # The action: each row's name (ProgressUpdate.__str__) is its reference.
        return super().get_queryset(request).select_related("action", "author")


def once_a_request(request, key, look_up):
    """
    A list filter's choices, looked up once a request. With facets shown, Django builds
    the list's filters again for each filter's counts, and each build would look up every
    filter's choices again (five filters: 20 more queries).
    """
    choices = request.__dict__.setdefault("_list_filter_choices", {})
    if key not in choices:
        choices[key] = look_up()
    return choices[key]


class RelatedFilter(admin.RelatedFieldListFilter):
    """Django's filter on a relation, its choices looked up once a request."""

    def field_choices(self, field, request, model_admin):
        look_up = super().field_choices
        key = (model_admin.model, self.field_path)
        return once_a_request(request, key, lambda: look_up(field, request, model_admin))


class PledgeFilter(admin.SimpleListFilter):
    """Pledges named with their set: two sets both have a pledge 1."""

    title = "pledge"
    parameter_name = "pledge"

    def lookups(self, request, model_admin):
        return once_a_request(request, (model_admin.model, "pledge"), self._pledges)

    @staticmethod
    def _pledges():
        pledges = Pledge.objects.select_related("pledge_set").order_by("pledge_set", "number")
        return [(pledge.pk, f"{pledge.pledge_set}: {pledge}") for pledge in pledges]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        # (Facet counts set each choice's pk, an int, as the value.)
        if str(self.value()) not in {str(pk) for pk, _ in self.lookup_choices}:
            # Not a pledge (abc, 1.5, 10**40): the list answers as for any bad filter value.
            raise IncorrectLookupParameters(f"No pledge {self.value()!r:.40}")
        return queryset.filter(pledges=self.value())


@admin.register(Action)
class ActionAdmin(SafeAutocomplete, PlausibleDatesAdmin, SimpleHistoryAdmin):
    list_display = [
        "reference",
        "title",
        "plan",
        "lead",
        "status",
        "percent_complete",
        "due_date",
        "updated_at",
    ]
    list_display_links = ["reference", "title"]
    list_filter = [
        ("plan", RelatedFilter),
        "status",
        ("focus_area", RelatedFilter),
        PledgeFilter,
        ("lead", RelatedFilter),
    ]
    list_select_related = ["plan", "lead"]
    search_fields = ["reference", "title", "description"]
    autocomplete_fields = [
        "plan",
        "lead",
        "focus_area",
        "pledges",
        "outcomes",
        "violence_forms",
        "delivery_partners",
    ]
    # Status and percent follow the latest progress update: record one to change them.
    readonly_fields = ["status", "percent_complete", "created_at", "updated_at"]
    inlines = [MilestoneInline, ProgressUpdateInline]


@admin.register(Milestone)
class MilestoneAdmin(SafeAutocomplete, PlausibleDatesAdmin, SimpleHistoryAdmin):
    list_display = ["title", "action", "due_date", "completed_on"]
    list_filter = ["action__plan"]
    list_select_related = ["action"]
    search_fields = ["title", "action__reference", "action__title"]
    autocomplete_fields = ["action"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SafeAutocomplete, PlausibleDatesAdmin, admin.ModelAdmin):
    """Progress updates are added, never changed or deleted: a correction is a new one."""

    list_display = ["action", "period", "status", "percent_complete", "author", "created_at"]
    list_filter = ["status", "action__plan"]
    list_select_related = ["action", "author"]
    search_fields = ["action__reference", "action__title", "narrative"]
    autocomplete_fields = ["action"]
    fields = [
        "action",
        "period",
        "status",
        "percent_complete",
        "narrative",
        "next_steps",
        "risks_and_issues",
        "reason",
    ]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [*self.fields, "author", "created_at"] if obj else []

    def get_fields(self, request, obj=None):
        return [*self.fields, "author", "created_at"] if obj else self.fields

    def save_model(self, request, obj, form, change):
        # The same path as every other way of recording progress: append and move the
        # action in one transaction.
        form.instance = obj.action.record_progress(
            author=request.user,
            period=obj.period,
            status=obj.status,
            percent_complete=obj.percent_complete,
            narrative=obj.narrative,
            next_steps=obj.next_steps,
            risks_and_issues=obj.risks_and_issues,
            reason=obj.reason,
        )
        obj.pk = form.instance.pk


class IndicatorBreakdownInline(admin.TabularInline):
    """The value's parts by local authority area, sex, ethnicity: each dimension's parts
    should sum to the value (the indicator page says by how much they do not)."""

    model = IndicatorBreakdown
    extra = 1
    fields = ["dimension", "category", "figure"]

    def get_queryset(self, request):
        # The value and its indicator: each row's name would otherwise load them.
        return super().get_queryset(request).select_related("value__indicator")


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SafeAutocomplete, PlausibleDatesAdmin, SimpleHistoryAdmin):
    list_display = ["indicator", "period", "value", "provisional", "entered_by", "entered_at"]
    list_filter = ["indicator"]
    list_select_related = ["indicator", "entered_by"]
    search_fields = ["indicator__name", "note", "source"]
    autocomplete_fields = ["indicator"]
    readonly_fields = ["entered_by", "entered_at"]
    inlines = [IndicatorBreakdownInline]

    def save_model(self, request, obj, form, change):
        if obj.entered_by_id is None:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(IndicatorBreakdown)
class IndicatorBreakdownAdmin(SafeAutocomplete, SimpleHistoryAdmin):
    """Breakdowns are entered under their value (an inline); here to look them up."""

    list_display = ["value", "dimension", "category", "figure"]
    list_filter = ["dimension"]
    list_select_related = ["value__indicator"]
    search_fields = ["value__indicator__name", "category"]
    autocomplete_fields = ["value"]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(SafeAutocomplete, PlausibleDatesAdmin, SimpleHistoryAdmin):
    """Targets are set on their indicator's page (an inline); here to look them up."""

    list_display = ["indicator", "quarter", "value"]
    list_filter = ["indicator"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__name"]
    autocomplete_fields = ["indicator"]


class IndicatorValueInline(PlausibleDatesAdmin, admin.TabularInline):
    model = IndicatorValue
    extra = 1
    fields = ["period", "value", "source", "provisional", "note", "entered_by", "entered_at"]
    readonly_fields = ["entered_by", "entered_at"]

    def get_queryset(self, request):
        # The indicator: each row's name (IndicatorValue.__str__) starts with it.
        return super().get_queryset(request).select_related("indicator", "entered_by")


class IndicatorTargetInline(PlausibleDatesAdmin, admin.TabularInline):
    """The indicator's target trajectory: a target value for each quarter."""

    model = IndicatorTarget
    extra = 1
    fields = ["quarter", "value"]

    def get_queryset(self, request):
        # The indicator: each row's name (IndicatorTarget.__str__) starts with it.
        return super().get_queryset(request).select_related("indicator")


@admin.register(Indicator)
class IndicatorAdmin(SafeAutocomplete, SimpleHistoryAdmin):
    list_display = ["name", "unit", "direction", "baseline_value", "target_value", "value_count"]
    list_display += ["publish"]
    list_filter = ["direction", "frequency", "pledges"]
    search_fields = ["name", "description", "data_source"]
    autocomplete_fields = ["pledges", "outcomes"]
    inlines = [IndicatorTargetInline, IndicatorValueInline]
    ordering = ["name"]  # indicators have no order of their own; autocomplete pages need one

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(value_count=Count("values"))

    @admin.display(description="values", ordering="value_count")
    def value_count(self, indicator):
        return indicator.value_count

    def save_formset(self, request, form, formset, change):
        # Values are saved naming who entered them; targets as they are.
        for row in formset.save(commit=False):
            if isinstance(row, IndicatorValue) and row.entered_by_id is None:
                row.entered_by = request.user
            row.save()
        for row in formset.deleted_objects:
            row.delete()


@admin.register(ProgressReview)
class ProgressReviewAdmin(LookUpOnlyAdmin):
    """Sign-off decisions are made on the action page and never changed; here to look up."""

    list_display = ["update", "decision", "reviewed_by", "reviewed_at"]
    list_filter = ["decision"]
    list_select_related = ["update__action", "reviewed_by"]
    search_fields = ["update__action__reference", "comment"]
    fields = ["update", "decision", "reviewed_by", "reviewed_at", "comment"]
    readonly_fields = fields


@admin.register(QuarterEvent)
class QuarterEventAdmin(LookUpOnlyAdmin):
    """A quarter's closings and reopenings (plans.lifecycle), made on the update round
    page or by the schedule and never changed; here to look up."""

    list_display = ["plan", "quarter", "kind", "at", "by"]
    list_filter = ["kind"]
    list_select_related = ["plan", "by"]
    search_fields = ["plan__title", "reason"]
    fields = ["plan", "quarter", "kind", "at", "by", "reason"]
    readonly_fields = fields
