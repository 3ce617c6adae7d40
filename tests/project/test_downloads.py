"""Downloads every app shares: CSV and Excel, both safe to open (vawg_tracker.downloads)."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.http import Http404
from openpyxl import load_workbook

from vawg_tracker.downloads import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    MAX_WIDTH,
    MIN_WIDTH,
    POUNDS_FORMAT,
    XLSX_TYPE,
    Column,
    csv_response,
    download_response,
    money,
    requested_format,
    xlsx_response,
)

COLUMNS = ["Organisation", "Amount", "Date", "Note"]
ROWS = [
    ["Refuge (demo)", Decimal("1234.56"), datetime.date(2026, 4, 1), '=HYPERLINK("x")'],
    ["@risk", 7, None, "+44 20 7946 0000"],
]


@time_machine.travel(datetime.datetime(2026, 11, 21, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_an_excel_download_keeps_numbers_and_dates_and_never_runs_a_formula():
    response = xlsx_response("funding", COLUMNS, ROWS)
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="vawg-funding-2026-11-21.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == COLUMNS
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    assert values[1][0] == "Refuge (demo)"
    assert values[1][1] == 1234.56  # a number Excel can sum, not text
    assert values[1][2] == datetime.datetime(2026, 4, 1)
    assert values[1][3] == '\'=HYPERLINK("x")'
    assert values[2][0] == "'@risk"
    assert values[2][2] is None
    assert values[2][3] == "'+44 20 7946 0000"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@time_machine.travel(datetime.datetime(2026, 11, 21, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_a_csv_download_of_the_same_rows_is_formula_safe_too():
    response = csv_response("funding", COLUMNS, ROWS)
    assert response["Content-Disposition"] == 'attachment; filename="vawg-funding-2026-11-21.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[1] == 'Refuge (demo),1234.56,2026-04-01,"\'=HYPERLINK(""x"")"'
    assert text.splitlines()[2].startswith("'@risk,7,,'+44")


def test_a_csv_download_may_keep_one_name_and_writes_numbers_as_they_are():
    # The public open data's files keep their name whatever the day; a negative number
    # is a number to a spreadsheet, not a formula, so it is not quoted as text.
    rows = [[Decimal("-5.25"), -3, "-3", Decimal("NaN")]]
    response = csv_response("actions", COLUMNS, rows, filename="vawg-actions-2026-27-q2.csv")
    assert response["Content-Disposition"] == 'attachment; filename="vawg-actions-2026-27-q2.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[1] == "-5.25,-3,'-3,NaN"


def _sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_an_excel_download_formats_dates_money_and_moments_and_leaves_blanks_empty():
    columns = ["On", money("Awarded (£)"), "When", "People", "Blank"]
    moment = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)  # 00:30 BST
    rows = [[datetime.date(2026, 4, 1), Decimal("-1234.56"), moment, 12, ""]]
    sheet = _sheet(xlsx_response("funding", columns, rows))
    on, awarded, when, people, blank = sheet[2]
    assert on.is_date
    assert on.number_format == DATE_FORMAT
    assert awarded.value == -1234.56
    assert awarded.number_format == POUNDS_FORMAT
    assert when.value == datetime.datetime(2026, 7, 1, 0, 30)  # the office's clock
    assert when.number_format == DATETIME_FORMAT
    assert people.value == 12
    assert people.data_type == "n"
    assert blank.value is None


def test_an_excel_download_sets_every_columns_width_from_its_title_or_its_own():
    columns = [Column("Title", width=50), "Percent complete", "On", "x" * 200]
    sheet = _sheet(xlsx_response("actions", columns, []))
    widths = [sheet.column_dimensions[letter].width for letter in "ABCD"]
    assert widths == [50, len("Percent complete") + 2, MIN_WIDTH, MAX_WIDTH]


def test_a_csv_download_writes_a_moment_on_the_offices_clock_and_columns_by_title():
    moment = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)
    response = csv_response("actions", [Column("When", width=20), money("£")], [[moment, 1]])
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines() == ["When,£", "2026-07-01 00:30,1"]


def test_a_download_answers_in_the_format_asked_for_and_no_other(rf):
    assert requested_format(rf.get("/")) == "csv"
    assert requested_format(rf.get("/", {"format": "xlsx"})) == "xlsx"
    with pytest.raises(Http404):
        requested_format(rf.get("/", {"format": "pdf"}))
    xlsx = download_response("xlsx", "actions", COLUMNS, ROWS)
    assert xlsx["Content-Type"] == XLSX_TYPE
    csv = download_response("csv", "actions", COLUMNS, ROWS)
    assert csv["Content-Type"] == "text/csv; charset=utf-8"


def test_an_excel_download_leaves_out_control_characters_a_worksheet_cannot_hold():
    """Text pasted from elsewhere can carry a bell or an escape: the download still works,
    without them (openpyxl would refuse the cell and the whole download would fail)."""
    response = xlsx_response("actions", ["Title\x1b"], [["Ring\x07 the bell\x00"]])
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Title"],
        ["Ring the bell"],
    ]
