"""
PCC staff keep funding sources and awards in the admin, with each award's years and
outputs; spend returns are made by partners and reviewed in the portal, so the admin
only shows them.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models import (
    Award,
    AwardStatus,
    FundingKind,
    FundingSource,
    ReturnState,
    SpendReturn,
)
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, PartnerOrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def source():
    return FundingSource.objects.create(
        name="Ministry of Justice: ring-fenced IDVA/ISVA allocation",
        funder="Ministry of Justice",
        kind=FundingKind.CENTRAL_GOVERNMENT,
        ring_fenced=True,
        ring_fenced_for="IDVA and ISVA posts",
    )


def _award_data(source, organisation, action, **changes):
    data = {
        "reference": "VAWG-2026-001",
        "title": "IDVA posts",
        "purpose": "",
        "source": source.pk,
        "organisation": organisation.pk,
        "kind": "grant",
        "status": "active",
        "starts_on": "2026-04-01",
        "ends_on": "2027-03-31",
        "actions": [action.pk],
        "years-TOTAL_FORMS": "1",
        "years-INITIAL_FORMS": "0",
        "years-0-financial_year": "2026",
        "years-0-amount": "125000.50",
        "outputs-TOTAL_FORMS": "1",
        "outputs-INITIAL_FORMS": "0",
        "outputs-0-name": "IDVA posts (FTE)",
        "outputs-0-kind": "posts",
        "outputs-0-target": "4.5",
    }
    return data | changes


def test_staff_add_an_award_with_its_years_and_outputs_and_history_names_them(
    staff_client, staff, source
):
    organisation, action = PartnerOrganisationFactory(), ActionFactory()
    response = staff_client.post(
        reverse("admin:funding_award_add"), _award_data(source, organisation, action)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    award = Award.objects.get()
    assert list(award.actions.all()) == [action]
    assert award.status == AwardStatus.ACTIVE
    assert award.years.get().amount == Decimal("125000.50")
    assert award.outputs.get().target == Decimal("4.5")
    assert award.history.get().history_user == staff


def test_an_award_year_over_100_million_is_refused_on_the_field_and_nothing_is_saved(
    staff_client, source
):
    data = _award_data(
        source, PartnerOrganisationFactory(), ActionFactory(), **{"years-0-amount": "100000000.01"}
    )
    response = staff_client.post(reverse("admin:funding_award_add"), data)
    assert response.status_code == 200
    years = response.context["inline_admin_formsets"][0].formset
    assert "amount" in years.errors[0]
    assert not Award.objects.exists()


def test_staff_read_spend_returns_but_cannot_add_or_change_them(staff_client, staff, source):
    award = Award.objects.create(
        reference="VAWG-2026-002",
        title="ISVA posts",
        source=source,
        organisation=PartnerOrganisationFactory(),
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
    )
    spend_return = SpendReturn.objects.create(
        award=award, period=Quarter(2026, 1), spend=Decimal("1000.00"), created_by=staff
    )
    url = reverse("admin:funding_spendreturn_change", args=[spend_return.pk])
    assert staff_client.get(url).status_code == 200
    assert staff_client.get(reverse("admin:funding_spendreturn_add")).status_code == 403
    response = staff_client.post(url, {"spend": "0.00", "state": "accepted"})
    assert response.status_code == 403
    spend_return.refresh_from_db()
    assert (spend_return.spend, spend_return.state) == (Decimal("1000.00"), ReturnState.SUBMITTED)
