"""
Server time of each staff page on the large data set, next to its bare floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vawg_bench \\
        .venv/bin/python bench/pages.py [--requests 50] [--actions 2000]

For each page (plans.urls) this makes one warm-up request and then N timed requests through
django.test.Client, signed in as PCC staff, and N requests to the page's bare floor
(bench/floors.py: the same rows read with .values() into a minimal template, behind the
same middleware), in alternating blocks. It prints p50 and p95 in milliseconds for both,
the ratio of the p95s and PASS/FAIL against the targets: every page within 2x its floor
(p95), and the dashboard's p95 at most 200 ms. A report, not a test: it exits 0 on FAIL
unless --strict.

It migrates the database and generates the scale data (demo.scale_data) if absent, so
point it at a throwaway database. See bench/README.md.
"""

import argparse
import gc
import math
import os
import platform
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 2.0
DASHBOARD_P95_MS = 200.0
BENCH_USERNAME = "bench-staff"
POSTGRES_SCHEMES = ("postgres://", "postgresql://", "pgsql://")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="p50/p95 server time per page next to a bare Django floor (PostgreSQL)."
    )
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument(
        "--actions", type=int, default=2000, help="actions to generate if there is no scale data"
    )
    parser.add_argument("--warmup", type=int, default=1, help="untimed requests first (1)")
    parser.add_argument(
        "--rounds", type=int, default=2, help="alternate page and floor blocks this often (2)"
    )
    parser.add_argument("--only", help="comma-separated page names to run, e.g. dashboard")
    parser.add_argument(
        "--queries", action="store_true", help="also list each page's SQL queries with timings"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 if any page fails")
    parser.add_argument(
        "--allow-sqlite",
        action="store_true",
        help="run on SQLite anyway (numbers are not comparable with the targets)",
    )
    args = parser.parse_args(argv)
    if args.requests < 1 or args.warmup < 0 or args.actions < 1:
        parser.error("--requests and --actions must be positive, --warmup not negative")
    return args


def configure(args):
    """Check the database, then set the environment the settings module reads."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(POSTGRES_SCHEMES):
        if url.startswith("sqlite:") and args.allow_sqlite:
            print("WARNING: running on SQLite; the targets are for PostgreSQL.\n")
        else:
            shown = url.split("://", 1)[0] + "://…" if url else "unset"
            print(
                f"Refusing to run: DATABASE_URL is {shown}. The targets are for PostgreSQL, "
                "and this script adds scale data to the database it is given, so give it a "
                "throwaway one, e.g.\n"
                "  createdb -h 127.0.0.1 -U postgres vawg_bench\n"
                "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/vawg_bench "
                ".venv/bin/python bench/pages.py\n"
                "(SQLite: pass --allow-sqlite and DATABASE_URL=sqlite:///PATH.)",
                file=sys.stderr,
            )
            sys.exit(2)
    # Production-like: DEBUG off (no query log, cached templates). Over plain http, so no
    # SSL redirect and no secure-only cookies; the test client's host is "testserver".
    os.environ.update(
        DJANGO_SETTINGS_MODULE="vawg_tracker.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver,localhost",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        # The bench user signs in without a code: two-factor has tests of its own, and
        # with it required (the production default) every page would answer 302.
        REQUIRE_TWO_FACTOR="0",
    )
    sys.path.insert(0, str(ROOT))


def setup_django():
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # With DEBUG off, {% static %} needs the manifest that collectstatic writes; plain
    # storage gives the same URLs' cost without it. The floors' routes join the project's.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(ROOT_URLCONF="bench.floors", STORAGES=storages).enable()


def prepare_data(args):
    from django.core.management import call_command
    from django.db import connection

    from demo.scale_data import PLAN_TITLES, existing_scale_data, generate
    from plans.models import Action

    call_command("migrate", interactive=False, verbosity=0)
    found = existing_scale_data()
    if found:
        print(f"Scale data already present ({found}); not generating it again.")
    else:
        print(f"Generating scale data with {args.actions} actions…", flush=True)
        started = time.perf_counter()
        generate(args.actions, seed=1)
        print(f"  done in {time.perf_counter() - started:.1f}s.")
    if connection.vendor == "postgresql":
        # Planner statistics, as autovacuum would have them on a live server. Without
        # them (bulk-loaded tables, or autovacuum off) PostgreSQL guesses row counts,
        # e.g. 4 actions in a plan instead of 400, and picks different plans.
        with connection.cursor() as cursor:
            cursor.execute("SHOW autovacuum")
            autovacuum = cursor.fetchone()[0]
            cursor.execute("ANALYZE")
        print(f"ANALYZE done (autovacuum is {autovacuum} on this server).")
    scale_actions = Action.objects.filter(plan__title__in=PLAN_TITLES).count()
    if scale_actions != args.actions:
        print(f"NOTE: the database has {scale_actions} scale actions, not {args.actions}.")


def bench_user():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from vawg_tracker.accounts.models import Role

    user, created = get_user_model().objects.get_or_create(
        username=BENCH_USERNAME,
        defaults={"first_name": "Bench", "last_name": "Staff", "is_staff": True},
    )
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get(name=Role.PCC_STAFF))
    return user


def targets():
    """[(page name, page URL, floor URL, what it shows)] on the scale data."""
    from django.db.models import Count
    from django.urls import reverse

    from demo.scale_data import PLAN_TITLES
    from plans.models import ActionPlan, Indicator, LeadSpecialist, Outcome
    from pledges.models import Pledge
    from reports.dashboard import default_plan, default_pledge_set

    plan = default_plan()
    query = ""
    if plan is None or plan.title not in PLAN_TITLES:
        # Demo data beside the scale data: ask for the first active scale plan.
        plan = ActionPlan.objects.active().filter(title__in=PLAN_TITLES).first()
        query = f"?plan={plan.pk}"
    pledge_set = default_pledge_set(plan)
    action = plan.actions.order_by("reference").first()
    busiest = Count("actions")
    pledge = Pledge.objects.annotate(n=busiest).order_by("-n", "pk").first()
    lead = LeadSpecialist.objects.annotate(n=busiest).order_by("-n", "pk").first()
    indicator = Indicator.objects.annotate(n=Count("values")).order_by("-n", "pk").first()
    outcome = (
        Outcome.objects.filter(strategy_id=plan.strategy_id, actions__plan=plan)
        .annotate(n=busiest)
        .order_by("-n", "pk")
        .first()
    )
    plan_actions = plan.actions.count()

    def page(name, *args):
        app = "reports" if name in ("dashboard", "outcome_detail") else "plans"
        return reverse(f"{app}:{name}", args=args)

    def floor(name, *args):
        return f"/bench/floor/{name}/" + "".join(f"{arg}/" for arg in args)

    floor_query = f"?plan={plan.pk}&pledge_set={pledge_set.pk}"
    return [
        (
            "dashboard",
            page("dashboard") + query,
            floor("dashboard") + floor_query,
            f"{plan} ({plan_actions} actions), {pledge_set}",
        ),
        ("action_list", page("action_list"), floor("action_list"), "page 1 of all actions"),
        ("action_export", page("action_export"), floor("action_export"), "all actions, CSV"),
        (
            "action_detail",
            page("action_detail", action.pk),
            floor("action_detail", action.pk),
            f"{action.reference} in {plan}",
        ),
        (
            "pledge_detail",
            page("pledge_detail", pledge.pk),
            floor("pledge_detail", pledge.pk),
            f"pledge {pledge.number} of {pledge.pledge_set} ({pledge.n} actions)",
        ),
        (
            "outcome_detail",
            page("outcome_detail", outcome.pk) + f"?plan={plan.pk}",
            floor("outcome_detail", outcome.pk) + f"?plan={plan.pk}",
            f"outcome {outcome.number} in {plan} ({outcome.n} actions)",
        ),
        ("plan_list", page("plan_list"), floor("plan_list"), "every plan"),
        (
            "plan_detail",
            page("plan_detail", plan.pk),
            floor("plan_detail", plan.pk),
            f"{plan} ({plan_actions} actions)",
        ),
        ("lead_list", page("lead_list"), floor("lead_list"), "page 1 of lead specialists"),
        (
            "lead_detail",
            page("lead_detail", lead.pk),
            floor("lead_detail", lead.pk),
            f"{lead} ({lead.n} actions)",
        ),
        ("indicator_list", page("indicator_list"), floor("indicator_list"), "page 1"),
        (
            "indicator_detail",
            page("indicator_detail", indicator.pk),
            floor("indicator_detail", indicator.pk),
            f"{indicator} ({indicator.n} values)",
        ),
    ]


class BenchError(Exception):
    pass


def fetch(client, url):
    """Seconds to get ``url`` and read all of its body, and the body's size."""
    started = time.perf_counter()
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise BenchError(f"GET {url} answered {response.status_code}")
    return elapsed, len(body)


def queries_of(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fetch(client, url)
    return captured.captured_queries


def percentile(samples, p):
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(samples)
    k = (len(ordered) - 1) * p / 100
    low, high = math.floor(k), math.ceil(k)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def _blocks(total, rounds):
    rounds = max(1, min(rounds, total))
    return [total // rounds + (i < total % rounds) for i in range(rounds)]


def measure(client, name, page_url, floor_url, args):
    for _ in range(args.warmup):
        fetch(client, page_url)
        fetch(client, floor_url)
    page_queries = queries_of(client, page_url)
    floor_queries = queries_of(client, floor_url)
    page_times, floor_times = [], []
    size = floor_size = 0
    # In blocks (page, floor, page, floor), not request by request: a request that makes
    # many objects sets off the garbage collector's full collections (30-80 ms here), and
    # interleaving would make the floor pay for the page's garbage. Two rounds, so drift
    # on the machine hits both alike; a collection before each block starts it clean.
    for block in _blocks(args.requests, args.rounds):
        gc.collect()
        for _ in range(block):
            elapsed, size = fetch(client, page_url)
            page_times.append(elapsed * 1000)
        gc.collect()
        for _ in range(block):
            elapsed, floor_size = fetch(client, floor_url)
            floor_times.append(elapsed * 1000)
    result = {
        "name": name,
        "p50": percentile(page_times, 50),
        "p95": percentile(page_times, 95),
        "floor_p50": percentile(floor_times, 50),
        "floor_p95": percentile(floor_times, 95),
        "queries": len(page_queries),
        "floor_queries": len(floor_queries),
        "kb": size / 1024,
        "floor_kb": floor_size / 1024,
        "page_sql": page_queries,
    }
    result["ratio"] = result["p95"] / result["floor_p95"]
    result["ratio50"] = result["p50"] / result["floor_p50"]
    reasons = []
    if result["ratio"] > TARGET_RATIO:
        reasons.append(f"ratio > {TARGET_RATIO:g}")
    if name == "dashboard" and result["p95"] > DASHBOARD_P95_MS:
        reasons.append(f"p95 > {DASHBOARD_P95_MS:g} ms")
    result["verdict"] = "FAIL (" + ", ".join(reasons) + ")" if reasons else "PASS"
    return result


def describe_environment(args):
    import django
    from django.db import connection

    from plans.models import Action, Milestone, ProgressUpdate

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"{connection.vendor} {version}, {os.cpu_count()} CPUs, DEBUG off."
    )
    print(
        f"Data: {Action.objects.count()} actions, {ProgressUpdate.objects.count()} progress "
        f"updates, {Milestone.objects.count()} milestones. {args.requests} timed requests "
        f"per page and per floor, in {args.rounds} alternating rounds, after {args.warmup} "
        "warm-up."
    )


def print_table(results):
    header = (
        f"{'page':<17}{'p50 ms':>8}{'p95 ms':>8}{'floor p50':>10}{'floor p95':>10}"
        f"{'ratio':>7}{'p50 ratio':>10}{'queries':>9}{'KB':>10}  result"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        queries = f"{r['queries']}/{r['floor_queries']}"
        size = f"{r['kb']:.0f}/{r['floor_kb']:.0f}"
        print(
            f"{r['name']:<17}{r['p50']:>8.1f}{r['p95']:>8.1f}{r['floor_p50']:>10.1f}"
            f"{r['floor_p95']:>10.1f}{r['ratio']:>7.2f}{r['ratio50']:>10.2f}"
            f"{queries:>9}{size:>10}  {r['verdict']}"
        )
    print(
        f"\nratio = page p95 / floor p95 (target ≤ {TARGET_RATIO:g}); dashboard p95 target ≤ "
        f"{DASHBOARD_P95_MS:g} ms. p50 ratio (page p50 / floor p50) is for information: it is "
        "steadier on a busy machine. queries and KB: page/floor, for one request."
    )


def print_queries(results):
    for r in results:
        total = sum(float(q["time"]) for q in r["page_sql"]) * 1000
        print(f"\n{r['name']}: {len(r['page_sql'])} queries, {total:.1f} ms in the database")
        for q in sorted(r["page_sql"], key=lambda q: -float(q["time"])):
            print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:220]}")


def main(argv=None):
    args = parse_args(argv)
    configure(args)
    setup_django()
    from django.test import Client

    prepare_data(args)
    client = Client()
    client.force_login(bench_user())
    pages = targets()
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        unknown = wanted - {name for name, *_ in pages}
        if unknown:
            sys.exit(f"Unknown page(s): {', '.join(sorted(unknown))}")
        pages = [target for target in pages if target[0] in wanted]
    print()
    describe_environment(args)
    for name, page_url, _floor, what in pages:
        print(f"  {name:<17}{page_url:<40} {what}")
    print(flush=True)
    results, errors = [], []
    for name, page_url, floor_url, _ in pages:
        try:
            results.append(measure(client, name, page_url, floor_url, args))
        except Exception as error:  # a report: say which page broke, go on with the rest
            errors.append(name)
            print(f"ERROR on {name}: {error.__class__.__name__}: {error}", file=sys.stderr)
    print_table(results)
    for name in errors:
        print(f"{name:<17}ERROR (see the message above)")
    if args.queries:
        print_queries(results)
    failed = [r["name"] for r in results if r["verdict"] != "PASS"] + errors
    if failed:
        print(f"\nFailing: {', '.join(failed)}.")
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
