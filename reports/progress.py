"""
Where an action plan's actions stood at the end of a quarter, counted by pledge, by outcome
and by focus area: actions by status, average percent done, better or worse than the
quarter before, overdue milestones, what is late, what is off track and at risk.

The one computation behind the dashboard, the outcome page and the quarterly report, so
a pledge's figures on the dashboard and in the PDF cannot disagree: the counts, better and
worse since the quarter before, the exceptions (off track, then at risk) and the verified
partner activities of the quarter. Each grouping costs a fixed number of queries, whatever
the size of the plan.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from plans.models import Action, FocusArea, Milestone, Outcome, ProgressUpdate, Status
from pledges.models import Pledge, PledgeSet

ACTION_COLUMNS = ["pk", "reference", "title", "start_date", "due_date", "lead__name"]
ACTION_COLUMNS += ["focus_area_id"]


@dataclass(slots=True)
class ActionRow:
    """An action as it stood at the quarter's end (plain values: 1,000 of these are cheap)."""

    pk: int
    reference: str
    title: str
    start_date: object
    due_date: object
    lead_name: str
    focus_area_id: int | None
    status_at: Status
    percent_at: int
    reason_at: str
    status_before: Status
    updated_in_quarter: bool
    awaiting_sign_off: bool
    # What was reported for the quarter itself (the report fills these in).
    narrative: str = ""
    next_steps: str = ""

    def get_absolute_url(self):
        return reverse("plans:action_detail", args=[self.pk])

    @property
    def movement(self):
        """+1 a better status than the quarter before, -1 worse, 0 the same (or cancelled)."""
        now, before = self.status_at.rank, self.status_before.rank
        if now is None or before is None or now == before:
            return 0
        return 1 if now > before else -1

    def is_late(self, as_of):
        """Past its due date and still open."""
        return bool(self.due_date and self.due_date < as_of and not self.status_at.is_closed)


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    title: str
    due_date: object
    action_id: int
    action_reference: str

    def action_url(self):
        return reverse("plans:action_detail", args=[self.action_id])


@dataclass
class Tally:
    """
    A group of actions (a pledge's, an outcome's, a focus area's, or the whole plan's).
    Its figures are worked out once, when first read: a page reads them several times.
    """

    item: object  # the Pledge, Outcome or FocusArea; None for the whole plan
    actions: list  # ActionRow, by reference
    as_of: object  # the quarter's end, or today while it runs
    overdue_milestones: int = 0
    counts: Counter = field(init=False)

    def __post_init__(self):
        self.counts = Counter(action.status_at for action in self.actions)

    @property
    def action_count(self):
        return len(self.actions)

    @cached_property
    def average_percent(self):
        percents = [a.percent_at for a in self.actions if a.status_at != Status.CANCELLED]
        return round(sum(percents) / len(percents)) if percents else None

    @cached_property
    def better(self):
        return sum(1 for action in self.actions if action.movement > 0)

    @cached_property
    def worse(self):
        return sum(1 for action in self.actions if action.movement < 0)

    @cached_property
    def moved(self):
        """Actions whose status is better or worse than a quarter before: worse first."""
        return sorted(
            (action for action in self.actions if action.movement), key=lambda a: a.movement
        )

    @cached_property
    def late(self):
        return [action for action in self.actions if action.is_late(self.as_of)]

    @cached_property
    def exceptions(self):
        """Off track, then at risk (each by reference)."""
        return [a for a in self.actions if a.status_at == Status.OFF_TRACK] + [
            a for a in self.actions if a.status_at == Status.AT_RISK
        ]


