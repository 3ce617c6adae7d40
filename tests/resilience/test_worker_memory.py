"""
Worker memory stays bounded: a pool process keeps the memory that rendering a report took,
so once a task leaves it above CELERY_WORKER_MAX_MEMORY_PER_CHILD_MB, Celery replaces it
with a fresh one, and the idle worker is back to its starting size.
"""

import subprocess
import time

import pytest

from .stack import wait_for

pytestmark = pytest.mark.resilience

REQUEST_DRAFT = """
from django.db import transaction
from plans.models import ActionPlan
from reports.models import Report, ReportKind
from reports.production import enqueue
from vawg_tracker.quarters import Quarter

plan = ActionPlan.objects.get(title="Scale plan 2")  # 200 actions
with transaction.atomic():
    report, _ = Report.request(
        plan, Quarter.current(), kind=ReportKind.DRAFT, via="web", replace=True
    )
    enqueue(report)
print(report.pk)
"""


def pool_processes(worker_pid):
    """{pid: resident MB} of the worker's pool processes (its children)."""
    out = subprocess.run(
        ["ps", "-o", "pid=,rss=", "--ppid", str(worker_pid)], capture_output=True, text=True
    ).stdout
    return {int(pid): int(rss) / 1024 for pid, rss in (line.split() for line in out.splitlines())}


def only_pool_process(worker_pid):
    """(pid, resident MB) of the worker's one pool process, once there is exactly one."""

    def one():
        found = pool_processes(worker_pid)
        return found if len(found) == 1 else None

    processes = wait_for(one, 30)
    assert processes, pool_processes(worker_pid)
    ((pid, mb),) = processes.items()
    return pid, mb


def test_a_pool_process_a_render_left_large_is_replaced_and_memory_returns(
    stack, services, figures
):
    # How large a fresh worker's pool process is before any task.
    probe = services("worker", name="worker-probe")
    _, idle_mb = only_pool_process(probe.process.pid)
    probe.stop()
    # A limit well above an idle process and below what a 200-action render takes.
    limit_mb = round(idle_mb + 40)
    worker = services(
        "worker",
        name="worker-limited",
        env={"CELERY_WORKER_MAX_MEMORY_PER_CHILD_MB": str(limit_mb)},
    )
    first_pid, start_mb = only_pool_process(worker.process.pid)

    pk = int(stack.python(REQUEST_DRAFT))
    peak_mb, started = start_mb, time.monotonic()

    def ready():
        nonlocal peak_mb
        peak_mb = max([peak_mb, *pool_processes(worker.process.pid).values()])
        (state,) = stack.sql("SELECT state FROM reports_report WHERE id = %s", [pk])[0]
        return state == "ready"

    assert wait_for(ready, 120, interval=0.2), worker.output()[-3000:]
    rendered = time.monotonic() - started
    assert peak_mb > limit_mb, "the render stayed under the limit: the test shows nothing"

    # After the task, the large process is replaced by a fresh one of the starting size.
    assert wait_for(lambda: first_pid not in pool_processes(worker.process.pid), 30), (
        worker.output()[-3000:]
    )
    new_pid, after_mb = only_pool_process(worker.process.pid)
    assert new_pid != first_pid
    assert after_mb < limit_mb
    (files,) = stack.sql("SELECT count(*) FROM reports_report WHERE id = %s AND file <> ''", [pk])
    assert files == (1,)

    figures("idle pool process (MB)", round(start_mb))
    figures("limit (MB)", limit_mb)
    figures("pool process while rendering 200 actions, peak sampled (MB)", round(peak_mb))
    figures("render (s)", round(rendered, 1))
    figures("replacement pool process, idle (MB)", round(after_mb))
