"""
Money for the plan: funding sources (who gives it, ring-fenced or not), awards (a grant or
contract from a source to a partner organisation, an amount for each financial year, the
actions it pays for, the outputs it was awarded for with their targets) and spend returns
(each quarter, what a partner spent and achieved against an award, reviewed by PCC staff).

Money is Decimal pounds and pence (vawg_tracker.money), never float. A financial year is
named by the calendar year it starts in (2026 is 2026/27), as Quarter.year is.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from partners.models import PartnerOrganisation
from plans.models import Action, Versioned
from vawg_tracker.limits import LONG_TEXT, SHORT_TEXT, BoundedTextField
from vawg_tracker.money import PENNY, MoneyField, pounds
from vawg_tracker.quarters import Quarter, QuarterField
from vawg_tracker.review import Reviewed

# The most one award may give in one financial year.
MOST_PER_YEAR = Decimal("100000000.00")
# Nothing, as a sum of money in SQL (a source with no amounts).
ZERO_POUNDS = Value(Decimal("0.00"), output_field=MoneyField())


def financial_year_label(year):
    """2026 → "2026/27"."""
    return f"{year}/{(year + 1) % 100:02d}"


class FundingKind(models.TextChoices):
    CENTRAL_GOVERNMENT = "central_government", "Central government grant"
    PCC_BUDGET = "pcc_budget", "The PCC's own budget"
    COMBINED_AUTHORITY = "combined_authority", "Combined authority"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    HEALTH = "health", "NHS or health"
    CHARITABLE = "charitable", "Charitable trust or lottery"
    OTHER = "other", "Other"


class ReportingFrequency(models.TextChoices):
    """
    How often a funding source asks for spend returns: the one rule of which quarters an
    award owes a return for (README, "Funding"). Returns follow the funder's calendar,
    UK financial-year quarters (vawg_tracker.quarters):

    - quarterly: every quarter, each return covering its quarter;
    - every six months: Q2 and Q4, each return covering the half-year it ends (Q1–Q2,
      April–September; Q3–Q4, October–March) and recorded against that last quarter;
    - annually: Q4, the return covering the financial year (Q1–Q4).

    An award owes a return for a reporting quarter when its dates overlap the period the
    return covers, so an award starting or ending part-way through a period makes its
    first or final return with everyone else's for that period: a half-yearly award ending
    in June (Q1) makes its final return for April–June at Q2, due as the half-year's are.
    """

    QUARTERLY = "quarterly", "Quarterly"
    HALF_YEARLY = "half_yearly", "Every six months"
    ANNUALLY = "annually", "Annually"

    @property
    def quarters_per_return(self):
        """How many quarters one return covers: 1, 2 or 4."""
        return {"quarterly": 1, "half_yearly": 2, "annually": 4}[self.value]

    def owes_return(self, quarter):
        """Whether ``quarter`` is one a return is made for (the last of a period)."""
        return quarter.number % self.quarters_per_return == 0

    def period_start(self, quarter):
        """The first quarter of the period whose return is made for ``quarter`` (a
        reporting quarter): itself, the half-year's Q1 or Q3, or the year's Q1."""
        return Quarter(quarter.year, quarter.number - self.quarters_per_return + 1)

    def reporting_quarter(self, quarter):
        """The reporting quarter whose return covers ``quarter``: the period's last."""
        per = self.quarters_per_return
        return Quarter(quarter.year, -(-quarter.number // per) * per)

    def period_name(self, quarter):
        """The period a return for ``quarter`` (a reporting quarter) covers: "2026/27 Q3",
        "2026/27 Q1–Q2", "2026/27 Q1–Q4"."""
        first = self.period_start(quarter)
        if first == quarter:
            return str(quarter)
        return f"{quarter.financial_year} Q{first.number}–Q{quarter.number}"

    def period_label(self, quarter):
        """The same with its dates: "2026/27 Q3: 1 October – 31 December 2026",
        "2026/27 Q1–Q2: 1 April – 30 September 2026"."""
        first = self.period_start(quarter)
        if first == quarter:
            return quarter.long_label
        start, end = first.start, quarter.end
        since = f"{start.day} {start:%B}" + (f" {start.year}" if start.year != end.year else "")
        return f"{self.period_name(quarter)}: {since} – {end.day} {end:%B} {end.year}"

    @classmethod
    def owing(cls, quarter, prefix=""):
        """
        The rule in SQL, for awards (``prefix`` leads from another model to the award):
        the award's source reports in ``quarter`` and the award's dates overlap the period
        the return covers. A Q, so a count or filter stays one query.
        """
        rule = Q()  # quarterly sources report every quarter: never left empty
        for frequency in cls:
            if frequency.owes_return(quarter):
                rule |= Q(
                    **{
                        f"{prefix}source__reporting_frequency": frequency,
                        f"{prefix}starts_on__lte": quarter.end,
                        f"{prefix}ends_on__gte": frequency.period_start(quarter).start,
                    }
                )
        return rule


class FundingSourceQuerySet(models.QuerySet):
    def with_money(self, year):
        """
        Annotate each source with what its counted awards (awarded, active or ended) come
        to: ``counted_awards`` (how many), ``awarded_in_year`` (their amounts for financial year
        ``year``) and ``awarded_in_all`` (for every year). Each is a subquery of the
        source's own rows, so a source with nothing counted is 0, and the list is one query.
        """
        counted = Award.objects.counted().filter(source=OuterRef("pk"))
        amounts = AwardYear.objects.filter(
            award__source=OuterRef("pk"), award__status__in=COUNTED_STATUSES
        )

        def total(rows):
            summed = rows.order_by().values("award__source").annotate(s=Sum("amount"))
            return Coalesce(Subquery(summed.values("s")), ZERO_POUNDS)

        number = counted.order_by().values("source").annotate(n=models.Count("pk"))
        return self.annotate(
            counted_awards=Coalesce(Subquery(number.values("n")), 0),
            awarded_in_year=total(amounts.filter(financial_year=year)),
            awarded_in_all=total(amounts),
        )


class FundingSource(Versioned, models.Model):
    """Who the money comes from, whether it is ring-fenced and for what, on what terms."""

    name = models.CharField(
        max_length=200,
        unique=True,
        help_text="e.g. 'Ministry of Justice: ring-fenced IDVA/ISVA allocation'.",
    )
    funder = models.CharField(max_length=200, help_text="e.g. 'Ministry of Justice'.")
    kind = models.CharField(max_length=30, choices=FundingKind.choices)
    ring_fenced = models.BooleanField(
        default=False, help_text="Only to be spent on what it is ring-fenced for."
    )
    ring_fenced_for = models.CharField(
        max_length=200, blank=True, help_text="e.g. 'independent sexual violence advisers'."
    )
    reporting_frequency = models.CharField(
        max_length=20, choices=ReportingFrequency.choices, default=ReportingFrequency.QUARTERLY
    )
    ends_on = models.DateField(null=True, blank=True, help_text="When the funding ends, if known.")
    conditions = BoundedTextField(
        max_length=LONG_TEXT, blank=True, help_text="What the funder asks for in return."
    )
    history = HistoricalRecords()

    objects = FundingSourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ring_fenced=True) | Q(ring_fenced_for=""),
                name="funding_ring_fenced_for_only_if_ring_fenced",
                violation_error_message="Say what it is ring-fenced for only if it is ring-fenced.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        """The Funding page, showing this source's awards."""
        return f"{reverse('funding:overview')}?source={self.pk}"


class AwardStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    AWARDED = "awarded", "Awarded"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Awards whose money counts in the totals: planned and withdrawn ones do not.
COUNTED_STATUSES = (AwardStatus.AWARDED, AwardStatus.ACTIVE, AwardStatus.ENDED)


class AwardKind(models.TextChoices):
    GRANT = "grant", "Grant"
    CONTRACT = "contract", "Contract (commissioned service)"


class AwardQuerySet(models.QuerySet):
    def counted(self):
        """Awards whose money counts: awarded, active or ended (not planned or withdrawn)."""
        return self.filter(status__in=COUNTED_STATUSES)

    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def owing_return(self, quarter):
        """Awards that owe a return for the quarter, by their source's reporting frequency
        (ReportingFrequency: the one rule), whether or not one has been made."""
        return self.filter(ReportingFrequency.owing(quarter))

    def returns_due(self, quarter):
        """
        Awards whose money counts and that owe a return for the quarter (owing_return),
        that still owe it: none submitted or accepted yet (one returned for changes is
        still owed). For the update round's digest.
        """
        done = SpendReturn.objects.filter(
            award=models.OuterRef("pk"),
            period=quarter,
            state__in=[ReturnState.SUBMITTED, ReturnState.ACCEPTED],
        )
        return self.counted().owing_return(quarter).exclude(models.Exists(done))


class Award(Versioned, models.Model):
    """A grant or contract from a funding source to a partner organisation."""

    reference = models.CharField(
        max_length=30, unique=True, help_text="The office's own reference, e.g. 'VAWG-2026-004'."
    )
    title = models.CharField(max_length=200, help_text="What it pays for, in a few words.")
    purpose = BoundedTextField(max_length=LONG_TEXT, blank=True)
    source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="awards")
    organisation = models.ForeignKey(
        PartnerOrganisation, on_delete=models.PROTECT, related_name="awards"
    )
    kind = models.CharField(max_length=20, choices=AwardKind.choices, default=AwardKind.GRANT)
    status = models.CharField(
        max_length=20, choices=AwardStatus.choices, default=AwardStatus.PLANNED
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    actions = models.ManyToManyField(Action, blank=True, related_name="awards")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = AwardQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="award_ends_after_it_starts",
                violation_error_message="An award cannot end before it starts.",
            )
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("funding:award_detail", args=[self.pk])

    @property
    def first_year(self):
        return Quarter.for_date(self.starts_on).year

    @property
    def last_year(self):
        return Quarter.for_date(self.ends_on).year

    def covers(self, quarter):
        """Whether the quarter falls (at least partly) within the award."""
        return quarter.start <= self.ends_on and quarter.end >= self.starts_on

    @property
    def frequency(self):
        """Its source's ReportingFrequency (reads the source: select_related it)."""
        return ReportingFrequency(self.source.reporting_frequency)

    def owes_return(self, quarter):
        """
        Whether the award owes a return for the quarter: its source reports in that
        quarter and the award's dates overlap the period the return covers
        (ReportingFrequency; AwardQuerySet.owing_return is the same rule in SQL).
        """
        frequency = self.frequency
        return (
            frequency.owes_return(quarter)
            and self.starts_on <= quarter.end
            and self.ends_on >= frequency.period_start(quarter).start
        )

    def reporting_quarters(self):
        """Every quarter the award owes a return for, oldest first: its source's
        reporting quarters from its start to the one covering its end."""
        frequency = self.frequency
        first = Quarter.for_date(self.starts_on)
        last = frequency.reporting_quarter(Quarter.for_date(self.ends_on))
        return [q for q in Quarter.range(first, last) if self.owes_return(q)]

    def ended_quarters(self, today=None):
        """The award's reporting quarters that have ended, oldest first: those a return
        may be for."""
        return [q for q in self.reporting_quarters() if q.has_ended(today)]

    def due_quarters(self, today=None):
        """
        Ended reporting quarters (owes_return) with no return yet (none in review, none
        accepted): those a new return may be submitted for. None for an award whose money
        does not count (planned or withdrawn). Reads prefetched returns.
        """
        if self.status not in COUNTED_STATUSES:
            return []
        done = {r.period for r in self.returns.all()}
        return [q for q in self.ended_quarters(today) if q not in done]

    def quarter_rows(self, today=None):
        """
        The award's ended quarters, newest first, each with its returns (newest first,
        from prefetched returns) and whether a return is due: for "Our funding".
        """
        by_quarter = {}
        for spend_return in self.returns.all():
            by_quarter.setdefault(spend_return.period, []).append(spend_return)
        due = set(self.due_quarters(today))
        quarters = set(self.ended_quarters(today)) | set(by_quarter)
        rows = []
        for quarter in sorted(quarters, reverse=True):
            returns = by_quarter.get(quarter, [])
            counted = [r for r in returns if r.state == ReturnState.ACCEPTED]
            replaced = {r.corrects_id for r in counted}
            counted = [r for r in counted if r.pk not in replaced]
            in_review = any(r.state in OPEN_STATES for r in returns)
            rows.append(
                {
                    "quarter": quarter,
                    "label": self.return_name(quarter),
                    "returns": returns,
                    "due": quarter in due,
                    # The accepted return a correction may be made to: the one the
                    # figures count, while no other return for the quarter is in review.
                    "correctable": counted[0].pk if counted and not in_review else None,
                }
            )
        return rows

    def amount_for(self, financial_year):
        """What the award gives in the financial year (£0 if it gives nothing that year)."""
        for year in self.years.all():
            if year.financial_year == financial_year:
                return year.amount
        return Decimal("0.00")

    def quarters_covered(self, quarter):
        """How many quarters a return for ``quarter`` covers: its source's period (1, 2 or
        4) for a reporting quarter, 1 for any other (a return made before the source's
        frequency changed)."""
        frequency = self.frequency
        return frequency.quarters_per_return if frequency.owes_return(quarter) else 1

    def return_name(self, quarter):
        """What a return for ``quarter`` covers: "2026/27 Q1–Q2" for a half-yearly source's
        Q2 (ReportingFrequency.period_name), the quarter for any quarter not reported in."""
        frequency = self.frequency
        return frequency.period_name(quarter) if frequency.owes_return(quarter) else str(quarter)

    def return_label(self, quarter):
        """The same with its dates, for the return form's choices."""
        frequency = self.frequency
        if frequency.owes_return(quarter):
            return frequency.period_label(quarter)
        return quarter.long_label

    def share_name(self, quarter):
        """ "a quarter's", "a half-year's" or "the year's": the share a return for
        ``quarter`` is held to, in words."""
        return {1: "a quarter's", 2: "a half-year's", 4: "the year's"}[
            self.quarters_covered(quarter)
        ]

    def quarter_share(self, quarter):
        """
        The share of its financial year's amount a return for ``quarter`` covers, to the
        penny: a quarter of it for a quarterly source, half for a half-yearly one (the
        return covers the half-year), all of it for an annual one.
        """
        amount = self.amount_for(quarter.year) * self.quarters_covered(quarter) / 4
        return amount.quantize(PENNY, rounding=ROUND_HALF_UP)

    def remaining_for(self, quarter):
        """
        What is left of the quarter's financial year's amount after the spend the figures
        count in the year's other quarters (a return for this quarter replaces this
        quarter's: a correction the accepted one it corrects).
        """
        year = quarter.year
        spent = (
            self.returns.counted()
            .filter(period__gte=Quarter(year, 1), period__lte=Quarter(year, 4))
            .exclude(period=quarter)
            .spend()
        )
        return self.amount_for(year) - spent

    def variance_reason(self, quarter, spend):
        """
        Why this spend in the quarter needs a variance note, or "" if it does not. The
        rule: spend above the share of its financial year's amount the return covers
        (quarter_share: a quarter of it, or a half-year's or the year's for a source
        reporting less often), or above what is left of that year's amount after the other
        quarters' counted spend, must be explained.
        """
        share, remaining = self.quarter_share(quarter), self.remaining_for(quarter)
        if spend > remaining:
            return (
                f"Spend of {pounds(spend)} is more than is left of this award for "
                f"{financial_year_label(quarter.year)} ({pounds(remaining)}): "
                "say why in the variance note."
            )
        if spend > share:
            return (
                f"Spend of {pounds(spend)} is above {self.share_name(quarter)} share of "
                f"this award for "
                f"{financial_year_label(quarter.year)} ({pounds(share)}): "
                "say why in the variance note."
            )
        return ""


