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
