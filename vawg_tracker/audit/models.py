from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from . import Kind, labels_for


class AuditEventQuerySet(models.QuerySet):
    def past_retention(self, now=None):
        """Events older than AUDIT_RETENTION_DAYS (removed by the nightly housekeeping)."""
        cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
        return self.filter(at__lt=cutoff)

    def about(self, obj):
        """Events about this object, including those recorded under its model's old label."""
        return self.filter(object_type__in=labels_for(obj._meta.label_lower), object_id=str(obj.pk))


class AuditEvent(models.Model):
    """
    One security event. Written by ``vawg_tracker.audit.record`` only, never changed.
    Holds no text anyone typed: no comments, descriptions, search terms, query strings
    or passwords; a failed sign-in keeps the username only if it is an existing user's.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The username as it was when the event happened (kept if the user is deleted).
    username = models.CharField(max_length=150, blank=True)
    # The object concerned: its model label ("reports.report") and id.
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # The URL's name ("reports:download"), never the path or its query string.
    view_name = models.CharField(max_length=200, blank=True)
    method = models.CharField(max_length=10, blank=True)
    ip = models.GenericIPAddressField("IP address", null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        # Nothing to grant: only superusers read the log (see admin.py), nobody changes it.
        default_permissions = ()
        indexes = [
            models.Index(fields=["kind", "at"], name="audit_kind_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d %H:%M})"
