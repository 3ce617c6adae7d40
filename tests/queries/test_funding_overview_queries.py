"""
The Funding page, its downloads and the sources page run the same number of queries at 10
and at 1,000 awards (and as many sources with nothing awarded), whatever the filters. The
clock is frozen on 20 November 2026: 2026/27 Q1 and Q2 have ended more than 30 days
before, so there are returns overdue to find (Q2's: half the awards' source asks for
returns every six months, and those owe Q2's too).
"sign-in" is the session, the user and the user's permissions (four).
"""

import datetime

import time_machine
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding.models import Award, FundingSource, ReportingFrequency
from vawg_tracker.accounts.models import Role

from ..factories import ActionFactory, PartnerOrganisationFactory, PledgeFactory
from ..funding.builders import bulk_awards, make_source
from ..personas import make_person
from . import NAV

SIGN_IN = 4 + NAV  # and the navigation's count of what the person owes
FROZEN = datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC)

EXPECTED = {
    # sign-in; the years with amounts (the year picker); the year's totals (awarded,
    # ring-fenced, to by-and-for and small specialist providers); spent to date; by
    # source; by organisation; by pledge; by action; the awards with their figures;
    # output targets; outputs achieved; returns submitted or accepted for the ended
    # quarters (overdue); the filter form's sources, organisations and pledges.
    "funding:overview": SIGN_IN + 14,
    # sign-in; the years with amounts (the filters' form); the audit log's insert; the
    # awards with their figures.
    "funding:export": SIGN_IN - NAV + 3,  # a download: no navigation
    # sign-in; the count; the page of sources with their counted awards' number and sums.
    "funding:source_list": SIGN_IN + 2,
    # sign-in; the form's choices: funding sources, organisations, actions with plans.
    "funding:award_create": SIGN_IN + 3,
    # sign-in; the award; its actions (the form's initial); its version (latest history
    # id); the form's choices: sources, organisations, actions with plans; its years;
    # its outputs.
    "funding:award_edit": SIGN_IN + 8,
    # sign-in (the form has no choices from the database).
    "funding:source_create": SIGN_IN,
    # sign-in; the source; its version.
    "funding:source_edit": SIGN_IN + 2,
}
# The dashboard's funding card: the year's totals; spent to date; the returns overdue, in
# one aggregate (lead specialists, who may not read funding, have no card).
DASHBOARD_CARD = 3


class FundingPageQueries:
    awards = None

    @classmethod
    def setUpTestData(cls):
        cls.staff = make_person(Role.PCC_STAFF, username="sam.staff", is_staff=True)
        cls.lead = make_person(Role.LEAD_SPECIALIST, username="lee.lead")
        pledges = [PledgeFactory(number=number) for number in (1, 2, 3)]
        first = ActionFactory(pledges=pledges[:2])
        actions = [first] + [ActionFactory(plan=first.plan, pledges=[p]) for p in pledges]
        organisations = [
            PartnerOrganisationFactory(by_and_for=index % 2 == 0, specialist_vawg=True)
            for index in range(5)
        ]
        sources = [
            make_source("Ministry of Justice: ring-fenced", ring_fenced=True),
            # Returns every six months: the overdue count and list ask the source's
            # frequency in the same queries (the Q2 return is owed either way).
            make_source("PCC: own budget", reporting_frequency=ReportingFrequency.HALF_YEARLY),
        ]
        cls.pledge = pledges[0]
        # As many sources with nothing awarded as there are awards (the sources page).
        FundingSource.objects.bulk_create(
            FundingSource(name=f"Unused source {n:04d}", funder="Funder", kind="other")
            for n in range(cls.awards)
        )
        bulk_awards(
            cls.awards,
            by=cls.staff,
            actions=actions,
            organisations=organisations,
            sources=sources,
        )

    def assert_queries(self, name, query=None, extra=0, args=()):
        self.client.force_login(self.staff)
        with time_machine.travel(FROZEN), self.assertNumQueries(EXPECTED[name] + extra):
            response = self.client.get(reverse(name, args=args), query or {})
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200
        return response

    def test_the_funding_page(self):
        response = self.assert_queries("funding:overview")
        summary = response.context["summary"]
        assert summary.award_count == self.awards
        assert len(summary.overdue) == self.awards  # every award's Q2 return

    def test_the_funding_page_filtered(self):
        # As the plain page, plus one to look up the chosen pledge: filters add
        # conditions, not queries.
        query = {"year": 2026, "ring_fenced": "yes", "pledge": self.pledge.pk}
        response = self.assert_queries("funding:overview", query, extra=1)
        assert response.context["summary"].awarded > 0

    def test_the_dashboards_funding_card(self):
        counted = {}
        for person in (self.staff, self.lead):
            self.client.force_login(person)
            with time_machine.travel(FROZEN), CaptureQueriesContext(connection) as queries:
                response = self.client.get(reverse("reports:dashboard"))
            assert response.status_code == 200
            counted[person] = len(queries)
        assert counted[self.staff] - counted[self.lead] == DASHBOARD_CARD

    def test_the_staff_forms(self):
        award = Award.objects.order_by("pk").first()
        for name, args in (
            ("funding:award_create", ()),
            ("funding:award_edit", (award.pk,)),
            ("funding:source_create", ()),
            ("funding:source_edit", (award.source_id,)),
        ):
            with self.subTest(name):
                self.assert_queries(name, args=args)

    def test_the_sources_page(self):
        response = self.assert_queries("funding:source_list")
        assert response.context["page"].paginator.count == self.awards + 2

    def test_the_csv(self):
        self.assert_queries("funding:export", {"format": "csv"})

    def test_the_xlsx(self):
        self.assert_queries("funding:export", {"format": "xlsx"})


class TestFundingPagesAt10Awards(FundingPageQueries, TestCase):
    awards = 10


class TestFundingPagesAt1000Awards(FundingPageQueries, TestCase):
    awards = 1000
