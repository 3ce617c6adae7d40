"""
What a quarterly progress report says: gathered from the delivery model for one action
plan and one quarter, in a fixed number of queries, ready for the PDF template.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Prefetch, Sum
from django.utils import timezone

from plans.charts import as_image, status_bar, trend_chart
from plans.dashboard import IndicatorCard, default_pledge_set
from plans.models import (
    Action,
    Activity,
    ActivityKind,
    Direction,
    Indicator,
    IndicatorValue,
    Milestone,
    ProgressUpdate,
    Status,
)
from pledges.models import Pledge

TOP_RISKS = 5
TREND_QUARTERS = 8


@dataclass
class ActionLine:
    pk: int
    reference: str
    title: str
    lead: str
    due_date: object
    status: Status
    percent: int
    before: Status
    reason: str = ""
    awaiting_sign_off: bool = False
    next_steps: str = ""
    narrative: str = ""  # the latest narrative reported for the quarter itself
    pledges: list = field(default_factory=list)


@dataclass
class PledgeSection:
    pledge: Pledge
    actions: list
    chart: str = ""


class QuarterlyReport:
    """Everything the PDF shows for ``plan`` at the end of ``quarter``."""

    def __init__(self, plan, quarter, *, draft=False, produced=None):
        self.plan, self.quarter, self.draft = plan, quarter, draft
        self.produced = produced or timezone.localtime()
        self.office = settings.OFFICE_NAME
        self.marking = settings.PROTECTIVE_MARKING
        self.pledge_set = default_pledge_set(plan)
        self.actions = self._actions()
        self.pledges = self._pledge_sections()
        self.counts = Counter(line.status for line in self.actions)
        self.status_chart = as_image(
            status_bar(self.counts, label=f"All {len(self.actions)} actions by status")
        )
        self.better = sum(1 for a in self.actions if _moved(a) > 0)
        self.worse = sum(1 for a in self.actions if _moved(a) < 0)
        self.exceptions = [a for a in self.actions if a.status == Status.OFF_TRACK] + [
            a for a in self.actions if a.status == Status.AT_RISK
        ]
        self.top_risks = self.exceptions[:TOP_RISKS]
        self.awaiting_sign_off = sum(1 for a in self.actions if a.awaiting_sign_off)
        self.milestones_due, self.milestones_missed = self._milestones()
        self.indicators = self._indicators()
        self.partners = self._partner_contribution()

    @property
    def title(self):
        return f"{self.plan.title}: progress report, {self.quarter}"

    # --- Gathering -------------------------------------------------------------------------

    def _actions(self):
        # Query: every action as it stood at the quarter's end, with its lead.
        rows = (
            self.plan.actions.as_at(self.quarter)
            .select_related("lead")
            .only("id", "reference", "title", "due_date", "lead__name")
            .order_by("reference")
        )
        lines = {
            action.pk: ActionLine(
                pk=action.pk,
                reference=action.reference,
                title=action.title,
                lead=action.lead.name,
                due_date=action.due_date,
                status=Status(action.status_at),
                percent=action.percent_at,
                before=Status(action.status_before),
                reason=action.reason_at,
                awaiting_sign_off=action.awaiting_sign_off,
            )
            for action in rows
        }
        # Query: the latest update reported for this quarter, for narrative and next steps.
        latest = (
            ProgressUpdate.objects.counted()
            .filter(action__plan=self.plan, period=self.quarter)
            .order_by("action_id", "created_at", "id")
        )
        for update in latest.values("action_id", "narrative", "next_steps"):
            line = lines[update["action_id"]]
            line.narrative, line.next_steps = update["narrative"], update["next_steps"]
        # Query: which pledges (of any set) each action delivers.
        links = Action.pledges.through.objects.filter(action__plan=self.plan)
        for action_id, pledge_id in links.values_list("action_id", "pledge_id"):
            lines[action_id].pledges.append(pledge_id)
        return list(lines.values())

    def _pledge_sections(self):
        # Query: the pledge set's pledges.
        sections = []
        for pledge in Pledge.objects.filter(pledge_set=self.pledge_set).order_by("number"):
            actions = [line for line in self.actions if pledge.pk in line.pledges]
            counts = Counter(line.status for line in actions)
            chart = as_image(status_bar(counts, label=f"Pledge {pledge.number} actions by status"))
            sections.append(PledgeSection(pledge, actions, chart))
        return sections

    def _milestones(self):
        """Due in the quarter; and missed: due by its end (or by today, for a quarter still
        running) and not completed by then."""
        cutoff = min(timezone.localdate(), self.quarter.end)
        # Query: milestones due by the quarter's end, with their actions.
        milestones = Milestone.objects.filter(
            action__plan=self.plan, due_date__lte=self.quarter.end
        ).select_related("action")
        due = [m for m in milestones if m.due_date >= self.quarter.start]
        missed = [
            m
            for m in milestones
            if m.due_date < cutoff and (m.completed_on is None or m.completed_on > cutoff)
        ]
        return due, sorted(missed, key=lambda m: (m.due_date, m.action.reference))

    def _indicators(self):
        # Queries: indicators linked to the plan's pledge set, and their last values.
        values = IndicatorValue.objects.latest_per_indicator(TREND_QUARTERS, self.quarter)
        indicators = (
            Indicator.objects.filter(pledges__pledge_set=self.pledge_set)
            .distinct()
            .order_by("name")
            .prefetch_related(Prefetch("values", queryset=values, to_attr="recent"))
        )
        sections = []
        for indicator in indicators:
            better = "higher" if indicator.direction == Direction.HIGHER_IS_BETTER else "lower"
            chart = trend_chart(
                [(str(v.period), v.value) for v in indicator.recent],
                label=indicator.name,
                unit=indicator.unit,
                baseline=indicator.baseline_value,
                target=indicator.target_value,
                better=better,
            )
            sections.append(IndicatorCard(indicator, indicator.recent, as_image(chart)))
        return sections

    def _partner_contribution(self):
        # Query: verified partner activities in the quarter, by partner and kind.
        rows = (
            Activity.objects.verified()
            .filter(action__plan=self.plan, period=self.quarter)
            .values("organisation__name", "kind")
            .annotate(
                activities=Count("pk"), people=Sum("people_reached"), sessions=Sum("sessions")
            )
            .order_by("organisation__name", "kind")
        )
        by_partner = defaultdict(list)
        for row in rows:
            row["kind_label"] = ActivityKind(row["kind"]).label
            by_partner[row["organisation__name"]].append(row)
        return dict(by_partner)


def _moved(line):
    """+1 better than last quarter, -1 worse, 0 the same (or cancelled)."""
    now, before = line.status.rank, line.before.rank
    if now is None or before is None or now == before:
        return 0
    return 1 if now > before else -1
