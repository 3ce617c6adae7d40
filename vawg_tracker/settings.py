"""
VAWG Tracker settings: one module, read from the environment.

Every value has a default that works on a developer's machine with no configuration
(SQLite and an embedded broker under ``var/``). Production sets the variables listed in
the README ("Configuration"); ``docker-compose.yml`` sets the same ones. A value that
cannot be understood stops start-up with a message naming the variable.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a yes/no value: use one of 1, true, yes, on or 0, false, no, off."
    )


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_positive_int(name, default):
    value = env_int(name, default)
    if value < 1:
        raise ImproperlyConfigured(f"{name}={value!r} must be 1 or more.")
    return value


def env_days(name, default):
    """A number of days, at least one."""
    value = env_int(name, default)
    if value < 1:
        raise ImproperlyConfigured(f"{name}={value!r} must be a number of days, 1 or more.")
    return value


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_path(name, default):
    return Path(os.environ.get(name) or default).resolve()


def env_database(name, default):
    value = os.environ.get(name) or default
    try:
        config = dj_database_url.parse(value, conn_max_age=600, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several types
        raise ImproperlyConfigured(
            f"{name} could not be understood ({exc.__class__.__name__}). Expected "
            "postgres://USER:PASSWORD@HOST:PORT/NAME or sqlite:///PATH."
        ) from None
    engine = config.get("ENGINE", "")
    if engine not in ("django.db.backends.postgresql", "django.db.backends.sqlite3"):
        raise ImproperlyConfigured(
            f"{name} names an unsupported database ({engine or 'unknown'}): "
            "use postgres://… or sqlite:///…"
        )
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} names no database.")
    if engine == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # Web, worker and beat share the file: wait for locks instead of failing, and
        # take the write lock at the start of a transaction so it cannot deadlock.
        config["OPTIONS"] = {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        config["CONN_MAX_AGE"] = 0
    return config


# --- Core -------------------------------------------------------------------------

# Off unless asked for: an image or process started with no environment is a production
# one (TLS redirect, secure cookies, HSTS, two-factor, a required secret key). `make dev`
# and the test settings (tests/settings.py) turn it on; `make run` serves the demo with it off.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The address people use to reach the site, for links in emails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

VAR_DIR = env_path("VAR_DIR", BASE_DIR / "var")

INSTALLED_APPS = [
    "vawg_tracker.apps.AdminConfig",  # django.contrib.admin, with our site (admin_site.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_celery_beat",
    "csp",
    "simple_history",
    "bootstrap",  # django-bootstrap-static: Bootstrap's CSS/JS as static files
    "axes",  # locks out repeated failed sign-ins
    "django_otp",  # two-factor sign-in
    "django_otp.plugins.otp_totp",
    "rest_framework",  # the read-only API (app api)
    "drf_spectacular",  # its OpenAPI 3 schema
    "drf_spectacular_sidecar",  # Swagger UI's files, served as our static files (/api/docs/)
    "vawg_tracker.accounts",
    "vawg_tracker.system",
    "vawg_tracker.audit",
    "vawg_tracker.backups",
    "pledges",
    "partners",
    "plans",
    "activities",
    "risks",
    "funding",
    "recommendations",
    "rounds",
    "reports",
    "publication",
    "onboarding",
    "demo",
    "public",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache-Control: private, no-store on every response after static files (which
    # WhiteNoise has answered): pages, exports and downloads are OFFICIAL-SENSITIVE.
    "vawg_tracker.caching.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a two-factor code in this session.
    "django_otp.middleware.OTPMiddleware",
    # Deny by default: every view needs a signed-in user unless it is marked
    # @login_not_required (only the sign-in pages and /healthz are).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs out after SESSION_IDLE_MINUTES without a request, or SESSION_MAX_HOURS after
    # signing in, with a message on the login page (needs messages, so after them).
    "vawg_tracker.accounts.sessions.SessionLimitsMiddleware",
    # With REQUIRE_TWO_FACTOR, staff, commissioners and admin users without a code this
    # session may only set up two-factor sign-in (or sign out).
    "vawg_tracker.accounts.two_factor.TwoFactorRequiredMiddleware",
    # Audit history (django-simple-history) records who made each change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a sign-in refused for too many failures into our login page with the reason.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vawg_tracker.urls"
WSGI_APPLICATION = "vawg_tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vawg_tracker.context_processors.site",
                "rounds.context_processors.inbox",
            ],
            # The project's own template library, shared by every app: {% load vawg %}.
            "libraries": {"vawg": "vawg_tracker.templatetags.vawg"},
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Sign-in --------------------------------------------------------------------------

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes checks every sign-in first: after AXES_FAILURE_LIMIT failures for one
# username from one address, that pair is refused for AXES_COOLOFF_MINUTES (each try in
# the meantime starts the wait again). A success clears the count. An administrator
# unlocks early by deleting the "Access attempt" in the admin, or with
# `manage.py axes_reset_username USERNAME`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_positive_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_MINUTES = env_positive_int("AXES_COOLOFF_MINUTES", 15)
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "vawg_tracker.accounts.throttling.locked_out"
# The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address
# the outermost one appended to X-Forwarded-For (see audit.client_ip).
AXES_CLIENT_IP_CALLABLE = "vawg_tracker.accounts.throttling.client_ip"
# Failed attempts are kept (that is the lockout); successful sign-ins are not logged here.
AXES_DISABLE_ACCESS_LOG = True

# Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after
# signing in, whichever comes first (vawg_tracker/accounts/sessions.py). Sessions are rows
# in the database, so signing out ends one on the server too.
SESSION_IDLE_MINUTES = env_positive_int("SESSION_IDLE_MINUTES", 30)
SESSION_MAX_HOURS = env_positive_int("SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 60 * 60

# Two-factor sign-in (TOTP, an authenticator app) is open to everyone; with
# REQUIRE_TWO_FACTOR, PCC staff, commissioners and anyone who opens the admin must use it.
REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", not DEBUG)
OTP_TOTP_ISSUER = "VAWG Tracker"
# The admin lists devices but never shows their secrets.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Length, not composition: at least 12 characters and at most 128 (longer is refused,
# never cut), not a common password, not too like the user's name or email.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "vawg_tracker.accounts.passwords.MaximumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- Language and time ----------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# UK formats ("21 Nov 2026", "21/11/2026"); en-gb's locale formats already match and
# take precedence, these apply wherever a format is asked for explicitly.
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d %b %Y", "%d %B %Y"]

# --- Static files and stored files ----------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = env_path("STATIC_ROOT", VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded evidence and generated reports. Never served directly: downloads go through
# views that check who is asking.
MEDIA_ROOT = env_path("MEDIA_ROOT", VAR_DIR / "media")
REPORTS_ROOT = env_path("REPORTS_ROOT", VAR_DIR / "reports")
# Quarterly reports: how many ended quarters the daily schedule looks back over (so a
# schedule that was down catches up), and when a report "being produced" is taken to
# have lost its worker (longer than the report task's hard time limit).
REPORT_CATCH_UP_QUARTERS = env_int("REPORT_CATCH_UP_QUARTERS", 12)
# Beat and every worker run the report sweep when they start (vawg_tracker/celery.py), so
# a new installation has its reports within minutes. The load and fault tests turn it off:
# a burst of renders at start is not what they measure.
CATCH_UP_ON_START = env_bool("CATCH_UP_ON_START", True)
REPORT_TASK_TIME_LIMIT = env_int("REPORT_TASK_TIME_LIMIT", 300)
REPORT_STALE_AFTER = REPORT_TASK_TIME_LIMIT + 60
# Evidence files partners upload: at most this many megabytes each.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_MB", 10) * 1024 * 1024
# Retention (README, "Retention"): after this many days an activity's description (counted
# from the day it ended) and an evidence file (counted from its upload) are removed by
# the daily purge; the counts stay. About six years, the usual period for records of
# public money (the Limitation Act 1980's six years for claims).
ACTIVITY_RETENTION_DAYS = env_days("ACTIVITY_RETENTION_DAYS", 2190)
EVIDENCE_RETENTION_DAYS = env_days("EVIDENCE_RETENTION_DAYS", 2190)
# Security events (the audit log) are kept this many days, two years by default, then
# removed by the nightly housekeeping (vawg_tracker/system/housekeeping.py).
AUDIT_RETENTION_DAYS = env_days("AUDIT_RETENTION_DAYS", 730)
# Funding (README, "Funding"): a partner's spend return for a quarter is due this many
# days after the quarter ends; after that, without one submitted or accepted, it is overdue.
FUNDING_RETURN_DUE_DAYS = env_days("FUNDING_RETURN_DUE_DAYS", 30)
# Four eyes (vawg_tracker/four_eyes.py, README "Four eyes"): nobody decides on their own
# submission (signs off, returns, verifies or accepts it) and publishing a quarter takes two
# members of staff, one to prepare it and another to approve it. On unless turned off: a
# setting left unset is the safe one. A one-person office turns it off, and the public site
# then never says a second person checked what it publishes.
FOUR_EYES = env_bool("FOUR_EYES", True)

# `manage.py backup` writes its archives here (made when first needed, mode 0700).
BACKUP_DIR = env_path("BACKUP_DIR", VAR_DIR / "backups")

for _folder in (STATIC_ROOT, MEDIA_ROOT, REPORTS_ROOT):
    _folder.mkdir(parents=True, exist_ok=True)

# Evidence, reports and backups (vawg_tracker/storage.py): folders under var/ as above, or,
# when AWS_STORAGE_BUCKET_NAME is set, an S3-compatible object store (AWS, MinIO, Ceph…),
# under media/, reports/ and backups/ in that bucket. Objects are private (no ACL is sent:
# the bucket's own, private, applies) and reached only through the views that check who
# is asking; the store is asked to encrypt them (AES256) unless AWS_S3_ENCRYPTION=0, for
# stores that refuse the header.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
AWS_ACCESS_KEY_ID = env_str("AWS_ACCESS_KEY_ID") or None
AWS_SECRET_ACCESS_KEY = env_str("AWS_SECRET_ACCESS_KEY") or None
AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME") or None
# "path" for most stores other than AWS (MinIO, or a store on an IP address).
AWS_S3_ADDRESSING_STYLE = env_str("AWS_S3_ADDRESSING_STYLE") or None
AWS_S3_ENCRYPTION = env_bool("AWS_S3_ENCRYPTION", True)


def s3_storages(**overrides):
    """STORAGES' entries for the object store; ``overrides`` replace options (tests)."""

    def located(location):
        options = {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "location": location,
            "endpoint_url": AWS_S3_ENDPOINT_URL,
            "access_key": AWS_ACCESS_KEY_ID,
            "secret_key": AWS_SECRET_ACCESS_KEY,
            "region_name": AWS_S3_REGION_NAME,
            "addressing_style": AWS_S3_ADDRESSING_STYLE,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            # A file read from the store is spooled to disk beyond this (backup archives).
            "max_memory_size": 8 * 1024 * 1024,
            "object_parameters": {"ServerSideEncryption": "AES256"} if AWS_S3_ENCRYPTION else {},
            **overrides,
        }
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}

    evidence = located("media")
    return {
        "default": evidence,
        "evidence": evidence,
        "reports": located("reports"),
        "backups": located("backups"),
    }


