"""Indicator targets: a trajectory of targets by quarter, a tolerance, and the RAG of a
value against its quarter's target."""

import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader

from plans.charts import trend_chart, trend_table
from plans.indicators import IndicatorCard, Rag, indicator_cards, rag_against_target
from plans.models import Direction, Indicator
from reports.rendering import render_pdf
from vawg_tracker.quarters import Quarter

from ..admin_forms import admin_form_data
from ..factories import IndicatorFactory, IndicatorTargetFactory, IndicatorValueFactory
from ..reporting import plan_worth_reporting

SVG = "{http://www.w3.org/2000/svg}"
HIGHER, LOWER = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER
D = Decimal


@pytest.mark.parametrize(
    ("value", "target", "tolerance", "direction", "provisional", "status", "words"),
    [
        # Higher is better: at, above, just short within tolerance, on its edge, beyond it.
        (D("50"), D("50"), D("5"), HIGHER, False, Rag.GREEN, "On target"),
        (D("60"), D("50"), D("5"), HIGHER, False, Rag.GREEN, "On target"),
        (D("47"), D("50"), D("5"), HIGHER, False, Rag.AMBER, "Within tolerance"),
        (D("45"), D("50"), D("5"), HIGHER, False, Rag.AMBER, "Within tolerance"),
        (D("44.99"), D("50"), D("5"), HIGHER, False, Rag.RED, "Off target"),
        # Lower is better: the mirror image.
        (D("50"), D("50"), D("5"), LOWER, False, Rag.GREEN, "On target"),
        (D("40"), D("50"), D("5"), LOWER, False, Rag.GREEN, "On target"),
        (D("53"), D("50"), D("5"), LOWER, False, Rag.AMBER, "Within tolerance"),
        (D("55"), D("50"), D("5"), LOWER, False, Rag.AMBER, "Within tolerance"),
        (D("55.01"), D("50"), D("5"), LOWER, False, Rag.RED, "Off target"),
        # No tolerance: exactly on target is green, anything short is red.
        (D("50"), D("50"), D("0"), HIGHER, False, Rag.GREEN, "On target"),
        (D("49.99"), D("50"), D("0"), HIGHER, False, Rag.RED, "Off target"),
        (D("50.01"), D("50"), D("0"), LOWER, False, Rag.RED, "Off target"),
        # Missing target, missing value, both missing: no status.
        (D("50"), None, D("5"), HIGHER, False, Rag.NONE, "No target for this quarter"),
        (None, D("50"), D("5"), LOWER, False, Rag.NONE, "No target for this quarter"),
        (None, None, D("0"), HIGHER, False, Rag.NONE, "No target for this quarter"),
        # A provisional value gets its status, marked provisional.
        (D("60"), D("50"), D("5"), HIGHER, True, Rag.GREEN, "On target (provisional)"),
        (D("47"), D("50"), D("5"), HIGHER, True, Rag.AMBER, "Within tolerance (provisional)"),
        (D("70"), D("50"), D("5"), LOWER, True, Rag.RED, "Off target (provisional)"),
        (D("70"), None, D("5"), LOWER, True, Rag.NONE, "No target for this quarter (provisional)"),
    ],
)
def test_rag_against_target(value, target, tolerance, direction, provisional, status, words):
    result = rag_against_target(value, target, tolerance, direction, provisional=provisional)
    assert result.status == status
    assert result.provisional is provisional
    assert str(result) == words


@pytest.mark.django_db
def test_a_card_judges_the_latest_value_against_its_own_quarters_target():
    indicator = IndicatorFactory(direction=HIGHER, tolerance=D("2"))
    IndicatorTargetFactory(indicator=indicator, quarter=Quarter(2026, 1), value=D("100"))
    IndicatorTargetFactory(indicator=indicator, quarter=Quarter(2026, 2), value=D("20"))
    IndicatorTargetFactory(indicator=indicator, quarter=Quarter(2026, 3), value=D("100"))
    IndicatorValueFactory(indicator=indicator, period=Quarter(2026, 1), value=D("10"))
    IndicatorValueFactory(indicator=indicator, period=Quarter(2026, 2), value=D("19"))

    (card,) = indicator_cards(Indicator.objects.all(), Quarter(2026, 2))

    assert card.target == D("20")
    assert card.against_target.status == Rag.AMBER
    # Targets after the quarter asked for are not the card's.
    assert [q for q, _ in card.trajectory] == ["2026/27 Q1", "2026/27 Q2"]


