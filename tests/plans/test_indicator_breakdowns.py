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
