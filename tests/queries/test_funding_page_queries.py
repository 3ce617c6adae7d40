"""
The spend-return pages run the same number of queries at 10 and at 1,000 awards and
returns. Every signed-in page starts with "sign-in": the session, the user, the user's own
permissions and their groups' permissions.
"""

import datetime
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from funding.models import (
    Award,
    AwardOutput,
    AwardStatus,
    AwardYear,
    OutputKind,
    ReportingFrequency,
    ReturnEvent,
    ReturnOutput,
    ReturnState,
    SpendReturn,
)
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, PartnerMembershipFactory
from ..funding.factories import FundingSourceFactory
from ..personas import make_person
from . import NAV

SIGN_IN = 4 + NAV  # and the navigation's count of what the person owes
STATES = [ReturnState.ACCEPTED, ReturnState.RETURNED, ReturnState.SUBMITTED]

PARTNER_PAGES = {
    # sign-in; membership with organisation; count of its awards; a page of them with
    # their source; their years; their outputs; their returns with author; the returns'
    # outputs achieved; their steps with who took them.
    "funding_portal:home": SIGN_IN + 8,
    # sign-in; membership; the award with source; its years; its outputs; its returns
    # (which quarters are due).
    "funding_portal:return_submit": SIGN_IN + 5,
    # sign-in; membership; the return with award; its award's years; outputs; its
    # outputs achieved; its version (history); what is left of the year's award (the
    # other quarters' counted spend); its steps (the staff comment).
    "funding_portal:return_amend": SIGN_IN + 8,
    # sign-in; membership; the return with award; its award's years; outputs; its
    # outputs achieved; whether an accepted correction replaced it; what is left of the
    # year's award (the other quarters' counted spend).
    "funding_portal:return_correct": SIGN_IN + 7,
}
STAFF_PAGES = {
    # sign-in; the award with source and organisation; its counted returns' spend by
    # quarter; their total; its years; outputs achieved; its outputs; the actions it pays
    # for with their plan; its returns with author; their outputs achieved; their steps
    # with who took them.
    "funding:award_detail": SIGN_IN + 10,
    # sign-in; count of returns waiting; a page of them with award, organisation, source.
    "funding:review_queue": SIGN_IN + 2,
}


class FundingPageQueries:
    size = None

    @classmethod
    def setUpTestData(cls):
        cls.partner = make_person(Role.PARTNER, username="ana.partner")
        cls.staff = make_person(Role.PCC_STAFF, username="sam.staff", is_staff=True)
        organisation = PartnerMembershipFactory(
            user=cls.partner, organisation__name="Partner A"
        ).organisation
        # Every six months: which quarters are due is read from the source the page
        # already has (the first award's returns for other quarters, made before, stay).
        source = FundingSourceFactory(reporting_frequency=ReportingFrequency.HALF_YEARLY)
        awards = Award.objects.bulk_create(
            Award(
                reference=f"VAWG-{n:05d}",
                title=f"Award {n}",
                source=source,
                organisation=organisation,
                status=AwardStatus.ACTIVE,
                starts_on=datetime.date(2020, 4, 1),
                ends_on=datetime.date(2025, 3, 31),
            )
            for n in range(cls.size)
        )
        AwardYear.objects.bulk_create(
            AwardYear(award=a, financial_year=y, amount=Decimal("40000.00"))
            for a in awards
            for y in (2023, 2024)
        )
        outputs = AwardOutput.objects.bulk_create(
            AwardOutput(
                award=a, name="People supported", kind=OutputKind.PEOPLE_SUPPORTED, target=90
            )
            for a in awards
        )
        award = awards[0]
        award.actions.add(*[ActionFactory(reference=f"1.{n}") for n in range(3)])
        # As many returns as awards: one on each, and on the first award one per quarter
        # (20) of its five years, in every state.
        quarters = list(Quarter.range(Quarter(2020, 1), Quarter(2024, 4)))
        returns = SpendReturn.objects.bulk_create(
            [
                SpendReturn(
                    award=a,
                    period=quarters[-1],
                    spend=Decimal("100.00"),
                    state=STATES[n % 3],
                    created_by=cls.partner,
                )
                for n, a in enumerate(awards[1:])
            ]
            + [
                SpendReturn(
                    award=award,
                    period=q,
                    spend=Decimal("9000.00"),
                    state=STATES[n % 3],
                    created_by=cls.partner,
                )
                for n, q in enumerate(quarters[:-1])
            ]
        )
        ReturnOutput.objects.bulk_create(
            ReturnOutput(spend_return=r, output=outputs[awards.index(r.award)], achieved=5)
            for r in returns
        )
        ReturnEvent.objects.bulk_create(
            ReturnEvent(spend_return=r, kind="submitted", user=cls.partner) for r in returns
        )
        mine = [r for r in returns if r.award_id == award.pk]
        cls.returned = next(r for r in mine if r.state == ReturnState.RETURNED)
        cls.accepted = next(r for r in mine if r.state == ReturnState.ACCEPTED)
        cls.ids = {
            "funding_portal:return_submit": award.pk,
            "funding_portal:return_amend": cls.returned.pk,
            "funding_portal:return_correct": cls.accepted.pk,
            "funding:award_detail": award.pk,
        }

    def assert_queries(self, user, name, expected):
        self.client.force_login(user)
        url = reverse(name, args=[self.ids[name]] if name in self.ids else [])
        with self.assertNumQueries(expected):
            response = self.client.get(url)
        assert response.status_code == 200

    def test_partner_pages(self):
        for name, expected in PARTNER_PAGES.items():
            with self.subTest(name):
                self.assert_queries(self.partner, name, expected)

    def test_staff_pages(self):
        for name, expected in STAFF_PAGES.items():
            with self.subTest(name):
                self.assert_queries(self.staff, name, expected)


class TestFundingPagesAt10(FundingPageQueries, TestCase):
    size = 10


class TestFundingPagesAt1000(FundingPageQueries, TestCase):
    size = 1000
