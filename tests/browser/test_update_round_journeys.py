"""The quarterly update round in a browser: a lead specialist updates, staff return the
update with a comment, the lead amends it, staff sign it off, the dashboard shows it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plans.models import ProgressReview, ProgressUpdate, ReviewDecision, Status
from rounds import round as rounds
from vawg_tracker.accounts.models import Role

from ..factories import ActionFactory, ActionPlanFactory, PledgeFactory
from ..personas import make_person

pytestmark = pytest.mark.django_db(transaction=True)

COMMENT = "Please say how many of the five partners have signed."


@pytest.fixture
def an_action_due_from_a_lead():
    staff = make_person(Role.PCC_STAFF, username="journey.staff", first_name="Sam")
    lead_user = make_person(Role.LEAD_SPECIALIST, username="journey.lead", first_name="Lee")
    # The round opens 80 days before the quarter ends, so it is open whatever today is.
    plan = ActionPlanFactory(title="Merseyside VAWG action plan", round_opens_days_before=80)
    plan.lead.user = lead_user
    plan.lead.save()
    action = ActionFactory(
        plan=plan,
        reference="1.2",
        title="Data-sharing agreement",
        pledges=[PledgeFactory(number=1, title="Integrated local action plan")],
    )
    # The last round's update is in and signed off: only the open round's is due.
    last = rounds.last_closed_round(plan, timezone.localdate()).quarter
    earlier = action.record_progress(
        author=lead_user,
        period=last,
        status=Status.ON_TRACK,
        percent_complete=20,
        narrative="Draft agreement circulated.",
    )
    ProgressReview.decide(earlier, decision=ReviewDecision.SIGNED_OFF, by=staff)
    return action


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_a_lead_updates_staff_return_it_the_lead_resubmits_and_staff_sign_it_off(
    page, live_server, sign_in, assert_accessible, an_action_due_from_a_lead
):
    # The lead finds what is due on "My updates" and records it in one click.
    sign_in(page, "journey.lead")
    page.get_by_role("link", name="My updates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My updates")
    expect(page.get_by_role("main")).to_contain_text("1.2 Data-sharing agreement")
    assert_accessible(page)
    page.get_by_role("link", name="Record update for 1.2").click()
    page.get_by_label("Status*").select_option(label="On track")
    page.get_by_label("Percent complete*").fill("40")
    page.get_by_label("Narrative*").fill("The agreement is with partners for signature.")
    page.get_by_role("button", name="Record update").click()
    expect(page.get_by_role("alert")).to_contain_text("Progress recorded for 1.2")
    expect(page.get_by_text("Awaiting sign-off").first).to_be_visible()
    page.get_by_role("link", name="My updates").click()
    expect(page.get_by_text("Nothing is due from you now.")).to_be_visible()
    _sign_out(page)

    # Staff return it with a comment.
    sign_in(page, "journey.staff")
    page.get_by_role("link", name="Sign off updates").click()
    assert_accessible(page)
    update = page.locator("article", has_text="The agreement is with partners for signature.")
    update.get_by_text("Return with a comment").click()
    update.get_by_label("What needs changing?").fill(COMMENT)
    update.get_by_role("button", name="Return").click()
    expect(page.get_by_role("alert")).to_contain_text("Update for 1.2 returned to its author")
    _sign_out(page)

    # The lead sees why on "My updates", amends the update and records it again.
    sign_in(page, "journey.lead")
    page.get_by_role("link", name="My updates").click()
    returned = page.locator("section", has=page.get_by_role("heading", name="Returned to you"))
    expect(returned).to_contain_text(COMMENT)
    assert_accessible(page)
    returned.get_by_role("link", name="1.2 Data-sharing agreement").click()
    expect(page.get_by_role("alert")).to_contain_text(COMMENT)
    narrative = page.get_by_label("Narrative*")
    expect(narrative).to_have_value("The agreement is with partners for signature.")
    narrative.fill("Three of the five partners have signed; two are due by 20 December.")
    page.get_by_role("button", name="Record update").click()
    expect(page.get_by_role("alert")).to_contain_text("Progress recorded for 1.2")
    assert_accessible(page)
    _sign_out(page)

    # Staff sign the amended update off; the dashboard shows it signed off.
    sign_in(page, "journey.staff")
    page.get_by_role("link", name="Sign off updates").click()
    expect(page.locator("article")).to_have_count(1)
    page.get_by_role("button", name="Sign off the update for 1.2").click()
    expect(page.get_by_role("alert")).to_contain_text("Update for 1.2 signed off")
    expect(page.get_by_text("Nothing waiting")).to_be_visible()
    page.get_by_role("link", name="Dashboard").click()
    latest = page.locator("section", has=page.get_by_role("heading", name="Latest updates"))
    newest = latest.get_by_role("listitem").first
    expect(newest).to_contain_text("Three of the five partners have signed")
    expect(newest).to_contain_text("Signed off")
    assert_accessible(page)
    page.get_by_role("link", name="Update round").click()
    expect(page.get_by_role("main")).to_contain_text("Merseyside VAWG action plan")
    assert_accessible(page)

    decisions = ProgressUpdate.objects.order_by("pk").values_list("review__decision", flat=True)
    assert list(decisions) == [ReviewDecision.SIGNED_OFF] + [
        ReviewDecision.RETURNED,
        ReviewDecision.SIGNED_OFF,
    ]
