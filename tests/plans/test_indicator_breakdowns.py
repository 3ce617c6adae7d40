"""Indicator breakdowns: a value's parts by local authority area, sex or ethnicity, each
dimension's parts checked against the whole."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from plans.models import Dimension, IndicatorBreakdown
from vawg_tracker.quarters import Quarter

from ..admin_forms import admin_form_data
from ..factories import IndicatorValueFactory

D = Decimal
AREAS = Dimension.LOCAL_AUTHORITY


def _parts(value, dimension, figures):
    for category, figure in figures.items():
        IndicatorBreakdown.objects.create(
            value=value, dimension=dimension, category=category, figure=D(figure)
        )


@pytest.mark.django_db
def test_parts_that_sum_to_the_whole_say_so():
    value = IndicatorValueFactory(period=Quarter(2026, 2), value=D("1234"))
    _parts(value, AREAS, {"Liverpool": "600", "Wirral": "400", "Sefton": "234"})
    [breakdown] = value.breakdowns()
    assert breakdown.dimension == AREAS
    assert (breakdown.total, breakdown.difference, breakdown.sums_to_whole) == (
        D("1234"),
        D("0"),
        True,
    )
    assert breakdown.words == "The parts sum to the whole (1,234)."
    # Ordered by category within the dimension.
    assert [part.category for part in breakdown.parts] == ["Liverpool", "Sefton", "Wirral"]


@pytest.mark.parametrize(
    ("figures", "difference", "words"),
    [
        (
            {"Female": "70", "Male": "25.5"},
            D("-4.5"),
            "The parts sum to 95.5: they differ from the whole (100) by 4.5 (less).",
        ),
        (
            {"Female": "80", "Male": "1200"},
            D("1180"),
            "The parts sum to 1,280: they differ from the whole (100) by 1,180 (more).",
        ),
    ],
)
@pytest.mark.django_db
def test_parts_that_do_not_sum_to_the_whole_say_by_how_much(figures, difference, words):
    value = IndicatorValueFactory(period=Quarter(2026, 2), value=D("100"))
    _parts(value, Dimension.SEX, figures)
    [breakdown] = value.breakdowns()
    assert (breakdown.difference, breakdown.sums_to_whole, breakdown.words) == (
        difference,
        False,
        words,
    )


@pytest.mark.django_db
def test_each_dimension_is_checked_on_its_own_in_the_dimensions_order():
    value = IndicatorValueFactory(period=Quarter(2026, 2), value=D("10"))
    _parts(value, Dimension.SEX, {"Female": "6", "Male": "4"})
    _parts(value, Dimension.ETHNICITY, {"White": "7", "Not stated": "2"})
    _parts(value, AREAS, {"Knowsley": "10"})
    breakdowns = value.breakdowns()
    assert [b.dimension for b in breakdowns] == [AREAS, Dimension.SEX, Dimension.ETHNICITY]
    assert [b.difference for b in breakdowns] == [D("0"), D("0"), D("-1")]


@pytest.mark.django_db
def test_a_value_without_parts_has_no_breakdowns():
    assert IndicatorValueFactory(period=Quarter(2026, 2)).breakdowns() == []


@pytest.mark.django_db
def test_the_database_refuses_two_parts_for_one_category_of_a_dimension():
    value = IndicatorValueFactory(period=Quarter(2026, 2))
    _parts(value, AREAS, {"Wirral": "1"})
    _parts(value, Dimension.ETHNICITY, {"Wirral": "1"})  # another dimension: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        _parts(value, AREAS, {"Wirral": "2"})


@pytest.mark.django_db
def test_staff_break_a_value_down_in_its_admin_page(staff_client):
    value = IndicatorValueFactory(period=Quarter(2026, 2), value=D("9"))
    url = reverse("admin:plans_indicatorvalue_change", args=[value.pk])
    data = admin_form_data(staff_client.get(url))
    data.update(
        {"parts-0-dimension": "sex", "parts-0-category": "Female", "parts-0-figure": "7.25"}
    )
    assert staff_client.post(url, data).status_code == 302
    part = value.parts.get()
    assert (part.dimension, part.category, part.figure) == ("sex", "Female", D("7.25"))
    assert part.history.count() == 1  # the change is in the audit history


# --- Entering a breakdown in the browser ---------------------------------------------------


def _page(client, value):
    return client.get(reverse("plans:indicator_value_breakdown", args=[value.pk]))


def _rows(version, rows, existing=0):
    """The breakdown form's POST data: ``rows`` of (dimension, category, figure)."""
    data = {
        "version": version,
        "parts-TOTAL_FORMS": str(len(rows)),
        "parts-INITIAL_FORMS": str(existing),
        "parts-MIN_NUM_FORMS": "0",
        "parts-MAX_NUM_FORMS": "60",
    }
    for i, row in enumerate(rows):
        for name, field in zip(
            ("id", "dimension", "category", "figure", "DELETE"), row, strict=False
        ):
            if field is not None:
                data[f"parts-{i}-{name}"] = field
    return data


