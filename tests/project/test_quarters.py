"""Quarters are UK financial-year quarters: Q1 = April–June … Q4 = January–March."""

import datetime
import re

import pytest
import time_machine
from django.urls import get_resolver
from django.urls.converters import get_converters

from vawg_tracker.quarters import Quarter, QuarterField, QuarterFormField

D = datetime.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 3, 31), "2025/26 Q4"),
        (D(2026, 4, 1), "2026/27 Q1"),
        (D(2026, 6, 30), "2026/27 Q1"),
        (D(2026, 7, 1), "2026/27 Q2"),
        (D(2026, 9, 30), "2026/27 Q2"),
        (D(2026, 10, 1), "2026/27 Q3"),
        (D(2026, 12, 31), "2026/27 Q3"),
        (D(2027, 1, 1), "2026/27 Q4"),
        (D(2024, 2, 29), "2023/24 Q4"),
        (D(1999, 12, 31), "1999/00 Q3"),
        (D(2000, 1, 1), "1999/00 Q4"),
    ],
)
def test_a_day_falls_in_its_financial_quarter(day, expected):
    assert str(Quarter.for_date(day)) == expected
    assert day in Quarter.for_date(day)


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (Quarter(2026, 1), D(2026, 4, 1), D(2026, 6, 30)),
        (Quarter(2026, 2), D(2026, 7, 1), D(2026, 9, 30)),
        (Quarter(2026, 3), D(2026, 10, 1), D(2026, 12, 31)),
        (Quarter(2026, 4), D(2027, 1, 1), D(2027, 3, 31)),
        (Quarter(2023, 4), D(2024, 1, 1), D(2024, 3, 31)),
    ],
)
def test_a_quarter_knows_its_first_and_last_day(quarter, start, end):
    assert (quarter.start, quarter.end) == (start, end)
    assert start in quarter
    assert end in quarter
    assert start - datetime.timedelta(days=1) not in quarter
    assert end + datetime.timedelta(days=1) not in quarter


def test_q4_of_a_financial_year_ending_in_a_leap_year_has_91_days():
    assert (Quarter(2023, 4).end - Quarter(2023, 4).start).days + 1 == 91  # to 31 Mar 2024
    assert (Quarter(2024, 4).end - Quarter(2024, 4).start).days + 1 == 90  # to 31 Mar 2025


def test_quarters_print_and_parse_both_ways():
    quarter = Quarter(2026, 3)
    assert str(quarter) == "2026/27 Q3"
    assert quarter.slug == "2026-27-q3"
    assert quarter.long_label == "2026/27 Q3: 1 October – 31 December 2026"
    assert Quarter(2026, 2).long_label == "2026/27 Q2: 1 July – 30 September 2026"
    assert Quarter(2026, 4).dates == "1 January – 31 March 2027"
    assert Quarter.parse("2026/27 Q3") == quarter
    assert Quarter.parse(" 2026/27 q3 ") == quarter
    assert Quarter.parse("2026-27-q3") == quarter
    assert Quarter.parse("1999/00 Q4") == Quarter(1999, 4)


@pytest.mark.parametrize("text", ["2026/28 Q3", "2026/27 Q5", "2026 Q3", "Q3", "", "2026-27-q0"])
def test_parsing_nonsense_says_how_to_write_a_quarter(text):
    with pytest.raises(ValueError, match="2026/27 Q3|not a financial year|not a quarter"):
        Quarter.parse(text)


def test_quarters_order_and_step_across_the_year_end():
    assert Quarter(2026, 4).next() == Quarter(2027, 1)
    assert Quarter(2027, 1).previous() == Quarter(2026, 4)
    assert Quarter(2026, 4) < Quarter(2027, 1) < Quarter(2027, 2)
    assert list(Quarter.range(Quarter(2025, 4), Quarter(2026, 2))) == [
        Quarter(2025, 4),
        Quarter(2026, 1),
        Quarter(2026, 2),
    ]


@time_machine.travel(datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC))
def test_the_current_quarter_follows_london_time_not_utc():
    # 23:30 UTC on 31 March is 00:30 on 1 April in London (BST): the new year's Q1.
    assert Quarter.current() == Quarter(2026, 1)


def test_a_quarter_has_ended_only_after_its_last_day():
    assert not Quarter(2026, 3).has_ended(today=D(2026, 12, 31))
    assert Quarter(2026, 3).has_ended(today=D(2027, 1, 1))


def test_urls_carry_quarters_in_their_url_safe_form():
    get_resolver().url_patterns  # noqa: B018  (loading the URL conf registers the converter)
    converter = get_converters()["quarter"]
    assert re.fullmatch(converter.regex, "2026-27-q3")
    assert not re.fullmatch(converter.regex, "2026/27 Q3")
    assert converter.to_python("2026-27-q3") == Quarter(2026, 3)
    assert converter.to_url(Quarter(2026, 3)) == "2026-27-q3"
    with pytest.raises(ValueError, match="not a financial year"):  # no match: 404
        converter.to_python("2026-28-q3")


def test_the_model_field_stores_the_first_day_and_reads_back_a_quarter():
    field = QuarterField()
    assert field.get_prep_value(Quarter(2026, 4)) == D(2027, 1, 1)
    assert field.get_prep_value("2026/27 Q4") == D(2027, 1, 1)
    assert field.from_db_value(D(2027, 1, 1), None, None) == Quarter(2026, 4)
    assert field.to_python("2026-27-q4") == Quarter(2026, 4)


def test_the_form_field_explains_a_bad_quarter_and_keeps_what_was_typed():
    form_field = QuarterFormField()
    assert form_field.clean("2026/27 Q1") == Quarter(2026, 1)
    with pytest.raises(Exception, match="Enter a quarter like 2026/27 Q3"):
        form_field.clean("next spring")
    assert form_field.prepare_value(Quarter(2026, 1)) == "2026/27 Q1"
