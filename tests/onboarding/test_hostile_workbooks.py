"""
Small files built to hold a worker (issue 31) are refused within the limits, with a message
naming the limit, on the preview page and from import_plan, having read little of them: a
sheet that claims or holds cells down to row 1,048,576, a million blank rows, millions of
shared strings, a cell of 60 MB, a workbook that unpacks far or lies about its sizes, and
CSVs of the same. Each file is built here (tests/onboarding/hostile.py). How long each
takes and how much memory is measured by hand, not here: these tests hold the reader to
how much it reads, which is what keeps the time and memory small.
"""

import csv
import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import ManagementUtility
from django.urls import reverse

from onboarding import checking, reading
from onboarding.columns import ACTIONS, INDICATOR_VALUES, MILESTONES
from onboarding.models import PendingImport
from onboarding.preview import preview_indicator_values, preview_plan
from onboarding.reading import FileRefused

from . import hostile
from .workbooks import action, csv_bytes

pytestmark = pytest.mark.django_db

ROWS = "goes on past row 21,000. The limit is 20,000 rows of data, and 21,000 rows in all"
CELL = "holds more than 32,767 characters, Excel's limit for a cell"
UNPACKED = "the limit is 50 MB"
RATIO = "unpacks to more than 100 times its packed size"
TEXTS = "more than 500,000 texts; the limit is 500,000"
SHEETS = (ACTIONS, MILESTONES, INDICATOR_VALUES)


@pytest.fixture
def unpacked(monkeypatch):
    """{part: bytes the reader unpacked of it}, as it reads."""
    counts = {}
    chunks = reading._Package.chunks

    def counted(package, name):
        for chunk in chunks(package, name):
            counts[name] = counts.get(name, 0) + len(chunk)
            yield chunk

    monkeypatch.setattr(reading._Package, "chunks", counted)
    return counts


@pytest.fixture
def unbounded_zip(monkeypatch):
    """The zip's own limits out of the way, to reach the limits behind them."""
    monkeypatch.setattr(reading, "MAX_UNPACKED", 2**40)
    monkeypatch.setattr(reading, "MAX_RATIO", 2**40)


def _read(data, sheets=SHEETS):
    return reading.read(data, sheets)


def _refusal(data, sheets=SHEETS):
    with pytest.raises(FileRefused) as refused:
        _read(data, sheets)
    return str(refused.value)


SHEET_PART = "xl/worksheets/sheet1.xml"
STRINGS_PART = "xl/sharedStrings.xml"


# A sheet's size: what it claims is ignored, and every row counts.


def test_a_sheet_claiming_every_cell_of_excel_reads_as_what_it_holds(world, monkeypatch):
    """Its <dimension> says A1:XFD1048576; the rows handed on hold the cells there are,
    not 16,384 columns each (as openpyxl's read-only mode gave)."""
    widths = []
    table = reading._table

    def measured(sheet, rows, problems, counter):
        rows = list(rows)
        widths.extend(len(cells) for _, cells in rows)
        return table(sheet, iter(rows), problems, counter)

    monkeypatch.setattr(reading, "_table", measured)

    preview = preview_plan(hostile.claims_full_size(), plan=world.plan)

    assert not preview.errors()
    assert [item.values["reference"] for item in preview.actions.created] == ["1.1"]
    assert max(widths) == len(ACTIONS.columns)


def test_a_cell_on_the_last_row_of_excel_is_refused_reading_two_rows(world, unpacked):
    assert f"The “Actions” sheet {ROWS}" in _refusal(hostile.cell_on_the_last_row())
    assert unpacked[SHEET_PART] < 10_000


def test_a_million_blank_rows_are_refused_at_the_last_row_allowed(world, unpacked):
    data = hostile.million_blank_rows()
    sheet = zipfile.ZipFile(io.BytesIO(data)).getinfo(SHEET_PART).file_size

    assert ROWS in _refusal(data)
    # Rows 3 to 21,001 are under 50 bytes each: the reader stopped there, near the start.
    assert unpacked[SHEET_PART] < 21_001 * 50 + reading.CHUNK < sheet / 20


def test_rows_given_again_or_without_numbers_count_too(world, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 5)
    monkeypatch.setattr(reading, "SPARE_ROWS", 2)
    again = hostile.sheet_xml([hostile.header_row(), *['<row r="2"/>'] * 7])
    unnumbered = hostile.sheet_xml([hostile.header_row(), *["<row/>"] * 7])
    fits = hostile.sheet_xml([hostile.header_row(), *["<row/>"] * 6])

    for sheet in (again, unnumbered):
        assert "goes on past row 7. The limit is 5 rows of data" in _refusal(
            hostile.workbook(sheet)
        )
    assert _read(hostile.workbook(fits)).rows(ACTIONS) == []


