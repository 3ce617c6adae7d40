"""
Background jobs are queued one way (vawg_tracker.jobs): after the commit, or at once for a
caller that must say whether the broker took it; a broker that is down is logged in one
place, naming the job and the error, never its arguments.
"""

import logging

import pytest
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnreachable

from publication import tasks as publication_tasks
from reports import tasks as report_tasks
from rounds import tasks as plan_tasks
from vawg_tracker import jobs
from vawg_tracker.celery import catch_up

pytestmark = pytest.mark.django_db


TASKS = [
    report_tasks.generate_report,
    report_tasks.schedule_due_reports,
    report_tasks.recover_stalled_reports,
    publication_tasks.recover_stalled_pdfs,
    plan_tasks.remind_now,
]


@pytest.fixture
def sent(monkeypatch):
    """What reached the broker: (task name, args) per message."""
    messages = []
    for task in TASKS:

        def send(*args, name=task.name):
            messages.append((name, args))

        monkeypatch.setattr(task, "delay", send)
    return messages


@pytest.fixture
def broker_down(monkeypatch):
    def unreachable(*args, **kwargs):
        raise BrokerUnreachable("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    for task in TASKS:
        monkeypatch.setattr(task, "delay", unreachable)


def test_a_job_is_sent_only_once_the_transaction_has_committed(
    sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        jobs.enqueue("reports.generate", 41, about="report 41")
        assert sent == []
    assert sent == [("reports.generate", (41,))]


def test_a_job_whose_transaction_rolls_back_is_never_sent(sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                jobs.enqueue("reports.generate", 41, about="report 41")
                raise RuntimeError("the request failed")
        except RuntimeError:
            pass
    assert (callbacks, sent) == ([], [])


def test_a_job_queued_after_commit_while_the_broker_is_down_is_logged_and_left_to_the_sweep(
    broker_down, caplog, django_capture_on_commit_callbacks
):
    with (
        caplog.at_level(logging.WARNING, logger="vawg_tracker.jobs"),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        jobs.enqueue(report_tasks.generate_report, 41, "someone@example.org", about="report 41")
    assert caplog.messages == [
        "report 41 stays queued: the broker is unreachable (OperationalError); "
        "the sweep will send reports.generate again"
    ]
    assert "someone@example.org" not in caplog.text


def test_a_job_queued_now_says_whether_the_broker_took_it(sent, caplog):
    assert jobs.enqueue_now(plan_tasks.remind_now, 3, "2026-27-q3", 9, about="reminders") is True
    assert sent == [("plans.remind_now", (3, "2026-27-q3", 9))]
    assert caplog.messages == []


def test_a_job_queued_now_while_the_broker_is_down_is_false_and_logged(broker_down, caplog):
    with caplog.at_level(logging.WARNING, logger="vawg_tracker.jobs"):
        queued = jobs.enqueue_now("plans.remind_now", 3, "secret", about="reminders for plan 3")
    assert queued is False
    assert caplog.messages == [
        "reminders for plan 3 not queued: the broker is unreachable (OperationalError) "
        "[plans.remind_now]"
    ]


def test_a_task_is_found_by_its_name_and_an_unknown_name_fails_at_once():
    assert jobs._task("reports.generate") is report_tasks.generate_report._get_current_object()
    with pytest.raises(KeyError):
        jobs.enqueue("reports.no_such_task", 1, about="nothing")


def test_a_starting_worker_queues_the_catch_up_sweeps(sent, settings):
    settings.CATCH_UP_ON_START = True
    catch_up()
    assert sent == [
        ("reports.schedule_due", ()),
        ("reports.recover_stalled", ()),
        ("publication.recover_stalled", ()),
    ]


def test_a_worker_starting_while_the_broker_is_down_logs_it_and_starts(
    broker_down, settings, caplog
):
    settings.CATCH_UP_ON_START = True
    with caplog.at_level(logging.WARNING, logger="vawg_tracker.jobs"):
        catch_up()
    assert len(caplog.messages) == 3
    assert "catch-up not queued: the broker is unreachable (OperationalError)" in caplog.text
