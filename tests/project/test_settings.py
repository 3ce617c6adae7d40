"""Settings come from the environment; a bad value stops start-up and names itself."""

import os

import pytest

from ..commands import manage

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7Gq2LrV9pZk4WmN8sTb3YcH6jDf1QaE5uRo0iKlXw-_Pz7MnBv",
    "ALLOWED_HOSTS": "vawg.example.org",
    "DATABASE_URL": "postgres://vawg:secret@db.example.org:5432/vawg",
    "CELERY_BROKER_URL": "redis://redis.example.org:6379/0",
}


def test_with_no_configuration_debug_is_off_and_start_up_asks_for_a_secret_key(tmp_path):
    # An image or process started with no environment is a production one, never a
    # development one with TLS, secure cookies and two-factor quietly off.
    result = manage("check", tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
    with_key = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.REQUIRE_TWO_FACTOR, s.ALLOWED_HOSTS)",
        tmp_path=tmp_path,
        SECRET_KEY=PRODUCTION["SECRET_KEY"],
    )
    assert with_key.returncode == 0, with_key.stderr
    assert with_key.stdout.split() == ["False", "True", "True", "True", "[]"]


def test_development_needs_only_debug_and_uses_sqlite_and_the_embedded_broker(tmp_path):
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']); "
        "print(s.CELERY_BROKER_URL, s.DEBUG, s.TIME_ZONE, s.LANGUAGE_CODE)",
        tmp_path=tmp_path,
        DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    database, broker = result.stdout.splitlines()
    assert database == f"django.db.backends.sqlite3 {tmp_path / 'var' / 'db.sqlite3'}"
    assert broker == "filesystem://localhost/ True Europe/London en-gb"
    assert (tmp_path / "var" / "broker" / "queue").is_dir()


def printed(statements, tmp_path, **environment):
    """What a new process prints, running ``statements`` with the settings as ``s``."""
    code = f"from django.conf import settings as s; {statements}"
    result = manage("shell", "--no-imports", "-c", code, tmp_path=tmp_path, **environment)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_database_url_selects_postgresql_with_persistent_checked_connections(tmp_path):
    shown = printed(
        "d = s.DATABASES['default']; "
        "print(d['ENGINE'], d['HOST'], d['NAME'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        tmp_path,
        DEBUG="1",
        DATABASE_URL="postgres://vawg:secret@db.example.org:5432/vawg",
    )
    assert shown == ["django.db.backends.postgresql", "db.example.org", "vawg", "600", "True"]


