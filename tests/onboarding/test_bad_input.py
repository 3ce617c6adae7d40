"""
Bad input gets a clear message and loses nothing: the file's type is told by its content;
macro-enabled workbooks, old .xls files and files over the limits are refused, naming the
limit; formulas are read as text and flagged; dates come as dates, serial numbers, UK or
ISO text, and month-first text is a problem; CSVs in Windows-1252 or with a byte-order
mark read correctly; merged cells and blank rows behave as documented (onboarding.reading).
"""

import datetime
import io
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from onboarding import reading
from onboarding.columns import ACTIONS, MILESTONES
from onboarding.preview import NotReady, preview_plan
from onboarding.reading import FileRefused

from .workbooks import action, csv_bytes, xlsx

pytestmark = pytest.mark.django_db


def _preview(world, data):
    return preview_plan(data, plan=world.plan)


def _messages(preview):
    return [str(problem) for problem in preview.errors()]


def _with_entry(data, name, content=b"", *, content_types=None):
    """The workbook ``data`` with one more file in its zip (and other content types)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "[Content_Types].xml" and content_types:
                body = content_types(body)
            target.writestr(item, body)
        if name:
            target.writestr(name, content)
    return buffer.getvalue()


def _macro_content_type(body):
    return body.replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )


@pytest.mark.parametrize(
    ("name", "content_types"),
    [("xl/vbaProject.bin", None), (None, _macro_content_type)],
    ids=["vba-project", "macro-enabled-content-type"],
)
def test_a_macro_enabled_workbook_is_refused(world, name, content_types):
    data = _with_entry(xlsx(actions=[action()]), name, b"\x00", content_types=content_types)
    with pytest.raises(FileRefused, match=r"macro-enabled workbook \(\.xlsm\): it is refused"):
        _preview(world, data)


def test_the_type_is_told_by_content_not_by_name(world, staff, tmp_path):
    as_csv = tmp_path / "really-a-workbook.csv"
    as_csv.write_bytes(xlsx(actions=[action()]))
    as_xlsx = tmp_path / "really-a-csv.xlsx"
    as_xlsx.write_bytes(csv_bytes(ACTIONS, [action("2.1")]))
    for path in (as_csv, as_xlsx):
        call_command(
            "import_plan", str(path), "--plan", "The plan", "--user", "sam.staff", stdout=StringIO()
        )
    assert sorted(world.plan.actions.values_list("reference", flat=True)) == ["1.1", "2.1"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old-style Excel file"),
        (b"PK\x03\x04" + b"\x00" * 100, "cannot be opened"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV or Excel file"),
    ],
    ids=["xls", "broken-zip", "png"],
)
def test_a_file_that_is_not_a_workbook_or_csv_is_refused_saying_what_it_is(world, data, message):
    with pytest.raises(FileRefused, match=message):
        _preview(world, data)


def test_a_csv_with_a_cell_too_long_to_read_is_refused_and_leaves_the_csv_module_as_it_was(
    world,
):
    """The csv module's cell limit is the whole process's: evidence checks rely on it, so an
    import must not raise it for everyone."""
    import csv

    limit = csv.field_size_limit()
    with pytest.raises(FileRefused, match="The CSV cannot be read"):
        _preview(world, b'Reference,Title\n1.1,"' + b"x" * 200_000 + b'"\n')
    assert csv.field_size_limit() == limit


def test_a_zip_that_is_not_a_workbook_is_refused(world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(FileRefused, match="not an Excel workbook"):
        _preview(world, buffer.getvalue())


def test_a_file_over_10_mb_is_refused_naming_the_limit(world, staff, tmp_path):
    big = b"Reference,Title\n" + b"x" * (10 * 1024 * 1024)
    with pytest.raises(FileRefused, match="the limit is 10 MB"):
        _preview(world, big)
    path = tmp_path / "big.csv"
    path.write_bytes(big)
    with pytest.raises(CommandError, match="the limit is 10 MB"):
        call_command("import_plan", str(path), "--plan", "The plan", "--dry-run")


def test_a_file_over_20000_rows_is_refused_naming_the_limit(world, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 50)
    rows = [action(f"1.{n}") for n in range(51)]
    with pytest.raises(FileRefused, match="more than 50 rows of data; the limit is 50"):
        _preview(world, xlsx(actions=rows))
    with pytest.raises(FileRefused, match="the limit is 50"):
        _preview(world, csv_bytes(ACTIONS, rows))
    assert not _preview(world, xlsx(actions=rows[:50])).errors()


def test_the_row_limit_is_20000():
    assert reading.MAX_ROWS == 20_000
    assert reading.MAX_BYTES == 10 * 1024 * 1024


def test_a_formula_is_read_as_its_text_never_worked_out_and_flagged(world):
    preview = _preview(world, xlsx(actions=[action("1.1", Percent="=5*5")]))
    assert _messages(preview) == [
        "Actions, row 2, column Percent: “=5*5” is a formula; formulas are not worked out on "
        "import. Copy the cells and paste them as values, then try again."
    ]


def test_text_kept_from_running_as_a_formula_by_an_apostrophe_reads_without_it(world):
    preview = _preview(world, xlsx(actions=[action("1.1", Description="'-5 referrals")]))
    assert not preview.errors()
    assert preview.actions.created[0].values["description"] == "-5 referrals"


@pytest.mark.parametrize(
    "written",
    [
        datetime.date(2026, 12, 31),
        datetime.datetime(2026, 12, 31, 0, 0),
        46387,
        "46387",
        "31/12/2026",
        "31/12/26",
        "31.12.2026",
        "2026-12-31",
    ],
    ids=["date", "datetime", "serial", "serial-text", "uk", "uk-short", "dotted", "iso"],
)
def test_dates_come_as_dates_serial_numbers_or_day_first_text(world, written):
    preview = _preview(world, xlsx(actions=[action("1.1", Due=written)]))
    assert not preview.errors()
    assert preview.actions.created[0].values["due_date"] == datetime.date(2026, 12, 31)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "12/31/2026",
            "“12/31/2026” reads month first (US order); write it day first, "
            "31/12/2026, or as 2026-12-31",
        ),
        ("31/02/2026", "“31/02/2026” is not a real date"),
        ("next spring", "“next spring” is not a date; write it as 31/12/2026 or 2026-12-31"),
        (1, "1 is not a date between 1990 and 2099 (read as an Excel date number)"),
        ("1890-01-01", "01/01/1890 is not between 1990 and 2099"),
    ],
    ids=["us", "no-such-day", "words", "tiny-serial", "too-early"],
)
def test_a_date_that_cannot_be_read_surely_is_a_problem(world, written, message):
    preview = _preview(world, xlsx(actions=[action("1.1", Start=None, Due=written)]))
    assert _messages(preview) == [f"Actions, row 2, column Due: {message}"]


def test_an_ambiguous_date_is_read_day_first(world):
    preview = _preview(world, xlsx(actions=[action("1.1", Due="05/06/2026")]))
    assert preview.actions.created[0].values["due_date"] == datetime.date(2026, 6, 5)


def test_a_windows_1252_csv_reads_its_accents_and_quotes(world):
    title = "Café drop-in – women’s safety £5"
    data = csv_bytes(ACTIONS, [action("1.1", Title=title)], encoding="cp1252")
    preview = _preview(world, data)
    assert not preview.errors()
    assert preview.actions.created[0].values["title"] == title


def test_a_utf8_csv_with_a_byte_order_mark_reads_its_first_header(world):
    data = csv_bytes(ACTIONS, [action("1.1", Title="Ærø – ✓")], bom=True)
    preview = _preview(world, data)
    assert not preview.errors()
    assert preview.actions.created[0].values["reference"] == "1.1"
    assert preview.actions.created[0].values["title"] == "Ærø – ✓"


def test_a_csv_of_milestones_is_told_by_its_headers(world):
    world.plan.actions.create(reference="1.1", title="Known", lead=world.lead)
    data = csv_bytes(MILESTONES, [{"Action reference": "1.1", "Title": "Go", "Due": "1/2/2026"}])
    preview = _preview(world, data)
    assert not preview.errors()
    assert preview.milestones.created[0].values["due_date"] == datetime.date(2026, 2, 1)


def test_blank_rows_are_skipped_and_rows_keep_the_numbers_excel_shows(world):
    data = xlsx(actions=[None, action("1.1"), None, None, action("1.2", Pledges="FP 9")])
    preview = _preview(world, data)
    assert [item.row for item in preview.actions.created] == [3]
    assert [problem.row for problem in preview.errors()] == [6]


def test_a_merged_cell_is_read_in_its_top_left_cell_and_blank_below(world):
    def merge(book):
        book["Actions"].merge_cells("D2:D3")  # Pledges, down two rows

    preview = _preview(world, xlsx(actions=[action("1.1"), action("1.2")], edit=merge))
    assert [item.values["reference"] for item in preview.actions.created] == ["1.1"]
    assert _messages(preview)[0].startswith("Actions, row 3, column Pledges: is required.")


def test_a_sheet_without_a_required_column_says_so_in_its_header_row(world):
    data = csv_bytes(ACTIONS, [action()]).replace(b"Lead specialist", b"Owner")
    assert _messages(_preview(world, data))[0] == (
        "Actions, row 1, column Lead specialist: the sheet has no “Lead specialist” column; "
        "its first row must name the columns as the template does"
    )


def test_headers_are_matched_whatever_their_case_and_extra_columns_are_ignored(world):
    data = csv_bytes(ACTIONS, [action()]).replace(b"Reference", b"REFERENCE")
    data = data.replace(b"\r\n", b",Our notes\r\n", 1)
    assert not _preview(world, data).errors()


def test_text_that_looks_like_personal_data_is_refused_in_every_text_column(world):
    data = xlsx(
        actions=[action("1.1", Reason="Contact jo@example.com", Status="At risk")],
        milestones=[{"Action reference": "1.1", "Title": "Ring 020 7946 0018", "Due": "1/1/2026"}],
    )
    assert [(p.sheet, p.column) for p in _preview(world, data).errors()] == [
        ("Actions", "Reason"),
        ("Milestones", "Title"),
    ]


def test_a_workbook_without_the_template_sheets_is_refused_naming_them(world):
    def rename(book):
        book["Actions"].title = "Sheet1"

    data = xlsx(actions=[action()], sheets=[ACTIONS], edit=rename)
    with pytest.raises(FileRefused, match="no sheet called “Actions”, “Milestones”"):
        _preview(world, data)


def test_a_preview_with_problems_cannot_be_applied_and_saves_nothing(world, staff):
    preview = _preview(world, xlsx(actions=[action("1.1"), action("1.2", Pledges="FP 9")]))
    assert len(preview.actions.created) == 1
    with pytest.raises(NotReady, match="^1 problem: nothing was saved"):
        preview.apply(by=staff)
    assert not world.plan.actions.exists()
