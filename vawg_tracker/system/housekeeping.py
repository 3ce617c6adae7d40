"""
Nightly housekeeping (beat, 03:15; by hand ``manage.py housekeeping``): remove sessions
that have expired, whose rows would otherwise stay in the database for ever, and audit
events older than AUDIT_RETENTION_DAYS.
"""

from dataclasses import dataclass

from django.contrib.sessions.models import Session
from django.utils import timezone

from vawg_tracker.audit.models import AuditEvent


@dataclass(frozen=True)
class Swept:
    sessions: int
    audit_events: int


def sweep(now=None):
    now = now or timezone.now()
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    audit_events, _ = AuditEvent.objects.past_retention(now).delete()
    return Swept(sessions=sessions, audit_events=audit_events)
