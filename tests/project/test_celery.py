"""Celery is wired for real: tasks go through the configured broker to a worker."""

import time

import pytest
from django_celery_beat.models import PeriodicTask

from vawg_tracker.celery import app as celery_app
from vawg_tracker.system.models import WorkerHeartbeat
from vawg_tracker.system.tasks import record_heartbeat


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_takes_the_heartbeat_task_from_the_broker_and_runs_it(worker):
    # The broker is this test run's own (see conftest): no other worker takes its tasks.
    record_heartbeat.delay()
    deadline = time.monotonic() + 30
    while not WorkerHeartbeat.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert WorkerHeartbeat.objects.filter(name="worker").count() == 1
    assert WorkerHeartbeat.age_seconds() < 60


@pytest.mark.django_db
def test_beat_schedules_the_heartbeat_every_minute_in_the_database():
    task = PeriodicTask.objects.get(name="Worker heartbeat")
    assert task.enabled
    assert task.task in celery_app.tasks
    assert (task.interval.every, task.interval.period) == (60, "seconds")


def test_celery_is_configured_from_django_settings():
    conf = celery_app.conf
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_time_limit > conf.task_soft_time_limit > 0
    assert conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"
    assert conf.timezone == "Europe/London"
    # Long tasks: a busy worker does not hold reports another worker could start.
    assert conf.worker_prefetch_multiplier == 1
