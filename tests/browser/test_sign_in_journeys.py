"""Each role signs in, lands on its start page, sees its own navigation and signs out."""

import re

import pytest
from playwright.sync_api import expect

from vawg_tracker.accounts.models import Role

from ..factories import PartnerMembershipFactory
from ..personas import PASSWORD, make_person

pytestmark = pytest.mark.django_db(transaction=True)

NAVIGATION = ["Dashboard", "Actions", "Indicators", "Our organisation", "Admin"]
READERS = {"Dashboard", "Actions", "Indicators"}


@pytest.mark.parametrize(
    ("role", "is_staff", "start_heading", "links"),
    [
        # An empty database: the dashboard says there is no plan yet.
        (Role.PCC_STAFF, True, "Delivery dashboard", READERS | {"Admin"}),
        (Role.LEAD_SPECIALIST, False, "Delivery dashboard", READERS),
        (Role.COMMISSIONER, False, "Delivery dashboard", READERS),
        (Role.PARTNER, False, "Journey Charity", {"Our organisation"}),
    ],
)
def test_each_role_signs_in_sees_its_navigation_and_signs_out(
    page, live_server, assert_accessible, role, is_staff, start_heading, links
):
    person = make_person(role, username="journey.user", is_staff=is_staff)
    if role == Role.PARTNER:
        PartnerMembershipFactory(user=person, organisation__name="Journey Charity")

    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page).to_have_title("Sign in · VAWG Tracker")
    assert_accessible(page)

    page.get_by_label("Username").fill("journey.user")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(start_heading)
    main_nav = page.locator("header")
    for label in NAVIGATION:
        link = main_nav.get_by_role("link", name=label, exact=True)
        if label in links:
            expect(link).to_be_visible()
        else:
            expect(link).to_have_count(0)
    expect(page.locator(".protective-marking")).to_have_text("OFFICIAL-SENSITIVE")
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    page.goto(live_server.url + "/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/dashboard/$"))


def test_a_wrong_password_is_explained_and_the_username_kept(page, live_server, assert_accessible):
    make_person(Role.LEAD_SPECIALIST, username="journey.lead")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("journey.lead")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("do not match an active account")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_value("journey.lead")
    assert_accessible(page)


def test_the_skip_link_moves_focus_to_the_main_content(page, sign_in, assert_accessible):
    make_person(Role.COMMISSIONER, username="journey.commissioner")
    sign_in(page, "journey.commissioner")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_changing_the_password_works_in_the_browser(page, sign_in, assert_accessible):
    partner = make_person(Role.PARTNER, username="journey.partner")
    PartnerMembershipFactory(user=partner)
    sign_in(page, "journey.partner")
    # The name in the navigation opens the account page, which links the password form.
    page.get_by_role("link", name=re.compile("your account")).click()
    assert_accessible(page)
    page.get_by_role("link", name="Change your password").click()
    assert_accessible(page)
    page.get_by_label("Old password").fill(PASSWORD)
    # Required fields' labels end in an asterisk.
    page.get_by_label("New password*", exact=True).fill("plum orchard lantern 42")
    page.get_by_label("New password confirmation").fill("plum orchard lantern 42")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password changed")
    assert_accessible(page)


def test_staff_open_the_heartbeat_schedule_in_the_admin_without_script_errors(page, sign_in):
    # The admin is Django's own UI; this proves our Content-Security-Policy does not
    # break it (the autouse fixture fails the test on any console error).
    make_person(Role.PCC_STAFF, username="journey.staff", is_staff=True)
    sign_in(page, "journey.staff")
    page.get_by_role("link", name="Admin").click()
    page.get_by_role("link", name="Periodic tasks", exact=True).first.click()
    page.get_by_role("link", name="Worker heartbeat", exact=True).click()
    expect(page.get_by_role("heading", name="Change periodic task")).to_be_visible()


def test_the_public_sent_to_sign_in_find_the_public_site_at_320_px(
    page, live_server, assert_accessible
):
    """/ sends a signed-out visitor to the staff sign-in page, which links to the public site;
    at 320 px the page still fits and axe finds nothing serious."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    link = page.get_by_role("link", name="visit the public site")
    expect(link).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    link.click()
    expect(page).to_have_url(re.compile(r"/public/$"))
