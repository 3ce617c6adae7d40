"""
The delivery dashboard: where each pledge of a pledge set stands in an action plan at the
end of a quarter, what needs attention, the key indicators and the latest updates.

The counts by pledge and by outcome come from plans.progress_summary, which the quarterly
report reads too. Built in a fixed number of queries whatever the size of the plan
(tests/test_page_queries.py).
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from activities.models import Activity, ActivityKind
from pledges.models import PledgeSet
from vawg_tracker.quarters import Quarter

from .models import ActionPlan, Indicator, IndicatorValue, ProgressUpdate
from .progress_summary import Progress

ATTENTION_LIMIT = 10
INDICATOR_LIMIT = 6
RECENT_LIMIT = 8
SPARKLINE_QUARTERS = 8


def default_plan():
    return ActionPlan.objects.active().first() or ActionPlan.objects.first()


def default_pledge_set(plan):
    """The pledge set the plan's actions deliver most (the five-point plan in practice)."""
    return (
        PledgeSet.objects.annotate(
            links=Count("pledges__actions", filter=Q(pledges__actions__plan=plan))
        )
        .order_by("-links", "title")
        .first()
    )


def plan_quarters(plan, today=None):
    """The quarters a plan has run in so far, newest first."""
    current = Quarter.for_date(today or timezone.localdate())
    first, last = Quarter.for_date(plan.period_start), Quarter.for_date(plan.period_end)
    return list(reversed(list(Quarter.range(first, min(last, current))))) or [current]


@dataclass
class IndicatorCard:
    """An indicator with its recent values: where it stands against its baseline."""

    indicator: Indicator
    values: list  # IndicatorValue, oldest first, up to the quarter
    chart: str = ""

    @property
    def latest(self):
        return self.values[-1] if self.values else None

    @property
    def better_than_baseline(self):
        if self.latest is None or self.indicator.baseline_value is None:
            return None
        return self.indicator.is_better(self.latest.value, self.indicator.baseline_value)


class Dashboard:
    def __init__(self, plan, quarter, pledge_set, focus_area=None, today=None):
        self.plan, self.quarter, self.pledge_set = plan, quarter, pledge_set
        self.focus_area = focus_area
        self._build(today)

    def _actions(self):
        actions = self.plan.actions.all()
        if self.focus_area:
            actions = actions.filter(focus_area=self.focus_area)
        return actions

    def _build(self, today):
        # Queries: the plan's actions as at the quarter's end; overdue milestones.
        progress = Progress(self.plan, self.quarter, actions=self._actions(), today=today)
        self.as_of, self.overdue_milestones = progress.as_of, progress.overdue_milestones
        # Queries: the set's pledges; which of them each action delivers.
        self.pledge_rows = progress.by_pledge(self.pledge_set)
        # Queries: the strategy's outcomes; which of them each action serves.
        self.outcome_rows = progress.by_outcome()
        self.exceptions = progress.total.exceptions
        self.stale = [
            action
            for action in progress.actions
            if not action.status_at.is_closed
            and not action.updated_in_quarter
            and (action.start_date is None or action.start_date <= self.quarter.end)
        ]
        self.limit = ATTENTION_LIMIT
        self.status_totals = progress.total.counts
        self.indicators = self._indicators()
        # Query: the latest progress updates.
        self.recent_updates = list(
            ProgressUpdate.objects.filter(action__in=self._actions(), period__lte=self.quarter)
            .select_related("action", "author", "review")
            .order_by("-created_at", "-id")[:RECENT_LIMIT]
        )
        # Query: verified partner activity in the quarter, by kind.
        self.partner_activity = [
            {**row, "label": ActivityKind(row["kind"]).label}
            for row in Activity.objects.verified()
            .filter(action__in=self._actions(), period=self.quarter)
            .values("kind")
            .annotate(
                count=Count("pk"),
                people=Sum("people_reached"),
                sessions=Sum("sessions"),
                partners=Count("organisation", distinct=True),
            )
            .order_by("-people")
        ]

    def _indicators(self):
        # Queries: the indicators linked to the set's pledges, and their values so far.
        linked = Indicator.objects.filter(pledges__pledge_set=self.pledge_set).distinct()
        return indicator_cards(linked, self.quarter, limit=INDICATOR_LIMIT)


def indicator_cards(indicators, quarter, *, limit=None):
    """An IndicatorCard for each indicator, by name, with its values up to the quarter."""
    values = IndicatorValue.objects.latest_per_indicator(SPARKLINE_QUARTERS, quarter)
    indicators = indicators.order_by("name").prefetch_related(
        Prefetch("values", queryset=values, to_attr="values_so_far")
    )[:limit]
    return [IndicatorCard(indicator, indicator.values_so_far) for indicator in indicators]
