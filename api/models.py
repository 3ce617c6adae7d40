"""
Personal API tokens. The secret is shown once, when the token is made, and only its
SHA-256 is kept (with its first characters in clear, to tell tokens apart).
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

PREFIX_LENGTH = 8


def hash_secret(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret():
    return secrets.token_urlsafe(32)


class TooManyTokens(Exception):
    """The person already has API_MAX_TOKENS_PER_USER live tokens."""

    def __init__(self, limit):
        super().__init__(
            f"You already have {limit} live API tokens, the most one person may have. "
            "Revoke one you no longer use, then make this one."
        )
        self.limit = limit


class ApiTokenQuerySet(models.QuerySet):
    def live(self, now=None):
        """Neither revoked nor expired."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What it is for, e.g. “Power BI”.")
    prefix = models.CharField(max_length=PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_ip = models.GenericIPAddressField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user, name):
        """
        A new token for ``user``, and its secret: the only time the secret exists. Refused
        (TooManyTokens) when they already have API_MAX_TOKENS_PER_USER live ones. Their user
        row is locked while the tokens are counted and the new one is added, so two made at
        once are counted one after the other.
        """
        limit = settings.API_MAX_TOKENS_PER_USER
        with transaction.atomic():
            get_user_model().objects.select_for_update().filter(pk=user.pk).first()
            if cls.objects.filter(user=user).live().count() >= limit:
                raise TooManyTokens(limit)
            secret = new_secret()
            token = cls.objects.create(
                user=user,
                name=name,
                prefix=secret[:PREFIX_LENGTH],
                key_hash=hash_secret(secret),
                expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_DAYS),
            )
        return token, secret

    @property
    def is_live(self):
        return self.revoked_at is None and self.expires_at > timezone.now()

    def get_revoke_url(self):
        return reverse("api:token_revoke", args=[self.pk])

    def note_use(self, ip, now=None):
        """
        Record a use: at most one UPDATE a minute from the same address (a conditional
        UPDATE, so two requests at once write once). True when the address is new.
        """
        now = now or timezone.now()
        new_address = ip != self.last_used_ip
        fresh = self.last_used_at is not None and now - self.last_used_at < timedelta(minutes=1)
        if fresh and not new_address:
            return False
        unchanged = (
            Q(last_used_at=self.last_used_at) if self.last_used_at else Q(last_used_at__isnull=True)
        )
        updated = (
            type(self)
            .objects.filter(unchanged, pk=self.pk)
            .update(last_used_at=now, last_used_ip=ip)
        )
        self.last_used_at, self.last_used_ip = now, ip
        return bool(updated) and new_address
