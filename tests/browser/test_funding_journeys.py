"""
A partner sends a spend return through Our funding; staff return it with a comment; the
partner amends and resubmits; staff accept it, and the award's spend to date moves by
exactly the amount returned, on the award page and on the Funding page.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from funding.models import ReturnState, SpendReturn
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from ..factories import PartnerMembershipFactory
from ..funding.builders import make_return
from ..funding.factories import AwardFactory
from ..personas import make_person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def award():
    staff = make_person(Role.PCC_STAFF, username="journey.staff", first_name="Sam")
    partner = make_person(Role.PARTNER, username="journey.partner", first_name="Ana")
    organisation = PartnerMembershipFactory(
        user=partner, organisation__name="Savera UK (test)"
    ).organisation
    # Another award's accepted return: the year's spend to date does not start at nothing.
    other = AwardFactory(title="Refuge outreach")
    make_return(other, Quarter(2024, 1), "1000.00", by=staff)
    # 2024/25: £40,000 (a quarter's share is £10,000); every quarter has ended.
    return AwardFactory(
        organisation=organisation, reference="VAWG-2024-007", title="Harmful practices service"
    )


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_a_spend_return_goes_from_partner_to_staff_and_back_and_is_accepted(
    page, live_server, sign_in, assert_accessible, award
):
    award_page = live_server.url + reverse("funding:award_detail", args=[award.pk])
    funding_page = live_server.url + reverse("funding:overview") + "?year=2024"

    # Staff see nothing spent on this award yet, and £1,000.00 spent in the year.
    sign_in(page, "journey.staff")
    page.goto(award_page)
    expect(page.get_by_test_id("spend-to-date")).to_have_text("£0.00")
    page.goto(funding_page)
    expect(page.get_by_test_id("spent")).to_have_text("£1,000.00")
    _sign_out(page)

    # The partner opens Our funding and sends a return above the quarter's share, with a
    # variance note (without one, the form says why one is needed, keeping what was typed).
    sign_in(page, "journey.partner")
    page.get_by_role("link", name="Our funding").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Our funding")
    assert_accessible(page)
    page.get_by_role("link", name="Submit a return for VAWG-2024-007").click()
    page.get_by_label("Quarter*", exact=True).select_option(
        label="2024/25 Q1: 1 April – 30 June 2024"
    )
    page.get_by_label("Spend in the quarter (£)*").fill("12500.00")
    page.get_by_label("People supported: achieved in the quarter*").fill("30")
    page.get_by_label("IDVA posts (FTE): achieved in the quarter*").fill("2")
    page.get_by_role("button", name="Send to the PCC office").click()
    expect(page.get_by_text("above a quarter's share of this award")).to_be_visible()
    expect(page.get_by_label("Spend in the quarter (£)*")).to_have_value("12500.00")
    assert_accessible(page)
    page.get_by_label("Variance note", exact=True).fill(
        "Two extra outreach sessions over the summer."
    )
    page.get_by_role("button", name="Send to the PCC office").click()
    expect(page.get_by_role("alert")).to_contain_text("sent to the PCC office to review")
    _sign_out(page)

    # Staff return it with a comment.
    sign_in(page, "journey.staff")
    page.goto(live_server.url + reverse("funding:review_queue"))
    assert_accessible(page)
    page.get_by_role("link", name="VAWG-2024-007 Harmful practices service").click()
    page.get_by_label("What needs changing?").fill("Please take out the venue hire.")
    page.get_by_role("button", name="Return with this comment").click()
    expect(page.get_by_role("alert")).to_contain_text("returned to Savera UK (test)")
    assert_accessible(page)
    _sign_out(page)

    # The partner reads the comment, amends and resubmits.
    sign_in(page, "journey.partner")
    page.get_by_role("link", name="Our funding").click()
    expect(page.get_by_text("Please take out the venue hire.")).to_be_visible()
    page.get_by_role("link", name="Amend and resubmit 2024/25 Q1").click()
    assert_accessible(page)
    page.get_by_label("Spend in the quarter (£)*").fill("11750.25")
    page.get_by_role("button", name="Resubmit to the PCC office").click()
    expect(page.get_by_role("alert")).to_contain_text("amended and sent back to review")
    _sign_out(page)

    # Staff accept it: the spend to date moves by exactly the amount returned, and the
    # return is locked.
    sign_in(page, "journey.staff")
    page.goto(award_page)
    page.get_by_role("button", name="Accept the return for 2024/25 Q1").click()
    expect(page.get_by_role("alert")).to_contain_text("accepted; it is now locked")
    expect(page.get_by_test_id("spend-to-date")).to_have_text("£11,750.25")
    expect(page.get_by_text("Accepted returns are locked")).to_be_visible()
    assert_accessible(page)
    # The Funding page's spend to date for the year moves by exactly that amount.
    page.goto(funding_page)
    expect(page.get_by_test_id("spent")).to_have_text("£12,750.25")
    assert_accessible(page)
    spend_return = SpendReturn.objects.get(award=award)
    assert spend_return.state == ReturnState.ACCEPTED
    assert str(spend_return.spend) == "11750.25"
