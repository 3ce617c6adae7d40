"""
Time and peak memory of rendering the quarterly report for plans of 100, 500 and 1,000
actions (the scale data set), against the targets: 500 actions in at most 7 s and
260 MB (issue 20; issue 17 asked for 8 s and 300 MB), and 1,000 actions taking at most
2.2 times as long as 500.

    .venv/bin/python bench/report.py [--sizes 100,500,1000]

Each size has its own throwaway SQLite database under /tmp: one process migrates and
generates 5 × N actions (demo.scale_data: "Scale plan 1" gets N), and renders that
plan's report for the last ended quarter in a second, fresh process (warmed up on a
one-line PDF, so fonts are loaded), timing its steps: building the HTML (the project's
queries and templates), WeasyPrint's layout and PDF writing, and the finishing pass
(table header scopes). A third fresh process gives the same HTML to WeasyPrint alone
(stylesheet inlined, no Django): what the project adds is the difference. Peak memory is
a process's maximum resident set size, Django and all; "growth" is how much rendering
added. The rendering process imports only what production installs (bench/production.py):
the development virtualenv's test tools would otherwise add some 12 MB that a worker
never has (Django REST framework imports ``requests`` when it finds it). A report, not a
test: it exits 0 even when a target is missed, unless --strict.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS_500 = 7.0
TARGET_MB_500 = 260
TARGET_GROWTH = 2.2

GENERATE = r"""
import os, sys
sys.path.insert(0, os.environ["VAWG_ROOT"])
import django
django.setup()
from django.core.management import call_command
from demo.scale_data import generate
call_command("migrate", verbosity=0)
generate(int(os.environ["ACTIONS"]) * 5)
"""

RENDER = r"""
import gc, io, json, os, resource, sys, time
sys.path.insert(0, os.environ["VAWG_ROOT"])
from bench.production import only_production_packages
only_production_packages()  # a worker has requirements.txt only, not the test tools
import django
django.setup()
from weasyprint import HTML
from plans.models import ActionPlan
from reports.content import QuarterlyReport
from reports.rendering import render_html
from vawg_tracker import pdf
from vawg_tracker.quarters import Quarter

plan = ActionPlan.objects.get(title="Scale plan 1")
quarter = Quarter.current().previous()
HTML(string='<html lang="en"><p>warm up</p></html>').write_pdf(pdf_variant="pdf/ua-1")
gc.collect()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
# What reports.rendering.render_pdf does, timed step by step.
started = time.perf_counter()
html = render_html(QuarterlyReport(plan, quarter))
built = time.perf_counter()
content, pages = pdf._layout(html)
laid_out = time.perf_counter()
pdf.scope_table_headers(content)
finished = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
# The same HTML for WeasyPrint alone, its stylesheet inlined (the only file it fetches).
from django.contrib.staticfiles import finders
link = '<link rel="stylesheet" href="vawg-static:reports/report.css">'
with open(finders.find("reports/report.css")) as css, open(os.environ["HTML_OUT"], "w") as out:
    out.write(html.replace(link, f"<style>{css.read()}</style>"))
print(json.dumps({"actions": plan.actions.count(), "seconds": finished - started,
                  "html_seconds": built - started, "weasyprint_seconds": laid_out - built,
                  "finishing_seconds": finished - laid_out, "pages": pages,
                  "peak_mb": peak / 1024, "growth_mb": (peak - before) / 1024}))
"""

# WeasyPrint alone on the same HTML, in a fresh process without Django's report building:
# what the report would cost if the project added nothing.
WEASYPRINT_ONLY = r"""
import gc, io, json, os, resource, time
from weasyprint import HTML
HTML(string='<html lang="en"><p>warm up</p></html>').write_pdf(pdf_variant="pdf/ua-1")
html = open(os.environ["HTML_OUT"]).read()
gc.collect()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
rendered = HTML(string=html).render()
rendered.write_pdf(io.BytesIO(), pdf_variant="pdf/ua-1")
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": peak / 1024, "growth_mb": (peak - before) / 1024}))
"""


def run_child(code, env):
    """Run ``code`` in a fresh Python process with ``env``; its output, or exit saying why."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.exit(f"failed:\n{result.stderr[-3000:]}")
    return result.stdout


def run(size):
    """Generate the data in one process, render in a fresh one: memory is the render's."""
    with tempfile.TemporaryDirectory() as folder:
        env = throwaway_env(folder, ACTIONS=str(size))
        run_child(GENERATE, env)
        row = json.loads(run_child(RENDER, env).strip().splitlines()[-1])
        alone = json.loads(run_child(WEASYPRINT_ONLY, env).strip().splitlines()[-1])
        row.update({f"alone_{key}": value for key, value in alone.items()})
        return row


def throwaway_env(folder, **extra):
    """The environment of a child process using a throwaway SQLite database in ``folder``."""
    return {
        **os.environ,
        "VAWG_ROOT": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "vawg_tracker.settings",
        "DEBUG": "1",  # a throwaway database; what is measured is the same either way
        "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        "VAR_DIR": folder,
        "LOG_LEVEL": "WARNING",
        "HTML_OUT": f"{folder}/report.html",
        **extra,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,500,1000")
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()
    results = {}
    print(
        f"{'actions':>8} {'pages':>6} {'seconds':>8} {'peak MB':>8} {'growth MB':>10}"
        f" | {'HTML s':>7} {'layout+write s':>15} {'finish s':>9}"
        f" | {'WeasyPrint alone: s':>20} {'peak MB':>8} {'growth MB':>10}"
    )
    for size in (int(part) for part in args.sizes.split(",")):
        row = results[size] = run(size)
        print(
            f"{row['actions']:>8} {row['pages']:>6} {row['seconds']:>8.2f} "
            f"{row['peak_mb']:>8.0f} {row['growth_mb']:>10.0f}"
            f" | {row['html_seconds']:>7.2f} {row['weasyprint_seconds']:>15.2f}"
            f" {row['finishing_seconds']:>9.2f}"
            f" | {row['alone_seconds']:>20.2f} {row['alone_peak_mb']:>8.0f}"
            f" {row['alone_growth_mb']:>10.0f}",
            flush=True,
        )
    failures = []
    if 500 in results:
        if results[500]["seconds"] > TARGET_SECONDS_500:
            failures.append(
                f"500 actions took {results[500]['seconds']:.1f} s"
                f" (target {TARGET_SECONDS_500:.0f} s)"
            )
        if results[500]["peak_mb"] > TARGET_MB_500:
            failures.append(
                f"500 actions peaked at {results[500]['peak_mb']:.0f} MB"
                f" (target {TARGET_MB_500} MB)"
            )
    if 500 in results and 1000 in results:
        growth = results[1000]["seconds"] / results[500]["seconds"]
        print(f"growth 500 → 1000 actions: {growth:.2f}x (target ≤ {TARGET_GROWTH}x)")
        if growth > TARGET_GROWTH:
            failures.append(f"growth {growth:.2f}x")
    print("PASS" if not failures else "FAIL: " + "; ".join(failures))
    return 1 if failures and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
