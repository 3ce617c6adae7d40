"""The one chart module: server-side SVG for pages and PDFs, accessible, CSP-safe."""

import logging
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from plans.charts import (
    heat_map,
    status_bar,
    status_legend,
    status_table,
    trend_chart,
    trend_table,
)
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


# Further checks: order, geometry, escaping everywhere, ids, compact charts, PDFs.


def _numbers(svg, *names):
    return [float(e.get(n)) for e in svg.iter() for n in names if e.get(n) is not None]


def _inside_the_view_box(svg):
    _, _, width, height = (float(n) for n in svg.get("viewBox").split())
    assert all(0 <= x <= width for x in _numbers(svg, "x", "cx", "x1", "x2"))
    assert all(0 <= y <= height for y in _numbers(svg, "y", "cy", "y1", "y2"))


def test_segments_follow_the_status_order_in_the_status_colours():
    counts = {"cancelled": 1, Status.COMPLETED: 2, "at_risk": 3, Status.NOT_STARTED: 4}
    svg = _parse(status_bar(counts, label="Pledge 2"))
    segments = [r for r in svg.iter(f"{SVG}rect") if r.get("data-status")]
    assert [r.get("data-status") for r in segments] == [
        "not_started", "at_risk", "completed", "cancelled",
    ]  # fmt: skip
    for rect in segments:
        status = Status(rect.get("data-status"))
        assert rect.get("fill") == status.colour
        assert float(rect.get("width")) == pytest.approx(600 * counts[status] / 10)
    edges = [(float(r.get("x")), float(r.get("width"))) for r in segments]
    for (x, width), (next_x, _) in zip(edges, edges[1:], strict=False):
        assert x + width == pytest.approx(next_x)  # no gaps, no overlaps


@pytest.mark.parametrize("counts", [{"on_track": 1, "at_risk": 1, "off_track": 1}, {"x": 1}])
def test_a_bar_needs_real_statuses_and_whole_counts(counts):
    if "x" in counts:
        with pytest.raises(ValueError, match="x"):
            status_bar(counts, label="Bad")
    else:
        svg = _parse(status_bar(counts, label="Thirds"))
        widths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect") if r.get("data-status")]
        assert sum(widths) == pytest.approx(600)


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="negative"):
        status_bar({Status.ON_TRACK: -1}, label="Bad")


def test_the_legend_lists_every_status_with_a_swatch_and_optional_counts():
    items = status_legend({Status.ON_TRACK: 2})
    assert [(i.label, i.colour) for i in items] == [(s.label, s.colour) for s in Status]
    assert [i.count for i in items] == [0, 2, 0, 0, 0, 0]
    swatch = _parse(items[1].swatch)
    assert swatch.get("aria-hidden") == "true"
    assert swatch.find(f"{SVG}rect").get("fill") == Status.ON_TRACK.colour
    assert "style=" not in str(items[1].swatch)


EVIL = "<script>alert(1)</script>"


@pytest.mark.parametrize(
    "markup",
    [
        lambda: trend_chart([(EVIL, 1), ("b", 2)], label=EVIL, unit=EVIL, baseline=1, target=2),
        lambda: trend_chart([(EVIL, 1)], label=EVIL, unit=EVIL, compact=True),
        lambda: trend_table([(EVIL, 1)], label=EVIL, unit=EVIL, baseline=1),
        lambda: status_table({}, caption=EVIL),
    ],
)
def test_user_text_is_escaped_in_every_chart_and_table(markup):
    text = str(markup())
    assert "<script" not in text
    assert "&lt;script&gt;" in text
    ET.fromstring(text)  # noqa: S314  (still well-formed)


def test_a_given_chart_id_is_used_and_must_be_a_plain_id():
    svg = _assert_accessible_and_csp_safe(trend_chart(POINTS, label="x", chart_id="turn-aways"))
    assert svg.get("aria-labelledby") == "turn-aways-title turn-aways-desc"
    with pytest.raises(ValueError, match="id"):
        status_bar({}, label="x", chart_id='a" onload="x')


