"""
Load test: simulated people for 10 minutes against the production set-up, on loopback.

    createdb -h 127.0.0.1 -U postgres vawg_load
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vawg_load \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python bench/load/run.py --users 100 --minutes 10 [--nodes 2] [--actions 2000]

It migrates the database, generates the scale data if absent and prepares logins
(bench/load/prepare.py), collects static files, then starts gunicorn (DEBUG off, as in
production, over plain http on 127.0.0.1) and a Celery worker, and runs the Locust
journeys in bench/load/locustfile.py headless from their own virtualenv
(.venv-load, made from requirements-load.txt on first use).

Every process shares one cache, as production's CACHE_URL: a Redis database next to the
broker's (emptied first). The Celery workers run at lower priority (``--worker-nice``): on
one machine's CPUs a render yields to people waiting for pages, as it would on a worker
machine of its own. The database is analysed once a minute (``--analyze-every``), as
autovacuum would, which some servers (this one) run without.

With ``--nodes 2`` it starts two of each, as two machines behind a sticky balancer would
run: two gunicorns on their own ports and two Celery workers, sharing PostgreSQL, Redis and
an S3 API server on loopback (moto's server, a bucket of the run's own), so evidence and
reports are kept in the object store and no node keeps a file on its own disk (each node
has its own var folder; the run counts the files left in them). Each simulated person is
given a node in turn and stays on it.

It samples each worker's memory every 15 seconds, then prints requests, failures and
p50/p95/p99 per request and in all, each worker's memory at the start, the end and its
peak, its trend, the CPU time it used, and the reports rendered during the run. Exit
status 1 when the targets are missed: any failure, any 5xx, or a p95 in all of
P95_TARGET_MS or more.
"""

import argparse
import contextlib
import csv
import json
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
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: bench/loopback.py is shared

from bench.loopback import production_env  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"
LOAD_VENV = ROOT / ".venv-load"
# p95 of all requests must be under this (ms). One node: the target the load test was
# written with; two nodes: issue 20's.
P95_TARGET_MS = {1: 500, 2: 300}
S3 = {
    "AWS_S3_REGION_NAME": "eu-west-2",
    "AWS_S3_ADDRESSING_STYLE": "path",
    "AWS_ACCESS_KEY_ID": "load-test-key",
    "AWS_SECRET_ACCESS_KEY": "load-test-secret",
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=1)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--actions", type=int, default=2000)
    parser.add_argument("--nodes", type=int, default=1, choices=(1, 2))
    parser.add_argument("--web-workers", type=int, default=4, help="gunicorn workers per node")
    parser.add_argument(
        "--report-every",
        type=float,
        default=120,
        help="seconds between report requests by PCC staff (all of them together)",
    )
    parser.add_argument(
        "--worker-nice",
        type=int,
        default=10,
        help="niceness of the Celery workers: renders are background work and yield the "
        "shared CPUs to people waiting for pages (on machines of their own they need not)",
    )
    parser.add_argument(
        "--analyze-every",
        type=float,
        default=60,
        help="seconds between ANALYZEs of the database during the run, as autovacuum would "
        "(0: none; it is off on some servers, and the planner then works from the tables "
        "as they were before the run)",
    )
    return parser.parse_args()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(work, **overrides):
    for name in ("DATABASE_URL", "CELERY_BROKER_URL"):
        if not os.environ.get(name, "").startswith(("postgres", "redis")):
            sys.exit(
                f"{name} must point at PostgreSQL / Redis (a throwaway database: the scale "
                "data and load-test users are added to it). See bench/README.md."
            )
    return production_env(
        work,
        LOG_LEVEL="WARNING",
        # Emails (report ready, reminders) go nowhere: loopback only.
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        **overrides,
    )


def shared_cache():
    """The cache every process of the run shares, as production's CACHE_URL: CACHE_URL if
    set, else the broker's Redis, the database after the broker's; emptied first, so the
    run starts with nothing kept."""
    import redis

    url = os.environ.get("CACHE_URL")
    if not url:
        broker = urllib.parse.urlsplit(os.environ["CELERY_BROKER_URL"])
        number = (int(broker.path.strip("/") or 0) + 1) % 16
        url = urllib.parse.urlunsplit(broker._replace(path=f"/{number}"))
    redis.Redis.from_url(url).flushdb()
    return {"CACHE_URL": url}


def object_store(stack: contextlib.ExitStack, logs):
    """moto's S3 server on a free port with a new bucket: the environment pointing at it."""
    import boto3

    port = free_port()
    start(stack, logs, "s3", [ROOT / ".venv/bin/moto_server", "-H", "127.0.0.1", "-p", str(port)])
    url = f"http://127.0.0.1:{port}"
    wait_for(f"{url}/moto-api/")
    bucket = f"vawg-load-{secrets.token_hex(4)}"
    boto3.client(
        "s3",
        endpoint_url=url,
        region_name=S3["AWS_S3_REGION_NAME"],
        aws_access_key_id=S3["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=S3["AWS_SECRET_ACCESS_KEY"],
    ).create_bucket(
        Bucket=bucket,
        CreateBucketConfiguration={"LocationConstraint": S3["AWS_S3_REGION_NAME"]},
    )
    return {**S3, "AWS_STORAGE_BUCKET_NAME": bucket, "AWS_S3_ENDPOINT_URL": url}


def start(stack: contextlib.ExitStack, logs, name, command, env=None):
    """Start ``command`` from the project's folder, its output in ``name``.log; the stack
    stops it (SIGTERM, then SIGKILL after 20 s)."""
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=stack.enter_context(open(logs / f"{name}.log", "w")),  # noqa: SIM115 (the stack closes it)
        stderr=subprocess.STDOUT,
    )
    stack.callback(stop, process)
    return process


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()


