"""
The register (its filters in the URL, its heat map and the numbers beside it), a risk's
page, and the forms: staff record and edit a risk with its mitigations (an edit made
meanwhile by someone else is shown, 409, never overwritten); its owner or staff review it
(a review made meanwhile is shown, 409, with what was typed kept).
"""

import datetime
import re

import pytest
from django.urls import reverse

from risks.models import Category, Risk, RiskReview, RiskStatus
from vawg_tracker.accounts.models import Role

from ..factories import ActionFactory, LeadSpecialistFactory, PledgeFactory
from ..personas import make_person
from .factories import MitigationFactory, RiskFactory

pytestmark = pytest.mark.django_db
REGISTER = reverse("risks:register")


def _titles(response):
    return [risk.title for risk in response.context["page"].object_list]


def test_the_register_lists_risks_highest_score_first(staff_client):
    RiskFactory(title="Low", likelihood=1, impact=2)
    RiskFactory(title="High", likelihood=5, impact=4)
    RiskFactory(title="Middle", likelihood=3, impact=3)
    assert _titles(staff_client.get(REGISTER)) == ["High", "Middle", "Low"]


def test_the_register_filters_by_what_the_url_says(staff_client):
    owner = LeadSpecialistFactory()
    pledge = PledgeFactory()
    RiskFactory(title="Funding cliff", category=Category.FUNDING, owner=owner, likelihood=4,
                impact=5, pledges=[pledge])  # fmt: skip
    RiskFactory(title="Data sharing", category=Category.DATA_SHARING, owner=owner)
    RiskFactory(title="Closed", status=RiskStatus.CLOSED, owner=owner, pledges=[pledge])
    RiskFactory(title="Someone else's", likelihood=4, impact=5, pledges=[pledge])
    cases = [
        ({"category": "data_sharing"}, ["Data sharing"]),
        ({"status": "closed"}, ["Closed"]),
        ({"owner": owner.pk, "pledge": pledge.pk}, ["Funding cliff", "Closed"]),
        ({"band": "very_high", "owner": owner.pk}, ["Funding cliff"]),
    ]
    for query, expected in cases:
        assert _titles(staff_client.get(REGISTER, query)) == expected, query


def _cells_in_svg(page):
    cells = re.findall(r'data-cell="(\d)-(\d)"[^>]*><title>[^<]*: (\d+)</title>', page)
    return {(int(row), int(column)): int(count) for row, column, count in cells}


def _cells_in_table(page):
    table = re.search(r'<table class="table table-sm chart-table heat-table">.*?</table>', page)
    rows = re.findall(r'<th scope="row">Likelihood (\d)</th>((?:<td>\d+</td>)+)', table[0])
    return {
        (int(row), column): int(count)
        for row, cells in rows
        for column, count in enumerate(re.findall(r"<td>(\d+)</td>", cells), start=1)
    }


def test_the_heat_maps_table_gives_the_same_numbers_as_the_chart(staff_client):
    for likelihood, impact in [(4, 5), (4, 5), (1, 1), (3, 2)]:
        RiskFactory(likelihood=likelihood, impact=impact)
    page = staff_client.get(REGISTER).content.decode()
    in_svg, in_table = _cells_in_svg(page), _cells_in_table(page)
    assert len(in_svg) == len(in_table) == 25
    assert in_svg == in_table
    assert in_svg[(4, 5)] == 2
    assert in_svg[(1, 1)] == 1
    assert in_svg[(3, 2)] == 1
    assert sum(in_svg.values()) == 4
    assert 'role="img"' in page
    assert "Likelihood 4, impact 5: 2" in page


def test_the_heat_map_counts_only_the_filtered_risks(staff_client):
    RiskFactory(likelihood=4, impact=5, category=Category.FUNDING)
    RiskFactory(likelihood=1, impact=1, category=Category.LEGAL)
    page = staff_client.get(REGISTER, {"category": "legal"}).content.decode()
    assert sum(_cells_in_svg(page).values()) == 1


def test_a_risks_page_shows_its_mitigations_reviews_and_what_it_threatens(staff_client, lead):
    action = ActionFactory(title="IDVA posts")
    risk = RiskFactory(title="Funding cliff", actions=[action], pledges=[PledgeFactory()])
    MitigationFactory(risk=risk, text="Bid to the Ministry of Justice")
    risk.review(by=lead, likelihood=2, impact=3, comment="Bid submitted.",
                next_review=datetime.date(2027, 3, 1))  # fmt: skip
    page = staff_client.get(risk.get_absolute_url()).content.decode()
    for text in ("Bid to the Ministry of Justice", "Bid submitted.", "IDVA posts", "Score 9"):
        assert text in page


