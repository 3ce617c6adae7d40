"""
Where the money went in one financial year, and what it delivered: THE read side of the
funding records. The Funding page, its CSV and XLSX, the dashboard's funding card and the
quarterly report's Funding section all read a FundingSummary, so they cannot disagree.

Every figure is summed by the database, as Decimal pounds and pence (never float), each in
one query, so a summary costs the same few queries at 10 awards or 1,000 (each figure is
computed when first read: the dashboard's card reads three of them).

What counts (README, "Funding"):

- awarded: the amounts for the year of counted awards (awarded, active or ended; never
  planned or withdrawn);
- spent to date: the spend of counted returns (accepted, and of an accepted return a later
  accepted correction replaced, only the correction) for the year's quarters;
- by pledge: an award counts in full under each pledge its actions deliver, once per
  pledge however many of its actions deliver it; an award serving several pledges appears
  under each, so the pledge rows add up to more than the total;
- overdue: an award counted that owes a return for a quarter of the year (its source's
  reporting frequency: funding.models.ReportingFrequency, the one rule) that ended more
  than FUNDING_RETURN_DUE_DAYS days ago, with no return for that quarter submitted or
  accepted. A half-yearly award is never overdue for Q1 or Q3.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from partners.models import SMALL_BANDS
from pledges.models import Pledge
from vawg_tracker.money import pounds
from vawg_tracker.quarters import Quarter

from .models import (
    Award,
    AwardOutput,
    AwardYear,
    OutputKind,
    ReportingFrequency,
    ReturnOutput,
    ReturnState,
    SpendReturn,
    financial_year_label,
)

ZERO = Decimal("0.00")
PENNY = Decimal("0.01")
TENTH = Decimal("0.1")
MONEY = DecimalField(max_digits=14, decimal_places=2)
QUANTITY = DecimalField(max_digits=14, decimal_places=1)


def money(value):
    """Pounds and pence as the database summed them (SQLite gives more places): to the
    penny, 0 for nothing."""
    return ZERO if value is None else value.quantize(PENNY, rounding=ROUND_HALF_UP)


def amount(value):
    """An output's quantity (one decimal place), 0 for nothing."""
    return Decimal("0.0") if value is None else value.quantize(TENTH, rounding=ROUND_HALF_UP)


def _money_rows(rows):
    rows = list(rows)
    for row in rows:
        row["awarded"] = money(row["awarded"])
    return rows


def headline(year, total):
    """ "£1,234,567 awarded in 2026/27": the Funding page's and the report's words."""
    return f"{pounds(total, pence=False)} awarded in {financial_year_label(year)}"


def share(part, whole):
    """``part`` as a percentage of ``whole`` to one place (Decimal), None if whole is 0."""
    if not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def cost_per(spend, people):
    """Spend per person supported, to the penny; None unless both are more than 0."""
    if not spend or not people:
        return None
    return (spend / people).quantize(PENNY, rounding=ROUND_HALF_UP)


@dataclass
class Overdue:
    award: Award
    quarter: Quarter
    due: datetime.date

    @property
    def label(self):
        """What the missing return covers: the quarter, or the half-year or year it ends."""
        return self.award.return_name(self.quarter)


