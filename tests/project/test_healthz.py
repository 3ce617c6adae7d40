"""/healthz: 200 when the database and the broker answer, 503 naming what failed."""

import pytest
from django.db import OperationalError

from vawg_tracker.celery import app as celery_app
from vawg_tracker.system import health
from vawg_tracker.system.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def use_broker(monkeypatch):
    """Point the Celery app at another broker for one test, then put it back."""
    saved = {key: celery_app.conf[key] for key in ("broker_url", "broker_transport_options")}

    def use(url, transport_options):
        # Celery reads CELERY_BROKER_URL from the environment before its own settings.
        monkeypatch.setenv("CELERY_BROKER_URL", url)
        celery_app.conf.update(broker_url=url, broker_transport_options=transport_options)

    yield use
    celery_app.conf.update(saved)


def test_healthz_is_200_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_is_503_naming_the_broker_when_redis_is_unreachable(client, use_broker):
    use_broker("redis://127.0.0.1:1/0", {})
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["database"] == "ok"
    assert body["broker"].startswith("unreachable")
    assert "127.0.0.1:1" not in response.content.decode()  # no connection details


def test_healthz_is_503_when_the_embedded_brokers_folder_is_missing(client, use_broker, tmp_path):
    missing = str(tmp_path / "gone")
    options = {"data_folder_in": missing, "data_folder_out": missing, "control_folder": missing}
    use_broker("filesystem://localhost/", options)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"].startswith("unreachable")


def test_healthz_is_503_naming_the_database_when_it_is_down(client, monkeypatch):
    class DownConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", DownConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "unreachable (OperationalError)"
    assert body["broker"] == "ok"
    assert "worker_heartbeat_age_seconds" not in body


def test_healthz_reports_how_long_ago_a_worker_ran_the_heartbeat(client):
    assert client.get("/healthz").json()["worker_heartbeat_age_seconds"] is None
    WorkerHeartbeat.beat()
    assert client.get("/healthz").json()["worker_heartbeat_age_seconds"] == 0


def test_healthz_answers_head_for_uptime_monitors(client):
    """Issue 31: monitors that ask with HEAD were told 405, and reported the site down."""
    response = client.head("/healthz")
    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Type"] == "application/json"
    assert int(response["Content-Length"]) == len(client.get("/healthz").content)
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_answers_head_503_when_the_database_is_down(client, monkeypatch):
    class DownConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", DownConnection())
    assert client.head("/healthz").status_code == 503


def test_healthz_only_answers_get_and_head(client):
    for method in ("post", "options", "put", "delete"):
        response = getattr(client, method)("/healthz")
        assert response.status_code == 405, method
        assert response["Allow"] == "GET, HEAD"
