"""
What partner organisations deliver for the plan's actions: activities, the steps of their
review, and the evidence files that back them up.

The tables keep the names they had when these models lived in ``plans``
(migrations/0001_initial.py moved them without touching a row).
"""

import datetime
import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partners.models import PartnerOrganisation
from plans.models import Action
from vawg_tracker.limits import LONG_TEXT, SHORT_TEXT, BoundedTextField
from vawg_tracker.quarters import Quarter, QuarterField
from vawg_tracker.review import Reviewed
from vawg_tracker.storage import evidence_storage


class ActivityKind(models.TextChoices):
    TRAINING = "training", "Training delivered"
    AWARENESS = "awareness", "Awareness or campaign"
    SCHOOL_SESSION = "school_session", "School session"
    SUPPORT_SERVICE = "support_service", "Support service delivered"
    REFERRAL_PATHWAY = "referral_pathway", "Referral pathway"
    WORKSHOP = "workshop", "Workshop or event"
    RESEARCH = "research", "Research or review"
    OTHER = "other", "Other"


class ActivityState(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for changes"
    VERIFIED = "verified", "Verified"
    WITHDRAWN = "withdrawn", "Withdrawn"


EDITABLE_STATES = (ActivityState.SUBMITTED, ActivityState.RETURNED)


class ActivityQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(state=ActivityState.VERIFIED)

    def awaiting_review(self):
        return self.filter(state=ActivityState.SUBMITTED)

    def delivered_for(self, action):
        """What partners logged for the action, newest first, withdrawn ones left out."""
        return (
            self.filter(action=action)
            .exclude(state=ActivityState.WITHDRAWN)
            .select_related("organisation")
            .order_by("-started_on", "-id")
        )

    def totals(self):
        """People reached, sessions and hours, summed."""
        return self.aggregate(
            activities=models.Count("pk"),
            people=Coalesce(models.Sum("people_reached"), 0),
            sessions=Coalesce(models.Sum("sessions"), 0),
            hours=Coalesce(models.Sum("hours"), Value(0), output_field=models.DecimalField()),
        )

    def by_kind(self, *within, order_by=None):
        """
        Totals for each kind of activity, within each value of the ``within`` fields
        (e.g. "period", "organisation__name"): a dict per row with the ``within`` fields,
        kind, kind_label, count (of activities), people (reached), sessions and partners;
        one query, ordered by ``order_by`` (by default the ``within`` fields, then kind).
        The one computation of activity totals by kind: the dashboard, the quarterly
        report and the partner's own page read it.
        """
        rows = (
            self.values(*within, "kind")
            .annotate(
                count=models.Count("pk"),
                people=models.Sum("people_reached"),
                sessions=models.Sum("sessions"),
                partners=models.Count("organisation", distinct=True),
            )
            .order_by(*(order_by or (*within, "kind")))
        )
        return [{**row, "kind_label": ActivityKind(row["kind"]).label} for row in rows]

    def past_retention(self, today=None):
        """
        Activities whose free text is due for removal: ended (or, with no end date, held)
        more than ACTIVITY_RETENTION_DAYS days before ``today``, and not purged yet.
        """
        today = today or timezone.localdate()
        cutoff = today - datetime.timedelta(days=settings.ACTIVITY_RETENTION_DAYS)
        return self.filter(purged_on__isnull=True).filter(
            Q(ended_on__lt=cutoff) | Q(ended_on__isnull=True, started_on__lt=cutoff)
        )

    def purge(self, today=None):
        """
        Remove what people wrote about these activities and keep the counts: the
        description (from the activity and every version in its history) and the review
        comments are blanked and the activity is marked purged today. Kind, title, area,
        dates, people reached, sessions and hours stay. Returns how many were purged.
        """
        today = today or timezone.localdate()
        ids = list(self.values_list("pk", flat=True))
        for start in range(0, len(ids), PURGE_BATCH):
            batch = ids[start : start + PURGE_BATCH]
            with transaction.atomic():
                Activity.objects.filter(pk__in=batch).update(description="", purged_on=today)
                Activity.history.filter(id__in=batch).exclude(description="").update(description="")
                ActivityEvent.objects.filter(activity_id__in=batch).exclude(comment="").update(
                    comment=""
                )
        return len(ids)


# Rows changed per transaction when purging under the retention policy.
PURGE_BATCH = 500


class ActivityEventKind(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    EDITED = "edited", "Edited"
    RESUBMITTED = "resubmitted", "Amended and resubmitted"
    RETURNED = "returned", "Returned with a comment"
    VERIFIED = "verified", "Verified"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Activity(Reviewed):
    """
    Something a partner organisation delivered for an action: counts and a description of
    the work, never details of people. Submitted by the partner, verified (or returned
    with a comment) by PCC staff; verified activities are locked.
    """

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="activities")
    organisation = models.ForeignKey(
        PartnerOrganisation, on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    title = models.CharField(max_length=200)
    description = BoundedTextField(max_length=LONG_TEXT, blank=True)
    started_on = models.DateField("date")
    ended_on = models.DateField("until", null=True, blank=True, help_text="For a date range.")
    # The quarter of its (first) date, for totals by quarter.
    period = QuarterField("quarter", editable=False)
    people_reached = models.PositiveIntegerField(default=0)
    sessions = models.PositiveIntegerField("number of sessions", default=0)
    hours = models.DecimalField(max_digits=7, decimal_places=1, default=0)
    area = models.CharField(
        "area", max_length=100, blank=True, help_text="A district or borough, never an address."
    )
    state = models.CharField(
        max_length=12, choices=ActivityState.choices, default=ActivityState.SUBMITTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The day its description and review comments were removed under the retention
    # policy (ActivityQuerySet.purge); its counts stay.
    purged_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords(
        excluded_fields=["updated_at"], table_name="plans_historicalactivity"
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        db_table = "plans_activity"
        ordering = ["-started_on", "-id"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["organisation", "period"], name="activity_org_period")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="activity_ends_after_it_starts",
                violation_error_message="The end date cannot be before the start date.",
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0),
                name="activity_hours_not_negative",
                violation_error_message="Hours cannot be negative.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activities:activity_detail", args=[self.pk])

    def clean(self):
        if self.started_on:
            self.period = Quarter.for_date(self.started_on)

    @property
    def is_editable(self):
        return self.state in EDITABLE_STATES and self.purged_on is None

    # record(kind, user, comment) and move(to=, allowed_from=, user=, event=, comment=)
    # come from Reviewed (vawg_tracker/review.py), which spend returns share. Four eyes:
    # whoever last logged, changed or resubmitted it may not verify or return it.
    SUBMISSION_STEPS = (
        ActivityEventKind.SUBMITTED,
        ActivityEventKind.EDITED,
        ActivityEventKind.RESUBMITTED,
    )
    DECISION_STEPS = (ActivityEventKind.VERIFIED, ActivityEventKind.RETURNED)
    OWN_SUBMISSION = "You submitted this activity, so someone else must verify or return it."


class ActivityEvent(models.Model):
    """One step in an activity's review: who, when, and what they said."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=ActivityEventKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = BoundedTextField(max_length=SHORT_TEXT, blank=True)

    class Meta:
        db_table = "plans_activityevent"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d})"


def evidence_path(evidence, filename):
    """A generated name: nothing the uploader typed reaches the file system."""
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{evidence.extension}"


class EvidenceQuerySet(models.QuerySet):
    def past_retention(self, today=None):
        """Files uploaded more than EVIDENCE_RETENTION_DAYS days before ``today``, still kept."""
        today = today or timezone.localdate()
        last_day = today - datetime.timedelta(days=settings.EVIDENCE_RETENTION_DAYS)
        cutoff = timezone.make_aware(datetime.datetime.combine(last_day, datetime.time.min))
        return self.filter(removed_on__isnull=True, uploaded_at__lt=cutoff)

    def purge(self, today=None):
        """
        Delete these files from storage and keep their rows (so evidence is still
        counted), without the file or its original name, marked removed today. A file
        is deleted before its row is marked, so a run cut short leaves nothing behind
        that the next run would not find. Returns how many were removed.
        """
        today = today or timezone.localdate()
        storage = self.model._meta.get_field("file").storage
        rows = list(self.values_list("pk", "file"))
        for start in range(0, len(rows), PURGE_BATCH):
            batch = rows[start : start + PURGE_BATCH]
            for _, name in batch:
                if name:
                    storage.delete(name)
            Evidence.objects.filter(pk__in=[pk for pk, _ in batch]).update(
                file="", original_name="", removed_on=today
            )
        return len(rows)


class Evidence(models.Model):
    """A file that backs up an activity. Downloaded only through a view that checks."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="evidence")
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
    # The day the file (and its original name) was removed under the retention policy;
    # the row stays so that evidence is still counted.
    removed_on = models.DateField(null=True, blank=True, editable=False)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        db_table = "plans_evidence"
        ordering = ["uploaded_at", "id"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.original_name or f"Evidence {self.pk} (removed)"

    def get_absolute_url(self):
        return reverse("activities:evidence_download", args=[self.pk])
