"""
A publication: what the public may read about one plan's quarter, frozen when PCC staff
published it (``snapshot``, built by publication.snapshot from signed-off, public fields
only). Withdrawn openly, never deleted: the public then sees the previous live one.

Publishing takes two members of staff (four eyes, ``settings.FOUR_EYES``): one prepares the
quarter (``PublicationRequest.prepare``: the content they previewed, frozen as it was when
they confirmed), another approves it (``PublicationRequest.approve``), which publishes
exactly that content or, if the records changed since, nothing. The preparer may not
approve (``OwnSubmission``). With ``FOUR_EYES`` off, staff publish in one step
(``Publication.publish``). A publication records who prepared it and who approved it, and
the public site's wording follows that record (``second_check``).

Each publication has its public PDF (``PublicReport``), made once from the snapshot by a
worker (publication.public_pdf); a PDF that failed never stops the pages being read.
"""

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from plans.models import ActionPlan
from vawg_tracker import four_eyes, jobs
from vawg_tracker.produced import ProducedOnce, reports_storage
from vawg_tracker.quarters import QuarterField

from .snapshot import build_funding, build_snapshot, same_content


class AlreadyPublished(Exception):
    """The plan's quarter already has a live publication: withdraw it first."""


class NotPublishable(ValueError):
    """The quarter has not ended, or is outside the plan's period: nothing to publish."""


class ChangedSincePrepared(Exception):
    """The records changed since the quarter was prepared: what would be published now is
    not what was prepared and seen, so nothing is published."""


class AlreadyPrepared(Exception):
    """Someone else prepared the quarter at the same moment: theirs waits for approval."""


class NoLongerPending(Exception):
    """The publication request was approved or cancelled already (by someone else)."""


