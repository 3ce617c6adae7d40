"""
A publication: what the public may read about one plan's quarter, frozen when PCC staff
published it (``snapshot``, built by publication.snapshot from signed-off, public fields
only). Withdrawn openly, never deleted: the public then sees the previous live one.

Each publication has its public PDF (``PublicReport``), made once from the snapshot by a
worker (publication.public_pdf); a PDF that failed never stops the pages being read.
"""

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from plans.models import ActionPlan
from vawg_tracker import jobs
from vawg_tracker.produced import ProducedOnce, reports_storage
from vawg_tracker.quarters import QuarterField

from .snapshot import build_funding, build_snapshot


class AlreadyPublished(Exception):
    """The plan's quarter already has a live publication: withdraw it first."""


class NotPublishable(ValueError):
    """The quarter has not ended, or is outside the plan's period: nothing to publish."""


def publishable(plan, quarter, today):
    """Why ``plan``'s ``quarter`` cannot be published on ``today``, or "" if it can: only a
    quarter that has ended, within the plan's period (the form says the same)."""
    if not quarter.has_ended(today):
        return f"{quarter} has not ended yet: only a quarter that has ended can be published."
    if not (plan.period_start <= quarter.end and quarter.start <= plan.period_end):
        return f"{quarter} is outside the plan's period."
    return ""


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

    def changed_at(self, plan_id, quarter):
        """When the plan's live publication of the quarter last changed for the public:
        when it was published, or later when its public PDF was finished (its page then
        links it); None if there is none. One query."""
        live = self.live().filter(plan_id=plan_id, quarter=quarter)
        changed = Greatest("published_at", Coalesce("public_report__finished_at", "published_at"))
        return live.annotate(changed=changed).values_list("changed", flat=True).first()

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
    # The office's money for the quarter's financial year, frozen with it
    # (publication.snapshot.build_funding). A column of its own: with every award of the
    # year it can outweigh the rest, and only the Funding page, funding.csv, the JSON and
    # the PDF read it. None for a publication made before funding was published.
    funding = models.JSONField(null=True, blank=True)
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
        Build the quarter's snapshot and funding now, from the database (never from a
        form), and publish them. Raises NotPublishable for a quarter that has not ended or
        is outside the plan's period, and AlreadyPublished if the quarter has a live
        publication.
        """
        now = now or timezone.now()
        today = timezone.localdate(now)
        if reason := publishable(plan, quarter, today):
            raise NotPublishable(reason)
        publication = cls(
            plan=plan,
            quarter=quarter,
            snapshot=build_snapshot(plan, quarter, published_on=today),
            funding=build_funding(quarter, published_on=today),
            published_at=now,
            published_by=by,
        )
        try:
            with transaction.atomic():
                publication.save()
                # Its public PDF: queued with it, made by a worker once it has committed.
                PublicReport.objects.create(publication=publication).enqueue()
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


def public_pdf_path(public_report, filename):
    """public/<plan>/<quarter>/<publication>.pdf: named for what it is, no people's names."""
    publication = public_report.publication
    return f"public/{publication.plan_id}/{publication.quarter.slug}/{publication.pk}.pdf"


class PublicReport(ProducedOnce):
    """
    The public PDF of one publication: made from its snapshot only, once, by a worker
    (publication.render_pdf), and marked settings.PUBLIC_MARKING.
    """

    publication = models.OneToOneField(
        Publication, on_delete=models.PROTECT, related_name="public_report"
    )
    file = models.FileField(storage=reports_storage, upload_to=public_pdf_path, blank=True)

    def __str__(self):
        return f"Public PDF of {self.publication}"

    @property
    def download_name(self):
        """vawg-public-report-7-2026-27-Q2.pdf: the plan's id and the quarter."""
        publication = self.publication
        return f"vawg-public-report-{publication.plan_id}-{publication.quarter.slug.upper()}.pdf"

    def enqueue(self):
        """Ask a worker to make it once the transaction commits (the sweep resends it if
        the broker cannot be reached)."""
        # By name: publication.tasks imports this module.
        jobs.enqueue("publication.render_pdf", self.pk, about=f"public PDF {self.pk}")