def test_the_header_and_blank_rows_below_20000_rows_of_data_are_allowed(world):
    """The limits as they are: 20,000 rows of data under a header, with blank rows between
    and below them to row 21,000, read whole; one more row of either is refused."""

    def rows(data, blank):
        yield hostile.header_row()
        yield '<row r="2"/>'
        for start in range(3, 3 + data, 5_000):
            yield "".join(
                f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{n}</t></is></c></row>'
                for n in range(start, min(start + 5_000, 3 + data))
            )
        yield from hostile.blank_rows(3 + data, blank)

    full = hostile.workbook(hostile.sheet_xml(rows(20_000, 21_000 - 20_002)))
    assert len(_read(full, (ACTIONS,)).rows(ACTIONS)) == 20_000

    one_blank_more = hostile.workbook(hostile.sheet_xml(rows(20_000, 21_000 - 20_001)))
    assert ROWS in _refusal(one_blank_more, (ACTIONS,))
    one_row_more = hostile.workbook(hostile.sheet_xml(rows(20_001, 0)))
    assert "more than 20,000 rows of data" in _refusal(one_row_more, (ACTIONS,))


def test_each_quarter_of_an_indicator_grid_is_a_row_of_data(world, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 10)
    quarters = [f"{2000 + n}/{(n + 1) % 100:02d} Q1" for n in range(11)]
    header = ["Indicator", *quarters]
    row = ["Referrals to IDVAs", *range(11)]
    grid = "".join(f"{','.join(map(str, line))}\r\n" for line in (header, row)).encode()

    assert "more than 10 rows of data" in _refusal(grid, (INDICATOR_VALUES,))
    assert (
        len(_read(grid.replace(b",10\r\n", b",\r\n"), (INDICATOR_VALUES,)).rows(INDICATOR_VALUES))
        == 10
    )


# Shared strings.


def test_five_million_shared_strings_are_refused(world, unpacked):
    assert RATIO in _refusal(hostile.many_shared_strings())
    assert STRINGS_PART not in unpacked  # refused from the zip's directory alone


def test_behind_the_zip_limits_shared_strings_stop_at_their_limit(world, unpacked, unbounded_zip):
    assert TEXTS in _refusal(hostile.many_shared_strings())
    # Each empty string is 5 bytes (<si/>): the reader stopped after 500,001 of 5,000,000.
    assert unpacked[STRINGS_PART] <= 500_001 * 5 + reading.CHUNK + 1_000


def test_shared_strings_are_limited_in_characters_too(world, monkeypatch):
    monkeypatch.setattr(reading, "MAX_SHARED_CHARACTERS", 10_000)
    strings = hostile.shared_strings(101, "x" * 100)

    assert "texts come to more than 10,000 characters; the limit is 10,000" in _refusal(
        hostile.workbook(hostile.sheet_xml([hostile.header_row()]), shared_strings=strings)
    )


def test_a_shared_string_longer_than_a_cell_is_refused(world):
    strings = hostile.shared_strings(1, "x" * (reading.MAX_CELL + 1))
    data = hostile.workbook(hostile.sheet_xml([hostile.header_row()]), shared_strings=strings)

    assert f"A text in the workbook {CELL}" in _refusal(data)


# One cell.


def test_a_cell_of_60_mb_is_refused_before_anything_checks_its_text(world, monkeypatch):
    checked = []
    guard = checking.personal_data_error
    monkeypatch.setattr(
        checking, "personal_data_error", lambda text: checked.append(len(text)) or guard(text)
    )

    with pytest.raises(FileRefused, match="The workbook unpacks to 60 MB; the limit is 50 MB"):
        preview_plan(hostile.one_huge_cell(), plan=world.plan)
    assert not checked


def test_behind_the_zip_limits_a_60_mb_cell_stops_the_reading_at_excels_limit(
    world, unpacked, unbounded_zip
):
    assert f"A cell on row 2 of the “Actions” sheet {CELL}" in _refusal(hostile.one_huge_cell())
    assert unpacked[SHEET_PART] < reading.MAX_CELL + 2 * reading.CHUNK


def test_a_cell_of_excels_limit_reads_and_one_character_more_is_refused(world):
    longest = _read(hostile.one_huge_cell(reading.MAX_CELL), (ACTIONS,))

    assert len(longest.rows(ACTIONS)[0].values["description"]) == reading.MAX_CELL
    assert CELL in _refusal(hostile.one_huge_cell(reading.MAX_CELL + 1), (ACTIONS,))


# The zip: how far it unpacks, and what it says of itself.


def test_a_part_packed_far_tighter_than_a_spreadsheet_is_refused(world):
    zeros = hostile.sheet_xml([hostile.header_row(), f"<!--{'0' * 2_000_000}-->"])

    assert f"part {SHEET_PART} {RATIO}" in _refusal(hostile.workbook(zeros))


