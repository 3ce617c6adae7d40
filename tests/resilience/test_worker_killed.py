"""
A Celery worker killed with SIGKILL in the middle of rendering a quarterly report: after a
restart, and the sweep that finds reports left "being produced", the report is produced
exactly once.
"""

import subprocess
import time

import pytest
import redis

from .stack import BIN, ROOT, SWEEP_LATER, wait_for

pytestmark = pytest.mark.resilience

REQUEST_REPORT = """
from django.db import transaction
from plans.models import ActionPlan
from reports.models import Report, ReportKind
from reports.production import enqueue
from vawg_tracker.quarters import Quarter

plan = ActionPlan.objects.get(title="Scale plan 1")  # 200 actions: seconds to render
with transaction.atomic():
    report, _ = Report.request(
        plan, Quarter.current().previous(), kind=ReportKind.QUARTERLY, via="schedule"
    )
    enqueue(report)
print(report.pk)
"""

# The sweep, as beat runs it every ten minutes: now (and SWEEP_LATER, once it is stale).
SWEEP = "from reports.production import recover_stalled; print(recover_stalled())"


def report_row(stack, pk):
    (row,) = stack.sql(
        "SELECT state, attempts, file, sha256 FROM reports_report WHERE id = %s", [pk]
    )
    return dict(zip(["state", "attempts", "file", "sha256"], row, strict=True))


def test_a_report_whose_worker_is_killed_mid_render_is_produced_exactly_once_after_restart(
    stack, services, figures
):
    worker = services("worker")
    files_before = set(stack.pdf_files())
    broker = redis.Redis(port=stack.redis.port)
    unacked_before = broker.hlen("unacked")

    def new_files():
        return sorted(set(stack.pdf_files()) - files_before)

    pk = int(stack.python(REQUEST_REPORT))
    assert wait_for(lambda: report_row(stack, pk)["state"] == "running", 60, interval=0.05)
    claimed = time.monotonic()
    time.sleep(1)  # well into the render
    assert report_row(stack, pk)["state"] == "running", "rendered before the kill: use more data"
    worker.kill()
    killed = time.monotonic()

    # The worker died holding the message: unacknowledged in Redis, nothing written.
    assert broker.hlen("unacked") == unacked_before + 1
    row = report_row(stack, pk)
    assert (row["state"], row["attempts"], row["file"]) == ("running", 1, "")
    assert new_files() == []

    restarted = services("worker", name="worker-restarted")
    # The sweep leaves a report being produced alone until it is older than any render
    # may take (REPORT_STALE_AFTER): it cannot tell a dead worker from a slow one.
    assert stack.python(SWEEP) == "0"
    assert report_row(stack, pk)["state"] == "running"
    # Once it is stale, the sweep puts it back in the queue and the new worker produces it.
    assert stack.python(SWEEP_LATER) == "1"
    assert wait_for(lambda: report_row(stack, pk)["state"] == "ready", 120, interval=0.2), (
        restarted.output()[-3000:]
    )
    produced = time.monotonic()
    report = report_row(stack, pk)
    assert report["attempts"] == 2  # the killed render and the one that finished
    assert [path.relative_to(stack.reports_root).as_posix() for path in new_files()] == [
        report["file"]
    ]
    (live,) = stack.sql(
        "SELECT count(*) FROM reports_report r JOIN reports_report s ON s.plan_id = r.plan_id "
        "AND s.period = r.period AND s.kind = r.kind AND NOT s.superseded WHERE r.id = %s",
        [pk],
    )
    assert live == (1,)

    # An hour on, Redis hands the killed worker's message out again (visibility timeout):
    # delivered now, it finds the report produced and does nothing.
    task_id = subprocess.run(
        [BIN / "celery", "-A", "vawg_tracker", "call", "reports.generate", "--args", f"[{pk}]"],
        cwd=ROOT, env=stack.env, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert wait_for(lambda: f"reports.generate[{task_id}] succeeded" in restarted.output(), 60)
    assert report_row(stack, pk) == report
    assert len(new_files()) == 1

    ((render_seconds,),) = stack.sql(
        "SELECT extract(epoch FROM finished_at - started_at) FROM reports_report WHERE id = %s",
        [pk],
    )
    figures("render claimed → SIGKILL (s)", round(killed - claimed, 1))
    figures("the render that finished (s)", round(float(render_seconds), 1))
    figures("SIGKILL → report ready after restart + sweep (s)", round(produced - killed, 1))
    figures("attempts", report["attempts"])
    figures("PDF files", len(new_files()))
