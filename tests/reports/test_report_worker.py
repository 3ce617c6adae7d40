"""
Quarterly reports through a real Celery worker on the configured broker (Redis in CI):
produced once on schedule, failures recorded, stalled ones recovered.
"""

import datetime
import time

import pytest
import time_machine
from celery import signals
from django.core import mail

from reports import production, tasks
from reports.models import Report, ReportKind, ReportState
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from ..personas import make_person
from ..reporting import Q2, plan_worth_reporting, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan():
    make_person(Role.COMMISSIONER, username="cam.commissioner", email="cam@example.invalid")
    return plan_worth_reporting(make_person(Role.PCC_STAFF, username="sam.staff"))


def _report_files(settings):
    return sorted(settings.REPORTS_ROOT.rglob("*.pdf"))


@pytest.fixture
def after_q2_ended():
    # Q2 (July–September 2026) has ended and closed (its updates were due on 10 October,
    # and it stays open for sign-off until 31 October at the latest: plans.lifecycle).
    with time_machine.travel(datetime.datetime(2026, 11, 2, 6, tzinfo=datetime.UTC), tick=True):
        yield


def test_the_schedule_produces_each_due_report_once(plan, worker, settings, after_q2_ended):
    # The schedule was down over Q1's end too: it catches up on both quarters.
    settings.REPORT_CATCH_UP_QUARTERS = 2
    assert production.schedule_due() == 2
    assert sorted(Report.objects.values_list("plan", "period", "kind")) == [
        (plan.pk, Q2.previous(), ReportKind.QUARTERLY),
        (plan.pk, Q2, ReportKind.QUARTERLY),
    ]
    assert wait_for(
        lambda: set(Report.objects.values_list("state", flat=True)) == {ReportState.READY}
    )
    report = Report.objects.get(period=Q2)
    assert report.pages > 3
    assert len(_report_files(settings)) == 2
    # Commissioners hear about each, with a link, not the file (the worker sends the
    # email once the report is ready: wait for it too).
    assert wait_for(lambda: len(mail.outbox) == 2)
    email = next(e for e in mail.outbox if "2026/27 Q2" in e.subject)
    assert email.to == ["cam@example.invalid"]
    assert report.get_absolute_url() in email.body
    assert not email.attachments

    # The schedule runs again (beat twice, or after a restart): nothing new.
    assert production.schedule_due() == 0
    # The task is delivered again (a retry, a duplicate): the claim stops it.
    tasks.generate_report.delay(report.pk)
    time.sleep(3)
    assert Report.objects.count() == 2
    assert len(_report_files(settings)) == 2
    assert Report.objects.get(period=Q2).sha256 == report.sha256


def test_starting_beat_or_a_worker_catches_up_every_ended_quarter_of_the_plan(
    plan, worker, settings, after_q2_ended
):
    # A fresh installation: the plan (April 2025 to March 2027) has six ended quarters
    # and no report. Beat starts: the same sweep as its daily run, at once.
    signals.beat_init.send(sender=None)
    ended = [Quarter(2025, 1), Quarter(2025, 2), Quarter(2025, 3), Quarter(2025, 4)]
    ended += [Quarter(2026, 1), Q2]

    def all_ready():
        return Report.objects.filter(state=ReportState.READY).count() == len(ended)

    assert wait_for(all_ready, seconds=120)
    assert sorted(Report.objects.values_list("period", flat=True)) == ended
    assert set(Report.objects.values_list("kind", flat=True)) == {ReportKind.QUARTERLY}
    assert len(_report_files(settings)) == len(ended)

    # A worker starts too (or beat restarts): the sweep finds nothing left to do.
    signals.worker_ready.send(sender=None)
    time.sleep(3)
    assert Report.objects.count() == len(ended)
    assert len(_report_files(settings)) == len(ended)


def test_a_report_whose_rendering_fails_is_failed_with_the_error(
    plan, worker, monkeypatch, after_q2_ended
):
    def broken(*args, **kwargs):
        raise RuntimeError("fonts missing")

    monkeypatch.setattr(production, "render_pdf", broken)
    monkeypatch.setattr(tasks, "MAX_RETRIES", 0)
    report, _ = Report.request(plan, Q2, kind=ReportKind.QUARTERLY)
    tasks.generate_report.delay(report.pk)
    assert wait_for(lambda: Report.objects.get().state == ReportState.FAILED)
    report.refresh_from_db()
    assert report.error == "RuntimeError: fonts missing"
    assert report.attempts == 1
    assert not report.file


def test_a_report_left_running_by_a_dead_worker_is_recovered_and_produced(
    plan, worker, settings, caplog
):
    settings.REPORT_STALE_AFTER = 360
    report, _ = Report.request(plan, Q2, kind=ReportKind.QUARTERLY)
    long_ago = datetime.datetime(2026, 10, 2, 6, tzinfo=datetime.UTC)
    with time_machine.travel(long_ago):
        assert report.claim("died@node-2")  # a worker took it, and died
    with caplog.at_level("WARNING", logger="vawg_tracker.produced"):
        assert production.recover_stalled() == 1
    assert f"report {report.pk} stalled on worker died@node-2 since 2026-10-02" in caplog.text
    assert wait_for(lambda: Report.objects.get().state == ReportState.READY)
    report.refresh_from_db()
    assert report.attempts == 2
    assert report.worker not in ("", "died@node-2")  # the worker that produced it
    assert len(_report_files(settings)) == 1
