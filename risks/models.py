"""
The risk register: what could stop the plan's delivery, how likely and how bad it would be
(each 1 to 5; the score is their product), who owns it, what is done about it (its
mitigations) and every review of it.

A risk is reviewed with ``Risk.review(...)``, which appends a RiskReview (who, when, the
scores before and after, a comment) and moves the risk's scores and next review date in
one transaction, under a row lock: two reviewers cannot lose one another's review.
Reviews are never changed or deleted, as progress updates are not.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from plans.models import Action, AppendOnlyError, LeadSpecialist, Versioned
from pledges.models import Pledge
from vawg_tracker.limits import LONG_TEXT, SHORT_TEXT, BoundedTextField

LOWEST, HIGHEST = 1, 5
SCALE = [MinValueValidator(LOWEST), MaxValueValidator(HIGHEST)]
# The score in SQL: the register orders and filters by it in the database.
SCORE = F("likelihood") * F("impact")


class Category(models.TextChoices):
    FUNDING = "funding", "Funding"
    WORKFORCE = "workforce", "Workforce"
    PARTNERSHIP = "partnership", "Partnership"
    DATA_SHARING = "data_sharing", "Data sharing"
    LEGAL = "legal", "Legal"
    REPUTATION = "reputation", "Reputation"
    OTHER = "other", "Other"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Band(models.TextChoices):
    """Score bands, as the heat map colours them: low 1–4, medium 5–9, high 10–14,
    very high 15–25."""

    LOW = "low", "Low (1–4)"
    MEDIUM = "medium", "Medium (5–9)"
    HIGH = "high", "High (10–14)"
    VERY_HIGH = "very_high", "Very high (15–25)"

    @property
    def scores(self):
        return _BAND_SCORES[self]

    @property
    def colour(self):
        return _BAND_COLOUR[self]

    @classmethod
    def of(cls, score):
        return next(band for band in cls if band.scores[0] <= score <= band.scores[1])


_BAND_SCORES = {
    Band.LOW: (1, 4),
    Band.MEDIUM: (5, 9),
    Band.HIGH: (10, 14),
    Band.VERY_HIGH: (15, 25),
}
_BAND_COLOUR = {
    Band.LOW: "#b7dfc0",
    Band.MEDIUM: "#ffe69c",
    Band.HIGH: "#f5b971",
    Band.VERY_HIGH: "#ef9a9e",
}


# Each cell of the heat map (likelihood, impact) in its band's colour.
GRID_CELLS = {
    (likelihood, impact): Band.of(likelihood * impact).colour
    for likelihood in range(1, 6)
    for impact in range(1, 6)
}


def _in_scale(*fields):
    """Each of ``fields`` is 1 to 5 (a check constraint's condition)."""
    condition = Q()
    for name in fields:
        condition &= Q(**{f"{name}__gte": LOWEST, f"{name}__lte": HIGHEST})
    return condition


def end_of_day(day):
    """The last moment of ``day``, local time: a quarter's end, for scores as they stood."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


class ReviewConflict(Exception):
    """Someone reviewed the risk after the reviewer opened the form."""

    def __init__(self, newer_reviews):
        super().__init__("The risk was reviewed after the form was opened.")
        self.newer_reviews = newer_reviews


class RiskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=RiskStatus.OPEN)

    def due_for_review(self, today=None):
        """Open risks whose next review date has passed."""
        return self.open().filter(next_review__lt=today or timezone.localdate())

    def by_score(self):
        """Highest score first (in SQL), then the one due for review soonest."""
        return self.order_by(SCORE.desc(), "next_review", "pk")

    def in_band(self, band):
        low, high = Band(band).scores
        return self.alias(rating=SCORE).filter(rating__gte=low, rating__lte=high)

    def heat_counts(self):
        """{(likelihood, impact): number of risks} (one query)."""
        rows = self.values_list("likelihood", "impact").annotate(n=models.Count("pk")).order_by()
        return {(likelihood, impact): n for likelihood, impact, n in rows}

    def with_score_at(self, moment, name="score_then"):
        """
        Annotate ``name`` (score_then): each risk's score at ``moment`` (the end of the
        previous quarter, for the trend), from its reviews: the scores after its last
        review up to then; else the scores before its first review after then; else
        today's. None for a risk recorded after ``moment``.
        """
        reviews = RiskReview.objects.filter(risk=OuterRef("pk"))
        last_before = reviews.filter(reviewed_at__lte=moment).order_by("-reviewed_at", "-pk")
        first_after = reviews.filter(reviewed_at__gt=moment).order_by("reviewed_at", "pk")
        after_score = F("likelihood_after") * F("impact_after")
        before_score = F("likelihood_before") * F("impact_before")
        score_then = Coalesce(
            Subquery(last_before.annotate(s=after_score).values("s")[:1]),
            Subquery(first_after.annotate(s=before_score).values("s")[:1]),
            SCORE,
        )
        return self.annotate(
            **{
                name: models.Case(
                    models.When(created_at__gt=moment, then=None),
                    default=score_then,
                    output_field=models.IntegerField(),
                )
            }
        )

    def top_at(self, quarter, limit):
        """
        The quarterly report's register: risks open now and recorded by the end of
        ``quarter``, highest score at its end first (in SQL), each with ``score_at_end``
        and ``score_then`` (at the end of the quarter before) and its mitigations with
        their owners (two queries).
        """
        return list(
            self.open()
            .with_score_at(end_of_day(quarter.end), name="score_at_end")
            .with_score_at(end_of_day(quarter.previous().end))
            .filter(score_at_end__isnull=False)
            .select_related("owner")
            .prefetch_related(
                models.Prefetch("mitigations", queryset=Mitigation.objects.select_related("owner"))
            )
            .order_by(F("score_at_end").desc(), "next_review", "pk")[:limit]
        )


class Risk(Versioned, models.Model):
    """Something that could stop delivery: its likelihood, its impact, who owns it."""

    title = models.CharField(max_length=200)
    description = BoundedTextField(max_length=LONG_TEXT, blank=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    owner = models.ForeignKey(
        LeadSpecialist,
        on_delete=models.PROTECT,
        related_name="risks",
        help_text="The lead specialist who reviews it.",
    )
    likelihood = models.PositiveSmallIntegerField(
        validators=SCALE, help_text="1 (rare) to 5 (almost certain)."
    )
    impact = models.PositiveSmallIntegerField(
        validators=SCALE, help_text="1 (negligible) to 5 (severe)."
    )
    target_score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(25)],
        help_text="The score the mitigations aim for (likelihood × impact, 1 to 25).",
    )
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    next_review = models.DateField("next review date")
    actions = models.ManyToManyField(
        Action, blank=True, related_name="risks", verbose_name="actions it threatens"
    )
    pledges = models.ManyToManyField(
        Pledge, blank=True, related_name="risks", verbose_name="pledges it threatens"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords(m2m_fields=[actions, pledges])

    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=_in_scale("likelihood", "impact"),
                name="risk_likelihood_and_impact_1_to_5",
                violation_error_message="Likelihood and impact are each 1 to 5.",
            ),
            models.CheckConstraint(
                condition=Q(target_score__gte=1) & Q(target_score__lte=25),
                name="risk_target_score_1_to_25",
                violation_error_message="The target score is 1 to 25.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("risks:detail", args=[self.pk])

    @property
    def score(self):
        return self.likelihood * self.impact

    @property
    def band(self):
        return Band.of(self.score)

    def is_due_for_review(self, today=None):
        return self.status == RiskStatus.OPEN and self.next_review < (today or timezone.localdate())

    def latest_review_id(self):
        return self.reviews.order_by("-pk").values_list("pk", flat=True).first() or 0

    def review(self, *, by, likelihood, impact, comment, next_review, seen_review_id=None):
        """
        Record a review and move the risk's scores and next review date to it, in one
        transaction under the risk's row lock. ``seen_review_id``: the latest review the
        reviewer had seen (0 for none); if someone reviewed since, nothing is saved and
        ReviewConflict says what they recorded. None skips the check.
        """
        with transaction.atomic():
            risk = Risk.objects.select_for_update().get(pk=self.pk)
            if seen_review_id is not None and risk.latest_review_id() != seen_review_id:
                newer = risk.reviews.filter(pk__gt=seen_review_id).select_related("reviewed_by")
                raise ReviewConflict(list(newer))
            review = RiskReview(
                risk=risk,
                reviewed_by=by,
                likelihood_before=risk.likelihood,
                impact_before=risk.impact,
                likelihood_after=likelihood,
                impact_after=impact,
                comment=comment,
            )
            review.full_clean()
            review.save()
            risk.likelihood, risk.impact, risk.next_review = likelihood, impact, next_review
            risk._change_reason = "Reviewed"
            risk.save(update_fields=["likelihood", "impact", "next_review"])
        self.likelihood, self.impact, self.next_review = likelihood, impact, next_review
        return review


class Mitigation(models.Model):
    """What is done to bring a risk down: who does it, by when, and when it was done."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="mitigations")
    text = BoundedTextField("what is done", max_length=SHORT_TEXT)
    owner = models.ForeignKey(LeadSpecialist, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("due date")
    done_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.text


class RiskReviewQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Risk reviews cannot be changed; record a new one.")

    def delete(self):
        raise AppendOnlyError("Risk reviews cannot be deleted; record a new one.")


class RiskReview(models.Model):
    """A review of a risk: who, when, its scores before and after, and why. Append-only:
    record one with Risk.review()."""

    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="reviews")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now, db_index=True)
    likelihood_before = models.PositiveSmallIntegerField(validators=SCALE)
    impact_before = models.PositiveSmallIntegerField(validators=SCALE)
    likelihood_after = models.PositiveSmallIntegerField(validators=SCALE)
    impact_after = models.PositiveSmallIntegerField(validators=SCALE)
    comment = BoundedTextField(max_length=SHORT_TEXT)

    objects = RiskReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=_in_scale(
                    "likelihood_before", "impact_before", "likelihood_after", "impact_after"
                ),
                name="risk_review_scores_1_to_5",
                violation_error_message="Likelihood and impact are each 1 to 5.",
            )
        ]

    def __str__(self):
        return f"{self.risk}: reviewed {self.reviewed_at:%d %b %Y}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Risk reviews cannot be changed; record a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Risk reviews cannot be deleted; record a new one.")

    @property
    def score_before(self):
        return self.likelihood_before * self.impact_before

    @property
    def score_after(self):
        return self.likelihood_after * self.impact_after
