"""
What a run of the suite promises: only the tests in tests/browser/ are browser tests; a
run without Chromium stops (unless SKIP_BROWSER=1, and then says so); and a skipped test is
never silently green. Plain pytest hooks, imported by tests/conftest.py.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
BROWSER_TESTS = Path(__file__).parent / "browser"
SKIP_BROWSER_REASON = f"SKIP_BROWSER=1 and no Chromium at {CHROMIUM}"


BROWSER_TESTS = Path(__file__).parent / "browser"


def is_browser_test(item):
    """Only the tests in tests/browser/ drive Chromium."""
    return Path(str(item.path)).is_relative_to(BROWSER_TESTS)


def pytest_collection_modifyitems(config, items):
    browser_tests = [item for item in items if is_browser_test(item)]
    for item in browser_tests:
        item.add_marker(pytest.mark.browser)
    if not browser_tests or os.path.exists(CHROMIUM):
        return
    if not os.environ.get("SKIP_BROWSER"):
        raise pytest.UsageError(
            f"no Chromium at {CHROMIUM} for {len(browser_tests)} browser tests: "
            "run `sudo scripts/provision test` (or set SKIP_BROWSER=1 to skip them)"
        )
    skip = pytest.mark.skip(reason=SKIP_BROWSER_REASON)
    for item in browser_tests:
        item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """A run that skipped tests says how many and why, in one line at the very end."""
    skipped = terminalreporter.stats.get("skipped", [])
    if skipped:
        reasons = sorted({str(report.longrepr[-1]) for report in skipped})
        terminalreporter.write_line(
            f"NOT ALL TESTS RAN: {len(skipped)} skipped ({'; '.join(reasons)})",
            red=True,
            bold=True,
        )


def pytest_sessionfinish(session, exitstatus):
    """
    Skipping is never silently green: a skipped test fails the run, except browser tests
    the user chose to skip with SKIP_BROWSER=1 (which the summary then reports).
    """
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or exitstatus != pytest.ExitCode.OK:
        return
    allowed = SKIP_BROWSER_REASON if os.environ.get("SKIP_BROWSER") else None
    unexpected = [
        report
        for report in reporter.stats.get("skipped", [])
        if str(report.longrepr[-1]).removeprefix("Skipped: ") != allowed
    ]
    if unexpected:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
