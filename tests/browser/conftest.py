"""
The browser harness: pytest-playwright drives Debian's Chromium against Django's live
server. Every test in this folder, and only those, is marked ``browser`` (by the
collection hook in tests/conftest.py).
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from ..conftest import CHROMIUM
from ..personas import PASSWORD

BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the page; fail on any serious or critical violation."""

    def check(page):
        violations = [
            violation
            for violation in axe.run(page).response["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]
        summary = [
            f"{v['impact']}: {v['id']} ({v['help']}) at "
            f"{[(n['target'], n['html'], n.get('failureSummary')) for n in v['nodes']]}"
            for v in violations
        ]
        assert summary == [], f"accessibility violations on {page.url}"

    return check


@pytest.fixture
def sign_in(live_server):
    def go(page, username, password=PASSWORD):
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_test_id("signed-in-as")).to_be_visible()

    return go


@pytest.fixture(autouse=True)
def _no_console_errors(page):
    """
    A page that logs an error (a CSP violation, a script error) or fails to load one of
    its files fails the test. The page itself may answer 4xx on purpose (a form with
    errors is 400, a conflict 409): tests check those statuses themselves.
    """
    errors = []

    def on_console(message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            errors.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield
    assert errors == []
