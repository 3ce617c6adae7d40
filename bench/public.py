"""
Server time of the public site's pages on the large data set, next to the admin changelist.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vawg_bench \\
        .venv/bin/python bench/public.py [--requests 50] [--actions 2000]

The public pages are read from a publication's frozen snapshot, so they should cost a
fraction of a page built from the live records. This publishes the largest scale plan's
last ended quarter (if it is not published yet), then times N anonymous requests to each
public page (the home, the quarter's page, a pledge, an outcome, an action, an indicator,
the list of quarters, the funding page and funding.csv, and the open data where it
exists) and N requests to the admin's
action changelist (signed in as a superuser: 100 actions a page, from the live tables),
in alternating blocks, as bench/pages.py does. Target: every public page's p50 at most
0.3 x the changelist's p50. A report, not a test: it exits 0 on FAIL unless --strict.

Give it a throwaway database (it migrates it and adds the scale data). See bench/README.md.
"""

import gc
import sys

from pages import (  # bench/pages.py, beside this file
    BenchError,
    _blocks,
    configure,
    describe_environment,
    fetch,
    parse_args,
    percentile,
    prepare_data,
    queries_of,
    setup_django,
)

TARGET = 0.3  # public page p50 / admin changelist p50
ADMIN_USERNAME = "bench-admin"


def publication():
    """The largest scale plan's last ended quarter, published (once)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from demo.scale_data import PLAN_TITLES
    from plans.models import ActionPlan
    from publication.models import Publication
    from vawg_tracker.quarters import Quarter

    plan = (
        ActionPlan.objects.filter(title__in=PLAN_TITLES)
        .annotate(n=Count("actions"))
        .order_by("-n", "pk")
        .first()
    )
    quarter = Quarter.current().previous()
    live = Publication.objects.live().filter(plan=plan, quarter=quarter).first()
    if live:
        return live
    publisher, _ = get_user_model().objects.get_or_create(username="bench-publisher")
    return Publication.publish(plan, quarter, by=publisher)


def admin_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, created = get_user_model().objects.get_or_create(
        username=ADMIN_USERNAME, defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        user.set_unusable_password()
        user.save()
    client = Client()
    client.force_login(user)
    return client


def public_targets(published):
    """[(name, URL, what it shows)] of the public site, for ``published``."""
    from django.urls import reverse

    from public.pages import PublishedPlan

    page = PublishedPlan(published)
    at = (published.plan_id, published.quarter)
    pledge = max(
        (p for s in page.pledge_sets for p in s["pledges"]), key=lambda p: len(p["actions"])
    )
    outcome = max(page.outcomes, key=lambda o: len(o["actions"]))
    targets = [
        ("home", reverse("public:home"), f"{len(page.actions)} actions"),
        ("quarter", reverse("public:publication", args=at), f"{published.quarter}"),
        (
            "pledge",
            reverse("public:pledge", args=[*at, pledge["set"]["slug"], pledge["number"]]),
            f"{len(pledge['actions'])} actions",
        ),
        (
            "outcome",
            reverse("public:outcome", args=[*at, outcome["number"]]),
            f"{len(outcome['actions'])} actions",
        ),
        ("action", reverse("public:action", args=[*at, page.actions[0]["slug"]]), ""),
        ("past", reverse("public:past"), "every quarter published"),
    ]
    if page.indicators:
        slug = page.indicators[0]["slug"]
        targets.append(("indicator", reverse("public:indicator", args=[*at, slug]), ""))
    if published.funding:
        awards = sum(len(provider["awards"]) for provider in published.funding["providers"])
        targets.append(("funding", reverse("public:funding", args=at), f"{awards} awards"))
        targets.append(
            ("data_funding", reverse("public:data_csv", args=[published.quarter, "funding"]), "")
        )
    # The open data: the largest file and everything as JSON.
    targets.append(
        ("data_actions", reverse("public:data_csv", args=[published.quarter, "actions"]), "CSV")
    )
    targets.append(("data_json", reverse("public:data_json", args=[published.quarter]), "JSON"))
    return targets


def timed(client, url, count):
    times = []
    for _ in range(count):
        elapsed, _size = fetch(client, url)
        times.append(elapsed * 1000)
    return times


def main(argv=None):
    args = parse_args(argv)
    configure(args)
    setup_django()
    from django.test import Client

    prepare_data(args)
    published = publication()
    anonymous, admin = Client(), admin_client()
    changelist = "/admin/plans/action/"
    pages = public_targets(published)
    print()
    describe_environment(args)
    print(f"Published: {published.plan}, {published.quarter}.")
    print(f"Reference: the admin changelist {changelist} (100 actions a page, superuser).\n")
    for _ in range(args.warmup):
        fetch(admin, changelist)
    admin_queries = len(queries_of(admin, changelist))
    results, admin_times = [], []
    for name, url, what in pages:
        for _ in range(args.warmup):
            fetch(anonymous, url)
        queries = len(queries_of(anonymous, url))
        times = []
        for block in _blocks(args.requests, args.rounds):
            gc.collect()
            times += timed(anonymous, url, block)
            gc.collect()
            admin_times += timed(admin, changelist, block)
        results.append((name, url, what, times, queries))
    admin_p50 = percentile(admin_times, 50)
    header = f"{'page':<14}{'p50 ms':>8}{'p95 ms':>8}{'x admin p50':>13}{'queries':>9}  result"
    print(header)
    print("-" * len(header))
    print(
        f"{'admin':<14}{admin_p50:>8.1f}{percentile(admin_times, 95):>8.1f}{1:>13.2f}"
        f"{admin_queries:>9}  (reference)"
    )
    failed = []
    for name, url, what, times, queries in results:
        ratio = percentile(times, 50) / admin_p50
        verdict = "PASS" if ratio <= TARGET else f"FAIL (> {TARGET:g})"
        if ratio > TARGET:
            failed.append(name)
        print(
            f"{name:<14}{percentile(times, 50):>8.1f}{percentile(times, 95):>8.1f}"
            f"{ratio:>13.2f}{queries:>9}  {verdict}   {url} {what}"
        )
    print(f"\nTarget: each public page's p50 at most {TARGET:g} x the changelist's p50.")
    if failed:
        print(f"Failing: {', '.join(failed)}.")
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        sys.exit(f"ERROR: {error}")
