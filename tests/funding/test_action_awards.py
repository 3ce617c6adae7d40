"""Each action page shows the awards that fund it: who gets the money, from which source,
and how much over which years; never awards that fund other actions."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models import Award, AwardStatus, AwardYear, FundingKind, FundingSource

from ..factories import ActionFactory, PartnerOrganisationFactory

pytestmark = pytest.mark.django_db


def _award(reference, title, action, amounts, **fields):
    source, _ = FundingSource.objects.get_or_create(
        name="Ministry of Justice: ring-fenced IDVA/ISVA allocation",
        defaults={
            "funder": "Ministry of Justice",
            "kind": FundingKind.CENTRAL_GOVERNMENT,
            "ring_fenced": True,
            "ring_fenced_for": "IDVA and ISVA posts",
        },
    )
    award = Award.objects.create(
        reference=reference,
        title=title,
        source=source,
        organisation=fields.pop("organisation", None) or PartnerOrganisationFactory(),
        status=AwardStatus.ACTIVE,
        starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
        **fields,
    )
    award.actions.add(action)
    for year, amount in amounts.items():
        AwardYear.objects.create(award=award, financial_year=year, amount=Decimal(amount))
    return award


def test_the_action_page_shows_the_awards_that_fund_it_and_no_others(client, staff):
    action, other = ActionFactory(), ActionFactory()
    refuge = PartnerOrganisationFactory(name="Hope Refuge")
    _award("VAWG-1", "IDVA posts", action, {2025: "1000.25", 2026: "2000.50"}, organisation=refuge)
    _award("VAWG-2", "Schools programme", other, {2025: "500.00"})
    client.force_login(staff)
    page = client.get(reverse("plans:action_detail", args=[action.pk])).content.decode()
    assert "Awards that fund it" in page
    assert "VAWG-1 IDVA posts" in page
    assert "Hope Refuge" in page
    assert "(ring-fenced)" in page
    assert "£3,000.75 from 2025/26 to 2026/27" in page
    assert "VAWG-2" not in page


def test_an_action_no_award_pays_for_says_so(client, staff):
    client.force_login(staff)
    page = client.get(reverse("plans:action_detail", args=[ActionFactory().pk]))
    assert "No awards pay for this action yet." in page.content.decode()


@pytest.mark.parametrize(("persona", "shown"), [("commissioner", True), ("lead", False)])
def test_the_awards_show_to_those_who_read_funding(client, request, persona, shown):
    """A lead specialist has no Funding or award pages, so the action page shows them no
    money to follow there; commissioners read funding and see it."""
    action = ActionFactory()
    _award("VAWG-1", "IDVA posts", action, {2025: "1000.25"})
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("plans:action_detail", args=[action.pk]))
    assert page.status_code == 200
    assert ("Awards that fund it" in page.content.decode()) is shown
    assert ("VAWG-1 IDVA posts" in page.content.decode()) is shown