class AwardYear(models.Model):
    """What an award gives in one financial year."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="years")
    financial_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The year it starts in: 2026 for 2026/27.",
    )
    amount = MoneyField(validators=[MaxValueValidator(MOST_PER_YEAR)])

    class Meta:
        ordering = ["award", "financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "financial_year"],
                name="one_amount_per_award_year",
                violation_error_message="This award already has an amount for that year.",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(amount__lte=MOST_PER_YEAR),
                name="award_year_amount_in_range",
                violation_error_message="An award-year is between £0 and £100,000,000.",
            ),
        ]

    def __str__(self):
        return f"{self.award.reference} {financial_year_label(self.financial_year)}"

    @property
    def label(self):
        return financial_year_label(self.financial_year)


class OutputKind(models.TextChoices):
    PEOPLE_SUPPORTED = "people_supported", "People supported"
    POSTS = "posts", "Posts (FTE)"
    SESSIONS = "sessions", "Sessions"
    OTHER = "other", "Other"


class AwardOutput(models.Model):
    """Something an award was given to achieve, with its target over the award."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="outputs")
    name = models.CharField(max_length=120, help_text="e.g. 'IDVA posts (FTE)'.")
    kind = models.CharField(max_length=20, choices=OutputKind.choices)
    target = models.DecimalField(max_digits=10, decimal_places=1, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["award", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "name"],
                name="award_output_name_unique",
                violation_error_message="This award already has an output of that name.",
            ),
            models.CheckConstraint(
                condition=Q(target__gte=0),
                name="award_output_target_not_negative",
                violation_error_message="A target cannot be negative.",
            ),
        ]

    def __str__(self):
        return self.name


