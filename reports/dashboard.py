"""
The delivery dashboard: where each pledge of a pledge set stands in an action plan at the
end of a quarter, what needs attention, the key indicators and the latest updates.

Its figures come from reports.progress (counts by pledge and outcome, better and worse,
the exceptions, partner activities by kind) and plans.indicators (the indicator cards),
which the quarterly report reads too (reports.content): the two cannot disagree. Built in
a fixed number of queries whatever the size of the plan (tests/queries/test_page_queries.py).
"""

from django.conf import settings
from django.db.models import Count, Q, Subquery
from django.utils import timezone

from activities.models import ActivityEvent, ActivityEventKind
from funding.summary import FundingSummary
from plans.indicators import indicator_cards
from plans.lifecycle import QuarterCycle, Stage
from plans.models import (
    Action,
    ActionPlan,
    Indicator,
    Milestone,
    ProgressReview,
    ProgressUpdate,
)
from pledges.models import PledgeSet
from recommendations.models import Recommendation
from risks.models import Risk
from vawg_tracker.quarters import Quarter

from .progress import Progress

ATTENTION_LIMIT = 10
INDICATOR_LIMIT = 6
RECENT_LIMIT = 8


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


def kept(plan, quarter, pledge_set, focus_area=None, today=None):
    """
    How the dashboard's figures for these choices are kept in the cache, for everyone who
    asks for them: for DASHBOARD_CACHE_SECONDS, under the choices, the day (what is overdue
    changes with it) and the newest change to what the office acts on from the page (one
    query): the plan's actions, progress updates, decisions on them, milestones and
    partners' activities, and the risks and recommendations. Recording progress, signing
    it off, verifying an activity, ticking off a milestone or reviewing a risk shows on the
    next request; any other change (funding, indicators) when the kept copy expires.
    The page says when its figures were worked out.
    """
    # Each the newest by id, read backwards along the primary key (not the maximum over
    # every row: 0.1 ms where that took 5 at 4,000 updates). An action, milestone, risk or
    # recommendation changed in any way has a newer row in its history.
    newest = {
        "update": ProgressUpdate.objects.filter(action__plan=plan),
        "decision": ProgressReview.objects.filter(update__action__plan=plan),
        "action": Action.history.filter(plan=plan),
        "milestone": Milestone.history.filter(action__plan=plan),
        # Verified or withdrawn (a conditional update of its state, with an event).
        "activity": ActivityEvent.objects.filter(
            activity__action__plan=plan,
            kind__in=[ActivityEventKind.VERIFIED, ActivityEventKind.WITHDRAWN],
        ),
        "risk": Risk.history.all(),
        "recommendation": Recommendation.history.all(),
    }
    marks = (
        ActionPlan.objects.filter(pk=plan.pk)
        .values(
            **{
                name: Subquery(rows.order_by("-pk").values("pk")[:1])
                for name, rows in newest.items()
            }
        )
        .get()
    )
    day = today or timezone.localdate()
    parts = [plan.pk, quarter, getattr(pledge_set, "pk", None), getattr(focus_area, "pk", None)]
    parts += [day, *marks.values()]
    return {"seconds": settings.DASHBOARD_CACHE_SECONDS, "key": ":".join(map(str, parts))}


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
        # Nothing is missing for a quarter before its round opens (plans.lifecycle).
        self.cycle = QuarterCycle(self.plan, self.quarter)
        self.round_opened = self.cycle.stage(today) >= Stage.ROUND_OPEN
        self.stale = [
            action
            for action in progress.actions
            if self.round_opened
            and not action.status_at.is_closed
            and not action.updated_in_quarter
            and (action.start_date is None or action.start_date <= self.quarter.end)
        ]
        self.limit = ATTENTION_LIMIT
        # Query: open risks past their review date, highest score first.
        self.reviews_due = list(
            Risk.objects.due_for_review(today).select_related("owner").by_score()
        )
        # Query: open recommendations past their due date, the longest overdue first.
        self.recommendations_overdue = list(
            Recommendation.objects.overdue(today)
            .select_related("source", "owner")
            .order_by("due_on", "pk")
        )
        self.status_totals = progress.total.counts
        self.indicators = self._indicators()
        # Query: the latest progress updates.
        self.recent_updates = list(
            ProgressUpdate.objects.filter(action__in=self._actions(), period__lte=self.quarter)
            .select_related("action", "author", "review")
            .order_by("-created_at", "-id")[:RECENT_LIMIT]
        )
        # Query: verified partner activity in the quarter, by kind.
        self.partner_activity = progress.activities().by_kind(order_by=["-people"])
        # The funding card (for those who may read funding): the quarter's financial year,
        # funding.summary's figures as on the Funding page. Queries when read: the year's
        # totals; spent to date; the returns overdue (one aggregate).
        self.funding = FundingSummary(self.quarter.year)

    def _indicators(self):
        # Queries: the indicators linked to the set's pledges, and their values so far.
        linked = Indicator.objects.linked_to([self.pledge_set])
        return indicator_cards(linked, self.quarter, limit=INDICATOR_LIMIT)
