"""
Nightly housekeeping: expired sessions and audit events past AUDIT_RETENTION_DAYS are
removed, by beat and by `manage.py housekeeping`; everything newer stays.
"""

import datetime as dt
import io
import os

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django_celery_beat.models import PeriodicTask

from vawg_tracker.audit import Kind
from vawg_tracker.audit.models import AuditEvent
from vawg_tracker.storage import named
from vawg_tracker.system.housekeeping import sweep

from ..factories import EvidenceFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2028, 6, 1, 3, 15, tzinfo=dt.UTC)
DAYS = 730


@pytest.fixture(autouse=True)
def _period(settings):
    settings.AUDIT_RETENTION_DAYS = DAYS


def _signed_in(user, at):
    with time_machine.travel(at, tick=False):
        client = Client()
        client.force_login(user)
    return client.session.session_key


def _event(at):
    return AuditEvent.objects.create(at=at, kind=Kind.LOGIN, username="someone")


def test_expired_sessions_are_removed_and_live_ones_kept(staff, lead):
    expired = _signed_in(staff, NOW - dt.timedelta(hours=13))
    live = _signed_in(lead, NOW - dt.timedelta(hours=1))

    with time_machine.travel(NOW, tick=False):
        swept = sweep()

    assert swept.sessions == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
    assert expired != live


def test_audit_events_older_than_the_period_are_removed(settings):
    last_kept = _event(NOW - dt.timedelta(days=DAYS))
    first_removed = _event(NOW - dt.timedelta(days=DAYS, seconds=1))
    recent = _event(NOW - dt.timedelta(days=1))

    with time_machine.travel(NOW, tick=False):
        swept = sweep()

    assert swept.audit_events == 1
    kept = set(AuditEvent.objects.values_list("pk", flat=True))
    assert kept == {last_kept.pk, recent.pk}
    assert first_removed.pk not in kept


def test_the_period_comes_from_the_settings(settings):
    event = _event(NOW - dt.timedelta(days=40))
    settings.AUDIT_RETENTION_DAYS = 50
    with time_machine.travel(NOW, tick=False):
        assert sweep().audit_events == 0
    settings.AUDIT_RETENTION_DAYS = 30
    with time_machine.travel(NOW, tick=False):
        assert sweep().audit_events == 1
    assert not AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_command_and_the_celery_task_do_the_same(staff):
    from vawg_tracker.system.tasks import housekeeping

    _event(NOW - dt.timedelta(days=DAYS + 1))
    _signed_in(staff, NOW - dt.timedelta(days=1))
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("housekeeping", stdout=out)
    assert out.getvalue().strip().splitlines() == [
        "Removed 1 expired session and 1 audit event (older than 730 days).",
        "Removed 0 stored files that no record refers to.",
    ]

    old = _event(NOW - dt.timedelta(days=DAYS + 2))
    with time_machine.travel(NOW, tick=False):
        housekeeping.apply()
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    # What is left is the sign-in of a day ago, inside the period.
    assert list(AuditEvent.objects.values_list("kind", flat=True)) == [Kind.LOGIN]


def test_beat_runs_the_housekeeping_nightly():
    task = PeriodicTask.objects.get(task="system.housekeeping")
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute, task.crontab.day_of_week) == ("3", "15", "*")


def _written(storage, name, at):
    """A file in ``storage`` last written at ``at`` (the folder's clock, set back)."""
    name = storage.save(name, ContentFile(b"synthetic"))
    os.utime(storage.path(name), (at.timestamp(), at.timestamp()))
    return name


def test_stored_files_no_row_names_are_removed_once_a_day_old():
    """A node lost between saving an upload's file and committing its row leaves the file
    with no row (tests/resilience/test_two_nodes.py saw it): never confirmed, never shown,
    out of retention's reach. Housekeeping removes such files, and only those, after a day."""
    evidence, reports = named("evidence"), named("reports")
    recorded = EvidenceFactory().file.name
    os.utime(evidence.path(recorded), (0, 0))  # written long ago, and named by its row
    orphan = _written(evidence, "evidence/2028/05/cut-short.png", NOW - dt.timedelta(days=1))
    fresh = _written(evidence, "evidence/2028/06/in-flight.png", NOW - dt.timedelta(hours=23))
    orphan_report = _written(reports, "reports/2028/cut-short.pdf", NOW - dt.timedelta(days=9))

    with time_machine.travel(NOW, tick=False):
        swept = sweep()

    assert swept.unrecorded_files == 2
    assert not evidence.exists(orphan)
    assert not reports.exists(orphan_report)
    assert evidence.exists(recorded)
    assert evidence.exists(fresh)  # its row may yet be committed
    with time_machine.travel(NOW, tick=False):
        assert sweep().unrecorded_files == 0
