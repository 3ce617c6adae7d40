from django.contrib import admin

from vawg_tracker.admin_helpers import LookUpOnlyAdmin

from .models import Reminder, ReturnedNotice


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


@admin.register(ReturnedNotice)
class ReturnedNoticeAdmin(LookUpOnlyAdmin):
    """Who was told that something of theirs was returned, and when; failures are retried
    hourly. A digest row lists, in its held rows, what it told."""

    list_display = ["subject", "user", "decision_id", "day", "immediate", "sent_at", "attempts"]
    list_filter = ["subject", "immediate"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = [
        "user",
        "subject",
        "decision_id",
        "day",
        "immediate",
        "digest",
        "created_at",
        "sent_at",
        "attempts",
        "error",
    ]
    readonly_fields = fields
