"""Recommendations past their due date join the dashboard's attention list and their
owner's "My updates"; implemented, refused or not yet due ones do not."""

import datetime

import pytest
from django.urls import reverse

from recommendations.models import RecommendationStatus

from ..factories import ActionFactory, LeadSpecialistFactory
from .factories import RecommendationFactory

pytestmark = pytest.mark.django_db
YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)
NEXT_MONTH = datetime.date.today() + datetime.timedelta(days=30)


def test_the_dashboard_lists_a_recommendation_past_its_due_date(staff_client, staff):
    ActionFactory()  # the dashboard needs a plan
    RecommendationFactory(number="4", text="Train call handlers on coercive control",
                          due_on=YESTERDAY)  # fmt: skip
    RecommendationFactory(text="Not yet due", due_on=NEXT_MONTH)
    refused = RecommendationStatus.NOT_ACCEPTED
    RecommendationFactory(text="Refused", due_on=YESTERDAY, status=refused, reason="Not ours.")
    done = RecommendationFactory(text="Done already", due_on=YESTERDAY)
    done.record_update(by=staff, status=RecommendationStatus.IMPLEMENTED, note="Delivered.")
    response = staff_client.get(reverse("reports:dashboard"))
    board = response.context["board"]
    assert [r.number for r in board.recommendations_overdue] == ["4"]
    page = response.content.decode()
    assert "Recommendations overdue (1)" in page
    assert "Train call handlers on coercive control" in page
    for absent in ("Not yet due", "Refused", "Done already"):
        assert absent not in page


def test_marking_it_implemented_takes_it_off_the_dashboard(staff_client, staff):
    ActionFactory()
    recommendation = RecommendationFactory(text="Publish the review", due_on=YESTERDAY)
    assert "Publish the review" in staff_client.get(reverse("reports:dashboard")).content.decode()
    recommendation.record_update(by=staff, status=RecommendationStatus.IMPLEMENTED,
                                 note="Published on the website.")  # fmt: skip
    page = staff_client.get(reverse("reports:dashboard")).content.decode()
    assert "Recommendations overdue (0)" in page
    assert "Publish the review" not in page


def test_my_updates_lists_the_overdue_recommendations_the_lead_owns(client, lead):
    mine = LeadSpecialistFactory(user=lead)
    due = RecommendationFactory(text="Act on the review's lessons", owner=mine, due_on=YESTERDAY)
    RecommendationFactory(text="Not yet due", owner=mine, due_on=NEXT_MONTH)
    RecommendationFactory(text="Someone else's", due_on=YESTERDAY)
    client.force_login(lead)
    page = client.get(reverse("rounds:my_updates")).content.decode()
    assert "Recommendations overdue" in page
    assert "Act on the review&#x27;s lessons" in page
    assert reverse("recommendations:update", args=[due.pk]) in page
    assert "Not yet due" not in page
    assert "Someone else" not in page
