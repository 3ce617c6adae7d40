"""
The one way the project hands work to a Celery worker, and what happens when the broker
does not answer.

- ``enqueue(task, *args, about=...)``: once the current transaction has committed (as
  Celery's ``delay_on_commit``), so the worker never looks for a row that is not there yet.
  For a job with a status row that a sweep queues again: if the broker cannot be reached,
  a warning is logged, the row stays queued and the sweep sends it later. Returns nothing.
- ``enqueue_now(task, *args, about=...)``: at once, for a job with nothing to wait for whose
  caller must tell the user: True if the broker took it; False (and a warning logged) if the
  broker cannot be reached.

``task`` is a task, or its registered name where importing the task would run against the
imports (``"reports.generate"`` from reports.production, which that task imports). ``about``
names the job in the log ("report 12"): with the task's name and the error's class, all the
warning says. Tasks take ids, and no argument is ever logged.

Why not ``delay_on_commit`` itself: its commit hook lets the broker's error escape after the
transaction has committed, failing a request whose work was saved. Here the hook catches it.
"""

import logging
from functools import partial

from django.db import transaction
from kombu.exceptions import OperationalError

from .celery import app

logger = logging.getLogger(__name__)


def enqueue(task, *args, about):
    """Send ``task(*args)`` once the transaction commits; a broker that is down is logged."""
    transaction.on_commit(partial(_send_or_leave_queued, _task(task), args, about))


def enqueue_now(task, *args, about):
    """Send ``task(*args)`` now. False if the broker cannot be reached (logged), else True."""
    task = _task(task)
    try:
        task.delay(*args)
    except OperationalError as error:
        logger.warning(
            "%s not queued: the broker is unreachable (%s) [%s]",
            about,
            type(error).__name__,
            task.name,
        )
        return False
    return True


def _send_or_leave_queued(task, args, about):
    try:
        task.delay(*args)
    except OperationalError as error:
        logger.warning(
            "%s stays queued: the broker is unreachable (%s); the sweep will send %s again",
            about,
            type(error).__name__,
            task.name,
        )


def _task(task):
    """The task itself, given it or its name (an unknown name is a KeyError, at once)."""
    if not isinstance(task, str):
        return task
    if task not in app.tasks:
        # A web process has imported only the tasks its own modules import: find the
        # others as a worker does, in every app's tasks module.
        app.autodiscover_tasks(force=True)
    return app.tasks[task]
