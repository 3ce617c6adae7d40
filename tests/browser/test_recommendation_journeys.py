"""
Staff find a recommendation past its due date on the dashboard, mark it implemented with
evidence (a missing note is a message keeping the status chosen), see the update and its
file on the recommendation's page, and the dashboard's attention list no longer lists it.
Axe runs on each step.
"""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from vawg_tracker.accounts.models import Role

from ..factories import ActionFactory, LeadSpecialistFactory, pdf_bytes
from ..personas import make_person
from ..recommendations.factories import RecommendationFactory, RecommendationSourceFactory

pytestmark = pytest.mark.django_db(transaction=True)
TEXT = "Train every call handler to recognise coercive control"


@pytest.fixture
def recommendation():
    make_person(Role.PCC_STAFF, username="journey.staff", is_staff=True)
    owner = LeadSpecialistFactory(name="Priya Demo")
    action = ActionFactory(title="Specialist training for call handlers", lead=owner,
                           plan__lead=owner)  # fmt: skip
    source = RecommendationSourceFactory(
        title="HMICFRS inspection of the police response to VAWG (demo)"
    )
    return RecommendationFactory(
        source=source,
        number="AFI 1",
        text=TEXT,
        owner=owner,
        due_on=datetime.date.today() - datetime.timedelta(days=5),
        actions=[action],
    )


def test_staff_mark_a_recommendation_implemented_with_evidence_and_the_dashboard_updates(
    page, live_server, sign_in, assert_accessible, recommendation, tmp_path
):
    evidence = tmp_path / "training-log.pdf"
    evidence.write_bytes(pdf_bytes(pages=1))
    sign_in(page, "journey.staff")
    page.goto(live_server.url + reverse("reports:dashboard"))
    attention = page.get_by_test_id("recommendations-overdue")
    expect(attention).to_contain_text(TEXT)
    assert_accessible(page)

    attention.get_by_role("link", name=f"AFI 1: {TEXT}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendation AFI 1")
    expect(page.get_by_text("Specialist training for call handlers")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add an update").click()
    page.get_by_label("Status now").select_option(label="Implemented")
    page.get_by_label("Evidence files (optional)").set_input_files(str(evidence))
    # Without a note, the form says so and keeps the status chosen.
    page.get_by_role("button", name="Record update").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    expect(page.get_by_label("Status now")).to_have_value("implemented")
    assert_accessible(page)
    page.get_by_label("What was done?").fill("All 212 call handlers trained by March.")
    page.get_by_label("Evidence files (optional)").set_input_files(str(evidence))
    page.get_by_role("button", name="Record update").click()

    expect(page.get_by_role("alert")).to_contain_text("implemented")
    expect(page.get_by_test_id("recommendation-status")).to_contain_text("Implemented")
    expect(page.get_by_text("Accepted → Implemented")).to_be_visible()
    expect(page.get_by_text("All 212 call handlers trained by March.")).to_be_visible()
    expect(page.get_by_role("link", name="training-log.pdf")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + reverse("reports:dashboard"))
    expect(page.get_by_text("Recommendations overdue (0)")).to_be_visible()
    expect(page.get_by_test_id("recommendations-overdue")).to_have_count(0)
    assert_accessible(page)
