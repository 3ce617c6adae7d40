"""
Redis stops while people use the site: pages and saves go on working, a report asked for
is accepted and shown as queued, /healthz names the broker with a 503, and nothing answers
500. When Redis is back, the sweep queues the report again and the worker produces it.
"""

import json
import time

import pytest

from .stack import Browser, csrf_token, form_value, wait_for

pytestmark = pytest.mark.resilience

# The sweep, as beat runs it every ten minutes, once the report counts as lost in the queue.
SWEEP_LATER = """
import time
import time_machine
from django.conf import settings
from reports.production import recover_stalled

with time_machine.travel(time.time() + settings.REPORT_STALE_AFTER + 60, tick=True):
    print(recover_stalled())
"""


def test_with_the_broker_down_pages_work_reports_queue_and_are_produced_when_it_returns(
    stack, services, figures
):
    web = services("web")
    worker = services("worker")
    browser = Browser(web.url).sign_in("staff", stack.password)
    (plan_id,), *_ = stack.sql("SELECT id FROM plans_actionplan WHERE title NOT LIKE 'Scale%%'")
    (action_id,), *_ = stack.sql(
        "SELECT id FROM plans_action WHERE plan_id = %s ORDER BY id", [plan_id]
    )
    assert browser.get("/healthz").status == 200
    seen = []

    def visit(path, data=None):
        response = browser.get(path) if data is None else browser.post(path, data)
        seen.append((("POST " if data is not None else "GET ") + path, response.status,
                     round(response.seconds, 2)))  # fmt: skip
        return response

    stack.redis.stop()

    assert visit("/dashboard/").status == 200
    action_page = visit(f"/actions/{action_id}/")
    assert action_page.status == 200
    saved = visit(
        f"/actions/{action_id}/progress/",
        {
            "csrfmiddlewaretoken": csrf_token(action_page.body),
            "period": form_value(action_page.body, "period"),
            "status": "on_track",
            "percent_complete": "55",
            "narrative": "resilience: saved while the broker was down",
            "seen_update_id": form_value(action_page.body, "seen_update_id"),
        },
    )
    assert saved.status == 302
    assert "Progress recorded" in visit(saved.location).body
    assert stack.sql(
        "SELECT count(*) FROM plans_progressupdate WHERE narrative = %s",
        ["resilience: saved while the broker was down"],
    ) == [(1,)]

    health = visit("/healthz")
    assert health.status == 503
    body = json.loads(health.body)
    assert body["status"] == "unhealthy"
    assert body["database"] == "ok"
    assert body["broker"].startswith("unreachable")

    archive = visit("/reports/")
    requested = visit(
        "/reports/request/",
        {
            "csrfmiddlewaretoken": csrf_token(archive.body),
            "plan": str(plan_id),
            "quarter": form_value(archive.body, "quarter"),
            "draft": "on",
        },
    )
    assert requested.status == 302
    assert requested.seconds < 10  # publishing gives up quickly (CELERY_PUBLISH_MAX_RETRIES)
    report_page = visit(requested.location)
    assert report_page.status == 200
    assert "Queued" in report_page.body
    report_id = int(requested.location.rstrip("/").rsplit("/", 1)[1])
    assert json.loads(visit(f"/reports/{report_id}/status/").body)["state"] == "pending"
    assert f"report {report_id} stays queued: the broker is unreachable" in web.output()

    assert all(status != 500 for _, status, _ in seen), seen
    down_statuses = sorted({status for _, status, _ in seen})

    stack.redis.start()
    back = time.monotonic()
    assert wait_for(lambda: browser.get("/healthz").status == 200, 30)
    healthy = time.monotonic()
    assert stack.python(SWEEP_LATER) == "1"
    assert wait_for(
        lambda: (
            stack.sql("SELECT state FROM reports_report WHERE id = %s", [report_id]) == [("ready",)]
        ),
        120,
    ), worker.output()[-3000:]
    produced = time.monotonic()
    ((file, attempts),) = stack.sql(
        "SELECT file, attempts FROM reports_report WHERE id = %s", [report_id]
    )
    assert attempts == 1
    assert (stack.reports_root / file).is_file()
    assert "Ready" in browser.get(f"/reports/{report_id}/").body

    figures("requests while Redis was down", len(seen))
    figures("statuses seen while down", down_statuses)
    figures("each request while down", ", ".join(f"{what} {status}" for what, status, _ in seen))
    figures("slowest request while down (s)", max(seconds for _, _, seconds in seen))
    figures("report request while down (s)", round(requested.seconds, 2))
    figures("Redis back → /healthz 200 (s)", round(healthy - back, 1))
    figures("Redis back → report ready, sweep included (s)", round(produced - back, 1))