@pytest.mark.django_db
def test_staff_break_a_value_down_by_area_and_the_indicator_page_shows_it(staff_client):
    value = IndicatorValueFactory(period=Quarter(2026, 2), value=D("100"))
    page = _page(staff_client, value)
    assert page.status_code == 200
    assert f"Break down {value.indicator} in 2026/27 Q2" in page.content.decode()
    data = _rows(
        page.context["form"]["version"].value(),
        [(None, "local_authority", "Liverpool", "60"), (None, "local_authority", "Wirral", "30")],
    )
    response = staff_client.post(reverse("plans:indicator_value_breakdown", args=[value.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == value.indicator.get_absolute_url()
    assert list(value.parts.values_list("category", "figure")) == [
        ("Liverpool", D("60")),
        ("Wirral", D("30")),
    ]
    text = staff_client.get(value.indicator.get_absolute_url()).content.decode()
    assert "Breakdown of the latest value (2026/27 Q2)" in text
    assert "By local authority area" in text
    assert "The parts sum to 90: they differ from the whole (100) by 10 (less)." in text
    # The chart: an image with its title and a description naming the parts; the table.
    assert "<title id=" in text
    assert f"{value.indicator.name}, 2026/27 Q2: by local" in text
    assert "Liverpool 60 people; Wirral 30 people." in text
    assert "by local authority area (people)</caption>" in text
    print(text[text.find("Sum of the parts") - 200 : text.find("Sum of the parts") + 200])
    assert '<th scope="row">Sum of the parts</th><td>90</td>' in text
    assert '<th scope="row">Whole</th><td>100</td>' in text


@pytest.mark.django_db
def test_the_indicator_page_shows_only_the_latest_values_breakdown(staff_client):
    older = IndicatorValueFactory(period=Quarter(2026, 1), value=D("5"))
    _parts(older, Dimension.SEX, {"Female": "5"})
    latest = IndicatorValueFactory(indicator=older.indicator, period=Quarter(2026, 2))
    text = staff_client.get(older.indicator.get_absolute_url()).content.decode()
    assert "The latest value is not broken down." in text
    assert "By sex" not in text
    _parts(latest, Dimension.SEX, {"Female": "6", "Male": "4"})
    text = staff_client.get(older.indicator.get_absolute_url()).content.decode()
    assert "By sex" in text
    assert "The parts sum to the whole (10)." in text


@pytest.mark.django_db
def test_a_bad_breakdown_keeps_what_was_typed_and_saves_nothing(staff_client):
    value = IndicatorValueFactory(period=Quarter(2026, 2), value=D("100"))
    version = _page(staff_client, value).context["form"]["version"].value()
    data = _rows(
        version,
        [
            (None, "local_authority", "Knowsley", "12"),
            (None, "local_authority", "Knowsley", "13"),  # the same category twice
            (None, "sex", "Female", "lots"),
        ],
    )
    response = staff_client.post(reverse("plans:indicator_value_breakdown", args=[value.pk]), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Enter a number." in text
    assert "Please correct the duplicate data" in text
    assert 'value="lots"' in text
    assert 'value="Knowsley"' in text
    assert not value.parts.exists()


@pytest.mark.django_db
def test_staff_change_and_delete_parts(staff_client):
    value = IndicatorValueFactory(period=Quarter(2026, 2), value=D("10"))
    _parts(value, Dimension.SEX, {"Female": "6", "Male": "4"})
    female, male = value.parts.order_by("category")
    version = _page(staff_client, value).context["form"]["version"].value()
    data = _rows(
        version,
        [
            (str(female.pk), "sex", "Female", "7", None),
            (str(male.pk), "sex", "Male", "4", "on"),
        ],
        existing=2,
    )
    url = reverse("plans:indicator_value_breakdown", args=[value.pk])
    assert staff_client.post(url, data).status_code == 302
    assert list(value.parts.values_list("category", "figure")) == [("Female", D("7"))]


@pytest.mark.django_db
def test_a_breakdown_changed_by_someone_else_is_refused_with_what_was_typed_kept(
    staff_client, staff
):
    value = IndicatorValueFactory(period=Quarter(2026, 2), value=D("10"))
    version = _page(staff_client, value).context["form"]["version"].value()
    # Meanwhile someone else breaks it down by sex.
    _parts(value, Dimension.SEX, {"Female": "6", "Male": "4"})
    data = _rows(version, [(None, "local_authority", "St Helens", "10")])
    url = reverse("plans:indicator_value_breakdown", args=[value.pk])
    response = staff_client.post(url, data)
    assert response.status_code == 409
    text = response.content.decode()
    assert "Someone else saved this while you were editing" in text
    assert 'value="St Helens"' in text
    assert "Sex (2 parts): The parts sum to the whole (10)." in text  # what is there now
    assert not value.parts.filter(category="St Helens").exists()
    # Saving again, on purpose, from the page as it was shown, goes through.
    data["version"] = response.context["form"]["version"].value()
    assert staff_client.post(url, data).status_code == 302
    assert value.parts.filter(category="St Helens").exists()


@pytest.mark.django_db
def test_no_breakdown_page_for_a_value_that_does_not_exist(staff_client):
    response = staff_client.get(reverse("plans:indicator_value_breakdown", args=[999999]))
    assert response.status_code == 404


def test_the_parts_chart_is_an_image_with_its_title_description_and_one_bar_a_part():
    import xml.etree.ElementTree as ET

    from plans.charts import part_bars, part_table

    svg = part_bars(
        [("Liverpool", D("60")), ("A very long name for an area, longer than fits", D("-5"))],
        label="Referrals by area",
        unit="people",
        note="The parts sum to 55.",
        chart_id="parts",
    )
    root = ET.fromstring(str(svg))  # noqa: S314  (our own markup)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "parts-title parts-desc"
    assert root.find(f"{ns}title").text == "Referrals by area"
    assert root.find(f"{ns}desc").text == (
        "Liverpool 60 people; A very long name for an area, longer than fits -5 people. "
        "The parts sum to 55."
    )
    bars = root.findall(f"{ns}rect")
    assert [bar.find(f"{ns}title").text for bar in bars] == [
        "Liverpool: 60 people",
        "A very long name for an area, longer than fits: -5 people",
    ]
    assert all(float(bar.get("width")) >= 0 for bar in bars)
    table = str(part_table([("Liverpool", D("60"))], caption="By area", total=D("60")))
    assert '<th scope="row">Sum of the parts</th><td>60</td>' in table
