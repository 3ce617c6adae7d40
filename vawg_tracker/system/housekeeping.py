"""
Nightly housekeeping (beat, 03:15; by hand ``manage.py housekeeping``): remove sessions
that have expired, whose rows would otherwise stay in the database for ever, audit
events older than AUDIT_RETENTION_DAYS, and stored files no record refers to.

A file is saved before the row that names it is committed. When the process dies in
between (a node lost mid-upload: tests/resilience/test_two_nodes.py), or the transaction
rolls back, the file stays in the store with no row: never confirmed, never shown, and
out of reach of retention, which deletes files through their rows. Such a file is removed
once it is a day old, long after any transaction that could still name it has ended.
"""

import datetime
from dataclasses import dataclass

from django.contrib.sessions.models import Session
from django.utils import timezone

from vawg_tracker.audit.models import AuditEvent
from vawg_tracker.backups.archive import file_fields, stored_files
from vawg_tracker.storage import ARCHIVE_PREFIX, named

UNRECORDED_AFTER = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Swept:
    sessions: int
    audit_events: int
    unrecorded_files: int


def sweep(now=None):
    now = now or timezone.now()
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    audit_events, _ = AuditEvent.objects.past_retention(now).delete()
    unrecorded = 0
    for storage, name in unrecorded_files(now):
        storage.delete(name)
        unrecorded += 1
    return Swept(sessions=sessions, audit_events=audit_events, unrecorded_files=unrecorded)


def recorded_names(alias):
    """The names every file field kept in the storage ``alias`` refers to."""
    names = set()
    for model, field, stored_in in file_fields():
        if stored_in == alias:
            rows = model._base_manager.exclude(**{field.attname: ""})
            names.update(rows.values_list(field.attname, flat=True))
    return names


def unrecorded_files(now):
    """(storage, name) of each evidence or report file no row names, a day old or more."""
    for alias in ARCHIVE_PREFIX:
        storage = named(alias)
        recorded = recorded_names(alias)
        names, _ = stored_files(storage)
        for name in names:
            if name not in recorded and storage.get_modified_time(name) <= now - UNRECORDED_AFTER:
                yield storage, name
