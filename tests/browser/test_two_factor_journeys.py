"""A PCC staff member sets up two-factor sign-in when required, then signs in with a code."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from vawg_tracker.accounts.models import Role

from ..personas import PASSWORD, make_person

pytestmark = pytest.mark.django_db(transaction=True)


def code_from(secret_text, offset=0):
    key = base64.b32decode(secret_text.replace(" ", ""))
    return f"{totp(key, drift=offset):06d}"


def test_required_staff_set_it_up_then_sign_in_with_a_code(
    page, live_server, settings, assert_accessible
):
    settings.REQUIRE_TWO_FACTOR = True
    make_person(Role.PCC_STAFF, username="journey.staff", is_staff=True)

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("journey.staff")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/$"))
    expect(page.get_by_text("Your role needs two-factor sign-in.").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Set up two-factor sign-in").click()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert_accessible(page)
    secret = page.get_by_test_id("totp-secret").inner_text()
    page.get_by_label("Code from your authenticator app").fill(code_from(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_text("Two-factor sign-in is on.").first).to_be_visible()

    page.goto(live_server.url + "/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Delivery dashboard")
    page.get_by_role("button", name="Sign out").click()

    page.get_by_label("Username").fill("journey.staff")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/code/$"))
    assert_accessible(page)
    # The code used to confirm has been spent: the app's next one.
    page.get_by_label("Code from your authenticator app").fill(code_from(secret, offset=1))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delivery dashboard")
