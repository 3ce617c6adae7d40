"""
The funding records hold money as Decimal pounds and pence and refuse what cannot be true:
a negative or over-large amount, an award that ends before it starts, a second open
return for one quarter. The figures count accepted returns only, and of an accepted
return that a later accepted correction replaced, only the correction.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from funding.models import (
    Award,
    AwardStatus,
    AwardYear,
    FundingKind,
    FundingSource,
    ReturnState,
    SpendReturn,
)
from partners.models import SizeBand
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from ..factories import PartnerOrganisationFactory
from ..personas import make_person

pytestmark = pytest.mark.django_db
Q1, Q2 = Quarter(2026, 1), Quarter(2026, 2)


@pytest.fixture
def award():
    source = FundingSource.objects.create(
        name="Ministry of Justice: ring-fenced IDVA/ISVA allocation",
        funder="Ministry of Justice",
        kind=FundingKind.CENTRAL_GOVERNMENT,
        ring_fenced=True,
        ring_fenced_for="IDVA and ISVA posts",
    )
    organisation = PartnerOrganisationFactory(
        by_and_for=True, specialist_vawg=True, size_band=SizeBand.SMALL
    )
    return Award.objects.create(
        reference="VAWG-2026-001",
        title="IDVA posts",
        source=source,
        organisation=organisation,
        status=AwardStatus.ACTIVE,
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2028, 3, 31),
    )


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_amounts_are_pounds_and_pence_within_range(award):
    year = AwardYear.objects.create(award=award, financial_year=2026, amount=Decimal("125000.50"))
    year.refresh_from_db()
    assert year.amount == Decimal("125000.50")
    assert year.label == "2026/27"
    refused(lambda: AwardYear.objects.create(award=award, financial_year=2027, amount=-1))
    refused(
        lambda: AwardYear.objects.create(
            award=award, financial_year=2027, amount=Decimal("100000000.01")
        )
    )
    refused(lambda: AwardYear.objects.create(award=award, financial_year=2026, amount=1))


def test_an_award_cannot_end_before_it_starts(award):
    award.ends_on = datetime.date(2026, 3, 31)
    refused(award.save)


def test_a_partner_attribute_marks_small_by_and_for_specialists(award):
    organisation = award.organisation
    assert organisation.by_and_for
    assert organisation.is_small
    organisation.size_band = SizeBand.LARGE
    assert not organisation.is_small


def test_the_figures_count_accepted_returns_and_a_correction_replaces_what_it_corrects(award):
    partner = make_person(Role.PARTNER, username="pat.partner")

    def spend_return(period, spend, state, corrects=None):
        return SpendReturn.objects.create(
            award=award,
            period=period,
            spend=Decimal(spend),
            state=state,
            corrects=corrects,
            created_by=partner,
        )

    first = spend_return(Q1, "10000.00", ReturnState.ACCEPTED)
    spend_return(Q2, "9000.00", ReturnState.SUBMITTED)
    assert SpendReturn.objects.counted().spend() == Decimal("10000.00")
    correction = spend_return(Q1, "10500.25", ReturnState.SUBMITTED, corrects=first)
    assert SpendReturn.objects.counted().spend() == Decimal("10000.00")  # not yet accepted
    correction.state = ReturnState.ACCEPTED
    correction.save()
    assert list(SpendReturn.objects.counted()) == [correction]
    assert SpendReturn.objects.counted().spend() == Decimal("10500.25")


def test_one_return_in_review_per_award_and_quarter(award):
    partner = make_person(Role.PARTNER, username="pat.partner")
    SpendReturn.objects.create(award=award, period=Q1, spend=1, created_by=partner)
    refused(lambda: SpendReturn.objects.create(award=award, period=Q1, spend=2, created_by=partner))
    refused(
        lambda: SpendReturn.objects.create(award=award, period=Q2, spend=-1, created_by=partner)
    )