def load_venv():
    locust = LOAD_VENV / "bin" / "locust"
    if not locust.exists():
        subprocess.run([sys.executable, "-m", "venv", str(LOAD_VENV)], check=True)
        subprocess.run(
            [LOAD_VENV / "bin" / "pip", "install", "-q", "-r", ROOT / "requirements-load.txt"],
            check=True,
        )
    return locust


def tree_rss_mb(pid):
    """Resident memory of a process and its children, in MB (from ps)."""
    out = subprocess.run(
        ["ps", "-o", "pid=,ppid=,rss=", "-A"], capture_output=True, text=True
    ).stdout
    rows = [tuple(int(x) for x in line.split()) for line in out.splitlines() if line.strip()]
    family, total, grew = {pid}, 0, True
    while grew:
        grew = False
        for child, parent, _ in rows:
            if parent in family and child not in family:
                family.add(child)
                grew = True
    total = sum(rss for child, _, rss in rows if child in family)
    return total / 1024


def cpu_seconds(pid):
    """CPU time of a process, its live children and the children it has reaped (a worker
    child replaced after its task or memory limit took its time with it otherwise)."""
    tick = os.sysconf("SC_CLK_TCK")

    def stat(number):
        try:
            fields = Path(f"/proc/{number}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return int(fields[1]), sum(int(x) for x in fields[11:15])  # ppid; u+s+cu+cs time

    own = stat(pid)
    if own is None:
        return 0.0
    total = own[1]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != pid:
            found = stat(entry.name)
            if found and found[0] == pid:
                total += found[1]
    return total / tick


def trend_mb_per_minute(samples, every_seconds=15):
    """Least-squares slope of memory samples, in MB a minute (0 for fewer than 2)."""
    if len(samples) < 2:
        return 0.0
    xs = [i * every_seconds / 60 for i in range(len(samples))]
    mean_x, mean_y = sum(xs) / len(xs), sum(samples) / len(samples)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, samples, strict=True)) / spread


def wait_for(url, seconds=60):
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answered
        except Exception:
            time.sleep(0.5)
    sys.exit(f"{url} did not answer within {seconds}s")


def node_env(work, node, shared):
    """One node's environment: its own var folder (files would be kept there if the
    object store were not used), the shared services and static files."""
    folder = work / f"node-{node}"
    folder.mkdir(exist_ok=True)
    return environment(folder, STATIC_ROOT=str(work / "static"), **shared)


def files_under(folder):
    return sorted(
        str(path.relative_to(folder)) for path in Path(folder).rglob("*") if path.is_file()
    )


