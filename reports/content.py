"""
What a quarterly progress report says: gathered from the delivery model for one action
plan and one quarter, in a fixed number of queries, ready for the PDF template.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from funding.summary import FundingSummary
from plans.charts import as_image, status_bar
from plans.indicators import indicator_cards
from plans.models import (
    Indicator,
    Milestone,
    ProgressUpdate,
    QuarterEvent,
    QuarterEventKind,
)
from pledges.models import PledgeSet
from risks.models import Risk

from .progress import Progress, Tally

TOP_RISKS = 5
# The register's risks listed under Top risks, highest score first (a long report stays
# affordable: WeasyPrint's memory grows with every element).
REGISTER_RISKS = 10
# Trend charts are the costliest part of a long report to lay out: the table of
# indicators gives every one's figures, and at most this many get a chart.
CHART_LIMIT = 30
# The outcome and focus area sections list at most this many moved and late actions each
# (the exceptions section and the appendix have them all): a long report stays affordable.
LIST_LIMIT = 5


@dataclass
class PledgeSection:
    tally: Tally  # the pledge's actions and their figures (reports.progress)
    chart: str = ""
    # Its actions reported here, and those reported under an earlier pledge (with where).
    rows: list = field(default_factory=list)
    reported_earlier: list = field(default_factory=list)


@dataclass
class PledgeSetSection:
    pledge_set: PledgeSet
    pledges: list  # a PledgeSection for each pledge, by number

    @property
    def name(self):
        return (self.pledge_set.short_title or self.pledge_set.title).lower()


@dataclass
class Revision:
    number: int
    first_closed: object  # when the quarter first closed (None if closed before events)
    reopenings: list  # QuarterEvents, each with when and why
    changed: list  # progress updates recorded for the quarter since it first closed


class QuarterlyReport:
    """Everything the PDF shows for ``plan`` at the end of ``quarter``."""

    def __init__(self, plan, quarter, *, draft=False, produced=None):
        self.plan, self.quarter, self.draft = plan, quarter, draft
        self.produced = produced or timezone.localtime()
        self.office = settings.OFFICE_NAME
        self.marking = settings.PROTECTIVE_MARKING
        # Queries: the actions as at the quarter's end; overdue milestones (the same
        # computation as the dashboard's, so the two agree).
        self.progress = Progress(plan, quarter)
        self.actions = self.progress.actions
        self._reported()
        self.pledge_sets = self._pledge_sets()
        # Queries: the strategy's outcomes and focus areas, and which each action serves.
        self.outcomes = self.progress.by_outcome()
        self.focus_areas = self.progress.by_focus_area()
        self.list_limit, self.list_more = LIST_LIMIT, -LIST_LIMIT
        total = self.progress.total
        self.counts = total.counts
        self.status_chart = as_image(
            status_bar(self.counts, label=f"All {len(self.actions)} actions by status")
        )
        self.better, self.worse = total.better, total.worse
        self.exceptions = total.exceptions
        # Top risks: the register's first (queries: the risks with their scores at the
        # quarter's end and the one before; their mitigations with owners), then the
        # actions off track or at risk.
        self.register_risks = Risk.objects.top_at(quarter, REGISTER_RISKS)
        self.top_risks = self.exceptions[:TOP_RISKS]
        self.awaiting_sign_off = sum(1 for a in self.actions if a.awaiting_sign_off)
        self.milestones_missed = self.progress.overdue_milestones
        # Query: milestones due in the quarter.
        self.milestones_due = Milestone.objects.filter(
            action__plan=plan, due_date__range=(quarter.start, quarter.end)
        ).count()
        self.chart_limit = CHART_LIMIT
        self.indicators = self._indicators()
        self.partners = self._partner_contribution()
        # The Funding section: the quarter's financial year, funding.summary's figures as
        # on the Funding page (the same headline, word for word). Queries: the year's
        # totals; spent to date; by source; by pledge; output targets and achieved; the
        # awards; returns submitted or accepted.
        self.funding = FundingSummary(quarter.year, today=self.produced.date())
        self.revision = None if draft else self._revision()

    @property
    def title(self):
        return f"{self.plan.title}: progress report, {self.quarter}"

    # --- Gathering -------------------------------------------------------------------------

    def _reported(self):
        # Query: the latest update reported for this quarter, for narrative and next steps.
        latest = (
            ProgressUpdate.objects.counted()
            .filter(action__plan=self.plan, period=self.quarter)
            .order_by("action_id", "created_at", "id")
        )
        by_id = self.progress.by_id
        for update in latest.values("action_id", "narrative", "next_steps"):
            action = by_id[update["action_id"]]
            action.narrative, action.next_steps = update["narrative"], update["next_steps"]

    def _pledge_sets(self):
        """
        Each pledge's actions. An action that delivers several pledges is printed in full
        under the first of them only; the others name it, its status and where to find it
        (their figures count it all the same): a long report says each thing once.
        """
        # Queries: the pledges of every set the plan delivers; which each action delivers.
        sections, reported_under = [], {}
        for pledge_set, tallies in self.progress.by_pledge_set():
            pledges = []
            for tally in tallies:
                name = f"{str(pledge_set).lower()} pledge {tally.item.number}"
                label = f"{pledge_set}, pledge {tally.item.number}: actions by status"
                chart = as_image(status_bar(tally.counts, label=label)) if tally.actions else ""
                section = PledgeSection(tally, chart)
                for action in tally.actions:
                    if action.pk in reported_under:
                        section.reported_earlier.append((action, reported_under[action.pk]))
                    else:
                        section.rows.append(action)
                        reported_under[action.pk] = name
                pledges.append(section)
            sections.append(PledgeSetSection(pledge_set, pledges))
        return sections

    def _indicators(self):
        # Queries: indicators linked to the pledges of the sets reported, their last values
        # (the dashboard's cards: plans.indicators).
        linked = Indicator.objects.linked_to([section.pledge_set for section in self.pledge_sets])
        cards = indicator_cards(linked, self.quarter)
        for card in cards[:CHART_LIMIT]:
            card.chart = as_image(card.trend())
        return cards

    def _revision(self):
        """
        For a quarter reopened after it first closed (plans.lifecycle): its number, when
        it first closed, each reopening with its reason, and the updates recorded since
        the first closing (what changed). None otherwise. Queries: the quarter's events;
        if it was reopened, the updates recorded since.
        """
        events = list(QuarterEvent.objects.filter(plan=self.plan, quarter=self.quarter))
        reopenings = [event for event in events if event.kind == QuarterEventKind.REOPENED]
        if not reopenings:
            return None
        first_closed = next((e.at for e in events if e.kind == QuarterEventKind.CLOSED), None)
        changed = (
            ProgressUpdate.objects.filter(action__plan=self.plan, period=self.quarter)
            .filter(created_at__gt=first_closed or reopenings[0].at)
            .select_related("action", "review")
            .order_by("action__reference", "created_at", "id")
        )
        return Revision(len(reopenings), first_closed, reopenings, list(changed))

    def _partner_contribution(self):
        # Query: verified partner activities in the quarter, by partner and kind (the
        # dashboard's totals by kind, for each partner).
        by_partner = defaultdict(list)
        for row in self.progress.activities().by_kind("organisation__name"):
            by_partner[row["organisation__name"]].append(row)
        return dict(by_partner)
