"""
A file uploaded in the browser, kept between its preview and its confirmation.

The bytes are kept here, on the server, so the confirmation never trusts what the browser
sends back: it names the upload by a random token, and only its uploader may confirm it.
An upload is used once (``claim()`` is a conditional delete, so a double click or the back
button cannot import twice), and is forgotten after ``KEEP`` at the latest (the hourly
task onboarding.forget_stale_uploads, and each new upload, remove older ones). It lives in the
database rather than in a folder: not served by anything, the same on every web process,
and claimed and saved in one transaction.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from plans.models import ActionPlan, Strategy

from .preview import preview_indicator_values, preview_plan

KEEP = timedelta(days=1)


def new_token():
    return secrets.token_urlsafe(24)


class UploadKind(models.TextChoices):
    PLAN = "plan", "A plan"
    INDICATOR_VALUES = "indicator_values", "Indicator values"


class PendingImportQuerySet(models.QuerySet):
    def stale(self, now=None):
        return self.filter(created_at__lt=(now or timezone.now()) - KEEP)

    def waiting_for(self, user, token):
        """The user's upload with this token, if it is still waiting (else None)."""
        fresh = self.filter(created_at__gte=timezone.now() - KEEP)
        return (
            fresh.select_related("plan__strategy", "strategy")
            .filter(user=user, token=token)
            .first()
        )


class PendingImport(models.Model):
    """An uploaded file that previewed without a problem, waiting for its uploader to
    confirm it (at most a day). Holds what the upload form chose, so nothing is taken
    from the confirming request but the token and the tick box."""

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    kind = models.CharField(max_length=20, choices=UploadKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # A plan's import: the existing plan, or a new plan's title and strategy.
    plan = models.ForeignKey(
        ActionPlan, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=200, blank=True)
    strategy = models.ForeignKey(
        Strategy, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Whether the preview found lead specialists or partners the tracker lacks.
    has_missing = models.BooleanField(default=False)
    data = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = PendingImportQuerySet.as_manager()

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"{self.get_kind_display()} uploaded {self.created_at:%Y-%m-%d %H:%M}"

    @classmethod
    def keep(cls, *, user, data, kind, plan=None, title="", strategy=None, has_missing=False):
        """Keep an upload for its confirmation, forgetting any older than KEEP."""
        cls.objects.stale().delete()
        return cls.objects.create(
            user=user,
            data=data,
            kind=kind,
            plan=plan,
            title=title,
            strategy=strategy,
            has_missing=has_missing,
        )

    def claim(self):
        """Take the upload for importing: True once, False for every later try (a
        conditional delete, so two requests at once cannot both have it)."""
        deleted, _ = PendingImport.objects.filter(pk=self.pk).delete()
        return deleted == 1

    def preview(self):
        """The file's preview against the database as it is now."""
        data = bytes(self.data)
        if self.kind == UploadKind.INDICATOR_VALUES:
            return preview_indicator_values(data)
        return preview_plan(data, plan=self.plan, title=self.title, strategy=self.strategy)