def test_two_trend_charts_have_different_ids():
    ids = [_parse(trend_chart(POINTS, label="x")).find(f"{SVG}title").get("id") for _ in "ab"]
    assert ids[0] != ids[1]


def test_empty_or_all_missing_values_show_a_placeholder():
    for points in ([], [("2026/27 Q1", None)]):
        svg = _parse(trend_chart(points, label="New indicator", baseline=3))
        assert [t.text for t in svg.iter(f"{SVG}text")] == ["No values yet"]
        assert svg.find(f"{SVG}desc").text.startswith("No values yet.")


def test_a_missing_quarter_breaks_the_line():
    points = [("Q1", 1), ("Q2", 2), ("Q3", None), ("Q4", 4), ("Q5", 5)]
    svg = _parse(trend_chart(points, label="Gappy"))
    assert svg.find(f"{SVG}path").get("d").count("M") == 2
    assert len(list(svg.iter(f"{SVG}circle"))) == 4
    assert "No value for Q3." in svg.find(f"{SVG}desc").text


@pytest.mark.parametrize(
    "points",
    [
        [("Q1", 5)],
        [("Q1", 7), ("Q2", 7), ("Q3", 7)],
        [("Q1", 0), ("Q2", 0)],
        [("Q1", Decimal("-31.5")), ("Q2", Decimal("-12")), ("Q3", Decimal("4.25"))],
        [("Q1", 0.001), ("Q2", 1_000_000)],
    ],
)
def test_every_mark_stays_inside_the_chart(points):
    for compact in (False, True):
        svg = _parse(trend_chart(points, label="x", baseline=-40, target=10, compact=compact))
        _inside_the_view_box(svg)


def test_higher_values_are_drawn_higher_up():
    points = [("Q1", -31), ("Q2", -12), ("Q3", 4)]
    svg = _parse(trend_chart(points, label="Funding change", unit="%"))
    heights = [float(c.get("cy")) for c in svg.iter(f"{SVG}circle")]
    assert heights == sorted(heights, reverse=True)
    assert "First value -31% in Q1; latest 4% in Q3." in svg.find(f"{SVG}desc").text


