"""
The production set-up, on loopback, for fault tests: a private PostgreSQL cluster, a private
Redis, gunicorn and Celery workers, and (for a test that asks) an S3 API server, each a real
process the tests can stop, kill and start again. Nothing here touches the machine's own
PostgreSQL (5432) or Redis (6379).
"""

import contextlib
import hashlib
import html
import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import boto3
import psycopg2
import redis as redis_client

from bench.loopback import production_env

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS_OPTIONS = "--port {port} --bind 127.0.0.1 --appendonly no --loglevel warning"
WORKER_OPTIONS = (
    "-A vawg_tracker worker --concurrency 1 --loglevel INFO --without-mingle --without-gossip"
)
WEB_OPTIONS = (
    "vawg_tracker.wsgi --bind 127.0.0.1:{port} --workers {workers} --timeout 60 --access-logfile -"
)
PG_BIN_DIRS = ["/usr/local/bin", *sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, seconds, interval=0.2):
    """Poll ``condition`` until it returns something true; that value, or None on timeout."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def _pg_tool(name):
    for folder in PG_BIN_DIRS:
        path = Path(folder) / name
        if path.exists():
            return str(path)
    raise RuntimeError(f"{name} not found in {PG_BIN_DIRS}: install PostgreSQL's server package")


class Postgres:
    """A throwaway cluster in a temporary folder, trust auth, on 127.0.0.1:``port``."""

    def __init__(self):
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="vawg-resilience-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        # initdb refuses to run as root: run the cluster as the postgres user then.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.folder, "postgres")

    def _pg(self, *args, check=True):
        return subprocess.run(
            [*self.as_user, *args], capture_output=True, text=True, check=check, timeout=120
        )

    def init(self):
        self._pg(_pg_tool("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust")
        return self

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            # Speed over crash-safety of the OS: a server restart loses nothing either way.
            "-c fsync=off -c full_page_writes=off -c max_connections=50"
        )
        self._pg(
            _pg_tool("pg_ctl"),
            "start",
            "-w",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
        )

    def stop(self, mode="fast"):
        """``immediate`` is a crash: no shutdown checkpoint, WAL replay on the next start."""
        self._pg(_pg_tool("pg_ctl"), "stop", "-w", "-m", mode, "-D", str(self.data), check=False)

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name):
        with contextlib.closing(self.connect("postgres")) as conn:
            conn.autocommit = True
            conn.cursor().execute(f'CREATE DATABASE "{name}"')

    def connect(self, name):
        return psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=name)

    def is_up(self):
        try:
            self.connect("postgres").close()
        except psycopg2.OperationalError:
            return False
        return True

    def destroy(self):
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


class Redis:
    """A private redis-server with no persistence: stopping it loses what it held."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--save", "", *REDIS_OPTIONS.format(port=self.port).split()],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def answers():
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock,
            ):
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
            return False

        if not wait_for(answers, 20):
            raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"


PRODUCE_PUBLIC_PDFS = """
from publication.models import PublicReport
from publication.public_pdf import produce
for row in PublicReport.objects.filter(state="pending"):
    if row.claim():
        produce(row)
"""

# The sweep beat runs every ten minutes, as it runs once REPORT_STALE_AFTER has passed:
# reports left "being produced" by a dead worker, or queued and lost, are queued again.
SWEEP_LATER = """
import time
import time_machine
from django.conf import settings
from reports.production import recover_stalled

with time_machine.travel(time.time() + settings.REPORT_STALE_AFTER + 60, tick=True):
    print(recover_stalled())
"""


