"""
A publication: what the public may read about one plan's quarter, frozen when PCC staff
published it (``snapshot``, built by publication.snapshot from signed-off, public fields
only). Withdrawn openly, never deleted: the public then sees the previous live one.
"""

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from plans.models import ActionPlan
from vawg_tracker.quarters import QuarterField

from .snapshot import build_snapshot


class AlreadyPublished(Exception):
    """The plan's quarter already has a live publication: withdraw it first."""


class PublicationQuerySet(models.QuerySet):
    def live(self):
        """Not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def current(self, plan):
        """What the public sees of ``plan``: its live publication of the latest quarter
        (withdrawing it makes the one before current again), or None."""
        return self.live().filter(plan=plan).order_by("-quarter", "-published_at", "-id").first()

    def current_for_each_plan(self):
        """Each plan's current publication (as ``current``), plans by title: one query."""
        latest = (
            self.live()
            .filter(plan=models.OuterRef("plan"))
            .order_by("-quarter", "-published_at", "-id")
            .values("pk")[:1]
        )
        return self.filter(pk=models.Subquery(latest)).order_by("plan__title", "plan_id")

    def last_change(self):
        """When anything the public site shows last changed: the latest publish or
        withdrawal (a withdrawal is later than the publish it undoes, so this never goes
        back in time), or None. One query."""
        changed = Greatest("published_at", Coalesce("withdrawn_at", "published_at"))
        return self.aggregate(last=models.Max(changed))["last"]

    def published_at(self, plan_id, quarter):
        """When the plan's live publication of the quarter was published, or None."""
        live = self.live().filter(plan_id=plan_id, quarter=quarter)
        return live.values_list("published_at", flat=True).first()

    def previous_to(self, plan, quarter):
        """The live publication the public would see of ``plan`` before ``quarter`` is
        published: the latest of that quarter or an earlier one, or None."""
        live = self.live().filter(plan=plan, quarter__lte=quarter)
        return live.order_by("-quarter", "-published_at", "-id").first()


class Publication(models.Model):
    """One plan's quarter as published: a frozen snapshot, live until withdrawn."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="publications")
    quarter = QuarterField("quarter")
    # The frozen public content (publication.snapshot.build_snapshot): JSON, figures as text.
    snapshot = models.JSONField()
    published_at = models.DateTimeField(default=timezone.now, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-quarter", "-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "quarter"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_live_publication_per_plan_quarter",
                violation_error_message="This plan's quarter is already published: "
                "withdraw that publication first.",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False),
                name="publication_withdrawn_by_someone",
                violation_error_message="A withdrawal records who withdrew it and when.",
            ),
        ]

    def __str__(self):
        return f"{self.plan} {self.quarter}"

    @property
    def is_live(self):
        return self.withdrawn_at is None

    @classmethod
    def publish(cls, plan, quarter, *, by, now=None):
        """
        Build the quarter's snapshot now, from the database (never from a form), and
        publish it. Raises AlreadyPublished if the quarter has a live publication.
        """
        now = now or timezone.now()
        snapshot = build_snapshot(plan, quarter, published_on=timezone.localdate(now))
        publication = cls(
            plan=plan, quarter=quarter, snapshot=snapshot, published_at=now, published_by=by
        )
        try:
            with transaction.atomic():
                publication.save()
        except IntegrityError:
            # The partial unique index: someone published this quarter first.
            raise AlreadyPublished(f"{plan} {quarter} is already published.") from None
        return publication

    def withdraw(self, *, by, now=None):
        """
        Withdraw it, unless someone already has (a conditional UPDATE, so two people
        cannot both withdraw it). Returns whether this call withdrew it.
        """
        now = now or timezone.now()
        withdrawn = (
            Publication.objects.filter(pk=self.pk, withdrawn_at__isnull=True).update(
                withdrawn_at=now, withdrawn_by=by
            )
            == 1
        )
        if withdrawn:
            self.withdrawn_at, self.withdrawn_by = now, by
        return withdrawn