def _stating(data, part, size):
    """The zip ``data`` with ``part``'s unpacked size in its central directory as ``size``."""
    data, at = bytearray(data), 0
    while True:
        at = data.index(b"PK\x01\x02", at)
        length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + length]) == part.encode():
            struct.pack_into("<I", data, at + 24, size)
            return bytes(data)
        at += 4


def test_a_part_that_unpacks_to_more_than_its_zip_says_is_refused_having_read_no_more(
    world, unpacked
):
    sheet = hostile.sheet_xml([hostile.header_row(), *hostile.blank_rows(2, 200_000)])
    data = _stating(hostile.workbook(sheet), SHEET_PART, 1_000)

    assert _refusal(data) == reading.DAMAGED
    assert unpacked.get(SHEET_PART, 0) <= 1_000


def test_a_document_type_and_its_entities_are_refused(world):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<worksheet xmlns="{hostile.MAIN}"><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>'
    )
    deep = hostile.sheet_xml(["<x>" * 200, "</x>" * 200])

    assert _refusal(hostile.workbook(laughs)) == reading.DAMAGED
    assert _refusal(hostile.workbook(deep)) == reading.DAMAGED


# CSVs.


def test_a_csv_cell_longer_than_excels_limit_is_refused_naming_it(world):
    limit = csv.field_size_limit()
    fits = csv_bytes(ACTIONS, [action("1.1", Description="x" * reading.MAX_CELL)])
    data = csv_bytes(ACTIONS, [action("1.1", Description="x" * (reading.MAX_CELL + 1))])

    assert len(_read(fits).rows(ACTIONS)[0].values["description"]) == reading.MAX_CELL
    assert _refusal(data) == (
        f"The CSV cannot be read: a cell in row 2 {CELL}. Shorten it and try again."
    )
    assert csv.field_size_limit() == limit


def test_a_csv_of_a_million_blank_lines_is_refused_at_the_last_row_allowed(world):
    data = csv_bytes(ACTIONS, [action()]) + b"\r\n" * 1_000_000

    assert f"The CSV {ROWS}" in _refusal(data)


def test_a_csv_counts_its_rows_as_a_sheet_does(world, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 5)
    monkeypatch.setattr(reading, "SPARE_ROWS", 2)
    rows = [action(f"1.{n}") for n in range(5)]

    assert len(_read(csv_bytes(ACTIONS, rows) + b",\r\n").rows(ACTIONS)) == 5
    assert "goes on past row 7" in _refusal(csv_bytes(ACTIONS, rows) + b",\r\n,\r\n")
    assert "more than 5 rows of data" in _refusal(csv_bytes(ACTIONS, [*rows, action("1.9")]))


# Where a refusal is shown: the command's exit, and the upload page.


HOSTILE = [
    pytest.param(hostile.cell_on_the_last_row, ROWS, id="cell-on-row-1048576"),
    pytest.param(hostile.million_blank_rows, ROWS, id="million-blank-rows"),
    pytest.param(hostile.many_shared_strings, RATIO, id="5-million-shared-strings"),
    pytest.param(hostile.one_huge_cell, UNPACKED, id="60-mb-cell"),
    pytest.param(
        lambda: csv_bytes(ACTIONS, [action()]) + b"\r\n" * 1_000_000, ROWS, id="csv-blank-lines"
    ),
]


@pytest.mark.parametrize(("make", "message"), HOSTILE)
def test_import_plan_exits_1_with_the_refusal_and_no_traceback(
    world, tmp_path, capsys, make, message
):
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(make())
    command = ["manage.py", "import_plan", str(path), "--plan", "The plan", "--dry-run"]

    with pytest.raises(SystemExit) as exit:
        ManagementUtility(command).execute()

    errors = capsys.readouterr().err
    assert exit.value.code == 1
    assert errors.startswith("CommandError: "), errors
    assert message in errors
    assert "Traceback" not in errors


@pytest.mark.parametrize(("make", "message"), HOSTILE)
def test_the_upload_page_shows_the_refusal_on_the_file_keeping_the_form(
    staff_client, world, make, message
):
    response = staff_client.post(
        reverse("onboarding:upload"),
        {"file": SimpleUploadedFile("plan.xlsx", make()), "title": "My new plan"},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors.get("file", [])
    assert any(message in error for error in errors), errors
    page = response.content.decode()
    assert 'value="My new plan"' in page
    assert "Upload and preview" in page
    assert not PendingImport.objects.exists()


def test_indicator_values_are_read_within_the_same_limits(world):
    grid = hostile.sheet_xml(['<row r="1048576"><c r="A1048576"><v>1</v></c></row>'])

    with pytest.raises(FileRefused, match="The “Indicator values” sheet goes on past row"):
        preview_indicator_values(hostile.workbook(grid, name=INDICATOR_VALUES.name))
