"""
The recommendations tracker: what others told the office to do (an inspection's areas for
improvement, a domestic homicide review's lessons, a review's or a panel's
recommendations, a consultation's responses, an audit's findings), who owns each, by when,
whether it was accepted, the actions that deliver it, and every update on it.

A recommendation moves with ``Recommendation.record_update(...)``, which appends a
RecommendationUpdate (who, when, the status before and after, the day, a note, and
optional evidence files under the evidence rules of activities) and moves the status in
one transaction, under a row lock: two people cannot lose one another's update. Updates
are never changed or deleted, as risk reviews are not. A recommendation is implemented
only through an update that says how (its note); one not accepted says why (its reason).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from activities.models import evidence_path
from plans.models import Action, AppendOnlyError, LeadSpecialist, Versioned
from vawg_tracker.limits import LONG_TEXT, SHORT_TEXT, BoundedTextField
from vawg_tracker.storage import evidence_storage


class SourceKind(models.TextChoices):
    INSPECTION = "inspection", "Inspection"
    DOMESTIC_HOMICIDE_REVIEW = "dhr", "Domestic homicide review"
    REVIEW = "review", "Review"
    CONSULTATION = "consultation", "Consultation"
    PANEL = "panel", "Panel"
    AUDIT = "audit", "Audit"


class RecommendationStatus(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    IN_PROGRESS = "in_progress", "In progress"
    IMPLEMENTED = "implemented", "Implemented"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


# Statuses that need nothing more: no longer due, never overdue.
SETTLED = (RecommendationStatus.IMPLEMENTED, RecommendationStatus.NOT_ACCEPTED)
# The order the list groups a source's recommendations in (what needs work first).
STATUS_ORDER = models.Case(
    *(
        models.When(status=status, then=models.Value(position))
        for position, status in enumerate(
            [
                RecommendationStatus.IN_PROGRESS,
                RecommendationStatus.ACCEPTED,
                RecommendationStatus.IMPLEMENTED,
                RecommendationStatus.NOT_ACCEPTED,
            ]
        )
    ),
    output_field=models.IntegerField(),
)
REASON_NEEDED = "Say why it was not accepted."
IMPLEMENTED_BY_UPDATE = (
    "A recommendation is marked implemented with an update saying how (Add an update)."
)


class UpdateConflict(Exception):
    """Someone added an update after the form was opened."""

    def __init__(self, newer_updates):
        super().__init__("The recommendation was updated after the form was opened.")
        self.newer_updates = newer_updates


class RecommendationSource(Versioned, models.Model):
    """A document that made recommendations to the office: its kind, title, date, reference."""

    kind = models.CharField(max_length=20, choices=SourceKind.choices)
    title = models.CharField(max_length=200)
    published_on = models.DateField("date", help_text="The date of the document.")
    reference = models.CharField(max_length=100, blank=True, help_text="Its own reference.")
    notes = BoundedTextField(max_length=LONG_TEXT, blank=True)
    is_demo = models.BooleanField(
        "demo",
        default=False,
        help_text="Synthetic: its recommendations were written for the demo (the notes say "
        "from what).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("recommendations:source", args=[self.pk])


class RecommendationQuerySet(models.QuerySet):
    def open(self):
        """Not yet implemented, and not refused."""
        return self.exclude(status__in=SETTLED)

    def overdue(self, today=None):
        """Open recommendations whose due date has passed."""
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def by_source(self):
        """Grouped by source (newest document first), then by status, then by number."""
        return self.alias(status_order=STATUS_ORDER).order_by(
            "-source__published_on", "source_id", "status_order", "number", "pk"
        )


class Recommendation(Versioned, models.Model):
    """Something a source told the office to do: who owns it, by when, and how it is going."""

    source = models.ForeignKey(
        RecommendationSource, on_delete=models.PROTECT, related_name="recommendations"
    )
    number = models.CharField(max_length=20, help_text="Its number in the source, e.g. 3 or AFI 2.")
    text = BoundedTextField("recommendation", max_length=LONG_TEXT)
    is_public = models.BooleanField(
        "public", default=False, help_text="Shown on the public site with its public summary."
    )
    public_summary = BoundedTextField(
        max_length=SHORT_TEXT,
        blank=True,
        help_text="What we did, in words for the public (no names).",
    )
    owner = models.ForeignKey(
        LeadSpecialist,
        on_delete=models.PROTECT,
        related_name="recommendations",
        help_text="The lead specialist who delivers it.",
    )
    due_on = models.DateField("due date", null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.ACCEPTED
    )
    reason = BoundedTextField(
        "why not accepted",
        max_length=SHORT_TEXT,
        blank=True,
        help_text="Needed when it is not accepted.",
    )
    actions = models.ManyToManyField(
        Action, blank=True, related_name="recommendations", verbose_name="actions that deliver it"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords(m2m_fields=[actions])

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["source", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "number"],
                name="recommendation_number_unique_in_source",
                violation_error_message="Its source already has a recommendation with this number.",
            ),
            models.CheckConstraint(
                condition=~Q(status=RecommendationStatus.NOT_ACCEPTED) | ~Q(reason=""),
                name="recommendation_not_accepted_has_reason",
                violation_error_message=REASON_NEEDED,
            ),
        ]

    def __str__(self):
        return f"{self.number}: {self.text[:80]}"

    def get_absolute_url(self):
        return reverse("recommendations:detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.status == RecommendationStatus.NOT_ACCEPTED and not self.reason.strip():
            raise ValidationError({"reason": REASON_NEEDED})
        if self.status == RecommendationStatus.IMPLEMENTED and not self._implemented_by_update():
            raise ValidationError({"status": IMPLEMENTED_BY_UPDATE})

    def _implemented_by_update(self):
        return self.pk is not None and (
            self.updates.filter(status_after=RecommendationStatus.IMPLEMENTED).exists()
        )

    def is_overdue(self, today=None):
        return (
            self.status not in SETTLED
            and self.due_on is not None
            and self.due_on < (today or timezone.localdate())
        )

    def latest_update_id(self):
        return self.updates.order_by("-pk").values_list("pk", flat=True).first() or 0

    def record_update(self, *, by, status, note, on=None, files=(), seen_update_id=None):
        """
        Append an update (and its evidence files, each a checked file from
        activities.evidence.check_evidence) and move the status to it, in one transaction
        under the recommendation's row lock. Moving to not accepted keeps the note as the
        reason. ``seen_update_id``: the latest update the person had seen (0 for none); if
        someone updated since, nothing is saved and UpdateConflict says what they recorded.
        None skips the check. A stored file is deleted again if the transaction fails.
        """
        stored = []
        try:
            with transaction.atomic():
                locked = Recommendation.objects.select_for_update().get(pk=self.pk)
                if seen_update_id is not None and locked.latest_update_id() != seen_update_id:
                    newer = locked.updates.filter(pk__gt=seen_update_id).select_related(
                        "recorded_by"
                    )
                    raise UpdateConflict(list(newer))
                update = RecommendationUpdate(
                    recommendation=locked,
                    recorded_by=by,
                    happened_on=on or timezone.localdate(),
                    status_before=locked.status,
                    status_after=status,
                    note=note,
                )
                update.full_clean()
                update.save()
                for checked in files:
                    evidence = RecommendationEvidence(
                        update=update,
                        original_name=checked.original_name,
                        extension=checked.extension,
                        content_type=checked.content_type,
                        size=checked.size,
                        sha256=checked.sha256,
                        uploaded_by=by,
                    )
                    evidence.file.save(checked.upload.name, checked.upload, save=False)
                    stored.append(evidence.file)
                    evidence.save()
                fields = ["status"]
                locked.status = status
                if status == RecommendationStatus.NOT_ACCEPTED:
                    locked.reason = note
                    fields.append("reason")
                locked.full_clean()
                locked._change_reason = "Updated"
                locked.save(update_fields=fields)
        except Exception:
            for file in stored:
                file.delete(save=False)
            raise
        self.status, self.reason = locked.status, locked.reason
        return update


class RecommendationUpdateQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Recommendation updates cannot be changed; record a new one.")

    def delete(self):
        raise AppendOnlyError("Recommendation updates cannot be deleted; record a new one.")


class RecommendationUpdate(models.Model):
    """What was done on a recommendation: who, when, its status before and after, a note.
    Append-only: record one with Recommendation.record_update()."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="updates"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)
    happened_on = models.DateField("date", help_text="The day it happened.")
    status_before = models.CharField(max_length=20, choices=RecommendationStatus.choices)
    status_after = models.CharField(max_length=20, choices=RecommendationStatus.choices)
    note = BoundedTextField(max_length=SHORT_TEXT)

    objects = RecommendationUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(note=""),
                name="recommendation_update_has_note",
                violation_error_message="Say what was done.",
            )
        ]

    def __str__(self):
        return f"{self.recommendation.number}: updated {self.happened_on:%d %b %Y}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Recommendation updates cannot be changed; record a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Recommendation updates cannot be deleted; record a new one.")

    @property
    def moved(self):
        return self.status_before != self.status_after


class RecommendationEvidence(models.Model):
    """A file that shows an update's work was done (checked as activities' evidence is,
    stored under the same generated names). Downloaded only through a view that checks."""

    update = models.ForeignKey(
        RecommendationUpdate, on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(storage=evidence_storage, upload_to=evidence_path, max_length=200)
    original_name = models.CharField(max_length=120)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name_plural = "recommendation evidence"

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("recommendations:evidence_download", args=[self.pk])