FILESYSTEM_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "evidence": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "reports": {"BACKEND": "vawg_tracker.storage.ReportsFolder"},
    "backups": {"BACKEND": "vawg_tracker.storage.BackupsFolder"},
}
# Both places, for `manage.py move_files`, which moves files from one to the other.
FILE_STORES = {
    "filesystem": FILESYSTEM_STORAGES,
    "s3": s3_storages() if AWS_STORAGE_BUCKET_NAME else None,
}
STORAGES = {
    **(FILE_STORES["s3"] or FILESYSTEM_STORAGES),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- The cache (README, "Several nodes") -----------------------------------------------

# Kept copies of the public site's pages and of the dashboard's figures, and the API's
# request counts. With CACHE_URL (redis://HOST:6379/1) every process of every node shares
# one, and a Redis that does not answer within half a second costs a miss, not an error
# (vawg_tracker/shared_cache.py); without it each process keeps its own, in memory.
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured(
        f"CACHE_URL={CACHE_URL.split(':', 1)[0]}://… is not supported: use "
        "redis://HOST:PORT/DB, or leave it unset for a cache in each process's memory."
    )
CACHES = {
    "default": {
        "BACKEND": "vawg_tracker.shared_cache.ForgivingRedisCache",
        "LOCATION": CACHE_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# Seconds the dashboard's figures are kept for everyone who asks for the same plan,
# quarter and filters. A change to the plan's actions, progress, decisions or milestones,
# or to a risk or recommendation, shows at once; any other change within this many seconds (README,
# "Configuration"). 0: built for every request.
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 60)
if DASHBOARD_CACHE_SECONDS < 0:
    raise ImproperlyConfigured(
        f"DASHBOARD_CACHE_SECONDS={DASHBOARD_CACHE_SECONDS} must be 0 (off) or more."
    )

# --- The read-only API (app api; README, "The API") -----------------------------------

# Personal API tokens expire this many days after they are made.
API_TOKEN_DAYS = env_positive_int("API_TOKEN_DAYS", 90)
# Requests each person may make, all their tokens and their session together, then 429:
# "600/hour", "20/minute".
API_THROTTLE_RATE = env_str("API_THROTTLE_RATE", "600/hour")
# Tokens one person may have live (neither revoked nor expired) at once.
API_MAX_TOKENS_PER_USER = env_positive_int("API_MAX_TOKENS_PER_USER", 5)
REST_FRAMEWORK = {
    # A token first, so a request without credentials is 401 asking for one.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasCapability"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerUserThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "VAWG Tracker API",
    "DESCRIPTION": "Read-only. Send a personal token: Authorization: Token <secret>.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["api.permissions.HasCapability"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

# --- Forms ----------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ----------------------------------------------------------------------------

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "VAWG Tracker <vawg-tracker@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- What the office calls itself, and how its documents are marked ---------------------

OFFICE_NAME = env_str("OFFICE_NAME", "Office of the Police and Crime Commissioner")
PROTECTIVE_MARKING = env_str("PROTECTIVE_MARKING", "OFFICIAL-SENSITIVE")
# What the public PDF of a publication is marked: what it holds was published on purpose,
# so it is never the internal marking above.
PUBLIC_MARKING = "OFFICIAL"
# Where the public accessibility statement (/public/accessibility/) asks people to report
# a problem with the site.
ACCESSIBILITY_CONTACT_EMAIL = env_str(
    "ACCESSIBILITY_CONTACT_EMAIL", "accessibility@example.invalid"
)

# --- Celery ---------------------------------------------------------------------------

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://localhost/")
# Queueing a task from a web request must not hang while the broker is down: a short
# connection timeout and a few quick tries, then the caller keeps the work recorded as
# queued and a sweep queues it again later (see README, "Quarterly reports").
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 3)
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": env_int("CELERY_PUBLISH_MAX_RETRIES", 2),
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The embedded broker: messages are files under var/broker, shared by every
    # process on this machine. Needs no server; for development and demos.
    _broker_dir = VAR_DIR / "broker"
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # A task not acknowledged within the visibility timeout is delivered again: keep it
    # well above the longest task's hard time limit.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        # The Redis transport takes its connection timeout from here, not from above.
        "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    }
else:
    raise ImproperlyConfigured(
        f"CELERY_BROKER_URL={CELERY_BROKER_URL.split(':', 1)[0]}://… is not supported: "
        "use redis://HOST:PORT/DB, or leave it unset for the embedded broker."
    )
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 10 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 9 * 60)
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 50)
# A worker process keeps what rendering a report took (about 280 MB for a 400-action plan,
# against about 100 MB idle): a process above this, once its task is done, is replaced by a
# fresh one, so an idle worker returns to its starting size (Celery counts in KiB).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = (
    env_positive_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD_MB", 200) * 1024
)
# A worker reserves one task per process beyond those it runs, not Celery's default four:
# a report takes seconds to minutes, and with two workers (issue 20's load test) one worker
# reserved all four reports of a run while the other stood idle.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
# Schedules live in the database and are edited in the admin ("Periodic tasks").
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Security -------------------------------------------------------------------------

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    # Only behind a proxy that sets X-Forwarded-Proto and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front append the client's address to X-Forwarded-For. 0: use
# REMOTE_ADDR (the audit log's client address); 1: one proxy (nginx, a load balancer).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT={TRUSTED_PROXY_COUNT!r} cannot be negative.")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# django-csp: scripts and styles only from our own static files; no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Logging --------------------------------------------------------------------------
# Logs carry ids and event names, never free text typed by users (see README).

LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(f"LOG_LEVEL={LOG_LEVEL!r} is not a logging level.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint and pikepdf narrate every step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
        # django-axes narrates every sign-in at INFO; lockouts are WARNINGs (with the
        # username and address masked).
        "axes": {"level": "WARNING"},
    },
}