class Stack:
    """The environment every process of the application under test shares."""

    def __init__(self, postgres, redis, database):
        self.postgres, self.redis, self.database = postgres, redis, database
        self.folder = Path(tempfile.mkdtemp(prefix="vawg-resilience-"))
        self.logs = self.folder / "logs"
        self.logs.mkdir()
        self.password = secrets.token_urlsafe(16)
        self.env = production_env(
            self.folder,
            DATABASE_URL=postgres.url(database),
            CELERY_BROKER_URL=redis.url(0),
            # The faults are what these tests are about, not the sign-in: staff sign in
            # with a password (two-factor has tests of its own).
            REQUIRE_TWO_FACTOR="0",
            LOG_LEVEL="INFO",
            DJANGO_SETTINGS_MODULE="tests.resilience.settings",
            PYTHONPATH=str(ROOT),
            PYTHONUNBUFFERED="1",
        )
        for name in ("PYTEST_ADDOPTS", "PYTEST_CURRENT_TEST"):
            self.env.pop(name, None)
        self.reports_root = self.folder / "reports"

    def manage(self, *args, env=None):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        ).stdout

    def python(self, code, *, env=None):
        """Run Django code in a process of its own (as a shell or a beat would)."""
        prelude = "import django; django.setup()\n"
        return subprocess.run(
            [sys.executable, "-c", prelude + code],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        ).stdout.strip()

    def sql(self, query, params=()):
        with contextlib.closing(self.postgres.connect(self.database)) as conn, conn.cursor() as cur:
            cur.execute(query, params)
            return cur.fetchall()

    def pdf_files(self):
        return sorted(self.reports_root.rglob("*.pdf"))

    def prepare(self):
        """Migrate; the demo data and demo users; the scale data (five plans of 200 actions)."""
        setup = {"DEBUG": "1"}  # the demo users refuse DEBUG off without --allow-production
        self.manage("migrate", "--noinput", "-v0", env=setup)
        self.manage("seed_demo", "--if-empty", env=setup)
        self.manage("create_demo_users", f"--password={self.password}", env=setup)
        self.manage("generate_scale_data", "--actions", "1000", env=setup)
        # The demo's publication queued its public PDF: make it here, as make run's worker
        # would have by then, and empty the queue, so each test starts with an idle worker
        # and nothing unacknowledged but what it does itself.
        self.python(PRODUCE_PUBLIC_PDFS, env=setup)
        redis_client.Redis(port=self.redis.port).flushdb()


