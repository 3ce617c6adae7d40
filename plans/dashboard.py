"""
The delivery dashboard: where each pledge of a pledge set stands in an action plan at the
end of a quarter, what needs attention, the key indicators and the latest updates.

Built in a fixed number of queries whatever the size of the plan (tests/test_pages.py).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, Sum
from django.urls import reverse
from django.utils import timezone

from pledges.models import Pledge, PledgeSet
from vawg_tracker.quarters import Quarter

from .models import (
    Action,
    ActionPlan,
    Activity,
    ActivityKind,
    Indicator,
    IndicatorValue,
    Milestone,
    ProgressUpdate,
    Status,
)

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


@dataclass(frozen=True)
class ActionRow:
    """An action as it stood at the quarter's end (plain values: 400 of these are cheap)."""

    pk: int
    reference: str
    title: str
    start_date: object
    lead_name: str
    status_at: Status
    percent_at: int
    reason_at: str
    status_before: Status
    updated_in_quarter: bool

    def get_absolute_url(self):
        return reverse("plans:action_detail", args=[self.pk])


@dataclass(frozen=True)
class MilestoneRow:
    title: str
    due_date: object
    action_id: int
    action_reference: str

    def action_url(self):
        return reverse("plans:action_detail", args=[self.action_id])


ACTION_COLUMNS = ["pk", "reference", "title", "start_date", "lead__name"]
AS_AT_COLUMNS = ["status_at", "percent_at", "reason_at", "status_before", "updated_in_quarter"]


@dataclass
class PledgeRow:
    pledge: Pledge
    counts: Counter = field(default_factory=Counter)
    percents: list = field(default_factory=list)
    overdue_milestones: int = 0
    better: int = 0
    worse: int = 0

    @property
    def action_count(self):
        return sum(self.counts.values())

    @property
    def average_percent(self):
        return round(sum(self.percents) / len(self.percents)) if self.percents else None

    @property
    def moved(self):
        return self.better + self.worse


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
        today = today or timezone.localdate()
        # As at the end of the quarter, or today while it is still running.
        self.as_of = min(today, quarter.end)
        self._build()

    def _actions(self):
        actions = self.plan.actions.all()
        if self.focus_area:
            actions = actions.filter(focus_area=self.focus_area)
        return actions

    def _build(self):
        # Query: the plan's actions, each with where it stood at the quarter's end.
        rows = self._actions().as_at(self.quarter).values_list(*ACTION_COLUMNS, *AS_AT_COLUMNS)
        actions = [
            ActionRow(
                pk, ref, title, start, lead, Status(status), percent, reason, Status(before), fresh
            )
            for pk, ref, title, start, lead, status, percent, reason, before, fresh in rows
        ]
        by_id = {action.pk: action for action in actions}
        # Query: the pledge set's pledges.
        self.rows = {
            pledge.pk: PledgeRow(pledge)
            for pledge in Pledge.objects.filter(pledge_set=self.pledge_set).order_by("number")
        }
        # Query: which of those pledges each action delivers.
        links = Action.pledges.through.objects.filter(
            action__in=self._actions(), pledge__pledge_set=self.pledge_set
        ).values_list("action_id", "pledge_id")
        pledges_of = defaultdict(list)
        for action_id, pledge_id in links:
            pledges_of[action_id].append(pledge_id)
            self._count(self.rows[pledge_id], by_id[action_id])
        # Query: milestones overdue at the quarter's end (or today).
        self.overdue_milestones = [
            MilestoneRow(*row)
            for row in Milestone.objects.filter(action__in=self._actions())
            .overdue(self.as_of)
            .order_by("due_date", "pk")
            .values_list("title", "due_date", "action_id", "action__reference")
        ]
        for milestone in self.overdue_milestones:
            for pledge_id in pledges_of[milestone.action_id]:
                self.rows[pledge_id].overdue_milestones += 1
        self._attention(actions)
        self.indicators = self._indicators()
        # Query: the latest progress updates.
        self.recent_updates = list(
            ProgressUpdate.objects.filter(action__in=self._actions(), period__lte=self.quarter)
            .select_related("action", "author", "review")
            .order_by("-created_at", "-id")[:RECENT_LIMIT]
        )
        self.status_totals = Counter(a.status_at for a in actions)
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

    def _count(self, row, action):
        status, before = action.status_at, action.status_before
        row.counts[status] += 1
        if status != Status.CANCELLED:
            row.percents.append(action.percent_at)
        if status.rank is not None and before.rank is not None and status != before:
            if status.rank > before.rank:
                row.better += 1
            elif status.rank < before.rank:
                row.worse += 1

    def _attention(self, actions):
        open_actions = [a for a in actions if not a.status_at.is_closed]
        off = [a for a in open_actions if a.status_at == Status.OFF_TRACK]
        at_risk = [a for a in open_actions if a.status_at == Status.AT_RISK]
        self.exceptions = sorted(off, key=lambda a: a.reference) + sorted(
            at_risk, key=lambda a: a.reference
        )
        self.stale = sorted(
            (
                a
                for a in open_actions
                if not a.updated_in_quarter
                and (a.start_date is None or a.start_date <= self.quarter.end)
            ),
            key=lambda a: a.reference,
        )
        self.limit = ATTENTION_LIMIT

    def _indicators(self):
        # Queries: the indicators linked to the set's pledges, and their values so far.
        values = IndicatorValue.objects.latest_per_indicator(SPARKLINE_QUARTERS, self.quarter)
        indicators = (
            Indicator.objects.filter(pledges__pledge_set=self.pledge_set)
            .distinct()
            .order_by("name")
            .prefetch_related(Prefetch("values", queryset=values, to_attr="values_so_far"))
        )[:INDICATOR_LIMIT]
        return [IndicatorCard(indicator, indicator.values_so_far) for indicator in indicators]

    @property
    def pledge_rows(self):
        return list(self.rows.values())
