"""
A worker process that starts (a new installation, or after the service was down over a
quarter's end) runs the report sweep at once: every report due is produced, once, without
beat.
"""

import time

import pytest

from .stack import wait_for

pytestmark = pytest.mark.resilience

# One ended quarter keeps the renders to a minute (the scale plans have 200 actions each).
ONE_QUARTER = {"REPORT_CATCH_UP_QUARTERS": "1"}
DUE = "from reports.models import Report; print(len(Report.due()))"


def test_a_worker_that_starts_produces_the_reports_due_once(stack, services, figures):
    before = {pk for (pk,) in stack.sql("SELECT id FROM reports_report")}
    due = int(stack.python(DUE, env=ONE_QUARTER))
    assert due >= 2  # the demo plan and the scale plans, last quarter

    def new_and_ready():
        rows = stack.sql("SELECT id FROM reports_report WHERE state = 'ready'")
        return len({pk for (pk,) in rows} - before)

    files_before = len(stack.pdf_files())
    started = time.monotonic()
    # Beat is not running: the worker's start alone catches up.
    services("worker", env={**ONE_QUARTER, "CATCH_UP_ON_START": "1"})
    assert wait_for(lambda: new_and_ready() == due, 300), stack.sql(
        "SELECT plan_id, period, state, error FROM reports_report"
    )
    seconds = time.monotonic() - started
    assert int(stack.python(DUE, env=ONE_QUARTER)) == 0
    assert stack.sql("SELECT count(*) FROM reports_report")[0][0] == len(before) + due
    assert len(stack.pdf_files()) == files_before + due
    figures("reports due when the worker started", due)
    figures("seconds from the worker's start to every one ready", round(seconds, 1))
