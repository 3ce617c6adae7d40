"""The dashboard's funding card: the dashboard quarter's financial year, awarded, spent
to date and returns overdue (funding.summary's figures), with a link to the Funding page;
shown to those who may read funding, not to lead specialists."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, PartnerOrganisationFactory
from .builders import make_award, make_return, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_november_2026():
    with time_machine.travel(datetime.datetime(2026, 11, 21, 12, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def award(staff):
    ActionFactory()  # a plan for the dashboard
    made = make_award(
        make_source("PCC: own budget"),
        PartnerOrganisationFactory(name="Advice Line"),
        years={2026: "7654321.09"},
    )
    make_return(made, Quarter(2026, 1), "1.50", by=staff)
    return made


def test_staff_and_commissioners_see_the_years_money_on_the_dashboard(
    client, staff, commissioner, award
):
    for person in (staff, commissioner):
        client.force_login(person)
        response = client.get(reverse("reports:dashboard"))
        page = response.content.decode()
        assert 'data-testid="funding-card"' in page
        assert "Funding 2026/27" in page
        assert "£7,654,321.09" in page
        assert "£1.50" in page
        # Q1 returned; Q2 ended on 30 September and its return was due 30 October.
        assert 'Returns overdue</dt><dd class="col-sm-7 col-lg-9">1</dd>' in page
        overdue = response.context["board"].funding.overdue
        assert [str(late.quarter) for late in overdue] == ["2026/27 Q2"]
        assert 'href="/funding/?year=2026"' in page


def test_lead_specialists_do_not_see_the_funding_card(client, lead, award):
    client.force_login(lead)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert 'data-testid="funding-card"' not in page
    assert "£7,654,321.09" not in page
