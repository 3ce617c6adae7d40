"""
Indicator values import on their own: rows of indicator, quarter, value and note, or a grid
of indicators by quarter; the same preview, and all or nothing.
"""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from onboarding.columns import INDICATOR_VALUES
from plans.models import IndicatorValue
from tests.factories import IndicatorValueFactory
from vawg_tracker.quarters import Quarter

from .workbooks import csv_bytes, xlsx

pytestmark = pytest.mark.django_db


def _import(tmp_path, data, *args):
    path = tmp_path / "values"
    path.write_bytes(data)
    out = StringIO()
    try:
        call_command("import_indicator_values", str(path), "--user", "sam.staff", *args, stdout=out)
    except CommandError as error:
        return False, out.getvalue() + str(error)
    return True, out.getvalue()


def _values():
    return {
        (value.indicator.name, str(value.period)): (value.value, value.note)
        for value in IndicatorValue.objects.select_related("indicator")
    }


def test_rows_of_values_create_new_quarters_and_change_known_ones(world, staff, tmp_path):
    IndicatorValueFactory(indicator=world.indicator, period=Quarter(2025, 1), value=3)
    rows = [
        {"Indicator": "Referrals to IDVAs", "Quarter": "2025/26 Q1", "Value": 4},
        {
            "Indicator": "referrals to idvas",
            "Quarter": "2025-26-q2",
            "Value": "5.5",
            "Note": "Est.",
        },
    ]

    saved, output = _import(tmp_path, xlsx(indicator_values=rows, sheets=[INDICATOR_VALUES]))

    assert saved, output
    assert "Indicator values: 1 to create, 1 changed, 0 unchanged" in output
    assert "Referrals to IDVAs, 2025/26 Q1 (row 2): Value: 3.00 → 4.00" in output
    assert _values() == {
        ("Referrals to IDVAs", "2025/26 Q1"): (Decimal("4.00"), ""),
        ("Referrals to IDVAs", "2025/26 Q2"): (Decimal("5.50"), "Est."),
    }
    assert IndicatorValue.objects.get(period=Quarter(2025, 2)).entered_by == staff

    saved, output = _import(tmp_path, xlsx(indicator_values=rows, sheets=[INDICATOR_VALUES]))
    assert "Indicator values: 0 to create, 0 changed, 2 unchanged" in output


def test_a_grid_of_indicators_by_quarter_imports_each_filled_cell(world, staff, tmp_path):
    data = b"Indicator,2025/26 Q1,2025/26 Q2,2025/26 Q3\r\nReferrals to IDVAs,10,,12.25\r\n"

    saved, output = _import(tmp_path, data)

    assert saved, output
    assert _values() == {
        ("Referrals to IDVAs", "2025/26 Q1"): (Decimal("10.00"), ""),
        ("Referrals to IDVAs", "2025/26 Q3"): (Decimal("12.25"), ""),
    }


def test_a_bad_cell_in_a_grid_is_named_by_its_quarter_and_nothing_is_saved(world, staff, tmp_path):
    data = b"Indicator,2025/26 Q1,2025/26 Q2\r\nReferrals to IDVAs,10,ten\r\n"

    saved, output = _import(tmp_path, data)

    assert not saved
    assert "Indicator values, row 2, column 2025/26 Q2: “ten” is not a number" in output
    assert not IndicatorValue.objects.exists()


def test_the_same_quarter_twice_is_a_problem(world, staff, tmp_path):
    rows = [
        {"Indicator": "Referrals to IDVAs", "Quarter": "2025/26 Q1", "Value": n} for n in (1, 2)
    ]

    saved, output = _import(tmp_path, csv_bytes(INDICATOR_VALUES, rows))

    assert not saved
    assert "row 3, column Quarter: 2025/26 Q1 of “Referrals to IDVAs” is also in row 2" in output


def test_a_dry_run_checks_and_saves_nothing(world, staff, tmp_path):
    rows = [{"Indicator": "Referrals to IDVAs", "Quarter": "2025/26 Q1", "Value": 1}]
    saved, output = _import(tmp_path, csv_bytes(INDICATOR_VALUES, rows), "--dry-run")
    assert saved
    assert "1 to create" in output
    assert not IndicatorValue.objects.exists()


def test_optional_source_and_provisional_columns_are_imported(world, staff, tmp_path):
    IndicatorValueFactory(
        indicator=world.indicator, period=Quarter(2025, 1), value=3, source="Old", provisional=True
    )
    rows = [
        {
            "Indicator": "Referrals to IDVAs",
            "Quarter": "2025/26 Q1",
            "Value": 3,
            "Source": "IDVA returns",
            "Provisional": "no",
        },
        {
            "Indicator": "Referrals to IDVAs",
            "Quarter": "2025/26 Q2",
            "Value": 5,
            "Source": "IDVA returns",
            "Provisional": "Yes",
        },
    ]

    saved, output = _import(tmp_path, csv_bytes(INDICATOR_VALUES, rows))

    assert saved, output
    assert "Source: Old → IDVA returns" in output
    assert "Provisional: yes → no" in output
    found = {
        str(v.period): (v.source, v.provisional) for v in IndicatorValue.objects.order_by("period")
    }
    assert found == {"2025/26 Q1": ("IDVA returns", False), "2025/26 Q2": ("IDVA returns", True)}


def test_without_the_optional_columns_a_recorded_value_keeps_its_source_and_flag(
    world, staff, tmp_path
):
    IndicatorValueFactory(
        indicator=world.indicator, period=Quarter(2025, 1), value=3, source="Old", provisional=True
    )
    data = (
        b"Indicator,Quarter,Value\r\n"
        b"Referrals to IDVAs,2025/26 Q1,4\r\nReferrals to IDVAs,2025/26 Q2,5\r\n"
    )

    saved, output = _import(tmp_path, data)

    assert saved, output
    old, new = IndicatorValue.objects.order_by("period")
    assert (old.value, old.source, old.provisional) == (Decimal("4.00"), "Old", True)
    assert (new.source, new.provisional) == ("", False)


def test_a_provisional_cell_that_is_not_yes_or_no_is_named_and_nothing_is_saved(
    world, staff, tmp_path
):
    rows = [
        {"Indicator": "Referrals to IDVAs", "Quarter": "2025/26 Q1", "Value": 1},
        {
            "Indicator": "Referrals to IDVAs",
            "Quarter": "2025/26 Q2",
            "Value": 2,
            "Provisional": "perhaps",
        },
    ]

    saved, output = _import(tmp_path, csv_bytes(INDICATOR_VALUES, rows))

    assert not saved
    assert "Indicator values, row 3, column Provisional: “perhaps” is not yes or no" in output
    assert not IndicatorValue.objects.exists()
