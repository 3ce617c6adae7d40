"""
Staff read the API's docs in Swagger UI, served from our own static files under our CSP
(the harness fails the test on any console error, a CSP violation among them), with
every operation closed and open, at 320 px too, and axe finds nothing serious.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from vawg_tracker.accounts.models import Role

from ..personas import make_person

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_read_every_endpoint_closed_and_open(page, live_server, sign_in, assert_accessible):
    make_person(Role.PCC_STAFF, username="docs.staff", is_staff=True)
    sign_in(page, "docs.staff")

    page.goto(live_server.url + reverse("api:docs"))
    expect(page.get_by_role("heading", level=1)).to_have_text("VAWG Tracker API, version 1")
    actions = page.locator("#operations-actions-actions_list")
    expect(actions).to_contain_text("/api/v1/actions/")
    for path in ("/api/v1/reports/{id}/download/", "/api/v1/activities/{id}/"):
        expect(page.get_by_text(path, exact=True)).to_be_visible()
    assert_accessible(page)

    # Every operation open, on a phone: the actions list shows its filters, the status's
    # values among them. The page only reads (no "Try it out": its forms' lists have no
    # accessible name), and nothing makes it scroll sideways.
    page.set_viewport_size({"width": 320, "height": 640})
    operations = page.locator(".opblock-summary-control")
    for n in range(operations.count()):
        operations.nth(n).click()
    status = actions.locator('tr[data-param-name="status"]')
    expect(status).to_contain_text("Available values")
    expect(status).to_contain_text("off_track")
    expect(page.locator(".responses-wrapper")).to_have_count(operations.count())
    expect(page.get_by_role("button", name="Try it out")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
