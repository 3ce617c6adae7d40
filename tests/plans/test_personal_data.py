"""The personal-data guard catches what looks like personal data, and not a year or a count."""

import pytest

from plans.personal_data import find_personal_data, personal_data_error


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Contact jo.bloggs@example.com for the list", "an email address"),
        ("Call 07700 900123 after 5", "a phone number"),
        ("ring +44 20 7946 0958", "a phone number"),
        ("landline 0161 496 0000", "a phone number"),
        ("freephone 0800 123 4567", "a phone number"),
        ("NI number AB 12 34 56 C", "a National Insurance number"),
        ("NINO JG103759A", "a National Insurance number"),
        ("NHS no. 943 476 5919", "an NHS number"),
        ("NHS 9434765919", "an NHS number"),
        ("she lives at M1 1AE", "a full postcode"),
        ("office at EC1V 2NX", "a full postcode"),
        ("DOB 12/03/1985", "a date of birth"),
        ("born 3 March 1990", "a date of birth"),
        ("client seen, 12/03/1989", "a date of birth"),
    ],
)
def test_it_finds_each_kind_of_personal_data(text, kind):
    assert [found for found, _ in find_personal_data(text)] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "In 2011, 230 people were turned away from refuges on an average day.",
        "12,000 people reached across 14 sessions (28 hours).",
        "Action 1.3 and action 2.10 share a milestone.",
        "Reported for 2026/27 Q3; figures for 2024-2025 attached.",
        "A session on 21/11/2026 for year 9 pupils.",
        "0.5 FTE IDVA post filled.",
        "Reference 1234567890 on the grant letter.",  # ten digits, not a valid NHS number
        "12 schools in the L1 district",  # a postcode district, not a full postcode
        "Room 101, 100 people, 07 sessions",
        "",
    ],
)
def test_it_lets_years_counts_references_and_recent_dates_through(text):
    assert find_personal_data(text) == []


def test_the_message_says_what_was_found_and_what_to_write_instead():
    message = personal_data_error("Referred by jo@example.org, tel 07700 900123")
    assert "an email address (“jo@example.org”)" in message
    assert "a phone number (“07700 900123”)" in message
    assert "describe the work and give counts instead" in message
    assert personal_data_error("Two sessions for 40 pupils") is None
