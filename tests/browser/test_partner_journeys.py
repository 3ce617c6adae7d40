"""A partner logs what it delivered; staff return it, then verify it; others see nothing."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from activities.models import Activity
from vawg_tracker.accounts.models import Role

from ..factories import (
    ActionFactory,
    ActionPlanFactory,
    PartnerMembershipFactory,
    PledgeFactory,
    pdf_bytes,
)
from ..personas import make_person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def partners_and_an_action():
    make_person(Role.PCC_STAFF, username="journey.staff", first_name="Sam")
    partner_a = make_person(Role.PARTNER, username="journey.partner.a", first_name="Ana")
    partner_b = make_person(Role.PARTNER, username="journey.partner.b", first_name="Ben")
    organisation_a = PartnerMembershipFactory(
        user=partner_a, organisation__name="Merseyside Women's Refuge (test)"
    ).organisation
    PartnerMembershipFactory(user=partner_b, organisation__name="Other Charity (test)")
    plan = ActionPlanFactory(title="Merseyside VAWG action plan")
    action = ActionFactory(
        plan=plan,
        reference="3.1",
        title="Specialist training for officers",
        pledges=[PledgeFactory(number=3, title="Specialist training")],
    )
    action.delivery_partners.add(organisation_a)
    return action


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_an_activity_goes_from_partner_to_staff_and_back_and_is_verified(
    page, live_server, sign_in, assert_accessible, partners_and_an_action, tmp_path
):
    action = partners_and_an_action
    agenda = tmp_path / "agenda.pdf"
    agenda.write_bytes(pdf_bytes(pages=1))
    today = timezone.localdate().isoformat()

    # Partner A logs a training activity with evidence.
    sign_in(page, "journey.partner.a")
    expect(page.get_by_role("heading", level=1)).to_have_text("Merseyside Women's Refuge (test)")
    assert_accessible(page)
    page.get_by_role("link", name="Log activity for 3.1").click()
    assert_accessible(page)
    page.get_by_label("Kind*").select_option(label="Training delivered")
    page.get_by_label("Title*").fill("Coercive control training for response officers")
    page.get_by_label("Date*").fill(today)
    page.get_by_label("People reached*").fill("24")
    page.get_by_label("Number of sessions*").fill("2")
    page.get_by_label("Area").fill("Sefton")
    page.get_by_label("Evidence files (optional)").set_input_files(str(agenda))
    page.get_by_role("button", name="Log activity").click()
    expect(page.get_by_role("alert")).to_contain_text("sent to the PCC office to verify")
    expect(page.get_by_role("link", name="agenda.pdf")).to_be_visible()
    assert_accessible(page)
    _sign_out(page)

    # Staff return it with a comment.
    sign_in(page, "journey.staff")
    page.get_by_role("link", name="Verify activities").click()
    assert_accessible(page)
    page.get_by_role("link", name="Coercive control training for response officers").click()
    page.get_by_label("What needs changing?").fill("Please give the attendance for each session.")
    page.get_by_role("button", name="Return with this comment").click()
    expect(page.get_by_role("alert")).to_contain_text("returned to Merseyside Women's Refuge")
    _sign_out(page)

    # Partner A sees why, amends and resubmits.
    sign_in(page, "journey.partner.a")
    page.get_by_role("link", name="Coercive control training for response officers").click()
    expect(page.get_by_text("Please give the attendance for each session.").first).to_be_visible()
    page.get_by_role("link", name="Amend and resubmit").click()
    page.get_by_label("Description").fill("Session one: 12 officers. Session two: 12 officers.")
    page.get_by_role("button", name="Save and send to the PCC office").click()
    expect(page.locator(".activity-state").first).to_have_text("Submitted")
    _sign_out(page)

    # Staff verify it; it shows on the action page and the dashboard.
    sign_in(page, "journey.staff")
    page.get_by_role("link", name="Verify activities").click()
    page.get_by_role("link", name="Coercive control training for response officers").click()
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("verified")
    page.goto(live_server.url + action.get_absolute_url())
    activities = page.locator(
        "section", has=page.get_by_role("heading", name="What partners delivered")
    )
    expect(activities).to_contain_text("Coercive control training for response officers")
    expect(activities).to_contain_text("Verified")
    assert_accessible(page)
    page.get_by_role("link", name="Dashboard").click()
    delivered = page.locator(
        "section", has=page.get_by_role("heading", name="What partners delivered in")
    )
    expect(delivered).to_contain_text("Training delivered")
    expect(delivered).to_contain_text("24")
    assert_accessible(page)
    _sign_out(page)

    # Partner B sees nothing of it.
    sign_in(page, "journey.partner.b")
    expect(page.get_by_text("Coercive control training")).to_have_count(0)
    activity = Activity.objects.get(title="Coercive control training for response officers")
    assert page.goto(live_server.url + activity.get_absolute_url()).status == 404
    evidence = activity.evidence.get()
    assert page.goto(live_server.url + evidence.get_absolute_url()).status == 404
