"""The files that start the service agree with the settings it reads."""

import importlib.metadata
import re

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from bench.production import pins as production_pins

from ..commands import ROOT, manage

SETTINGS_SOURCE = (ROOT / "vawg_tracker" / "settings.py").read_text()
CELERY = ["celery", "-A", "vawg_tracker"]
ENV_READ_BY_SETTINGS = set(re.findall(r'env_\w+\(\s*"([A-Z][A-Z0-9_]*)"', SETTINGS_SOURCE))


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_settings_read_the_variables_we_document():
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL"} <= ENV_READ_BY_SETTINGS
    readme = (ROOT / "README.md").read_text()
    undocumented = sorted(name for name in ENV_READ_BY_SETTINGS if f"`{name}`" not in readme)
    assert undocumented == [], "add these to the README's Configuration table"


def _app_services():
    """The services built from this project's image, by name."""
    return {name: s for name, s in _compose()["services"].items() if s.get("build") == "."}


def test_compose_sets_only_variables_the_settings_read():
    services = _app_services()
    assert {"migrate", "web", "web-2", "worker", "worker-2", "beat"} <= set(services)
    for name, service in services.items():
        unknown = set(service["environment"]) - ENV_READ_BY_SETTINGS
        assert unknown == set(), f"{name} sets variables settings.py never reads"


def test_compose_runs_two_web_nodes_behind_a_balancer_two_workers_and_one_beat():
    services = _compose()["services"]
    assert services["db"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"
    commands = {name: service["command"] for name, service in _app_services().items()}
    web = [name for name, command in commands.items() if command[0] == "gunicorn"]
    workers = [name for name, command in commands.items() if command[:4] == CELERY + ["worker"]]
    beats = [name for name, command in commands.items() if command[:4] == CELERY + ["beat"]]
    assert (sorted(web), sorted(workers), beats) == (
        ["web", "web-2"],
        ["worker", "worker-2"],
        ["beat"],
    )
    assert commands["migrate"] == ["python", "manage.py", "migrate", "--noinput"]
    for name in web + workers + beats:  # only the one-off service migrates: nodes would race
        assert "migrate" not in " ".join(commands[name])
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    # The balancer is the only published port, and sends to both web nodes.
    assert [name for name, service in services.items() if "ports" in service] == ["balancer"]
    balancer = (ROOT / "compose" / "balancer.conf").read_text()
    assert re.findall(r"^\s*server (\S+):8000 ", balancer, re.M) == web
    assert services["balancer"]["volumes"] == [
        "./compose/balancer.conf:/etc/nginx/conf.d/default.conf:ro"
    ]
    env = services["web"]["environment"]
    assert env["DATABASE_URL"].startswith("postgres://")
    assert env["DATABASE_URL"].endswith("@db:5432/vawg")
    assert env["CELERY_BROKER_URL"] == "redis://redis:6379/0"
    assert env["DEBUG"] == "0"


def test_the_procfile_starts_web_worker_and_beat():
    procfile = dict(
        line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line
    )
    assert set(procfile) == {"web", "devweb", "worker", "beat"}
    # `make run` serves as production does; `make dev` reloads on every change.
    assert "gunicorn vawg_tracker.wsgi" in procfile["web"]
    assert "manage.py runserver" in procfile["devweb"]
    assert "celery -A vawg_tracker worker" in procfile["worker"]
    assert "celery -A vawg_tracker beat" in procfile["beat"]


def test_collectstatic_with_production_storage_hashes_bootstrap_swagger_ui_and_ours(tmp_path):
    result = manage(
        "collectstatic",
        "--noinput",
        tmp_path=tmp_path,
        STATIC_ROOT=str(tmp_path / "static"),
        DEBUG="0",
        SECRET_KEY="collectstatic-only-" + "k" * 40,
        ALLOWED_HOSTS="vawg.example.org",
    )
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert "bootstrap/css/bootstrap.min.css" in manifest
    assert "css/app.css" in manifest
    # The API docs page's Swagger UI, from drf-spectacular-sidecar (no CDN), and ours.
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in manifest
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css" in manifest
    assert "api/docs.js" in manifest


def test_requirements_txt_pins_everything_production_installs():
    # The Dockerfile installs requirements.txt alone: a dependency of a pinned package that
    # is pinned only in requirements-dev.txt (PyYAML, for drf-spectacular, was) would be
    # installed at whatever version is newest on the day the image is built.
    pins = production_pins()
    unpinned = set()
    for name, extras in pins.items():
        for text in importlib.metadata.requires(name) or []:
            requirement = Requirement(text)
            marker = requirement.marker
            if marker and not any(marker.evaluate({"extra": extra}) for extra in {"", *extras}):
                continue
            if canonicalize_name(requirement.name) not in pins:
                unpinned.add(f"{requirement.name} (for {name})")
    assert sorted(unpinned) == []
