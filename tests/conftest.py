import importlib
import os

import pytest
from django.apps import apps
from hypothesis import HealthCheck, settings

from .harness import (  # noqa: F401  (pytest's hooks for the whole suite)
    CHROMIUM,
    pytest_collection_modifyitems,
    pytest_sessionfinish,
    pytest_terminal_summary,
)
from .personas import (  # noqa: F401  (the personas' fixtures, for every test)
    commissioner,
    lead,
    make_person,
    other_staff,
    outsider,
    partner,
    partner_a,
    partner_b,
    staff,
    staff_client,
    superuser,
)

# Playwright's sync API runs an event loop in the main thread; Django refuses database
# access from a thread with a running loop unless told it is safe (it is, here).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Hypothesis (the fuzz tests). "ci", the default, draws the same examples on every run so
# a failure in CI is one you can reproduce; HYPOTHESIS_PROFILE=explore draws new ones each
# run and remembers failing examples in .hypothesis/ (kept out of git).
_FUZZ = {
    "max_examples": 200,
    "deadline": None,
    # One world of objects per test, reused by every example (each runs in a savepoint).
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
settings.register_profile("ci", derandomize=True, database=None, print_blob=True, **_FUZZ)
settings.register_profile("explore", **_FUZZ)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _uploads_and_reports_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORTS_ROOT = tmp_path / "reports"


@pytest.fixture(scope="session", autouse=True)
def _a_broker_of_our_own(tmp_path_factory):
    """
    With the embedded (filesystem) broker, tests use folders of their own, so that a
    worker started by `make run` on this machine never takes a test's task (nor a test
    worker one of its). CI uses its own Redis database.
    """
    from vawg_tracker.celery import app

    if not app.conf.broker_url.startswith("filesystem://"):
        yield
        return
    saved = app.conf.broker_transport_options
    folder = tmp_path_factory.mktemp("broker")
    options = {**saved}
    # One folder for messages in and out: a process reads what it (or another) wrote.
    for key, name in [
        ("data_folder_in", "queue"),
        ("data_folder_out", "queue"),
        ("processed_folder", "processed"),
        ("control_folder", "control"),
    ]:
        (folder / name).mkdir(exist_ok=True)
        options[key] = str(folder / name)
    app.conf.broker_transport_options = options
    yield
    app.conf.broker_transport_options = saved


@pytest.fixture(autouse=True)
def _empty_cache():
    # The public site keeps a publication's drawn HTML in the cache; each test starts
    # with none (a test database may give a new publication an earlier one's id).
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Production hashes with PBKDF2 at a million rounds, about a second a password here;
    # tests sign hundreds of people in. The hasher is not what they are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _two_factor_not_required(settings):
    # Production requires two-factor sign-in of staff and commissioners (on whenever DEBUG
    # is off); tests sign people in with force_login and are about other things. The
    # tests in test_two_factor.py turn it on.
    settings.REQUIRE_TWO_FACTOR = False


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings):
    # Production hashes static file names at collectstatic time (WhiteNoise's manifest
    # storage). Tests serve files straight from the apps, so use plain names here;
    # tests/project/test_deployment.py runs collectstatic with the real storage.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# Data that migrations create (module, function): the role groups, the beat schedule.
DATA_MIGRATIONS = [
    ("vawg_tracker.accounts.migrations.0002_roles", "create_roles"),
    ("vawg_tracker.accounts.migrations.0003_staff_model_permissions", "forwards"),
    ("vawg_tracker.accounts.migrations.0004_view_evidence", "forwards"),
    ("vawg_tracker.accounts.migrations.0006_view_funding", "forwards"),
    ("tests.conftest", "_staff_view_activities"),
    ("funding.migrations.0002_staff_funding_permissions", "forwards"),
    ("plans.migrations.0012_staff_indicator_target_permissions", "forwards"),
    ("plans.migrations.0013_indicator_breakdowns", "forwards"),
    ("vawg_tracker.system.migrations.0002_heartbeat_schedule", "schedule"),
    ("vawg_tracker.system.migrations.0003_housekeeping_schedule", "schedule"),
    ("reports.migrations.0002_schedules", "schedule"),
    ("publication.migrations.0003_public_pdf_sweep", "schedule"),
    ("plans.migrations.0006_reminder_schedule", "schedule"),
    ("plans.migrations.0008_purge_schedule", "schedule"),
    ("onboarding.migrations.0002_forget_stale_uploads_schedule", "schedule"),
]


def _staff_view_activities(apps, schema_editor):
    """
    accounts 0005, replayed against today's models: the permissions it names belonged to
    plans when it was written and now belong to the apps the models moved to.
    """
    from vawg_tracker.accounts.grants import grant
    from vawg_tracker.audit import MOVED_LABELS

    written = importlib.import_module("vawg_tracker.accounts.migrations.0005_staff_view_activities")
    today = {}
    for role, perms in written.ROLE_PERMISSIONS.items():
        for perm in perms:
            app_label, codename = perm.split(".")
            model = codename.split("_", 1)[1]
            moved = MOVED_LABELS.get(f"{app_label}.{model}", f"{app_label}.{model}")
            today.setdefault(role, []).append(f"{moved.split('.')[0]}.{codename}")
    grant(apps, today)


@pytest.fixture(autouse=True)
def _data_from_migrations(request):
    """
    A transactional test (browser, worker) empties the database when it finishes,
    taking what the data migrations made with it. Put it back before each one, with the
    migrations' own code, so every test starts from a freshly migrated database.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker and marker.kwargs.get("transaction")) or (
        "live_server" in request.fixturenames
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture
def worker(transactional_db):
    """A real Celery worker, in a thread, taking tasks from the configured broker."""
    from celery.contrib.testing.worker import start_worker

    from vawg_tracker.celery import app

    with start_worker(app, perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
        yield