class ReturnState(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for changes"
    ACCEPTED = "accepted", "Accepted"


# A return in review; only one per award and quarter at a time.
OPEN_STATES = (ReturnState.SUBMITTED, ReturnState.RETURNED)


class SpendReturnQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(state=ReturnState.ACCEPTED)

    def counted(self):
        """The returns the figures count: accepted ones, except one a later accepted
        correction replaced."""
        corrected = SpendReturn.objects.accepted().filter(corrects=models.OuterRef("pk"))
        return self.accepted().exclude(models.Exists(corrected))

    def spend(self):
        return self.aggregate(total=Sum("spend"))["total"] or Decimal("0.00")

    def awaiting_review(self):
        return self.filter(state=ReturnState.SUBMITTED)

    def open(self):
        """Returns in review: submitted, or returned for changes."""
        return self.filter(state__in=OPEN_STATES)


class ReturnEventKind(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    RESUBMITTED = "resubmitted", "Amended and resubmitted"
    RETURNED = "returned", "Returned with a comment"
    ACCEPTED = "accepted", "Accepted"


class SpendReturn(Versioned, Reviewed):
    """
    A partner's return for one quarter of an award: what it spent, what it achieved
    against each output, and why either differs from the plan. Submitted by the partner,
    accepted (then locked) or returned with a comment by PCC staff. A correction to an
    accepted return is a new return that names it.
    """

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="returns")
    period = QuarterField("quarter")
    spend = MoneyField(validators=[MaxValueValidator(MOST_PER_YEAR)])
    variance_note = BoundedTextField(
        max_length=LONG_TEXT,
        blank=True,
        help_text="Why spend or outputs differ from the plan. Never anyone's personal details.",
    )
    state = models.CharField(
        max_length=12, choices=ReturnState.choices, default=ReturnState.SUBMITTED
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        help_text="The accepted return this one corrects.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = SpendReturnQuerySet.as_manager()

    class Meta:
        ordering = ["award", "-period", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(spend__gte=0),
                name="spend_return_spend_not_negative",
                violation_error_message="Spend cannot be negative.",
            ),
            # One return in review per award and quarter (a correction waits its turn).
            models.UniqueConstraint(
                fields=["award", "period"],
                condition=Q(state__in=["submitted", "returned"]),
                name="one_open_return_per_award_quarter",
                violation_error_message="This award already has a return for that quarter "
                "waiting for review.",
            ),
        ]

    def __str__(self):
        return f"{self.award.reference} {self.period}"

    @property
    def is_locked(self):
        return self.state == ReturnState.ACCEPTED

    @property
    def period_label(self):
        """What it covers, with the dates: its quarter, or the half-year or year it ends
        for a source reporting less often (Award.return_label)."""
        return self.award.return_label(self.period)

    # record(kind, user, comment) and move(to=, allowed_from=, user=, event=, comment=)
    # come from Reviewed (vawg_tracker/review.py), as for activities. Four eyes: whoever
    # last submitted or resubmitted it may not accept or return it.
    SUBMISSION_STEPS = (ReturnEventKind.SUBMITTED, ReturnEventKind.RESUBMITTED)
    DECISION_STEPS = (ReturnEventKind.ACCEPTED, ReturnEventKind.RETURNED)
    OWN_SUBMISSION = "You submitted this return, so someone else must accept or return it."

    @staticmethod
    def period_problem(award, period):
        """
        Why a new return for the award cannot be for ``period``, or "" if it can: the
        award must owe a return for it (Award.owes_return: its source's reporting quarters
        that its dates reach), so nobody is refused what they are chased for, nor chased
        for what is refused.
        """
        if award.owes_return(period):
            return ""
        frequency = award.frequency
        if not frequency.owes_return(period):
            return (
                f"{award.source} asks for returns {frequency.label.lower()}: "
                f"{period} is reported in the return for "
                f"{frequency.reporting_quarter(period)}, not on its own."
            )
        return f"{award.reference} owes no return for {period}: its dates do not reach it."

    def clean(self):
        super().clean()
        if self._state.adding and self.corrects_id is None and self.award_id and self.period:
            problem = self.period_problem(self.award, self.period)
            if problem:
                raise ValidationError({"period": problem})

    @classmethod
    def submit(cls, *, award, period, spend, variance_note, achieved, user, corrects=None):
        """
        A new return with what was achieved against each output (``achieved`` maps
        AwardOutput to a number), and its "submitted" step: all of it or nothing. A second
        open return for the quarter raises IntegrityError (the constraint), saving nothing;
        a quarter the award owes no return for (period_problem) raises ValidationError. A
        correction is for its accepted return's quarter, whatever the source asks now.
        """
        if corrects is None:
            problem = cls.period_problem(award, period)
            if problem:
                raise ValidationError({"period": problem}, code="not_reporting")
        with transaction.atomic():
            spend_return = cls.objects.create(
                award=award,
                period=period,
                spend=spend,
                variance_note=variance_note,
                corrects=corrects,
                created_by=user,
            )
            ReturnOutput.objects.bulk_create(
                ReturnOutput(spend_return=spend_return, output=output, achieved=value)
                for output, value in achieved.items()
            )
            spend_return.record(ReturnEventKind.SUBMITTED, user)
        return spend_return

    def resubmit(self, *, spend, variance_note, achieved, user):
        """
        Amend a returned return and send it back for review: False, changing nothing, if
        it is no longer returned (someone acted on it first).
        """
        with transaction.atomic():
            if not self.move(
                to=ReturnState.SUBMITTED,
                allowed_from=[ReturnState.RETURNED],
                user=user,
                event=ReturnEventKind.RESUBMITTED,
            ):
                return False
            self.spend, self.variance_note = spend, variance_note
            self.save(update_fields=["spend", "variance_note", "state", "updated_at"])
            for output, value in achieved.items():
                ReturnOutput.objects.update_or_create(
                    spend_return=self, output=output, defaults={"achieved": value}
                )
        return True

    @property
    def achieved(self):
        """{output id: achieved}, from prefetched output_results."""
        return {result.output_id: result.achieved for result in self.output_results.all()}


class ReturnOutputQuerySet(models.QuerySet):
    def counting(self, quarters=None):
        """
        Of these results (first filter them to the returns that count), those that add up
        to what was achieved: every one, except that for an output of posts only the latest
        return's counts. Posts are filled, not delivered: two posts filled in each of four
        quarters are two posts, not eight.

        "Latest" is the output's latest accepted result, within ``quarters`` (the first and
        last) when these are a period's. That is the latest counted one: a correction is
        for the same quarter as the return it replaces, and later. It is looked up from
        the output's own results, not among these: SQLite would probe every one of these
        for every row (1 s of the 500-action report).
        """
        latest = ReturnOutput.objects.filter(
            output=OuterRef("output"), spend_return__state=ReturnState.ACCEPTED
        )
        if quarters:
            latest = latest.filter(spend_return__period__range=quarters)
        latest = latest.order_by("-spend_return__period", "-spend_return_id").values("pk")[:1]
        return self.annotate(latest_of_output=Subquery(latest)).filter(
            ~Q(output__kind=OutputKind.POSTS) | Q(pk=F("latest_of_output"))
        )


class ReturnOutput(models.Model):
    """What a return says was achieved against one of the award's outputs."""

    spend_return = models.ForeignKey(
        SpendReturn, on_delete=models.CASCADE, related_name="output_results"
    )
    output = models.ForeignKey(AwardOutput, on_delete=models.PROTECT, related_name="results")
    achieved = models.DecimalField(
        max_digits=10, decimal_places=1, validators=[MinValueValidator(0)]
    )

    objects = ReturnOutputQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["spend_return", "output"], name="one_result_per_return_output"
            ),
            models.CheckConstraint(
                condition=Q(achieved__gte=0),
                name="return_output_not_negative",
                violation_error_message="What was achieved cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"{self.output}: {self.achieved}"


class ReturnEvent(models.Model):
    """One step in a return's review: who, when, and what they said."""

    spend_return = models.ForeignKey(SpendReturn, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=ReturnEventKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = BoundedTextField(max_length=SHORT_TEXT, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.spend_return})"