class Progress:
    """
    ``plan``'s actions (or the narrower ``actions`` queryset of them) as they stood at the
    end of ``quarter``: two queries (the actions, the overdue milestones), and two more
    for each grouping asked for.
    """

    def __init__(self, plan, quarter, *, actions=None, today=None):
        self.plan, self.quarter = plan, quarter
        # As at the end of the quarter, or today while it is still running.
        self.as_of = min(today or timezone.localdate(), quarter.end)
        self._queryset = actions if actions is not None else plan.actions.all()
        # Query: where each action stood at the quarter's end and a quarter earlier.
        standing = defaultdict(dict)
        for action_id, in_quarter, *update in ProgressUpdate.objects.filter(
            action__in=self._queryset
        ).standing(quarter):
            standing[action_id][in_quarter] = update
        # Query: the actions.
        rows = self._queryset.order_by("reference", "pk").values_list(*ACTION_COLUMNS)
        self.actions = [_action_row(row, standing.get(row[0], {})) for row in rows]
        self.by_id = {action.pk: action for action in self.actions}
        # Query: milestones overdue at the quarter's end (or today).
        self.overdue_milestones = [
            MilestoneRow(*row)
            for row in Milestone.objects.filter(action__in=self._queryset)
            .overdue(self.as_of)
            .order_by("due_date", "action__reference", "pk")
            .values_list("title", "due_date", "action_id", "action__reference")
        ]
        self._milestones_of = Counter(milestone.action_id for milestone in self.overdue_milestones)
        self.total = self._tally(None, self.actions)

    def _tally(self, item, actions):
        overdue = sum(self._milestones_of[action.pk] for action in actions)
        return Tally(item, actions, self.as_of, overdue)

    def _group(self, items, links):
        """A Tally per item, from (action id, item id) pairs."""
        members = defaultdict(list)
        for action_id, item_id in links:
            if action_id in self.by_id:
                members[item_id].append(self.by_id[action_id])
        for actions in members.values():
            actions.sort(key=lambda action: (action.reference, action.pk))
        return [self._tally(item, members[item.pk]) for item in items]

    # --- By pledge -------------------------------------------------------------------------

    def by_pledge(self, pledge_set):
        """A Tally for each pledge of one set, by number."""
        # Query: the set's pledges.
        pledges = Pledge.objects.filter(pledge_set=pledge_set).order_by("number")
        # Query: which of those pledges each action delivers.
        links = self._queryset.pledge_links().filter(pledge__pledge_set=pledge_set)
        return self._group(pledges, links.values_list("action_id", "pledge_id"))

    def by_pledge_set(self):
        """
        (PledgeSet, [Tally for each of its pledges]) for every pledge set the actions
        deliver, in the order the sets were published (undated last, then by title).
        """
        delivered = PledgeSet.objects.filter(pledges__actions__in=self._queryset)
        # Query: every pledge of those sets, with its set.
        pledges = (
            Pledge.objects.filter(pledge_set__in=delivered)
            .select_related("pledge_set")
            .order_by(
                F("pledge_set__published_on").asc(nulls_last=True),
                "pledge_set__title",
                "number",
            )
        )
        # Query: which pledges each action delivers.
        links = self._queryset.pledge_links()
        tallies = self._group(pledges, links.values_list("action_id", "pledge_id"))
        return [
            (pledge_set, list(group))
            for pledge_set, group in groupby(tallies, key=lambda tally: tally.item.pledge_set)
        ]

    # --- By the strategy's outcomes and focus areas ----------------------------------------

    def by_outcome(self):
        """A Tally for each outcome of the plan's strategy, by number."""
        # Query: the strategy's outcomes.
        outcomes = Outcome.objects.filter(strategy_id=self.plan.strategy_id).order_by("number")
        # Query: which outcomes each action serves.
        links = Action.outcomes.through.objects.filter(action__in=self._queryset)
        return self._group(outcomes, links.values_list("action_id", "outcome_id"))

    def by_focus_area(self):
        """A Tally for each focus area of the plan's strategy, by number."""
        # Query: the strategy's focus areas.
        areas = FocusArea.objects.filter(strategy_id=self.plan.strategy_id).order_by("number")
        links = [(action.pk, action.focus_area_id) for action in self.actions]
        return self._group(areas, links)

    # --- What partners delivered ---------------------------------------------------------

    def activities(self):
        """The partner activities verified for these actions in the quarter (a queryset:
        read its totals with ``by_kind``)."""
        return Activity.objects.verified().filter(action__in=self._queryset, period=self.quarter)


def _action_row(row, standing):
    """An ActionRow from an action's columns and its ``standing`` ({True: its latest
    update for the quarter, False: its latest before}, either absent)."""
    latest = standing.get(True) or standing.get(False)
    before = standing.get(False)
    status, percent, reason, decided = latest or (Status.NOT_STARTED, 0, "", True)
    return ActionRow(
        *row,
        status_at=Status(status),
        percent_at=percent,
        reason_at=reason,
        status_before=Status(before[0] if before else Status.NOT_STARTED),
        updated_in_quarter=True in standing,
        awaiting_sign_off=not decided,
    )