def _risk_data(owner, **fields):
    return {
        "title": "Vacancies in specialist units",
        "description": "",
        "category": "workforce",
        "owner": owner.pk,
        "likelihood": "4",
        "impact": "3",
        "target_score": "6",
        "status": "open",
        "next_review": "2027-01-31",
        "version": "",
        "mitigations-TOTAL_FORMS": "1",
        "mitigations-INITIAL_FORMS": "0",
        "mitigations-MIN_NUM_FORMS": "0",
        "mitigations-MAX_NUM_FORMS": "10",
        "mitigations-0-text": "Recruit two detective sergeants",
        "mitigations-0-owner": owner.pk,
        "mitigations-0-due_on": "2027-03-31",
        "mitigations-0-done_on": "",
        **fields,
    }


def test_staff_record_a_risk_with_its_mitigation(staff_client):
    owner = LeadSpecialistFactory()
    response = staff_client.post(reverse("risks:create"), _risk_data(owner))
    risk = Risk.objects.get()
    assert response.status_code == 302
    assert response.url == risk.get_absolute_url()
    assert risk.score == 12
    assert risk.mitigations.get().text == "Recruit two detective sergeants"
    assert risk.history.count() == 1


def test_a_likelihood_outside_1_to_5_is_a_message_keeping_what_was_typed(staff_client):
    owner = LeadSpecialistFactory()
    response = staff_client.post(reverse("risks:create"), _risk_data(owner, likelihood="7"))
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 5." in response.content.decode()
    assert "Vacancies in specialist units" in response.content.decode()
    assert not Risk.objects.exists()


def test_an_edit_over_someone_elses_is_refused_and_what_was_typed_kept(staff_client, staff):
    risk = RiskFactory(title="Old title")
    url = reverse("risks:edit", args=[risk.pk])
    seen = staff_client.get(url).context["form"]["version"].value()
    changed = Risk.objects.get(pk=risk.pk)
    changed.title = "Their title"
    changed.save()
    data = _risk_data(risk.owner, title="My title", version=seen)
    response = staff_client.post(url, data)
    assert response.status_code == 409
    assert "My title" in response.content.decode()
    risk.refresh_from_db()
    assert risk.title == "Their title"
    again = staff_client.post(url, {**data, "version": response.context["form"]["version"].value()})
    assert again.status_code == 302
    risk.refresh_from_db()
    assert risk.title == "My title"


def _review(**fields):
    data = {"likelihood": "5", "impact": "4", "comment": "Reviewed."}
    next_review = (datetime.date.today() + datetime.timedelta(days=60)).isoformat()
    return {**data, "next_review": next_review, "seen_review_id": "0", **fields}


def test_the_owner_reviews_their_risk_and_the_scores_move(client, lead):
    risk = RiskFactory(owner=LeadSpecialistFactory(user=lead), likelihood=4, impact=4)
    client.force_login(lead)
    url = reverse("risks:review", args=[risk.pk])
    response = client.post(url, _review(likelihood="2", impact="4", comment="Posts filled."))
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.score == 8
    review = RiskReview.objects.get()
    assert (review.score_before, review.score_after, review.comment) == (16, 8, "Posts filled.")
    assert review.reviewed_by == lead


def test_a_review_needs_a_next_review_after_today(staff_client):
    risk = RiskFactory(likelihood=4, impact=4)
    url = reverse("risks:review", args=[risk.pk])
    today = datetime.date.today().isoformat()
    response = staff_client.post(url, _review(next_review=today, comment="Still high."))
    assert response.status_code == 200
    assert "The next review is after today." in response.content.decode()
    assert "Still high." in response.content.decode()
    assert not RiskReview.objects.exists()


def test_another_lead_may_not_review_it_and_a_commissioner_may_only_read(client, commissioner):
    risk = RiskFactory()
    other = make_person(Role.LEAD_SPECIALIST, username="olu.otherlead")
    LeadSpecialistFactory(user=other)
    for person in (other, commissioner):
        client.force_login(person)
        assert client.get(reverse("risks:review", args=[risk.pk])).status_code == 403
        assert client.get(risk.get_absolute_url()).status_code == 200


def test_a_review_on_a_stale_form_shows_the_other_and_keeps_what_was_typed(staff_client, lead):
    risk = RiskFactory(likelihood=4, impact=4)
    risk.review(by=lead, likelihood=3, impact=4, comment="Theirs.", next_review=risk.next_review)
    url = reverse("risks:review", args=[risk.pk])
    response = staff_client.post(url, _review(likelihood="5", impact="5", comment="Mine."))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Theirs." in page
    assert "Mine." in page
    assert RiskReview.objects.count() == 1
    seen = response.context["form"]["seen_review_id"].value()
    response = staff_client.post(url, _review(impact="5", comment="Mine.", seen_review_id=seen))
    assert response.status_code == 302
    assert RiskReview.objects.count() == 2
