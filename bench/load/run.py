"""
Load test: 50 people for 10 minutes against the production set-up, on loopback.

    createdb -h 127.0.0.1 -U postgres vawg_load
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vawg_load \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python bench/load/run.py [--users 50] [--minutes 10] [--actions 2000]

It migrates the database, generates the scale data if absent and prepares logins
(bench/load/prepare.py), collects static files, then starts gunicorn (DEBUG off, as in
production, over plain http on 127.0.0.1) and a Celery worker, and runs the Locust
journeys in bench/load/locustfile.py headless from their own virtualenv
(.venv-load, made from requirements-load.txt on first use). It samples the worker's
memory every 15 seconds, then prints requests, failures and p50/p95/p99 per request and in
all, and the worker's memory at the start, the end and its peak. Exit status 1 when the
targets are missed: any failure, or a p95 in all of 500 ms or more.
"""

import argparse
import contextlib
import csv
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: bench/loopback.py is shared

from bench.loopback import production_env  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"
LOAD_VENV = ROOT / ".venv-load"
P95_TARGET_MS = 500


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=1)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--actions", type=int, default=2000)
    parser.add_argument("--web-workers", type=int, default=4)
    return parser.parse_args()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(work):
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
    )


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


def wait_for(url, seconds=60):
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(0.5)
    sys.exit(f"{url} did not answer within {seconds}s")


def main():
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="vawg-load-"))
    env = environment(work)
    locust = load_venv()
    manage = [PYTHON, "manage.py"]
    print("migrate, collectstatic, scale data and logins…", flush=True)
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    people = work / "people.json"
    subprocess.run(
        [PYTHON, "bench/load/prepare.py", people, secrets.token_urlsafe(16), str(args.actions)],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "vawg_tracker.settings", "PYTHONPATH": ROOT},
        check=True,
    )
    port = free_port()
    logs = work / "logs"
    logs.mkdir()
    with contextlib.ExitStack() as stack:
        web = subprocess.Popen(
            [
                ROOT / ".venv/bin/gunicorn",
                "vawg_tracker.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.web_workers),
                "--access-logfile",
                "-",
            ],
            cwd=ROOT,
            env=env,
            stdout=stack.enter_context(open(logs / "web.log", "w")),
            stderr=subprocess.STDOUT,
        )
        worker = subprocess.Popen(
            [
                ROOT / ".venv/bin/celery",
                "-A",
                "vawg_tracker",
                "worker",
                "--concurrency",
                "2",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            stdout=stack.enter_context(open(logs / "worker.log", "w")),
            stderr=subprocess.STDOUT,
        )
        samples = []
        try:
            wait_for(f"http://127.0.0.1:{port}/accounts/login/")
            time.sleep(5)
            samples.append(tree_rss_mb(worker.pid))
            print(f"web on :{port}; {args.users} users for {args.minutes} min…", flush=True)
            stats = work / "locust"
            runner = subprocess.Popen(
                [
                    locust,
                    "-f",
                    ROOT / "bench/load/locustfile.py",
                    "--headless",
                    "-u",
                    str(args.users),
                    "-r",
                    str(args.spawn_rate),
                    "-t",
                    f"{int(args.minutes * 60)}s",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--csv",
                    stats,
                    "--only-summary",
                ],
                cwd=ROOT,
                env={**os.environ, "LOAD_PEOPLE": str(people)},
                stdout=stack.enter_context(open(logs / "locust.log", "w")),
                stderr=subprocess.STDOUT,
            )
            while runner.poll() is None:
                time.sleep(15)
                samples.append(tree_rss_mb(worker.pid))
            report(stats, samples, args)
            failures = summary(stats)
        finally:
            for process in (web, worker):
                process.send_signal(signal.SIGTERM)
            for process in (web, worker):
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    process.kill()
    print(f"(logs in {logs})")
    web_log = (logs / "web.log").read_text().splitlines()
    errors = [line for line in web_log if re.search(r'" 5\d\d ', line) or "Traceback" in line]
    print(f"server errors in the web log: {len(errors)}")
    ok = failures["failures"] == 0 and failures["p95"] < P95_TARGET_MS and not errors
    print("PASS" if ok else "FAIL", f"(targets: 0 errors, p95 < {P95_TARGET_MS} ms)")
    if ok:
        shutil.rmtree(work / "static", ignore_errors=True)
    sys.exit(0 if ok else 1)


def rows(stats):
    with open(f"{stats}_stats.csv") as handle:
        return list(csv.DictReader(handle))


def summary(stats):
    total = next(row for row in rows(stats) if row["Name"] == "Aggregated")
    return {"failures": int(total["Failure Count"]), "p95": float(total["95%"])}


def report(stats, samples, args):
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
    print(f"\n{args.users} users, {args.minutes} min: {rate:.1f} requests/s (ms above)")
    print(
        f"worker memory (MB, all processes): start {samples[0]:.0f}, end {samples[-1]:.0f}, "
        f"peak {max(samples):.0f}, {len(samples)} samples"
    )
    print("worker memory each minute (MB):", " ".join(f"{mb:.0f}" for mb in samples[::4]))


if __name__ == "__main__":
    main()
