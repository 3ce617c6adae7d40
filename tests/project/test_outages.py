"""
What people see while the database or the broker is not answering, in-process. The same
faults made on real processes are in tests/resilience/ (make resilience).
"""

import datetime

import pytest
import time_machine
from django.db import OperationalError
from django.urls import reverse
from kombu.exceptions import OperationalError as BrokerUnreachable

from reports import production
from reports import tasks as report_tasks
from reports import views as report_views
from reports.models import Report, ReportKind, ReportState
from rounds import tasks as plan_tasks

from ..reporting import Q2, plan_worth_reporting

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(staff):
    return plan_worth_reporting(staff)


@pytest.fixture
def broker_down(monkeypatch):
    def unreachable(*args, **kwargs):
        raise BrokerUnreachable("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(report_tasks.generate_report, "delay", unreachable)
    monkeypatch.setattr(plan_tasks.remind_now, "delay", unreachable)


def test_a_page_whose_database_does_not_answer_is_a_503_asking_to_try_again(
    client, staff, monkeypatch
):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(report_views, "default_plan", unreachable)
    client.force_login(staff)
    client.raise_request_exception = False
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Database unavailable: please try again" in response.content.decode()


def test_any_other_error_is_still_a_500(client, staff, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(report_views, "default_plan", broken)
    client.force_login(staff)
    client.raise_request_exception = False
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_a_report_requested_while_the_broker_is_down_is_kept_queued(
    client, staff, plan, broker_down, caplog, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:request"), {"plan": plan.pk, "quarter": str(Q2), "draft": "on"}
        )
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    assert (report.state, report.attempts) == (ReportState.PENDING, 0)
    assert "Queued" in client.get(response["Location"]).content.decode()
    assert f"report {report.pk} stays queued: the broker is unreachable" in caplog.text


def test_reminders_asked_for_while_the_broker_is_down_say_nothing_was_sent(
    client, staff, plan, broker_down
):
    client.force_login(staff)
    response = client.post(reverse("rounds:remind_now", args=[plan.pk, Q2.next()]), follow=True)
    assert response.status_code == 200
    assert "The reminders could not be sent" in response.content.decode()


def test_the_sweep_queues_a_report_left_running_by_a_dead_worker_once(
    plan, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.REPORT_STALE_AFTER = 360
    queued = []
    monkeypatch.setattr(report_tasks.generate_report, "delay", queued.append)
    start = datetime.datetime(2026, 10, 2, 6, tzinfo=datetime.UTC)
    with time_machine.travel(start):
        report, _ = Report.request(plan, Q2, kind=ReportKind.QUARTERLY)
        assert report.claim()  # a worker took it, and died
    with (
        time_machine.travel(start + datetime.timedelta(minutes=10)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        # Stale, and created long ago: it is not also "lost in the queue" once put back.
        assert production.recover_stalled() == 1
    assert queued == [report.pk]
    report.refresh_from_db()
    assert report.state == ReportState.PENDING
