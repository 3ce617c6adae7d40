"""
`make test` proves what it says: only tests/browser/ holds browser tests, a run without
Chromium stops unless SKIP_BROWSER=1 (and then says how many did not run), and a skipped
test is never silently green.
"""

import os
import re
import subprocess
import sys

import pytest

from ..commands import ROOT

SKIPPING = """
import pytest

def test_that_runs():
    pass

@pytest.mark.skip(reason="not today")
def test_that_is_skipped():
    pass
"""


def pytest_run(*args, env=None, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=cwd,
        env={**os.environ, "PYTEST_ADDOPTS": "", **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


def collected(*args, **env):
    result = pytest_run("--collect-only", "-q", *args, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return [line for line in result.stdout.splitlines() if "::" in line]


def test_only_the_tests_in_tests_browser_are_browser_tests():
    every = collected()  # all but the fault tests (`make resilience` runs those)
    browser = collected("-m", "browser")
    not_browser = collected("-m", "not browser")
    assert browser
    assert all(test.startswith("tests/browser/") for test in browser)
    assert not any(test.startswith("tests/browser/") for test in not_browser)
    faults = [test for test in not_browser if test.startswith("tests/resilience/")]
    assert sorted(browser + not_browser) == sorted(every + faults)
    assert len(not_browser) >= 650


def test_without_chromium_the_run_stops_with_one_line_naming_the_command():
    result = pytest_run(
        "tests/browser/test_sign_in_journeys.py", env={"CHROMIUM_PATH": "/nonexistent/chromium"}
    )
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert "no Chromium at /nonexistent/chromium" in result.stderr
    assert "sudo scripts/provision test" in result.stderr
    assert "passed" not in result.stdout


def test_skip_browser_runs_the_rest_and_says_how_many_browser_tests_it_skipped():
    result = pytest_run(
        "tests/browser/test_sign_in_journeys.py",
        "tests/project/test_quarters.py",
        env={"CHROMIUM_PATH": "/nonexistent/chromium", "SKIP_BROWSER": "1"},
    )
    assert result.returncode == 0, result.stdout
    skipped = int(re.search(r"(\d+) skipped", result.stdout).group(1))
    assert skipped == len(collected("tests/browser/test_sign_in_journeys.py"))
    assert re.search(r"\d+ passed", result.stdout)
    assert (
        f"NOT ALL TESTS RAN: {skipped} skipped "
        "(Skipped: SKIP_BROWSER=1 and no Chromium at /nonexistent/chromium)" in result.stdout
    )


@pytest.mark.parametrize("skip_browser", ["", "1"])
def test_any_other_skipped_test_fails_the_run(tmp_path, skip_browser):
    (tmp_path / "test_skipping.py").write_text(SKIPPING)
    result = pytest_run(
        "-p",
        "tests.harness",
        "-p",
        "no:django",
        "-c",
        os.devnull,
        "--rootdir",
        str(tmp_path),
        str(tmp_path / "test_skipping.py"),
        env={"PYTHONPATH": str(ROOT), "SKIP_BROWSER": skip_browser},
        cwd=tmp_path,
    )
    assert "1 passed, 1 skipped" in result.stdout
    assert "NOT ALL TESTS RAN: 1 skipped (Skipped: not today)" in result.stdout
    assert result.returncode == pytest.ExitCode.TESTS_FAILED


def provision(tmp_path, **env):
    """scripts/provision test as a user who is not root (``id -u`` says 1000)."""
    fake_id = tmp_path / "bin" / "id"
    fake_id.parent.mkdir(exist_ok=True)
    fake_id.write_text("#!/bin/sh\necho 1000\n")
    fake_id.chmod(0o755)
    return subprocess.run(
        ["scripts/provision", "test"],
        cwd=ROOT,
        env={"PATH": f"{fake_id.parent}:{os.environ['PATH']}", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_provisioning_without_root_stops_with_one_line_naming_what_to_install(tmp_path):
    result = provision(tmp_path, CHROMIUM_PATH="/nonexistent/chromium")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "missing chromium" in result.stderr
    assert "run 'sudo apt-get install chromium'" in result.stderr
    assert "SKIP_BROWSER=1 make test" in result.stderr


def test_provisioning_with_skip_browser_goes_on_without_chromium(tmp_path):
    result = provision(tmp_path, CHROMIUM_PATH="/nonexistent/chromium", SKIP_BROWSER="1")
    assert result.returncode == 0, result.stderr