def test_baseline_and_target_lines_sit_at_their_values_and_are_labelled():
    svg = _parse(trend_chart(POINTS, label="Turn-aways", baseline=250, target=150, better="lower"))
    lines = [line for line in svg.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    dashed = {line.get("stroke"): float(line.get("y1")) for line in lines}
    dots = [float(c.get("cy")) for c in svg.iter(f"{SVG}circle")]
    baseline_y, target_y = dashed["#6c757d"], dashed["#1e7b34"]
    assert all(baseline_y < y < target_y for y in dots)  # 250 above every dot, 150 below
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Baseline" in labels
    assert "Target" in labels


def test_no_reference_lines_without_baseline_or_target():
    svg = _parse(trend_chart(POINTS, label="x"))
    assert not [line for line in svg.iter(f"{SVG}line") if line.get("stroke-dasharray")]


def test_a_sparkline_is_small_and_wordless_but_still_described():
    svg = _assert_accessible_and_csp_safe(
        trend_chart(POINTS, label="Turn-aways", baseline=230, target=150, compact=True)
    )
    assert svg.get("viewBox") == "0 0 120 32"
    assert "chart-sparkline" in svg.get("class")
    assert not list(svg.iter(f"{SVG}text"))
    assert svg.find(f"{SVG}title").text == "Turn-aways"
    assert "latest 190 in 2026/27 Q1" in svg.find(f"{SVG}desc").text


@pytest.mark.parametrize(
    ("better", "latest", "phrase"),
    [
        ("higher", 15, "is better than the baseline"),
        ("higher", 5, "is worse than the baseline"),
        ("lower", 5, "is better than the baseline"),
        ("lower", 15, "is worse than the baseline"),
        ("lower", 10, "is the same as the baseline"),
    ],
)
def test_the_description_compares_the_latest_value_with_the_baseline(better, latest, phrase):
    points = [("Q1", 10), ("Q2", None), ("Q3", latest)]
    desc = _parse(trend_chart(points, label="x", baseline=10, better=better)).find(f"{SVG}desc")
    assert phrase in desc.text
    assert f"({better} is better)" in desc.text


@pytest.mark.parametrize(("better", "met"), [("higher", "not yet met"), ("lower", "met")])
def test_the_description_says_whether_the_target_is_met(better, met):
    desc = _parse(trend_chart(POINTS, label="x", target=200, better=better)).find(f"{SVG}desc")
    assert desc.text.endswith(f"Target 200: {met}.")


def test_better_must_be_higher_or_lower():
    with pytest.raises(ValueError, match="better"):
        trend_chart(POINTS, label="x", better="up")


def test_the_trend_table_marks_missing_quarters_and_can_be_shown():
    table = str(trend_table([("Q1", Decimal("1.50")), ("Q2", None)], label="x", unit="%"))
    assert '<table class="visually-hidden">' in table
    assert '<th scope="row">Q1</th><td>1.5%</td>' in table
    assert '<th scope="row">Q2</th><td>No value</td>' in table
    shown = str(trend_table([("Q1", 1)], label="x", visually_hidden=False))
    assert "visually-hidden" not in shown


def test_every_kind_of_chart_renders_in_weasyprint_without_warnings(caplog):
    from weasyprint import HTML

    charts = [
        status_bar({Status.ON_TRACK: 7, Status.AT_RISK: 4, Status.OFF_TRACK: 2}, label=EVIL),
        status_bar({}, label="Empty"),
        trend_chart(POINTS, label="Turn-aways", unit="people", baseline=230, target=150),
        trend_chart([("Q1", -31), ("Q2", None), ("Q3", 4)], label="Funding", unit="%"),
        trend_chart([], label="Nothing yet"),
        trend_chart(POINTS, label="Sparkline", baseline=230, compact=True),
        status_legend()[0].swatch,
    ]
    page = "<!doctype html><html><body>{}</body></html>".format("".join(map(str, charts)))
    with caplog.at_level("WARNING", logger="weasyprint"):
        pdf = HTML(string=page).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.parametrize("count", [1, 2, 3, 5, 8, 10, 17, 40])
def test_quarter_labels_start_and_end_the_axis_and_never_touch(count):
    from plans.charts import _label_positions

    positions = _label_positions(count)
    assert positions[0] == 0
    assert positions[-1] == count - 1
    assert len(positions) <= 5
    gaps = [b - a for a, b in zip(positions, positions[1:], strict=False)]
    assert all(gap >= 2 for gap in gaps) or count <= 5


def test_every_stroke_and_fill_in_every_chart_is_a_colour():
    """A colour constant once lost to another of the same name (the heat map's grid size
    became the trend charts' grid-line colour: stroke="5")."""
    colours = {(row, column): "#f0ad00" for row in range(1, 6) for column in range(1, 6)}
    charts = [
        trend_chart(POINTS, label="x", baseline=230, target=150, better="lower"),
        trend_chart(POINTS, label="x", compact=True),
        status_bar({Status.ON_TRACK: 3, Status.AT_RISK: 1}, label="x"),
        heat_map({(5, 5): 2, (1, 3): 1}, label="x", colours=colours),
    ]
    for chart in charts:
        for element in _parse(chart).iter():
            for attribute in ("stroke", "fill"):
                value = element.get(attribute)
                if value is not None:
                    assert re.fullmatch(r"#[0-9a-f]{3}|#[0-9a-f]{6}|none", value), (
                        f"{element.tag} {attribute}={value!r}"
                    )
