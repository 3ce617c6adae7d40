"""
The quarterly update round's reminders: one row per email sent (or tried), so that the
schedule never sends the same reminder twice.

The table keeps the name it had when the model lived in ``plans``
(migrations/0001_initial.py moved it without touching a row).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from plans.models import ActionPlan
from vawg_tracker.quarters import QuarterField


class ReminderKind(models.TextChoices):
    OPENED = "opened", "Round open"
    DUE_SOON = "due_soon", "Deadline in three days"
    OVERDUE = "overdue", "Overdue"
    STAFF_SUMMARY = "staff_summary", "Overdue summary for PCC staff"
    MANUAL = "manual", "Sent by PCC staff"


class Reminder(models.Model):
    """
    One reminder email to one person about one plan's update round. The scheduled kinds
    are unique per person, round and kind, so a schedule that runs twice (or a retried
    worker) never sends a second copy; reminders staff send by hand are not.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="reminders")
    period = QuarterField("quarter")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    items = models.PositiveIntegerField(default=0, help_text="How many actions it listed.")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        db_table = "plans_reminder"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "plan", "period", "kind"],
                condition=~Q(kind="manual"),
                name="one_scheduled_reminder_per_person_round_kind",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.user} ({self.plan}, {self.period})"


class ReturnedSubject(models.TextChoices):
    UPDATE = "update", "Progress update"
    ACTIVITY = "activity", "Activity"
    SPEND_RETURN = "spend_return", "Spend return"
    DIGEST = "digest", "Daily digest of what was returned"


class ReturnedNotice(models.Model):
    """
    Telling a person, once, that something of theirs was returned for changes. One row per
    person and decision (a progress update's review, an activity's or a spend return's
    "returned" step), created in a savepoint before anything is sent, so a retried task or
    a second sweep finds it and sends nothing. Someone who chose one email a day has their
    rows held (``immediate`` false) until that day's digest, itself one row per person and
    day, claims them (``digest``) and is sent. Failures keep the error and are tried again.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=16, choices=ReturnedSubject.choices)
    # The decision's id: ProgressReview, ActivityEvent or ReturnEvent (none for a digest).
    decision_id = models.PositiveBigIntegerField(null=True, blank=True)
    day = models.DateField(null=True, blank=True, help_text="A digest's day.")
    immediate = models.BooleanField(default=True)
    digest = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="held"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "subject", "decision_id"],
                condition=~Q(subject="digest"),
                name="one_returned_notice_per_person_decision",
            ),
            models.UniqueConstraint(
                fields=["user", "day"],
                condition=Q(subject="digest"),
                name="one_returned_digest_per_person_day",
            ),
        ]

    def __str__(self):
        return f"{self.get_subject_display()} returned, to {self.user}"