@pytest.mark.django_db
def test_tolerance_cannot_be_negative():
    indicator = IndicatorFactory.build(tolerance=D("-1"))
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "tolerance" in error.value.message_dict


@pytest.mark.django_db
def test_the_database_refuses_a_negative_tolerance():
    indicator = IndicatorFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.filter(pk=indicator.pk).update(tolerance=D("-0.01"))


@pytest.mark.django_db
def test_one_target_per_indicator_and_quarter():
    target = IndicatorTargetFactory(quarter=Quarter(2026, 1))
    duplicate = IndicatorTargetFactory.build(
        indicator=target.indicator, quarter=Quarter(2026, 1), value=D("5")
    )
    with pytest.raises(ValidationError, match="already has a target for that quarter"):
        duplicate.full_clean()


def test_the_trend_chart_draws_the_trajectory_as_a_dashed_line():
    points = [("2026/27 Q1", D("10")), ("2026/27 Q2", D("12")), ("2026/27 Q3", None)]
    trajectory = [("2026/27 Q1", D("11")), ("2026/27 Q2", D("13")), ("2026/27 Q3", D("15"))]
    svg = ET.fromstring(str(trend_chart(points, label="Reports", trajectory=trajectory)))  # noqa: S314

    assert svg.get("role") == "img"
    (path,) = [p for p in svg.iter(f"{SVG}path") if p.get("class") == "chart-trajectory"]
    assert path.get("stroke-dasharray")
    assert path.get("d").count("L") == 2  # three targets joined
    assert "Target trajectory (dashed line): from 11 in 2026/27 Q1 to 15 in 2026/27 Q3." in (
        svg.find(f"{SVG}desc").text
    )


def test_the_trend_chart_marks_provisional_values():
    points = [("2026/27 Q1", D("10")), ("2026/27 Q2", D("12"))]
    svg = ET.fromstring(str(trend_chart(points, label="Reports", provisional={"2026/27 Q2"})))  # noqa: S314
    titles = [c.find(f"{SVG}title").text for c in svg.iter(f"{SVG}circle")]
    assert titles == ["2026/27 Q1: 10", "2026/27 Q2: 12 (provisional)"]
    assert svg.find(f"{SVG}desc").text.endswith(" Provisional: 2026/27 Q2.")


def test_the_trend_chart_without_targets_draws_no_trajectory():
    svg = str(trend_chart([("2026/27 Q1", D("10"))], label="Reports", trajectory=[]))
    assert "chart-trajectory" not in svg
    assert "trajectory" not in svg.lower()


def test_the_trend_table_gains_a_target_column_and_marks_provisional_values():
    points = [("2026/27 Q1", D("10")), ("2026/27 Q2", D("12"))]
    trajectory = [("2026/27 Q1", None), ("2026/27 Q2", D("13"))]
    table = str(
        trend_table(points, label="Reports", trajectory=trajectory, provisional={"2026/27 Q2"})
    )
    assert '<th scope="col">Target</th>' in table
    assert '<tr><th scope="row">2026/27 Q2</th><td>12 (provisional)</td><td>13</td></tr>' in table
    assert '<tr><th scope="row">2026/27 Q1</th><td>10</td><td>—</td></tr>' in table


def test_a_card_draws_future_targets_after_its_values():
    indicator = IndicatorFactory.build(direction=LOWER)
    values = [IndicatorValueFactory.build(period=Quarter(2026, 1), value=D("10"))]
    targets = [
        IndicatorTargetFactory.build(quarter=Quarter(2025, 4), value=D("12")),
        IndicatorTargetFactory.build(quarter=Quarter(2026, 2), value=D("9")),
    ]
    card = IndicatorCard(indicator, values, targets=targets)
    # Before the first value: not drawn; after it, drawn with no value yet.
    assert card.points == [("2026/27 Q1", D("10")), ("2026/27 Q2", None)]
    assert card.trajectory == [("2026/27 Q1", None), ("2026/27 Q2", D("9"))]


