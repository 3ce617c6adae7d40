"""
The retention policy: what partners wrote about their activities, and the evidence files
they uploaded, are kept for a set number of days (ACTIVITY_RETENTION_DAYS,
EVIDENCE_RETENTION_DAYS) and then removed, while every count stays. Run daily by beat
(plans.purge_expired) and by hand with ``manage.py purge_expired``.
"""

from dataclasses import dataclass

from .models import Activity, Evidence


@dataclass(frozen=True)
class Purged:
    activities: int
    evidence: int


def purge_expired(*, today=None, dry_run=False):
    """Purge everything past its retention period (or, with dry_run, count it)."""
    activities = Activity.objects.past_retention(today)
    evidence = Evidence.objects.past_retention(today)
    if dry_run:
        return Purged(activities=activities.count(), evidence=evidence.count())
    return Purged(activities=activities.purge(today), evidence=evidence.purge(today))
