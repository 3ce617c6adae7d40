from django.contrib import admin

from vawg_tracker.admin_helpers import LookUpOnlyAdmin

from .models import Reminder


@admin.register(Reminder)
class ReminderAdmin(LookUpOnlyAdmin):
    """What the reminder schedule sent, to whom and when; unsent ones are retried daily."""

    list_display = ["kind", "user", "plan", "period", "items", "sent_at", "attempts"]
    list_filter = ["kind", "plan"]
    list_select_related = ["user", "plan"]
    search_fields = ["user__username", "plan__title"]
    fields = [
        "user",
        "plan",
        "period",
        "kind",
        "items",
        "created_at",
        "sent_at",
        "attempts",
        "error",
    ]
    readonly_fields = fields