class Process:
    """A server process in its own process group, with its output in a log file."""

    def __init__(self, name, args, stack, env=None):
        self.name, self.stack = name, stack
        self.log = stack.logs / f"{name}.log"
        self._file = open(self.log, "a")  # noqa: SIM115  (closed in stop)
        self.process = subprocess.Popen(
            args,
            cwd=ROOT,
            env={**stack.env, **(env or {})},
            stdout=self._file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self):
        return self.log.read_text(errors="replace")

    def kill(self):
        """SIGKILL to the whole group: the worker and its pool die at once, as in a crash."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self._file.close()

    def stop(self):
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        self._file.close()


def start_worker(stack, name="worker", env=None):
    """A worker whose node name is ``name``@host: ``celery inspect -d`` can ask it alone."""
    worker = Process(
        name,
        [str(BIN / "celery"), *WORKER_OPTIONS.split(), "--hostname", f"{name}@%h"],
        stack,
        env=env,
    )
    worker.node = f"{name}@{socket.gethostname()}"
    if not wait_for(lambda: " ready." in worker.output(), 60):
        worker.stop()
        raise RuntimeError(f"the worker did not start:\n{worker.output()[-3000:]}")
    return worker


def start_web(stack, workers=3, name="web", env=None):
    port = free_port()
    web = Process(
        name,
        [str(BIN / "gunicorn"), *WEB_OPTIONS.format(port=port, workers=workers).split()],
        stack,
        env=env,
    )
    web.url = f"http://127.0.0.1:{port}"

    def answers():
        with contextlib.suppress(OSError):
            url = web.url + "/accounts/login/"
            return urllib.request.urlopen(url, timeout=2).status == 200  # noqa: S310  (loopback)
        return False

    if not wait_for(answers, 60, interval=0.5):
        web.stop()
        raise RuntimeError(f"gunicorn did not start:\n{web.output()[-3000:]}")
    return web


class ObjectStore:
    """
    moto's S3 API server in a process of its own (as an object store is a server of its
    own: killing a web node or a worker leaves it, and it is not slowed by the test
    process's threads) and one bucket. ``env()`` points every process of the application
    at the bucket, so no stored file is on a node's local disk.
    """

    REGION = "eu-west-2"
    KEYS = {"AWS_ACCESS_KEY_ID": "testing-key", "AWS_SECRET_ACCESS_KEY": "testing-secret"}

    def __init__(self, stack):
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.process = Process(
            "s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)], stack
        )

        def answers():
            with contextlib.suppress(OSError):
                return urllib.request.urlopen(self.url, timeout=2).status == 200  # noqa: S310
            return False

        if not wait_for(answers, 60, interval=0.5):
            self.process.stop()
            raise RuntimeError(f"moto_server did not start:\n{self.process.output()[-3000:]}")
        self.bucket = f"vawg-{secrets.token_hex(8)}"
        self.client = boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=self.REGION,
            aws_access_key_id=self.KEYS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self.KEYS["AWS_SECRET_ACCESS_KEY"],
        )
        self.client.create_bucket(
            Bucket=self.bucket, CreateBucketConfiguration={"LocationConstraint": self.REGION}
        )

    def env(self):
        """The variables that store evidence, reports and backups in the bucket."""
        return {
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_ENDPOINT_URL": self.url,
            "AWS_S3_REGION_NAME": self.REGION,
            "AWS_S3_ADDRESSING_STYLE": "path",
            **self.KEYS,
        }

    def objects(self, prefix):
        """Every key under ``prefix`` (all pages of the listing)."""
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=prefix
        )
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def sha256(self, key):
        body = self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        return hashlib.sha256(body).hexdigest()

    def stop(self):
        self.process.stop()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status, content, headers, seconds):
        self.status, self.content, self.headers, self.seconds = status, content, headers, seconds
        self.body = content.decode(errors="replace")

    @property
    def location(self):
        return self.headers.get("Location", "")


class Browser:
    """A person at a browser: cookies, the CSRF token from each form, no redirects followed."""

    def __init__(self, base_url, timeout=30):
        self.base_url, self.timeout = base_url, timeout
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect
        )

    def request(self, path, data=None, *, files=None, base_url=None):
        """
        GET, or POST ``data`` (with ``files``, {field: (name, bytes)}, as multipart/form-data).
        ``base_url`` sends it to another server with the same cookies (another web node
        behind the same load balancer).
        """
        url = (base_url or self.base_url) + path
        body, content_type = None, None
        if files:
            body, content_type = _multipart(data or {}, files)
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(url, data=body)  # noqa: S310
        if content_type:
            request.add_header("Content-Type", content_type)
        if body is not None:
            request.add_header("Referer", url)
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                status, content, headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, content, headers = error.code, error.read(), error.headers
        return Response(status, content, headers, time.monotonic() - started)

    def get(self, path, **kwargs):
        return self.request(path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request(path, data, **kwargs)

    def sign_in(self, username, password):
        form = self.get("/accounts/login/")
        response = self.post(
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": csrf_token(form.body),
                "username": username,
                "password": password,
            },
        )
        if response.status != 302:
            raise RuntimeError(f"sign-in as {username} answered {response.status}")
        return self


def _multipart(data, files):
    boundary = secrets.token_hex(16)
    parts = []
    for name, value in data.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def csrf_token(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def form_value(page, name):
    """The value of a hidden or text input, or the first option of a select, in ``page``."""
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    if found:
        return html.unescape(found.group(1))
    select = re.search(rf'<select[^>]*\bname="{name}"[^>]*>(.*?)</select>', page, re.S)
    option = re.search(r'<option value="([^"]*)"', select.group(1))
    return html.unescape(option.group(1))
