"""Risks past their review date join the dashboard's attention list and their owner's
"My updates"; the risks that threaten an action or a pledge are shown on its page."""

import datetime

import pytest
from django.urls import reverse

from risks.models import RiskStatus

from ..factories import ActionFactory, LeadSpecialistFactory, PledgeFactory
from .factories import RiskFactory

pytestmark = pytest.mark.django_db
YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)
NEXT_MONTH = datetime.date.today() + datetime.timedelta(days=30)


def test_the_dashboard_lists_a_risk_whose_review_is_overdue(staff_client):
    ActionFactory()  # the dashboard needs a plan
    RiskFactory(title="Funding cliff for IDVA posts", next_review=YESTERDAY)
    RiskFactory(title="Reviewed on time", next_review=NEXT_MONTH)
    RiskFactory(title="Closed", next_review=YESTERDAY, status=RiskStatus.CLOSED)
    response = staff_client.get(reverse("reports:dashboard"))
    assert [risk.title for risk in response.context["board"].reviews_due] == [
        "Funding cliff for IDVA posts"
    ]
    page = response.content.decode()
    assert "Risk reviews overdue (1)" in page
    assert "Funding cliff for IDVA posts" in page


def test_my_updates_lists_the_risks_the_lead_owns_that_are_due_for_review(client, lead):
    mine = LeadSpecialistFactory(user=lead)
    due = RiskFactory(title="Vacancies in specialist units", owner=mine, next_review=YESTERDAY)
    RiskFactory(title="Not yet due", owner=mine, next_review=NEXT_MONTH)
    RiskFactory(title="Someone else's", next_review=YESTERDAY)
    client.force_login(lead)
    page = client.get(reverse("rounds:my_updates")).content.decode()
    assert "Vacancies in specialist units" in page
    assert reverse("risks:review", args=[due.pk]) in page
    assert "Not yet due" not in page
    assert "Someone else&#x27;s" not in page


def test_an_action_and_a_pledge_show_the_open_risks_that_threaten_them(staff_client):
    pledge = PledgeFactory()
    action = ActionFactory(pledges=[pledge])
    RiskFactory(title="Data sharing with health", actions=[action], pledges=[pledge])
    RiskFactory(title="Closed one", actions=[action], pledges=[pledge], status="closed")
    for url in (action.get_absolute_url(), reverse("plans:pledge_detail", args=[pledge.pk])):
        page = staff_client.get(url).content.decode()
        assert "Risks that threaten it" in page
        assert "Data sharing with health" in page
        assert "Closed one" not in page
