"""
The public site runs the same number of queries at 10 and at 1,000 actions: every page
and every open-data file asks when it last changed, then reads the snapshots it shows in
one query, whatever they hold.
Anonymous readers: no sign-in queries.

The clock is frozen on 20 December 2026, so 2026/27 Q2 is the last quarter that has
ended. The plan's Q1 and Q2 are published, and a second plan's Q2, so that a quarter's
files combine two plans.
"""

import csv
import datetime
import io

import time_machine
from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse

from demo.scale_data import generate
from plans.models import ActionPlan, Indicator
from public.open_data import FILES
from public.pages import PublishedPlan
from publication.models import Publication
from recommendations.models import Recommendation
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from ..personas import make_person

FROZEN = datetime.datetime(2026, 12, 20, 9, tzinfo=datetime.UTC)
Q1, Q2 = Quarter(2026, 1), Quarter(2026, 2)

# Each page first asks when what it shows last changed (its Last-Modified, so that a
# cache asking again is answered before anything is read): when anything was last
# published or withdrawn, or for a publication's own pages when it was published.
CHANGED = 1
EXPECTED = {
    # each plan's current publication, with its snapshot.
    "public:home": CHANGED + 1,
    # the live publications, by plan.
    "public:past": CHANGED + 1,
    # the plan's live publication of the quarter (each of its pages alike).
    "public:publication": CHANGED + 1,
    "public:pledge": CHANGED + 1,
    "public:outcome": CHANGED + 1,
    "public:action": CHANGED + 1,
    "public:indicator": CHANGED + 1,
    "public:funding": CHANGED + 1,
    "public:recommendations": CHANGED + 1,
    # the live publication's ready public PDF.
    "public:report_pdf": CHANGED + 1,
    # the quarters with a live publication.
    "public:data": CHANGED + 1,
    # the quarter's live publications, with their snapshots.
    "public:data_csv": CHANGED + 1,
    "public:data_json": CHANGED + 1,
}


class PublicPageQueries:
    actions = None

    @classmethod
    def setUpTestData(cls):
        with time_machine.travel(FROZEN, tick=False):
            generate(cls.actions)
            staff = make_person(Role.PCC_STAFF, username="sam.staff", is_staff=True)
            Indicator.objects.update(publish=True)
            Recommendation.objects.update(is_public=True)
            cls.plan, other = ActionPlan.objects.active().order_by("pk")[:2]
            Publication.publish(cls.plan, Q1, by=staff)
            Publication.publish(cls.plan, Q2, by=staff)
            Publication.publish(other, Q2, by=staff)

    def assert_page_queries(self, name, args=()):
        with time_machine.travel(FROZEN, tick=False), self.assertNumQueries(EXPECTED[name]):
            response = self.client.get(reverse(name, args=args))
            body = response.getvalue()  # a CSV file streams: read it all
        assert response.status_code == 200
        return body

    def test_home(self):
        self.assert_page_queries("public:home")

    def test_past(self):
        self.assert_page_queries("public:past")

    def test_publication(self):
        self.assert_page_queries("public:publication", args=[self.plan.pk, Q2])

    def test_the_pages_of_a_pledge_outcome_action_and_indicator(self):
        publication = Publication.objects.get(plan=self.plan, quarter=Q2)
        page, at = PublishedPlan(publication), (self.plan.pk, Q2)
        pledge = max(
            (p for s in page.pledge_sets for p in s["pledges"]), key=lambda p: len(p["actions"])
        )
        outcome = max(page.outcomes, key=lambda o: len(o["actions"]))
        assert len(pledge["actions"]) >= self.actions / 50  # many actions, one query
        self.assert_page_queries(
            "public:pledge", args=[*at, pledge["set"]["slug"], pledge["number"]]
        )
        self.assert_page_queries("public:outcome", args=[*at, outcome["number"]])
        self.assert_page_queries("public:action", args=[*at, page.actions[-1]["slug"]])
        self.assert_page_queries("public:indicator", args=[*at, page.indicators[0]["slug"]])

    def test_the_funding_page(self):
        # About one award per action, each with its outputs: drawn from the snapshot.
        publication = Publication.objects.get(plan=self.plan, quarter=Q2)
        awards = sum(len(p["awards"]) for p in publication.funding["providers"])
        assert awards >= self.actions / 2
        body = self.assert_page_queries("public:funding", args=[self.plan.pk, Q2])
        assert publication.funding["headline"].encode() in body

    def test_you_told_us_we_did(self):
        # One recommendation for every two actions, all public: drawn from the snapshot.
        publication = Publication.objects.get(plan=self.plan, quarter=Q2)
        assert len(publication.snapshot["recommendations"]) >= self.actions / 2
        body = self.assert_page_queries("public:recommendations", args=[self.plan.pk, Q2])
        assert b"You told us" in body

    def test_the_public_pdf(self):
        publication = Publication.objects.get(plan=self.plan, quarter=Q2)
        publication.public_report.succeed(
            name="p.pdf", content=ContentFile(b"%PDF-1.7"), sha256="0" * 64, pages=1
        )
        body = self.assert_page_queries("public:report_pdf", args=[self.plan.pk, Q2])
        assert body.startswith(b"%PDF")

    def test_data_dictionary(self):
        self.assert_page_queries("public:data")

    def test_each_data_file(self):
        actions = ActionPlan.objects.filter(publications__quarter=Q2).values("actions")
        for data_file in FILES:
            body = self.assert_page_queries("public:data_csv", args=[Q2, data_file.slug])
            if data_file.slug == "actions":  # a header, then a row per action of both plans
                rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
                assert len(rows) == 1 + actions.count()

    def test_json(self):
        self.assert_page_queries("public:data_json", args=[Q2])


class TestPublicPagesAt10Actions(PublicPageQueries, TestCase):
    actions = 10


class TestPublicPagesAt1000Actions(PublicPageQueries, TestCase):
    actions = 1000


def test_every_public_page_has_a_pinned_query_count():
    from ..permissions.test_permission_matrix import EXPECTED as MATRIX

    gets = {name for name in MATRIX if name.startswith("public:")}
    assert gets - {"public:accessibility", "public:robots_txt"} == set(EXPECTED)