def test_cache_url_gives_every_process_one_forgiving_redis_cache_and_none_keeps_its_own(
    tmp_path,
):
    show = "c = s.CACHES['default']; print(c['BACKEND'], c.get('LOCATION', '-'))"
    shared = printed(show, tmp_path, DEBUG="1", CACHE_URL="redis://redis.example.org:6379/1")
    assert shared == [
        "vawg_tracker.shared_cache.ForgivingRedisCache",
        "redis://redis.example.org:6379/1",
    ]
    own = printed(show, tmp_path, DEBUG="1")
    assert own == ["django.core.cache.backends.locmem.LocMemCache", "-"]


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG='maybe' is not a yes/no value"),
        ("DATABASE_URL", "not a url", "DATABASE_URL"),
        ("DATABASE_URL", "mysql://u:p@h/db", "DATABASE_URL names an unsupported database"),
        ("DATABASE_URL", "postgres://db.example.org:5432", "DATABASE_URL names no database"),
        ("CELERY_BROKER_URL", "amqp://guest@h//", "CELERY_BROKER_URL=amqp://"),
        ("EMAIL_PORT", "twenty-five", "EMAIL_PORT='twenty-five' is not a whole number"),
        ("SECURE_SSL_REDIRECT", "perhaps", "SECURE_SSL_REDIRECT='perhaps'"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL='LOUD' is not a logging level"),
        ("ACTIVITY_RETENTION_DAYS", "0", "ACTIVITY_RETENTION_DAYS=0 must be a number of days"),
        ("EVIDENCE_RETENTION_DAYS", "six years", "EVIDENCE_RETENTION_DAYS='six years' is not"),
        ("TRUSTED_PROXY_COUNT", "-1", "TRUSTED_PROXY_COUNT=-1 cannot be negative"),
        ("AXES_FAILURE_LIMIT", "0", "AXES_FAILURE_LIMIT=0 must be 1 or more"),
        ("SESSION_IDLE_MINUTES", "half an hour", "SESSION_IDLE_MINUTES='half an hour' is not"),
        ("REQUIRE_TWO_FACTOR", "sometimes", "REQUIRE_TWO_FACTOR='sometimes' is not a yes/no"),
        ("FOUR_EYES", "mostly", "FOUR_EYES='mostly' is not a yes/no"),
        ("CACHE_URL", "memcached://cache:11211", "CACHE_URL=memcached://… is not supported"),
        ("DASHBOARD_CACHE_SECONDS", "-5", "DASHBOARD_CACHE_SECONDS=-5 must be 0 (off) or more"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(tmp_path, variable, value, message):
    result = manage("check", tmp_path=tmp_path, **{"DEBUG": "1", variable: value})
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_secret_key_is_required_when_debug_is_off(tmp_path):
    result = manage("check", tmp_path=tmp_path, DEBUG="0", ALLOWED_HOSTS="vawg.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_settings_turn_on_https_hsts_and_secure_cookies(tmp_path):
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_REFERRER_POLICY, s.X_FRAME_OPTIONS)",
        tmp_path=tmp_path,
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "31536000", "True", "True", "same-origin", "DENY"]


SIGN_IN_SETTINGS = (
    "from django.conf import settings as s; print(s.REQUIRE_TWO_FACTOR, s.AXES_FAILURE_LIMIT, "
    "s.AXES_COOLOFF_TIME, s.SESSION_IDLE_MINUTES, s.SESSION_MAX_HOURS, s.SESSION_COOKIE_AGE)"
)


def test_four_eyes_is_on_unless_turned_off(tmp_path):
    """A setting left unset is the safe one: two people, in production and in the demo."""
    assert printed("print(s.FOUR_EYES)", tmp_path, **PRODUCTION) == ["True"]
    assert printed("print(s.FOUR_EYES)", tmp_path, DEBUG="1") == ["True"]
    assert printed("print(s.FOUR_EYES)", tmp_path, DEBUG="1", FOUR_EYES="0") == ["False"]


def test_production_requires_two_factor_sign_in_and_the_demo_does_not(tmp_path):
    production = manage(
        "shell", "--no-imports", "-c", SIGN_IN_SETTINGS, tmp_path=tmp_path, **PRODUCTION
    )
    assert production.returncode == 0, production.stderr
    assert production.stdout.split() == ["True", "5", "0:15:00", "30", "12", "43200"]
    demo = manage("shell", "--no-imports", "-c", SIGN_IN_SETTINGS, tmp_path=tmp_path, DEBUG="1")
    assert demo.stdout.split()[0] == "False"
    turned_off = manage(
        "shell",
        "--no-imports",
        "-c",
        SIGN_IN_SETTINGS,
        tmp_path=tmp_path,
        **PRODUCTION,
        REQUIRE_TWO_FACTOR="0",
        AXES_COOLOFF_MINUTES="30",
        SESSION_MAX_HOURS="8",
    )
    assert turned_off.stdout.split() == ["False", "5", "0:30:00", "30", "8", "28800"]


def test_the_deployment_check_fails_if_the_policy_allows_inline_script(tmp_path, settings):
    from vawg_tracker.system.checks import content_security_policy

    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**policy["DIRECTIVES"], "script-src": ["'self'", "'unsafe-inline'"]}
    }
    assert [error.id for error in content_security_policy(None)] == ["vawg.E002"]
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "csp" not in m]
    assert [error.id for error in content_security_policy(None)] == ["vawg.E001"]


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_and_broker_the_environment_names():
    from django.db import connection

    from vawg_tracker.celery import app as celery_app

    database_url = os.environ.get("DATABASE_URL", "sqlite://")
    expected_vendor = "postgresql" if database_url.startswith("postgres") else "sqlite"
    assert connection.vendor == expected_vendor
    broker_url = os.environ.get("CELERY_BROKER_URL", "filesystem://")
    assert celery_app.conf.broker_url.split("://")[0] == broker_url.split("://")[0]
