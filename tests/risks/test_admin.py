"""
The risk register in the admin is a superuser's: a risk is changed there with its history
kept, its mitigations and reviews shown beside it but never changed; PCC staff keep the
register on its own pages and are refused here.
"""

import datetime

import pytest
from django.urls import reverse

from risks.models import Risk, RiskReview

from ..personas import make_person
from .factories import MitigationFactory, RiskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(make_person(None, username="ada.admin", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def reviewed_risk(staff):
    risk = RiskFactory(title="IDVA posts unfilled", likelihood=4, impact=4)
    MitigationFactory(risk=risk, text="Recruit through the regional pool", owner=risk.owner)
    risk.review(
        by=staff,
        likelihood=3,
        impact=4,
        comment="Two posts filled in October.",
        next_review=datetime.date.today() + datetime.timedelta(days=90),
    )
    return risk


def _change_data(risk, **changes):
    data = {
        "title": risk.title,
        "description": risk.description,
        "category": risk.category,
        "owner": risk.owner_id,
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "target_score": risk.target_score,
        "status": risk.status,
        "next_review": risk.next_review.isoformat(),
    }
    for prefix, rows in (("mitigations", risk.mitigations), ("reviews", risk.reviews)):
        data |= {f"{prefix}-TOTAL_FORMS": rows.count(), f"{prefix}-INITIAL_FORMS": rows.count()}
    return data | changes


def test_the_change_page_shows_the_risks_score_mitigations_and_reviews(admin_client, reviewed_risk):
    response = admin_client.get(reverse("admin:risks_risk_change", args=[reviewed_risk.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Recruit through the regional pool" in page
    assert "Two posts filled in October." in page
    changelist = admin_client.get(reverse("admin:risks_risk_changelist")).content.decode()
    assert "IDVA posts unfilled" in changelist
    assert '<td class="field-score">12</td>' in changelist


def test_a_superuser_changes_a_risk_and_its_history_records_it(admin_client, reviewed_risk):
    url = reverse("admin:risks_risk_change", args=[reviewed_risk.pk])
    response = admin_client.post(url, _change_data(reviewed_risk, title="IDVA posts vacant"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    reviewed_risk.refresh_from_db()
    assert reviewed_risk.title == "IDVA posts vacant"
    assert reviewed_risk.history.first().title == "IDVA posts vacant"
    # The review and mitigation shown beside it are as they were.
    review = reviewed_risk.reviews.get()
    assert (review.likelihood_after, review.comment) == (3, "Two posts filled in October.")
    assert reviewed_risk.mitigations.get().text == "Recruit through the regional pool"


def test_a_likelihood_outside_1_to_5_is_refused_with_the_typing_kept(admin_client, reviewed_risk):
    url = reverse("admin:risks_risk_change", args=[reviewed_risk.pk])
    response = admin_client.post(
        url, _change_data(reviewed_risk, likelihood=6, title="IDVA posts vacant")
    )
    assert response.status_code == 200
    assert "likelihood" in response.context["adminform"].form.errors
    assert 'value="IDVA posts vacant"' in response.content.decode()
    assert Risk.objects.get(pk=reviewed_risk.pk).likelihood == 3


def test_reviews_are_looked_up_never_added_changed_or_deleted(admin_client, reviewed_risk):
    review = reviewed_risk.reviews.get()
    assert admin_client.get(reverse("admin:risks_riskreview_changelist")).status_code == 200
    change = reverse("admin:risks_riskreview_change", args=[review.pk])
    assert admin_client.get(change).status_code == 200
    assert admin_client.post(change, {"comment": "Rewritten."}).status_code == 403
    assert admin_client.get(reverse("admin:risks_riskreview_add")).status_code == 403
    delete = reverse("admin:risks_riskreview_delete", args=[review.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert RiskReview.objects.get().comment == "Two posts filled in October."


def test_pcc_staff_are_refused_the_registers_admin(staff_client, reviewed_risk):
    for url in (
        reverse("admin:risks_risk_changelist"),
        reverse("admin:risks_risk_change", args=[reviewed_risk.pk]),
        reverse("admin:risks_riskreview_changelist"),
    ):
        assert staff_client.get(url).status_code == 403, url
