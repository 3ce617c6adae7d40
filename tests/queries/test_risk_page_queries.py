"""
The risk register's pages run the same number of queries at 10 and at 1,000 risks.
"sign-in" is the session, the user and the user's permissions (four).
"""

import datetime

from django.test import TestCase
from django.urls import reverse

from risks.models import Mitigation, Risk, RiskReview
from vawg_tracker.accounts.models import Role

from ..factories import ActionFactory, LeadSpecialistFactory, PledgeFactory
from ..personas import make_person
from . import NAV

SIGN_IN = 4 + NAV  # and the navigation's count of what the person owes

EXPECTED = {
    # sign-in; the heat map's counts; how many risks; the filter form's owners and
    # pledges; the page of risks with their owners and scores at the last quarter's end.
    "risks:register": SIGN_IN + 5,
    # sign-in; the risk with its owner; its mitigations with owners; the actions it
    # threatens with plans; its pledges with sets; its reviews with reviewers.
    "risks:detail": SIGN_IN + 5,
    # sign-in; the form's choices: owners, actions with plans, pledges with sets;
    # the mitigation row's owners.
    "risks:create": SIGN_IN + 4,
    # sign-in; the risk; its actions and pledges (the form's initial); its version; the
    # form's choices: owners, actions with plans, pledges with sets; its mitigations; each
    # mitigation row's owners (its one mitigation and the empty row: a risk has at most 10).
    "risks:edit": SIGN_IN + 10,
    # sign-in; the risk with its owner; its latest review.
    "risks:review": SIGN_IN + 2,
}


class RiskPageQueries:
    risks = None

    @classmethod
    def setUpTestData(cls):
        cls.staff = make_person(Role.PCC_STAFF, username="sam.staff", is_staff=True)
        owners = [LeadSpecialistFactory() for _ in range(3)]
        actions = [ActionFactory() for _ in range(3)]
        pledges = [PledgeFactory(number=n) for n in (1, 2)]
        created = Risk.objects.bulk_create(
            Risk(
                title=f"Risk {n}",
                category="funding",
                owner=owners[n % 3],
                likelihood=n % 5 + 1,
                impact=(n // 5) % 5 + 1,
                target_score=4,
                next_review=datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 400),
            )
            for n in range(cls.risks)
        )
        Risk.actions.through.objects.bulk_create(
            Risk.actions.through(risk=risk, action=actions[n % 3]) for n, risk in enumerate(created)
        )
        Risk.pledges.through.objects.bulk_create(
            Risk.pledges.through(risk=risk, pledge=pledges[n % 2]) for n, risk in enumerate(created)
        )
        Mitigation.objects.bulk_create(
            Mitigation(risk=risk, text="Do it", owner=risk.owner, due_on=datetime.date(2027, 1, 1))
            for risk in created
        )
        RiskReview.objects.bulk_create(
            RiskReview(
                risk=risk,
                reviewed_by=cls.staff,
                likelihood_before=5,
                impact_before=5,
                likelihood_after=risk.likelihood,
                impact_after=risk.impact,
                comment="Reviewed.",
            )  # fmt: skip
            for risk in created
        )
        cls.risk = created[0]

    def assert_queries(self, name, args=(), query=None):
        self.client.force_login(self.staff)
        with self.assertNumQueries(EXPECTED[name]):
            response = self.client.get(reverse(name, args=args), query or {})
        assert response.status_code == 200
        return response

    def test_the_register(self):
        response = self.assert_queries("risks:register")
        assert response.context["page"].paginator.count == self.risks

    def test_the_register_filtered(self):
        # Filters add conditions, not queries (each chosen owner and pledge is looked up
        # in the filter form's choices query).
        query = {"status": "open", "band": "high", "category": "funding"}
        self.assert_queries("risks:register", query=query)

    def test_the_risk_page_and_forms(self):
        for name, args in (
            ("risks:detail", (self.risk.pk,)),
            ("risks:create", ()),
            ("risks:edit", (self.risk.pk,)),
            ("risks:review", (self.risk.pk,)),
        ):
            with self.subTest(name):
                self.assert_queries(name, args)


class TestRiskPagesAt10Risks(RiskPageQueries, TestCase):
    risks = 10


class TestRiskPagesAt1000Risks(RiskPageQueries, TestCase):
    risks = 1000