# --- Where it shows --------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _indicator_on_track_for_refuges():
    """Lower is better, tolerance 5: 176 against 175 in 2026/27 Q2 (amber), provisional."""
    indicator = IndicatorFactory(
        name="People turned away from refuges", direction=LOWER, tolerance=D("5"), unit="people"
    )
    IndicatorValueFactory(indicator=indicator, period=Quarter(2026, 1), value=D("181"))
    IndicatorValueFactory(
        indicator=indicator,
        period=Quarter(2026, 2),
        value=D("176"),
        provisional=True,
        source="Refuge returns",
    )
    for quarter, target in ((Quarter(2026, 1), "180"), (Quarter(2026, 2), "175")):
        IndicatorTargetFactory(indicator=indicator, quarter=quarter, value=D(target))
    IndicatorTargetFactory(indicator=indicator, quarter=Quarter(2026, 3), value=D("170"))
    return indicator


@pytest.mark.django_db
def test_the_indicator_page_shows_the_rag_the_targets_and_marks_provisional_values(
    staff_client,
):
    indicator = _indicator_on_track_for_refuges()
    page = staff_client.get(indicator.get_absolute_url()).content.decode()
    assert '<span class="status-badge rag-amber">Within tolerance</span>' in page
    assert "(target 175, tolerance 5)" in page
    assert '<h2 class="h5" id="targets-heading">Targets by quarter</h2>' in page
    assert '<tr><td>2026/27 Q3</td><td class="text-end">170</td></tr>' in page
    assert "Refuge returns" in page
    # The chart's table of numbers: a Target column, the provisional value marked, and the
    # trajectory drawn on to the next quarter's target.
    assert '<th scope="col">Target</th>' in page
    assert "<td>176 people (provisional)</td><td>175 people</td>" in page
    assert "chart-trajectory" in page
    assert "Target trajectory</span>" in page  # the legend


@pytest.mark.django_db
def test_the_indicator_list_shows_each_ones_rag(staff_client):
    _indicator_on_track_for_refuges()
    page = staff_client.get(reverse("plans:indicator_list")).content.decode()
    assert '<span class="status-badge rag-amber">Within tolerance</span>' in page
    assert "target 175 for 2026/27 Q2" in page


@pytest.mark.django_db
def test_staff_record_a_value_with_its_source_as_provisional(staff_client):
    indicator = IndicatorFactory()
    url = reverse("plans:indicator_value_add", args=[indicator.pk])
    data = {"period": "2026/27 Q2", "value": "12", "source": "Force extract", "provisional": "on"}
    assert staff_client.post(url, data).status_code == 302
    value = indicator.values.get()
    assert (value.source, value.provisional) == ("Force extract", True)


@pytest.mark.django_db
def test_staff_set_the_trajectory_and_tolerance_in_the_indicator_admin(staff_client):
    indicator = IndicatorFactory()
    url = reverse("admin:plans_indicator_change", args=[indicator.pk])
    data = admin_form_data(staff_client.get(url), tolerance="2.5")
    data.update({"targets-0-quarter": "2026/27 Q2", "targets-0-value": "15"})
    assert staff_client.post(url, data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.tolerance == D("2.5")
    target = indicator.targets.get()
    assert (target.quarter, target.value) == (Quarter(2026, 2), D("15"))


@pytest.mark.django_db
def test_the_dashboard_card_shows_the_rag_in_words(staff_client, staff):
    plan = plan_worth_reporting(staff)
    indicator = Indicator.objects.get(name="People turned away from refuges")
    indicator.tolerance = D("5")
    indicator.save()
    IndicatorTargetFactory(indicator=indicator, quarter=Quarter(2026, 2), value=D("170"))
    page = staff_client.get(
        reverse("reports:dashboard"), {"plan": plan.pk, "quarter": "2026/27 Q2"}
    )
    text = page.content.decode()
    # 176 against 170, lower is better, tolerance 5: off target.
    assert '<span class="status-badge rag-red">Off target</span>' in text
    assert "target 170 for 2026/27 Q2" in text


@pytest.mark.django_db
def test_the_quarterly_pdf_gives_each_indicators_target_and_rag(staff):
    plan = plan_worth_reporting(staff)
    indicator = Indicator.objects.get(name="People turned away from refuges")
    IndicatorTargetFactory(indicator=indicator, quarter=Quarter(2026, 2), value=D("180"))
    indicator.values.filter(period=Quarter(2026, 2)).update(provisional=True)
    text = " ".join(_pdf_text(render_pdf(plan, Quarter(2026, 2)).content).split())
    assert "Latest Baseline Target Against target End target Direction" in text
    assert (
        "176 people (2026/27 Q2) provisional 230 () 180 (2026/27 Q2) On target (provisional)"
        in text
    )


def _pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)
