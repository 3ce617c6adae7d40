"""
PostgreSQL crashes and restarts while people save progress updates: requests during the
outage get a 503 "try again" page, never a 500; the app reconnects by itself (persistent
connections with health checks) as soon as the database is back; and every update that was
confirmed to its author (302 after the POST) is in the database afterwards.
"""

import threading
import time

import pytest

from vawg_tracker.settings import env_database

from .stack import Browser, csrf_token, form_value

pytestmark = pytest.mark.resilience

PEOPLE = 4
OUTAGE_SECONDS = 4
RECOVERY_LIMIT_SECONDS = 30


def test_settings_keep_connections_and_check_them_before_use():
    config = env_database("UNSET_FOR_THIS_TEST", "postgres://vawg@127.0.0.1:5432/vawg")
    assert config["CONN_MAX_AGE"] > 0
    assert config["CONN_HEALTH_CHECKS"] is True


class Person(threading.Thread):
    """Saves progress on one action, again and again, until told to stop."""

    def __init__(self, number, base_url, password, action_id, stop):
        super().__init__(name=f"person-{number}")
        self.number, self.action_id, self.stop = number, action_id, stop
        self.browser = Browser(base_url, timeout=20).sign_in("staff", password)
        self.log = []  # (method, started, status, narrative)
        self.unavailable = []  # the 503 responses

    def request(self, method, path, data=None):
        started = time.monotonic()
        try:
            response = self.browser.request(path, data)
        except OSError as error:  # refused, reset, timed out
            self.log.append((method, started, f"error: {type(error).__name__}", None))
            return None
        self.log.append((method, started, response.status, (data or {}).get("narrative")))
        if response.status == 503:
            self.unavailable.append(response)
        return response

    def run(self):
        saves = 0
        while not self.stop.is_set():
            page = self.request("GET", f"/actions/{self.action_id}/")
            if page is None or page.status != 200:
                time.sleep(0.2)
                continue
            saves += 1
            self.request(
                "POST",
                f"/actions/{self.action_id}/progress/",
                {
                    "csrfmiddlewaretoken": csrf_token(page.body),
                    "period": form_value(page.body, "period"),
                    "status": "on_track",
                    "percent_complete": str(saves % 100),
                    "narrative": f"resilience-db person {self.number} save {saves}",
                    "seen_update_id": form_value(page.body, "seen_update_id"),
                },
            )


def test_a_database_restart_loses_no_confirmed_update_and_the_app_recovers_by_itself(
    stack, services, figures
):
    web = services("web")
    (plan_id,), *_ = stack.sql("SELECT id FROM plans_actionplan WHERE title NOT LIKE 'Scale%%'")
    action_ids = [
        row[0]
        for row in stack.sql(
            "SELECT id FROM plans_action WHERE plan_id = %s ORDER BY id DESC LIMIT %s",
            [plan_id, PEOPLE],
        )
    ]
    stop = threading.Event()
    people = [
        Person(n, web.url, stack.password, action_id, stop)
        for n, action_id in enumerate(action_ids, 1)
    ]
    for person in people:
        person.start()
    try:
        time.sleep(3)
        down = time.monotonic()
        stack.postgres.stop("immediate")  # a crash: no shutdown checkpoint
        time.sleep(OUTAGE_SECONDS)
        stack.postgres.start()
        up = time.monotonic()
        time.sleep(8)
    finally:
        stop.set()
        for person in people:
            person.join(30)
    log = sorted((entry for person in people for entry in person.log), key=lambda e: e[1])

    confirmed = {narrative for method, _, status, narrative in log if status == 302}
    stored = {
        row[0]
        for row in stack.sql(
            "SELECT narrative FROM plans_progressupdate WHERE narrative LIKE 'resilience-db %%'"
        )
    }
    assert confirmed, "no save succeeded"
    assert confirmed <= stored, f"confirmed but lost: {sorted(confirmed - stored)}"

    statuses = {}
    for _, _, status, _ in log:
        statuses[status] = statuses.get(status, 0) + 1
    assert 500 not in statuses
    assert set(statuses) <= {200, 302, 503}, statuses
    assert statuses.get(503), "no request met the outage"
    # What a person saw instead: a page saying to try again, and when.
    unavailable = [page for person in people for page in person.unavailable]
    assert all("Database unavailable: please try again" in page.body for page in unavailable)
    assert all(page.headers["Retry-After"] == "30" for page in unavailable)

    # Started after PostgreSQL was accepting connections again: each one succeeded (the
    # health check replaced every dead persistent connection before use).
    after = [(method, status) for method, started, status, _ in log if started >= up]
    assert after
    assert all(status in (200, 302) for _, status in after), after
    first_save_after = min(
        started for method, started, status, _ in log if started >= up and status == 302
    )
    assert first_save_after - up < RECOVERY_LIMIT_SECONDS
    failed = [started for _, started, status, _ in log if status != 200 and status != 302]

    figures("people saving at once", PEOPLE)
    figures("PostgreSQL down (s)", round(up - down, 1))
    figures("requests", len(log))
    figures("statuses", dict(sorted(statuses.items(), key=str)))
    figures("saves confirmed (302)", len(confirmed))
    figures("saves stored", len(stored))
    figures("stored but not confirmed (failed after commit)", len(stored - confirmed))
    figures("first failure → last failure (s)", round(max(failed) - min(failed), 1))
    figures("database back → first confirmed save (s)", round(first_save_after - up, 2))
