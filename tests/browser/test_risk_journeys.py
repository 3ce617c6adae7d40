"""
A lead specialist finds a risk they own past its review date (on the dashboard and in My
updates), reviews it, and sees the scores change with the comment kept, the heat map
move and the dashboard's attention list update.
"""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from vawg_tracker.accounts.models import Role

from ..factories import ActionFactory, LeadSpecialistFactory
from ..personas import make_person
from ..risks.factories import MitigationFactory, RiskFactory

pytestmark = pytest.mark.django_db(transaction=True)
TITLE = "Funding cliff for IDVA posts"


@pytest.fixture
def risk():
    user = make_person(Role.LEAD_SPECIALIST, username="journey.lead", first_name="Alex")
    owner = LeadSpecialistFactory(user=user, name="Alex Demo")
    action = ActionFactory(title="Maintain the IDVA network", lead=owner, plan__lead=owner)
    risk = RiskFactory(
        title=TITLE,
        owner=owner,
        likelihood=4,
        impact=5,
        next_review=datetime.date.today() - datetime.timedelta(days=3),
        actions=[action],
    )
    MitigationFactory(risk=risk, text="Bid to the Ministry for three-year funding")
    return risk


def _cell(page, likelihood, impact):
    return page.locator(f'[data-testid="heat-map"] [data-cell="{likelihood}-{impact}"] title')


def test_a_lead_reviews_a_risk_and_the_heat_map_and_attention_list_move(
    page, live_server, sign_in, assert_accessible, risk
):
    sign_in(page, "journey.lead")
    page.goto(live_server.url + reverse("reports:dashboard"))
    attention = page.get_by_test_id("risk-reviews-due")
    expect(attention).to_contain_text(TITLE)

    page.goto(live_server.url + reverse("risks:register"))
    expect(_cell(page, 4, 5)).to_have_text("Likelihood 4, Impact 5: 1")
    expect(_cell(page, 2, 5)).to_have_text("Likelihood 2, Impact 5: 0")
    assert_accessible(page)

    page.get_by_role("link", name="My updates").click()
    page.get_by_role("link", name=f"Review “{TITLE}”").click()
    page.get_by_label("Likelihood").select_option("2")
    next_review = datetime.date.today() + datetime.timedelta(days=90)
    page.get_by_label("Next review date").fill(next_review.isoformat())
    # Without a comment, the form says so and keeps the new likelihood.
    page.get_by_role("button", name="Record review").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    expect(page.get_by_label("Likelihood")).to_have_value("2")
    assert_accessible(page)
    page.get_by_label("What has changed?").fill("The Ministry confirmed 2027/28 funding.")
    page.get_by_role("button", name="Record review").click()

    expect(page.get_by_role("alert")).to_contain_text("score 10")
    expect(page.get_by_test_id("risk-score")).to_have_text("Score 10")
    expect(page.get_by_text("The Ministry confirmed 2027/28 funding.")).to_be_visible()
    expect(page.get_by_text("Score 20 → 10")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + reverse("risks:register"))
    expect(_cell(page, 4, 5)).to_have_text("Likelihood 4, Impact 5: 0")
    expect(_cell(page, 2, 5)).to_have_text("Likelihood 2, Impact 5: 1")
    page.goto(live_server.url + reverse("reports:dashboard"))
    expect(page.get_by_text("Risk reviews overdue (0)")).to_be_visible()
