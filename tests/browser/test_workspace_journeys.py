"""Staff, lead specialists and commissioners at work on the plan, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from plans.models import Status
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, ActionPlanFactory, MilestoneFactory, PledgeFactory
from ..personas import make_person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def plan_with_an_off_track_action():
    staff = make_person(Role.PCC_STAFF, username="journey.staff", first_name="Sam")
    pledge_1 = PledgeFactory(number=1, title="Integrated local action plan")
    plan = ActionPlanFactory(title="Merseyside VAWG action plan")
    ActionFactory(plan=plan, reference="1.1", title="Lead specialist appointed", pledges=[pledge_1])
    action = ActionFactory(
        plan=plan, reference="1.2", title="Data-sharing agreement", pledges=[pledge_1]
    )
    action.record_progress(
        author=staff,
        period=Quarter.current().previous(),
        status=Status.OFF_TRACK,
        percent_complete=10,
        narrative="Two of five partners have signed.",
        reason="Legal review outstanding.",
    )
    MilestoneFactory(action=action, title="Agreement signed by all partners")
    return action


def test_staff_find_an_off_track_action_and_record_that_it_is_now_at_risk(
    page, live_server, sign_in, assert_accessible, plan_with_an_off_track_action
):
    sign_in(page, "journey.staff")
    page.get_by_role("link", name="Actions", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Pledge").select_option(
        label="Five-point plan: 1. Integrated local action plan"
    )
    page.get_by_label("Off track").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status")).to_have_text("1 action")
    page.get_by_role("link", name="Data-sharing agreement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("1.2 Data-sharing agreement")
    assert_accessible(page)

    page.get_by_label("Status*").select_option(label="At risk")
    page.get_by_label("Percent complete*").fill("35")
    page.get_by_label("Reason (required when at risk or off track)").fill(
        "Two signatures still missing."
    )
    page.get_by_label("Narrative*").fill("Three of five partners have now signed the agreement.")
    page.get_by_role("button", name="Record update").click()

    expect(page.get_by_role("alert")).to_contain_text("Progress recorded for 1.2")
    first = page.locator(".timeline-item").first
    expect(first).to_contain_text("At risk")
    expect(first).to_contain_text("Three of five partners have now signed the agreement.")
    expect(first).to_contain_text("Two signatures still missing.")
    assert_accessible(page)

    page.get_by_role("link", name="Dashboard").click()
    attention = page.locator(".attention-list")
    expect(attention).to_contain_text("1.2 Data-sharing agreement")
    expect(attention).to_contain_text("Two signatures still missing.")
    assert_accessible(page)


def test_a_reason_is_asked_for_in_the_page_and_nothing_typed_is_lost(
    page, sign_in, plan_with_an_off_track_action
):
    sign_in(page, "journey.staff")
    page.goto(page.url.split("/dashboard")[0] + plan_with_an_off_track_action.get_absolute_url())
    page.get_by_label("Status*").select_option(label="Off track")
    page.get_by_label("Narrative*").fill("Still waiting on two partners.")
    page.get_by_role("button", name="Record update").click()
    expect(
        page.get_by_text("Give a reason when an action is at risk or off track.")
    ).to_be_visible()
    expect(page.get_by_label("Narrative*")).to_have_value("Still waiting on two partners.")


def test_a_commissioner_reads_the_action_and_sees_no_form(
    page, sign_in, assert_accessible, plan_with_an_off_track_action
):
    make_person(Role.COMMISSIONER, username="journey.commissioner")
    sign_in(page, "journey.commissioner")
    page.goto(page.url.split("/dashboard")[0] + plan_with_an_off_track_action.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("1.2 Data-sharing agreement")
    expect(page.get_by_text("Legal review outstanding.")).to_be_visible()
    expect(page.locator("main form")).to_have_count(0)
    expect(page.get_by_role("button", name="Record update")).to_have_count(0)
    assert_accessible(page)


def test_two_editors_at_once_see_each_others_words_and_lose_nothing(
    browser, live_server, assert_accessible, plan_with_an_off_track_action
):
    make_person(Role.PCC_STAFF, username="journey.colleague", first_name="Cas")
    action_url = live_server.url + plan_with_an_off_track_action.get_absolute_url()

    def open_form(username):
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(live_server.url + "/accounts/login/")
        tab.get_by_label("Username").fill(username)
        tab.get_by_label("Password").fill("correct horse battery staple")
        tab.get_by_role("button", name="Sign in").click()
        tab.goto(action_url)
        return tab

    mine, theirs = open_form("journey.staff"), open_form("journey.colleague")
    theirs.get_by_label("Narrative*").fill("Colleague: partner four signed today.")
    theirs.get_by_label("Status*").select_option(label="On track")
    theirs.get_by_role("button", name="Record update").click()
    expect(theirs.get_by_role("alert")).to_contain_text("Progress recorded")

    mine.get_by_label("Status*").select_option(label="On track")
    mine.get_by_label("Narrative*").fill("Me: partner five agreed to sign next week.")
    mine.get_by_role("button", name="Record update").click()
    conflict = mine.locator("#conflict")
    expect(conflict).to_contain_text("Someone recorded an update after you opened this form")
    expect(conflict).to_contain_text("Colleague: partner four signed today.")
    expect(mine.get_by_label("Narrative*")).to_have_value(
        "Me: partner five agreed to sign next week."
    )
    assert_accessible(mine)

    mine.get_by_role("button", name="Record update").click()
    expect(mine.get_by_role("alert")).to_contain_text("Progress recorded")
    timeline = mine.locator(".timeline-item")
    expect(timeline.nth(0)).to_contain_text("Me: partner five agreed to sign next week.")
    expect(timeline.nth(1)).to_contain_text("Colleague: partner four signed today.")
    for tab in (mine, theirs):
        tab.context.close()


def test_a_lead_ticks_off_a_milestone(page, sign_in, plan_with_an_off_track_action):
    lead_user = make_person(Role.LEAD_SPECIALIST, username="journey.lead")
    lead = plan_with_an_off_track_action.lead
    lead.user = lead_user
    lead.save()
    sign_in(page, "journey.lead")
    page.goto(page.url.split("/dashboard")[0] + plan_with_an_off_track_action.get_absolute_url())
    page.get_by_role("button", name="Tick off").click()
    expect(page.get_by_role("alert")).to_contain_text("ticked off")
    expect(page.get_by_text(re.compile(r"^Done \d+ \w+ \d{4}$"))).to_be_visible()
