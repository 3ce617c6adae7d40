"""The one chart module: server-side SVG for pages and PDFs, accessible, CSP-safe."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from plans.charts import status_bar, status_legend, status_table, trend_chart, trend_table
from plans.models import Status

SVG = "{http://www.w3.org/2000/svg}"


def _parse(markup):
    return ET.fromstring(str(markup))  # noqa: S314  (our own markup)


def _assert_accessible_and_csp_safe(markup):
    text = str(markup)
    assert "style=" not in text
    assert "<style" not in text
    assert "<script" not in text
    svg = _parse(markup)
    assert svg.get("role") == "img"
    ids = {element.get("id") for element in svg.iter() if element.get("id")}
    for labelled_by in svg.get("aria-labelledby").split():
        assert labelled_by in ids
    return svg


def test_a_status_bar_splits_its_width_in_proportion_to_the_counts():
    svg = _assert_accessible_and_csp_safe(
        status_bar({Status.ON_TRACK: 3, "off_track": 1, Status.AT_RISK: 0}, label="Pledge 1")
    )
    segments = [r for r in svg.iter(f"{SVG}rect") if r.get("data-status")]
    widths = {r.get("data-status"): float(r.get("width")) for r in segments}
    assert widths == {"on_track": 450, "off_track": 150}
    assert {r.get("fill") for r in segments} == {Status.ON_TRACK.colour, Status.OFF_TRACK.colour}
    assert "On track 3, Off track 1. 4 actions in total." in svg.find(f"{SVG}desc").text


def test_segment_widths_always_add_up_to_the_whole_bar():
    svg = _parse(status_bar(dict.fromkeys(Status, 1), label="Six statuses"))
    total = sum(float(r.get("width")) for r in svg.iter(f"{SVG}rect") if r.get("data-status"))
    assert total == pytest.approx(600)


def test_an_empty_bar_says_there_are_no_actions():
    svg = _assert_accessible_and_csp_safe(status_bar({}, label="Pledge 5"))
    assert svg.find(f"{SVG}desc").text == "No actions"
    assert not [r for r in svg.iter(f"{SVG}rect") if r.get("data-status")]


def test_user_text_in_a_label_is_escaped():
    markup = status_bar({Status.ON_TRACK: 1}, label="<script>alert(1)</script>")
    assert "<script>" not in str(markup)
    assert _parse(markup).find(f"{SVG}title").text == "<script>alert(1)</script>"


def test_two_charts_on_a_page_have_different_ids():
    first, second = status_bar({}, label="a"), status_bar({}, label="b")
    assert _parse(first).get("aria-labelledby") != _parse(second).get("aria-labelledby")


def test_the_status_table_gives_the_numbers_in_words():
    table = str(status_table({Status.AT_RISK: 2}, caption="Pledge 3"))
    assert "<caption>Pledge 3</caption>" in table
    assert '<th scope="row">At risk</th><td>2</td>' in table
    assert "Total" in table
    assert [item.label for item in status_legend()] == [s.label for s in Status]


POINTS = [("2025/26 Q3", Decimal(230)), ("2025/26 Q4", Decimal(210)), ("2026/27 Q1", Decimal(190))]


def test_a_trend_chart_draws_the_line_baseline_and_target():
    svg = _assert_accessible_and_csp_safe(
        trend_chart(
            POINTS, label="Turn-aways", unit="people", baseline=230, target=150, better="lower"
        )
    )
    dashed = [line for line in svg.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert len(dashed) == 2  # baseline and target
    assert svg.find(f".//{SVG}polyline") is not None or svg.find(f".//{SVG}path") is not None
    assert "better" in svg.find(f"{SVG}desc").text


@pytest.mark.parametrize(("better", "word"), [("lower", "better"), ("higher", "worse")])
def test_the_description_says_whether_the_latest_value_beats_the_baseline(better, word):
    desc = _parse(trend_chart(POINTS, label="x", baseline=230, better=better)).find(f"{SVG}desc")
    assert word in desc.text


@pytest.mark.parametrize(
    "points",
    [
        [],
        [("2026/27 Q1", 5)],
        [("2026/27 Q1", 7), ("2026/27 Q2", 7)],
        [("2025/26 Q4", -31), ("2026/27 Q1", -20), ("2026/27 Q2", None), ("2026/27 Q3", -11)],
    ],
)
def test_trend_charts_cope_with_empty_single_flat_negative_and_missing_values(points):
    for compact in (False, True):
        _assert_accessible_and_csp_safe(
            trend_chart(points, label="Funding change", unit="%", baseline=-31, compact=compact)
        )


def test_the_trend_table_lists_each_quarter_and_the_reference_values():
    table = str(trend_table(POINTS, label="Turn-aways", unit="people", baseline=230, target=150))
    assert "2025/26 Q3" in table
    assert "190 people" in table
    assert "Baseline" in table
    assert "Target" in table


def test_the_same_svg_renders_in_a_pdf():
    from weasyprint import HTML

    chart = status_bar({Status.ON_TRACK: 2, Status.OFF_TRACK: 1}, label="Pledge 1")
    trend = trend_chart(POINTS, label="Turn-aways", baseline=230, target=150, better="lower")
    pdf = HTML(string=f"<html><body>{chart}{trend}</body></html>").write_pdf()
    assert pdf.startswith(b"%PDF")
