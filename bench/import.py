"""
Time and peak memory of bringing a plan in from a spreadsheet: the preview (read and check)
of a workbook of N actions, each with a milestone, and the import (preview, then saving it
all as a new plan), against the targets: 5,000 actions previewed in at most 10 s and
300 MB, and imported in at most 20 s.

    .venv/bin/python bench/import.py [--sizes 1000,5000]

Each size has its own throwaway SQLite database under /tmp: one process migrates, loads the
demo data (its pledges, strategy, forms of VAWG, leads and partners are the names the rows
use) and writes the workbook; a second, fresh process previews it; a third previews and
imports it. Peak memory is that process's maximum resident set size, Django and all;
"growth" is how much the preview added to it. A report, not a test: it exits 0 even when a
target is missed, unless --strict.
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

from report import run_child, throwaway_env  # bench/report.py, beside this file

TARGET_PREVIEW_SECONDS = 10.0
TARGET_PREVIEW_MB = 300
TARGET_IMPORT_SECONDS = 20.0

GENERATE = r"""
import datetime, os, random, sys
sys.path.insert(0, os.environ["VAWG_ROOT"])
import django
django.setup()
from django.core.management import call_command
from openpyxl import Workbook
from demo.demo_data import load_demo_data
from onboarding.columns import ACTIONS, MILESTONES
from plans.models import LeadSpecialist, Outcome, FocusArea, ViolenceForm
from partners.models import PartnerOrganisation

call_command("migrate", verbosity=0)
load_demo_data()
rng = random.Random(18)
leads = list(LeadSpecialist.objects.values_list("name", flat=True))
partners = list(PartnerOrganisation.objects.values_list("name", flat=True))
forms = list(ViolenceForm.objects.values_list("name", flat=True))
outcomes = list(Outcome.objects.values_list("title", flat=True))
areas = list(FocusArea.objects.values_list("title", flat=True))
statuses = ["Not started", "On track", "At risk", "Off track", "Completed"]
book = Workbook(write_only=True)
actions = book.create_sheet(ACTIONS.name)
actions.append([column.name for column in ACTIONS.columns])
milestones = book.create_sheet(MILESTONES.name)
milestones.append([column.name for column in MILESTONES.columns])
start = datetime.date(2025, 4, 1)
for n in range(int(os.environ["ACTIONS"])):
    reference = f"{n // 100 + 1}.{n % 100 + 1}"
    status = rng.choice(statuses)
    actions.append([
        reference, f"Bench action {n}", "What the action will do, in a sentence or two. " * 3,
        f"FP {rng.randint(1, 5)}; Four calls on stalking {rng.randint(1, 4)}",
        rng.choice(areas), "; ".join(rng.sample(outcomes, 2)), "; ".join(rng.sample(forms, 2)),
        rng.choice(leads), "; ".join(rng.sample(partners, 2)),
        start + datetime.timedelta(days=n % 300), start + datetime.timedelta(days=400 + n % 300),
        status, rng.randint(0, 100),
        "Waiting on a venue." if status in ("At risk", "Off track") else None,
    ])
    milestones.append([reference, f"Milestone of {n}", start + datetime.timedelta(days=200), None])
book.save(os.environ["WORKBOOK"])
"""

MEASURE = r"""
import gc, json, os, resource, sys, time
sys.path.insert(0, os.environ["VAWG_ROOT"])
import django
django.setup()
from django.contrib.auth import get_user_model
from onboarding.preview import preview_plan
from plans.models import Strategy

data = open(os.environ["WORKBOOK"], "rb").read()
strategy = Strategy.objects.first()
gc.collect()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
preview = preview_plan(data, title="Bench plan", strategy=strategy)
preview_seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
problems = preview.errors()
result = {"actions": len(preview.actions.created), "problems": len(problems),
          "first_problem": str(problems[0]) if problems else "",
          "preview_seconds": preview_seconds, "peak_mb": peak / 1024,
          "growth_mb": (peak - before) / 1024}
if os.environ.get("SAVE") and not problems:
    user = get_user_model().objects.get(username="staff")
    started = time.perf_counter()
    counts = preview.apply(by=user)
    result["apply_seconds"] = time.perf_counter() - started
    result["import_seconds"] = preview_seconds + result["apply_seconds"]
    result["saved"] = dict(counts)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
"""


def run(size):
    with tempfile.TemporaryDirectory() as folder:
        env = throwaway_env(folder, ACTIONS=str(size), WORKBOOK=f"{folder}/plan.xlsx")
        run_child(GENERATE, env)
        file_mb = Path(env["WORKBOOK"]).stat().st_size / 1024 / 1024
        preview = json.loads(run_child(MEASURE, env).strip().splitlines()[-1])
        saved = json.loads(run_child(MEASURE, {**env, "SAVE": "1"}).strip().splitlines()[-1])
        return {**preview, "file_mb": file_mb, "import": saved}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()
    failures = []
    print(
        f"{'actions':>8} {'file MB':>8} {'preview s':>10} {'peak MB':>8} {'growth MB':>10} "
        f"{'import s':>9} {'import peak MB':>15}"
    )
    for size in (int(part) for part in args.sizes.split(",")):
        row = run(size)
        if row["problems"]:
            sys.exit(f"{row['problems']} problems in the generated file: {row['first_problem']}")
        saved = row["import"]
        print(
            f"{size:>8} {row['file_mb']:>8.1f} {row['preview_seconds']:>10.2f} "
            f"{row['peak_mb']:>8.0f} {row['growth_mb']:>10.0f} "
            f"{saved['import_seconds']:>9.2f} {saved['peak_mb']:>15.0f}",
            flush=True,
        )
        if size == 5000:
            if row["preview_seconds"] > TARGET_PREVIEW_SECONDS:
                failures.append(f"preview took {row['preview_seconds']:.1f} s (target 10 s)")
            if row["peak_mb"] > TARGET_PREVIEW_MB:
                failures.append(f"preview peaked at {row['peak_mb']:.0f} MB (target 300 MB)")
            if saved["import_seconds"] > TARGET_IMPORT_SECONDS:
                failures.append(f"import took {saved['import_seconds']:.1f} s (target 20 s)")
    print("PASS" if not failures else "FAIL: " + "; ".join(failures))
    return 1 if failures and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