class FundingSummary:
    """The figures for ``year`` (2026 is 2026/27), narrowed by any of the filters."""

    def __init__(
        self, year, *, source=None, organisation=None, ring_fenced=None, pledge=None, today=None
    ):
        self.year = year
        self.label = financial_year_label(year)
        self.quarters = [Quarter(year, number) for number in range(1, 5)]
        self.start, self.end = self.quarters[0].start, self.quarters[-1].end
        self.period = (self.quarters[0], self.quarters[-1])
        self.today = today or timezone.localdate()
        self.source, self.organisation = source, organisation
        self.ring_fenced_filter, self.pledge = ring_fenced, pledge
        self.due_days = settings.FUNDING_RETURN_DUE_DAYS

    # --- What is counted ----------------------------------------------------------------

    def counted_awards(self):
        """The counted awards the filters leave (a query, never run on its own)."""
        awards = Award.objects.counted()
        if self.source is not None:
            awards = awards.filter(source=self.source)
        if self.organisation is not None:
            awards = awards.filter(organisation=self.organisation)
        if self.ring_fenced_filter is not None:
            awards = awards.filter(source__ring_fenced=self.ring_fenced_filter)
        if self.pledge is not None:
            delivers = Award.actions.through.objects.filter(
                award_id=OuterRef("pk"), action__pledges=self.pledge
            )
            awards = awards.filter(Exists(delivers))
        return awards

    def year_amounts(self):
        """The year's amounts of the counted awards."""
        return AwardYear.objects.filter(
            financial_year=self.year, award__in=self.counted_awards().values("pk")
        )

    def year_returns(self):
        """The counted returns for the year's quarters, of any award (narrow them)."""
        return SpendReturn.objects.counted().filter(period__range=self.period)

    def counted_returns(self):
        """The counted returns for the year's quarters of the counted awards."""
        return self.year_returns().filter(award__in=self.counted_awards().values("pk"))

    # --- Totals -------------------------------------------------------------------------

    @cached_property
    def totals(self):
        # Query: the year's amounts summed, all, ring-fenced, and ring-fenced money reaching
        # by-and-for providers and small specialist providers.
        ring_fenced = Q(award__source__ring_fenced=True)
        small_specialist = Q(
            award__organisation__specialist_vawg=True,
            award__organisation__size_band__in=SMALL_BANDS,
        )
        sums = self.year_amounts().aggregate(
            awarded=Sum("amount"),
            ring_fenced=Sum("amount", filter=ring_fenced),
            by_and_for=Sum("amount", filter=ring_fenced & Q(award__organisation__by_and_for=True)),
            small_specialist=Sum("amount", filter=ring_fenced & small_specialist),
            awards=Count("award_id"),
        )
        awards = sums.pop("awards")
        return {"awards": awards, **{key: money(value) for key, value in sums.items()}}

    @property
    def awarded(self):
        return self.totals["awarded"]

    @property
    def award_count(self):
        return self.totals["awards"]

    @property
    def ring_fenced(self):
        return self.totals["ring_fenced"]

    @property
    def not_ring_fenced(self):
        return self.awarded - self.ring_fenced

    @property
    def by_and_for(self):
        return self.totals["by_and_for"]

    @property
    def small_specialist(self):
        return self.totals["small_specialist"]

    @property
    def by_and_for_share(self):
        return share(self.by_and_for, self.ring_fenced)

    @property
    def small_specialist_share(self):
        return share(self.small_specialist, self.ring_fenced)

    @property
    def headline(self):
        return headline(self.year, self.awarded)

    @cached_property
    def spent(self):
        # Query: the counted returns' spend in the year.
        return money(self.counted_returns().spend())

    @property
    def spent_share(self):
        return share(self.spent, self.awarded)

    # --- Groupings ----------------------------------------------------------------------

    @cached_property
    def by_source(self):
        # Query: the year's amounts by funding source.
        return _money_rows(
            self.year_amounts()
            .values("award__source_id", "award__source__name", "award__source__ring_fenced")
            .annotate(awarded=Sum("amount"), awards=Count("award_id"))
            .order_by("-awarded", "award__source__name")
        )

    @cached_property
    def by_organisation(self):
        # Query: the year's amounts by partner organisation.
        return _money_rows(
            self.year_amounts()
            .values(
                "award__organisation_id",
                "award__organisation__name",
                "award__organisation__by_and_for",
                "award__organisation__specialist_vawg",
                "award__organisation__size_band",
            )
            .annotate(awarded=Sum("amount"), awards=Count("award_id"))
            .order_by("-awarded", "award__organisation__name")
        )

    @cached_property
    def by_pledge(self):
        """Each pledge the awards' actions deliver, with every award serving it counted in
        full, once."""
        # Query: the pledges, each with the year's amounts of the awards serving it. The
        # test starts from the award's few actions, not the pledge's many (SQLite otherwise
        # walks every action delivering the pledge for every award: 10 s at 2,500 awards).
        serves = Award.actions.through.objects.filter(
            award_id=OuterRef("award_id"), action__pledges=OuterRef(OuterRef("pk"))
        )
        serving = self.year_amounts().filter(Exists(serves)).order_by().values("financial_year")
        awarded = serving.annotate(total=Sum("amount")).values("total")
        awards = serving.annotate(count=Count("award_id")).values("count")
        pledges = list(
            Pledge.objects.select_related("pledge_set")
            .annotate(
                awarded=Subquery(awarded, output_field=MONEY),
                awards=Coalesce(Subquery(awards), Value(0)),
            )
            .filter(awarded__gt=0)
            .order_by("pledge_set__title", "number")
        )
        for pledge in pledges:
            pledge.awarded = money(pledge.awarded)
        return pledges

    @cached_property
    def by_action(self):
        # Query: the year's amounts by the actions the awards pay for (an award paying for
        # several actions counts in full under each).
        return _money_rows(
            self.year_amounts()
            .filter(award__actions__isnull=False)
            .values(
                "award__actions__id",
                "award__actions__reference",
                "award__actions__title",
                "award__actions__plan__title",
            )
            .annotate(awarded=Sum("amount"), awards=Count("award_id"))
            .order_by("award__actions__plan__title", "award__actions__reference")
        )

    # --- Awards, one by one -------------------------------------------------------------

    @cached_property
    def awards(self):
        """
        The counted awards with an amount for the year or running in it, each with
        ``awarded`` (its amount for the year), ``spent`` (its counted returns' spend in the
        year), ``people`` (people supported in the year, None without such an output) and
        ``cost_per_person``.
        """
        year_amount = self._year_amount()
        # Each award's own returns, not a list of all the year's: SQLite would walk the
        # whole list for every award (2 s at 2,300 awards).
        spend = (
            self.year_returns()
            .filter(award=OuterRef("pk"))
            .order_by()
            .values("award")
            .annotate(total=Sum("spend"))
            .values("total")
        )
        people = (
            ReturnOutput.objects.filter(
                spend_return__in=self.year_returns().filter(award=OuterRef(OuterRef("pk"))),
                output__kind=OutputKind.PEOPLE_SUPPORTED,
            )
            .order_by()
            .values("spend_return__award")
            .annotate(total=Sum("achieved"))
            .values("total")
        )
        supports_people = AwardOutput.objects.filter(
            award=OuterRef("pk"), kind=OutputKind.PEOPLE_SUPPORTED
        )
        # Query: the awards with their source and organisation, and those four figures.
        awards = list(
            self._in_year(self.counted_awards())
            .select_related("source", "organisation")
            .annotate(
                awarded=Coalesce(
                    Subquery(year_amount.values("amount")), Value(ZERO), output_field=MONEY
                ),
                spent=Coalesce(Subquery(spend), Value(ZERO), output_field=MONEY),
                people_achieved=Coalesce(Subquery(people), Value(0), output_field=QUANTITY),
                supports_people=Exists(supports_people),
            )
            .order_by("reference")
        )
        for award in awards:
            award.awarded, award.spent = money(award.awarded), money(award.spent)
            award.people_achieved = amount(award.people_achieved)
            award.people = award.people_achieved if award.supports_people else None
            award.cost_per_person = cost_per(award.spent, award.people)
        return awards

    @property
    def cost_per_person(self):
        """Spend per person supported over the awards with both: spend and people > 0."""
        both = [award for award in self.awards if award.cost_per_person is not None]
        return cost_per(sum((a.spent for a in both), ZERO), sum((a.people for a in both), 0))

    # --- Outputs ------------------------------------------------------------------------

    @cached_property
    def outputs(self):
        """By kind of output: the targets of the awards with an amount for the year (over
        the whole award) and what counted returns say was achieved in the year."""
        # Query: the targets by kind.
        targets = dict(
            AwardOutput.objects.filter(award__in=self.year_amounts().values("award"))
            .values("kind")
            .annotate(total=Sum("target"))
            .values_list("kind", "total")
        )
        # Query: what was achieved in the year, by kind.
        achieved = dict(
            ReturnOutput.objects.filter(
                spend_return__in=self.counted_returns().values("pk"),
                output__award__in=self.year_amounts().values("award"),
            )
            .counting(self.period)
            .values("output__kind")
            .annotate(total=Sum("achieved"))
            .values_list("output__kind", "total")
        )
        return [
            {
                "kind": kind,
                "label": kind.label,
                "target": amount(targets.get(kind)),
                "achieved": amount(achieved.get(kind)),
            }
            for kind in OutputKind
            if kind in targets or kind in achieved
        ]

    # --- Returns overdue ----------------------------------------------------------------

    def due_date(self, quarter):
        return quarter.end + datetime.timedelta(days=self.due_days)

    @cached_property
    def overdue(self):
        """Each (award, quarter) of the year whose return is overdue, oldest first."""
        return self._overdue_of(self.awards)

    @cached_property
    def overdue_count(self):
        """
        How many returns are overdue: ``len(overdue)``, counted in the database (the
        dashboard's card: building the year's 2,300 awards with their figures took 2 s,
        and building them with their dates alone still a third of the dashboard).
        """
        returned = SpendReturn.objects.filter(
            state__in=[ReturnState.SUBMITTED, ReturnState.ACCEPTED]
        ).values("award_id")
        # NOT IN a subquery, not NOT EXISTS: PostgreSQL reads each quarter's returns once
        # into a hash (a correlated NOT EXISTS looked each award up: 11 of the dashboard's
        # 47 ms in the database at 2,000 awards). award_id is never NULL.
        due = {
            f"due_{number}": Count(
                "pk",
                filter=ReportingFrequency.owing(quarter)
                & ~Q(pk__in=returned.filter(period=quarter)),
            )
            for number, quarter in enumerate(self.quarters)
            if self.today > self.due_date(quarter)
        }
        # Query: for each quarter whose return is due, the awards of the year that owe one
        # for it (their source's reporting frequency) with none submitted or accepted
        # (asked even when none is due yet, so the count of queries never depends on the
        # day).
        counts = self._in_year(self.counted_awards()).aggregate(awards=Count("pk"), **due)
        return sum(counts[name] for name in due)

    def _year_amount(self):
        return AwardYear.objects.filter(award=OuterRef("pk"), financial_year=self.year)

    def _in_year(self, awards):
        """Those of ``awards`` with an amount for the year or running in it."""
        return awards.filter(
            Exists(self._year_amount()) | Q(starts_on__lte=self.end, ends_on__gte=self.start)
        )

    def _overdue_of(self, awards):
        due_quarters = [q for q in self.quarters if self.today > self.due_date(q)]
        # Query: the returns submitted or accepted for the year's quarters (asked even
        # when none is due yet, so the count of queries never depends on the day).
        returned = set(
            SpendReturn.objects.filter(
                award__in=self.counted_awards().values("pk"),
                period__range=self.period,
                state__in=[ReturnState.SUBMITTED, ReturnState.ACCEPTED],
            ).values_list("award_id", "period")
        )
        if not due_quarters:
            return []
        return [
            Overdue(award, quarter, self.due_date(quarter))
            for quarter in due_quarters
            for award in awards
            if award.owes_return(quarter) and (award.pk, quarter) not in returned
        ]