def main():
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="vawg-load-"))
    logs = work / "logs"
    logs.mkdir()
    locust = load_venv()
    manage = [PYTHON, "manage.py"]
    with contextlib.ExitStack() as stack:
        shared = shared_cache()
        if args.nodes > 1:
            shared |= object_store(stack, logs)
        envs = [node_env(work, node, shared) for node in range(1, args.nodes + 1)]
        env = envs[0]
        if args.nodes == 1:
            env = environment(work, **shared)  # as before: the run's folder is the node's
        print("migrate, collectstatic, scale data and logins…", flush=True)
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        people = work / "people.json"
        subprocess.run(
            [PYTHON, "bench/load/prepare.py", people, secrets.token_urlsafe(16), str(args.actions)],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "vawg_tracker.settings", "PYTHONPATH": ROOT},
            check=True,
        )
        if args.nodes == 1:
            envs = [env]
        webs, workers, ports = [], [], []
        for node, node_environment in enumerate(envs, start=1):
            port = free_port()
            ports.append(port)
            web = [ROOT / ".venv/bin/gunicorn", "vawg_tracker.wsgi", "--bind", f"127.0.0.1:{port}"]
            web += ["--workers", str(args.web_workers), "--access-logfile", "-"]
            webs.append(start(stack, logs, f"web-{node}", web, node_environment))
            worker = ["nice", "-n", str(args.worker_nice), ROOT / ".venv/bin/celery"]
            worker += ["-A", "vawg_tracker", "worker", "--hostname", f"node-{node}@%h"]
            worker += ["--concurrency", "2", "--loglevel", "WARNING"]
            workers.append(start(stack, logs, f"worker-{node}", worker, node_environment))
        hosts = [f"http://127.0.0.1:{port}" for port in ports]
        for host in hosts:
            wait_for(f"{host}/accounts/login/")
        time.sleep(5)
        samples = [[tree_rss_mb(worker.pid)] for worker in workers]
        cpu_start = [cpu_seconds(worker.pid) for worker in workers]
        print(f"web on {', '.join(hosts)}; {args.users} users for {args.minutes} min…", flush=True)
        stats = work / "locust"
        started = time.time()
        command = [locust, "-f", ROOT / "bench/load/locustfile.py", "--headless"]
        command += ["--host", hosts[0], "-u", str(args.users), "-r", str(args.spawn_rate)]
        command += ["-t", f"{int(args.minutes * 60)}s", "--csv", stats, "--only-summary"]
        journeys = {
            "LOAD_PEOPLE": str(people),
            "LOAD_HOSTS": ",".join(hosts),
            "LOAD_REPORT_EVERY": str(args.report_every),
        }
        runner = start(stack, logs, "locust", command, {**os.environ, **journeys})
        analyzed = time.monotonic()
        while runner.poll() is None:
            time.sleep(15)
            for worker, sampled in zip(workers, samples, strict=True):
                sampled.append(tree_rss_mb(worker.pid))
            if args.analyze_every and time.monotonic() - analyzed >= args.analyze_every:
                analyze()
                analyzed = time.monotonic()
        cpu = [cpu_seconds(w.pid) - begun for w, begun in zip(workers, cpu_start, strict=True)]
        report(stats, samples, cpu, args)
        failures = summary(stats)
        rendered = reports_since(env, started)
        time.sleep(1)
    print(f"(logs in {logs})")
    print(
        "reports requested during the run: {requested}; rendered {ready}, failed {failed}, "
        "still queued or rendering {waiting}; render time (s) {times}".format(**rendered)
    )
    errors = []
    for node in range(1, args.nodes + 1):
        web_log = (logs / f"web-{node}.log").read_text().splitlines()
        errors += [line for line in web_log if re.search(r'" 5\d\d ', line) or "Traceback" in line]
    print(f"server errors in the web logs: {len(errors)}")
    left = []
    if args.nodes > 1:
        for node in range(1, args.nodes + 1):
            left += files_under(work / f"node-{node}")
        print(f"files the nodes kept on their own disks: {len(left)}", *left[:10])
    target = P95_TARGET_MS[args.nodes]
    ok = failures["failures"] == 0 and failures["p95"] < target and not errors and not left
    print("PASS" if ok else "FAIL", f"(targets: 0 errors, p95 < {target} ms)")
    if ok:
        shutil.rmtree(work / "static", ignore_errors=True)
    sys.exit(0 if ok else 1)


def analyze():
    """Refresh the planner's statistics of the run's database, as autovacuum does on a
    server where it is on (the load adds thousands of updates and reviews in minutes)."""
    import psycopg2

    with contextlib.closing(psycopg2.connect(os.environ["DATABASE_URL"])) as connection:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def reports_since(env, started):
    """The reports requested since ``started`` (a timestamp), by state, from the database."""
    script = (
        "import json, datetime;"
        "from reports.models import Report;"
        f"since = datetime.datetime.fromtimestamp({started}, datetime.UTC);"
        "rs = Report.objects.filter(created_at__gte=since);"
        "done = [r for r in rs if r.state == 'ready'];"
        "print(json.dumps({'requested': len(rs), 'ready': len(done),"
        " 'failed': sum(r.state == 'failed' for r in rs),"
        " 'waiting': sum(r.state in ('pending', 'running') for r in rs),"
        " 'times': [round((r.finished_at - r.started_at).total_seconds(), 1) for r in done]}))"
    )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def rows(stats):
    with open(f"{stats}_stats.csv") as handle:
        return list(csv.DictReader(handle))


def summary(stats):
    total = next(row for row in rows(stats) if row["Name"] == "Aggregated")
    return {"failures": int(total["Failure Count"]), "p95": float(total["95%"])}


def report(stats, samples, cpu, args):
    print(f"\n{'request':28} {'count':>7} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>7}")
    for row in rows(stats):
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        print(
            f"{name[:28]:28} {row['Request Count']:>7} {row['Failure Count']:>5} "
            f"{row['50%']:>6} {row['95%']:>6} {row['99%']:>6} "
            f"{float(row['Max Response Time']):>7.0f}"
        )
    total = next(row for row in rows(stats) if row["Name"] == "Aggregated")
    rate = float(total["Requests/s"])
    print(
        f"\n{args.users} users, {args.minutes} min, {args.nodes} node(s): "
        f"{rate:.1f} requests/s (ms above)"
    )
    for number, (sampled, used) in enumerate(zip(samples, cpu, strict=True), start=1):
        print(
            f"worker {number} memory (MB, all processes): start {sampled[0]:.0f}, "
            f"end {sampled[-1]:.0f}, peak {max(sampled):.0f}, {len(sampled)} samples, "
            f"trend {trend_mb_per_minute(sampled):+.1f} MB/min; CPU {used:.0f} s"
        )
        print("  each minute (MB):", " ".join(f"{mb:.0f}" for mb in sampled[::4]))


if __name__ == "__main__":
    main()
