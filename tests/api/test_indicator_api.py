"""The API's indicators carry what the staff indicator page shows: each value's source,
whether it is provisional and its breakdown; the target trajectory; the latest value's RAG
against its quarter's target."""

from decimal import Decimal

import pytest
from django.urls import reverse

from api.models import ApiToken
from plans.models import Dimension, IndicatorBreakdown
from vawg_tracker.quarters import Quarter

from ..factories import IndicatorFactory, IndicatorTargetFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db
Q1, Q2 = Quarter(2026, 1), Quarter(2026, 2)


def test_an_indicator_has_its_trajectory_rag_and_each_values_source_and_breakdown(client, staff):
    indicator = IndicatorFactory(direction="higher", tolerance=Decimal("1"))
    IndicatorValueFactory(indicator=indicator, period=Q1, value=Decimal("80.25"))
    latest = IndicatorValueFactory(
        indicator=indicator,
        period=Q2,
        value=Decimal("82"),
        source="Force extract",
        provisional=True,
    )
    for part, figure in (("Wirral", "50"), ("Liverpool", "30")):
        IndicatorBreakdown.objects.create(
            value=latest, dimension=Dimension.LOCAL_AUTHORITY, category=part, figure=figure
        )
    IndicatorTargetFactory(indicator=indicator, quarter=Q1, value=Decimal("81"))
    IndicatorTargetFactory(indicator=indicator, quarter=Q2, value=Decimal("83"))
    secret = ApiToken.issue(staff, "tool")[1]
    response = client.get(
        reverse("api:indicator-detail", args=[indicator.pk]), HTTP_AUTHORIZATION=f"Token {secret}"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["tolerance"] == "1.00"
    assert data["trajectory"] == [
        {"period": "2026-27-q1", "value": "81.00"},
        {"period": "2026-27-q2", "value": "83.00"},
    ]
    # 82 against 83, higher is better, tolerance 1: within tolerance, provisional.
    assert data["against_target"] == {
        "period": "2026-27-q2",
        "target": "83.00",
        "rag": "amber",
        "words": "Within tolerance",
        "provisional": True,
    }
    first, second = data["values"]
    assert (first["source"], first["provisional"], first["breakdown"]) == ("", False, [])
    assert (second["source"], second["provisional"]) == ("Force extract", True)
    assert second["breakdown"] == [
        {"dimension": "local_authority", "category": "Liverpool", "value": "30.00"},
        {"dimension": "local_authority", "category": "Wirral", "value": "50.00"},
    ]


def test_an_indicator_without_values_or_targets_has_no_rag(client, staff):
    indicator = IndicatorFactory()
    secret = ApiToken.issue(staff, "tool")[1]
    data = client.get(
        reverse("api:indicator-detail", args=[indicator.pk]), HTTP_AUTHORIZATION=f"Token {secret}"
    ).json()
    assert data["trajectory"] == []
    assert data["against_target"] == {
        "period": None,
        "target": None,
        "rag": "none",
        "words": "No target for this quarter",
        "provisional": False,
    }
