"""Downloads every app shares: CSV and Excel, both safe to open (vawg_tracker.downloads)."""

import datetime
import io
from decimal import Decimal

import time_machine
from openpyxl import load_workbook

from vawg_tracker.downloads import XLSX_TYPE, csv_response, xlsx_response

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
