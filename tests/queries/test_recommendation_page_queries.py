"""
The recommendations tracker's pages run the same number of queries at 10 and at 1,000
recommendations. "sign-in" is the session, the user and the user's permissions (four).
"""

import datetime

from django.test import TestCase
from django.urls import reverse

from recommendations.models import (
    Recommendation,
    RecommendationEvidence,
    RecommendationSource,
    RecommendationUpdate,
)
from vawg_tracker.accounts.models import Role

from ..factories import ActionFactory, LeadSpecialistFactory
from ..personas import make_person
from . import NAV

SIGN_IN = 4 + NAV  # and the navigation's count of what the person owes

EXPECTED = {
    # sign-in; how many recommendations; the filter form's sources and owners; the page
    # of recommendations with their sources and owners.
    "recommendations:list": SIGN_IN + 4,
    # sign-in; the source; its recommendations with their owners.
    "recommendations:source": SIGN_IN + 2,
    # sign-in; the recommendation with its source and owner; the actions that deliver it
    # with plans and leads; its updates with who recorded them; their evidence files.
    "recommendations:detail": SIGN_IN + 4,
    # sign-in; the form's choices: sources, owners, actions with plans.
    "recommendations:create": SIGN_IN + 3,
    # sign-in; the recommendation; its actions (the form's initial); its version; the
    # form's choices: sources, owners, actions with plans.
    "recommendations:edit": SIGN_IN + 6,
    # sign-in (nothing else: the form has no choices from the database).
    "recommendations:source_create": SIGN_IN,
    # sign-in; the source; its version.
    "recommendations:source_edit": SIGN_IN + 2,
    # sign-in; the recommendation with its source and owner; its latest update.
    "recommendations:update": SIGN_IN + 2,
}


class RecommendationPageQueries:
    recommendations = None

    @classmethod
    def setUpTestData(cls):
        cls.staff = make_person(Role.PCC_STAFF, username="sam.staff", is_staff=True)
        owners = [LeadSpecialistFactory() for _ in range(3)]
        actions = [ActionFactory() for _ in range(3)]
        sources = RecommendationSource.objects.bulk_create(
            RecommendationSource(
                kind="inspection", title=f"Source {n}", published_on=datetime.date(2025, 1, 1)
            )
            for n in range(max(1, cls.recommendations // 10))
        )
        created = Recommendation.objects.bulk_create(
            Recommendation(
                source=sources[n % len(sources)],
                number=str(n),
                text=f"Recommendation {n}",
                owner=owners[n % 3],
                due_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 400),
                status=("accepted", "in_progress")[n % 2],
            )
            for n in range(cls.recommendations)
        )
        Recommendation.actions.through.objects.bulk_create(
            Recommendation.actions.through(recommendation=r, action=actions[n % 3])
            for n, r in enumerate(created)
        )
        updates = RecommendationUpdate.objects.bulk_create(
            RecommendationUpdate(
                recommendation=r,
                recorded_by=cls.staff,
                happened_on=datetime.date(2026, 1, 1),
                status_before="accepted",
                status_after=r.status,
                note="Begun.",
            )
            for r in created
        )
        RecommendationEvidence.objects.bulk_create(
            RecommendationEvidence(
                update=update,
                file=f"evidence/2026/01/{n}.pdf",
                original_name="minutes.pdf",
                extension="pdf",
                content_type="application/pdf",
                size=100,
                sha256="0" * 64,
                uploaded_by=cls.staff,
            )
            for n, update in enumerate(updates)
        )
        cls.recommendation = created[0]

    def assert_queries(self, name, args=(), query=None, more=0):
        self.client.force_login(self.staff)
        with self.assertNumQueries(EXPECTED[name] + more):
            response = self.client.get(reverse(name, args=args), query or {})
        assert response.status_code == 200
        return response

    def test_the_list(self):
        response = self.assert_queries("recommendations:list")
        assert response.context["page"].paginator.count == self.recommendations

    def test_the_list_filtered(self):
        # Filters add conditions, not queries, but for the chosen source: it is looked up
        # to check it (one query, at any size).
        source = self.recommendation.source_id
        query = {"kind": "inspection", "status": "accepted", "overdue": "yes", "source": source}
        self.assert_queries("recommendations:list", query=query, more=1)

    def test_the_pages_and_forms(self):
        pk, source = self.recommendation.pk, self.recommendation.source_id
        for name, args in (
            ("recommendations:source", (source,)),
            ("recommendations:detail", (pk,)),
            ("recommendations:create", ()),
            ("recommendations:edit", (pk,)),
            ("recommendations:source_create", ()),
            ("recommendations:source_edit", (source,)),
            ("recommendations:update", (pk,)),
        ):
            with self.subTest(name):
                self.assert_queries(name, args)


class TestRecommendationPagesAt10(RecommendationPageQueries, TestCase):
    recommendations = 10


class TestRecommendationPagesAt1000(RecommendationPageQueries, TestCase):
    recommendations = 1000
