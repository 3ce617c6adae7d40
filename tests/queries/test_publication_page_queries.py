"""
The publication pages run the same number of queries at 10 and at 1,000 actions: the list
(whatever it holds), a publication (read from its snapshot) and the preview (the snapshot
built from the records: a fixed number of queries, not one per action).

The clock is frozen on 20 December 2026, so 2026/27 Q2 is the last quarter that has
ended. "sign-in" is the session, the user and the user's permissions (four).
"""

import datetime

import time_machine
from django.test import TestCase
from django.urls import reverse

from demo.scale_data import generate
from plans.models import ActionPlan, Indicator
from publication.models import Publication, PublicationRequest
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from ..personas import make_person
from . import NAV

SIGN_IN = 4 + NAV  # and the navigation's count of what the person owes
FROZEN = datetime.datetime(2026, 12, 20, 9, tzinfo=datetime.UTC)
Q1, Q2 = Quarter(2026, 1), Quarter(2026, 2)

EXPECTED = {
    # sign-in; count of publications; a page of them with plans and who prepared,
    # published and withdrew them; the live ones, to mark each plan's current one; the
    # quarters prepared and waiting for approval, with their plans and who prepared them.
    "publication:list": SIGN_IN + 4,
    # sign-in; the publication with its plan, who published and withdrew it, and its
    # public PDF; the quarter's reopening since it was published, if any.
    "publication:detail": SIGN_IN + 2,
    # sign-in; the quarter choices (the plans' first start and last end); the chosen plan
    # with its strategy; the snapshot: the actions with their latest signed-off update,
    # which pledges and outcomes each serves, the pledge sets' pledges, the strategy's
    # outcomes, the published indicators, their values, targets, pledges and outcomes, partner
    # totals by kind; the funding (funding.summary's year totals, spend to date, awards
    # with their amount and spend, by provider and by source; the awards' outputs and
    # what accepted returns achieved); the public recommendations with their sources, and
    # the plan's actions delivering them; the live publication before it; a request for
    # the quarter waiting for approval, with who prepared it; the plan choices, drawn again.
    "publication:publish": SIGN_IN + 25,
    # sign-in; the request with its plan and strategy, who prepared and cancelled it and
    # its publication; the snapshot and funding built now, as the preview builds them (to
    # check against what was prepared); the live publication before it.
    "publication:prepared": SIGN_IN + 22,
}


class PublicationPageQueries:
    actions = None

    @classmethod
    def setUpTestData(cls):
        with time_machine.travel(FROZEN, tick=False):
            generate(cls.actions)
            cls.staff = make_person(Role.PCC_STAFF, username="sam.staff", is_staff=True)
            cls.plan = ActionPlan.objects.active().first()
            Indicator.objects.update(publish=True)
            first = Publication.publish(cls.plan, Q1, by=cls.staff)
            Publication.publish(cls.plan, Q2, by=cls.staff).withdraw(by=cls.staff)
            cls.publication = first
            preparer = make_person(Role.PCC_STAFF, username="pip.preparer", is_staff=True)
            cls.prepared = PublicationRequest.prepare(cls.plan, Q2, by=preparer)

    def assert_page_queries(self, name, args=(), query=None):
        with time_machine.travel(FROZEN, tick=False):
            self.client.force_login(self.staff)
            with self.assertNumQueries(EXPECTED[name]):
                response = self.client.get(reverse(name, args=args), query)
        assert response.status_code == 200
        return response

    def test_list(self):
        response = self.assert_page_queries("publication:list")
        assert len(response.context["page"].object_list) == 2

    def test_detail(self):
        self.assert_page_queries("publication:detail", args=[self.publication.pk])

    def test_preview(self):
        response = self.assert_page_queries(
            "publication:publish", query={"plan": self.plan.pk, "quarter": str(Q2)}
        )
        assert len(response.context["snapshot"]["actions"]) == self.plan.actions.count()
        assert response.context["previous"] == self.publication

    def test_prepared(self):
        response = self.assert_page_queries("publication:prepared", args=[self.prepared.pk])
        assert not response.context["changed"]
        assert reverse("publication:approve", args=[self.prepared.pk]) in response.content.decode()
        assert response.context["previous"] == self.publication


class TestPublicationPagesAt10Actions(PublicationPageQueries, TestCase):
    actions = 10


class TestPublicationPagesAt1000Actions(PublicationPageQueries, TestCase):
    actions = 1000


def test_every_publication_page_has_a_pinned_query_count():
    from ..permissions.test_permission_matrix import EXPECTED as MATRIX

    gets = {name for name in MATRIX if name.startswith("publication:")}
    posts = {"publication:withdraw", "publication:retry_pdf"}
    posts |= {"publication:approve", "publication:cancel"}
    assert gets - posts == set(EXPECTED)