OWN_PREPARATION = (
    "You prepared this publication, so another member of staff must approve it before it is "
    "published."
)


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
    # Who approved it, and so published it.
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Who prepared it (previewed it and asked for it to be published): someone other than
    # published_by when a second member of staff checked it, the same person when one
    # person published it (``FOUR_EYES`` off, or before publishing took two).
    prepared_by = models.ForeignKey(
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

    @property
    def second_check(self):
        """Whether a second member of staff, not who prepared it, approved it: what the
        public site may say of it (from the record, whatever FOUR_EYES says today)."""
        return self.prepared_by_id is not None and self.prepared_by_id != self.published_by_id

    @classmethod
    def publish(cls, plan, quarter, *, by, now=None, prepared=None):
        """
        Build the quarter's snapshot and funding now, from the database (never from a
        form), and publish them. Raises NotPublishable for a quarter that has not ended or
        is outside the plan's period, and AlreadyPublished if the quarter has a live
        publication.

        ``prepared``: the PublicationRequest ``by`` approves (use its ``approve``). What is
        published must be what was prepared, else ChangedSincePrepared and nothing is;
        the publication names its preparer, and the request is settled with it (else
        NoLongerPending). Without one, ``by`` prepared it too.
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
            prepared_by=prepared.prepared_by if prepared else by,
        )
        if prepared and not same_content(prepared, publication):
            raise ChangedSincePrepared(
                f"The records changed since {plan} {quarter} was prepared: nothing was published."
            )
        try:
            with transaction.atomic():
                publication.save()
                if prepared and not prepared.settle(publication):
                    raise NoLongerPending(f"{plan} {quarter} was approved or cancelled already.")
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


class PublicationRequestQuerySet(models.QuerySet):
    def pending(self):
        """Neither approved nor cancelled: waiting for a second member of staff."""
        return self.filter(publication__isnull=True, cancelled_at__isnull=True)


class PublicationRequest(models.Model):
    """
    A quarter prepared for publishing, waiting for a second member of staff to approve it
    (four eyes): who prepared it and when, and the content they previewed, as it was built
    when they confirmed. Approving publishes it (``publication``); either may cancel it.
    Kept once settled, so who prepared, approved or cancelled what stays on record.
    """

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="+")
    quarter = QuarterField("quarter")
    # What was prepared: publication.snapshot's build_snapshot and build_funding, then.
    snapshot = models.JSONField()
    funding = models.JSONField(null=True, blank=True)
    prepared_at = models.DateTimeField(default=timezone.now)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Approved: the publication it became (published_by approved it).
    publication = models.OneToOneField(
        Publication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="request",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PublicationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-prepared_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "quarter"],
                condition=Q(publication__isnull=True, cancelled_at__isnull=True),
                name="one_pending_request_per_plan_quarter",
                violation_error_message="This plan's quarter is already waiting for approval.",
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True, cancelled_by__isnull=True)
                | Q(cancelled_at__isnull=False, cancelled_by__isnull=False),
                name="publication_request_cancelled_by_someone",
                violation_error_message="A cancellation records who cancelled it and when.",
            ),
        ]

    def __str__(self):
        return f"{self.plan} {self.quarter} (prepared)"

    @property
    def is_pending(self):
        return self.publication_id is None and self.cancelled_at is None

    @classmethod
    def prepare(cls, plan, quarter, *, by, now=None):
        """
        Freeze what ``plan``'s ``quarter`` would publish now, for another member of staff
        to approve. A request already waiting for the quarter is cancelled by this one (it
        replaces it: the content is built again, and ``by`` prepared it). Raises
        NotPublishable and AlreadyPublished as ``Publication.publish`` would, and
        AlreadyPrepared if someone else prepared it at the same moment.
        """
        now = now or timezone.now()
        today = timezone.localdate(now)
        if reason := publishable(plan, quarter, today):
            raise NotPublishable(reason)
        if Publication.objects.live().filter(plan=plan, quarter=quarter).exists():
            raise AlreadyPublished(f"{plan} {quarter} is already published.")
        try:
            with transaction.atomic():
                for waiting in cls.objects.pending().filter(plan=plan, quarter=quarter):
                    waiting.cancel(by=by, now=now)
                return cls.objects.create(
                    plan=plan,
                    quarter=quarter,
                    snapshot=build_snapshot(plan, quarter, published_on=today),
                    funding=build_funding(quarter, published_on=today),
                    prepared_at=now,
                    prepared_by=by,
                )
        except IntegrityError:
            # The partial unique index: someone prepared it at the same moment.
            raise AlreadyPrepared(
                f"{plan} {quarter} was prepared by someone else just now."
            ) from None

    def approve(self, *, by, now=None):
        """
        Publish what was prepared, as ``by`` (not who prepared it: OwnSubmission). Raises
        ChangedSincePrepared if the records changed since (nothing is published: prepare it
        again), NoLongerPending if someone approved or cancelled it first, and
        AlreadyPublished and NotPublishable as ``Publication.publish``.
        """
        four_eyes.check(by, self, self.prepared_by_id, OWN_PREPARATION)
        with transaction.atomic():
            # Under its row lock: a second approver waits, then finds it settled.
            locked = PublicationRequest.objects.select_for_update().get(pk=self.pk)
            if not locked.is_pending:
                raise NoLongerPending(
                    f"{self.plan} {self.quarter} was approved or cancelled already."
                )
            publication = Publication.publish(
                self.plan, self.quarter, by=by, now=now, prepared=locked
            )
        self.publication = publication
        return publication

    def settle(self, publication):
        """Mark it approved as ``publication``, unless someone approved or cancelled it
        first (a conditional UPDATE). Returns whether this call settled it."""
        settled = (
            PublicationRequest.objects.pending().filter(pk=self.pk).update(publication=publication)
            == 1
        )
        if settled:
            self.publication = publication
        return settled

    def cancel(self, *, by, now=None):
        """Cancel it unless it was approved or cancelled already (a conditional UPDATE).
        Returns whether this call cancelled it."""
        now = now or timezone.now()
        cancelled = (
            PublicationRequest.objects.pending()
            .filter(pk=self.pk)
            .update(cancelled_at=now, cancelled_by=by)
            == 1
        )
        if cancelled:
            self.cancelled_at, self.cancelled_by = now, by
        return cancelled


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
