"""
Reading a filled template: an Excel workbook (.xlsx) or a CSV of one of its sheets, told
apart by what the file holds, never by its name.

- A workbook is read with openpyxl in read-only mode, row by row, so memory holds the rows
  and not the workbook's XML. A macro-enabled workbook (.xlsm) is refused, as is the old
  binary .xls format.
- A CSV may be UTF-8 (with or without the byte-order mark Excel writes) or Windows-1252
  (Excel's "CSV" on Windows in the UK); it is tried in that order.
- A file over ``MAX_BYTES`` or with over ``MAX_ROWS`` rows of data is refused, naming the
  limit.
- A formula is never evaluated: its cell reads as the formula's text and is a problem
  (copy the values in instead). A text cell that begins with an apostrophe before =, +, -
  or @ (how our exports keep text from running as a formula) reads without the apostrophe.
- Blank rows are skipped (row numbers still count them, as Excel does). A merged cell reads
  as its top-left value in the top-left cell; the other cells of the merge read as blank
  (openpyxl's read-only mode does not spread the value), so a merge down a column leaves
  the rows below it blank: fill each row in.
- Headers are matched without regard to case; a column the template does not have is
  ignored. Indicator values may also come as a grid: an "Indicator" column, then one
  column per quarter headed like "2026/27 Q3".
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from vawg_tracker.quarters import Quarter

from .columns import INDICATOR_VALUES, README_SHEET

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc) format
FORMULA_STARTS = ("=", "+", "-", "@")


class FileRefused(Exception):
    """The file cannot be read at all: the message says why, in the user's terms."""


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int  # as Excel shows it: the header is row 1
    column: str  # the header of the column, or "" for the row or the sheet as a whole
    message: str

    def __str__(self):
        where = f"{self.sheet}, row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


@dataclass
class Row:
    number: int
    values: dict  # column key: the cell's value (None when blank)
    formulas: set = field(default_factory=set)  # keys of cells that held a formula
    headers: dict = field(default_factory=dict)  # key: header, where it is not the column's


@dataclass
class Table:
    sheet: object  # a columns.Sheet
    rows: list = field(default_factory=list)


@dataclass
class Reading:
    tables: dict = field(default_factory=dict)  # sheet name: Table
    problems: list = field(default_factory=list)

    def rows(self, sheet):
        table = self.tables.get(sheet.name)
        return table.rows if table else []


def read(data, sheets):
    """
    Read ``data`` (bytes) as a workbook or a CSV holding ``sheets`` (columns.Sheet). A CSV
    is the sheet whose headers it matches best. Raises FileRefused when it cannot be read.
    """
    if len(data) > MAX_BYTES:
        raise FileRefused(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_BYTES // 1024 // 1024} MB. Split it, or leave out what is not needed."
        )
    if data.startswith(ZIP_MAGIC):
        return _read_workbook(data, sheets)
    if data.startswith(OLE_MAGIC):
        raise FileRefused(
            "This is an old-style Excel file (.xls) or another binary document. Save it as "
            "an Excel Workbook (.xlsx) or as CSV and try again."
        )
    return _read_csv(data, sheets)


def check_workbook(data):
    """Refuse a zip that is not a plain Excel workbook (macro-enabled, or something else)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            content_types = (
                archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise FileRefused("The file looks like a zip archive but cannot be opened.") from error
    if any(name.lower().endswith("vbaproject.bin") for name in names) or (
        b"macroenabled" in content_types.lower()
    ):
        raise FileRefused(
            "This is a macro-enabled workbook (.xlsm): it is refused, as macros can run code. "
            "Save it as an Excel Workbook (.xlsx) and try again."
        )
    if "xl/workbook.xml" not in names or b"spreadsheetml" not in content_types:
        raise FileRefused(
            "This file is not an Excel workbook (it is some other kind of zip file). Use the "
            "template, saved as .xlsx, or a CSV."
        )


def _read_workbook(data, sheets):
    from openpyxl import load_workbook

    check_workbook(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise FileRefused("The workbook is damaged and cannot be read.") from error
    reading = Reading()
    counter = _RowCounter()
    try:
        by_name = {name.strip().casefold(): name for name in workbook.sheetnames}
        for sheet in sheets:
            name = by_name.get(sheet.name.casefold())
            if name is None:
                continue
            rows = workbook[name].iter_rows(values_only=True)
            reading.tables[sheet.name] = _table(sheet, rows, reading.problems, counter)
        known = {sheet.name.casefold() for sheet in sheets} | {README_SHEET.casefold()}
        if not reading.tables and not known & set(by_name):
            expected = ", ".join(f"“{sheet.name}”" for sheet in sheets)
            raise FileRefused(f"The workbook has no sheet called {expected}.")
    except FileRefused:
        raise
    except Exception as error:  # a damaged sheet part: say so rather than fail
        raise FileRefused("The workbook is damaged and cannot be read.") from error
    finally:
        workbook.close()
    return reading


def _decode(data):
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(data, sheets):
    try:
        text = _decode(data)
    except UnicodeDecodeError as error:
        raise FileRefused("The file is not readable text: save it as CSV (UTF-8).") from error
    if "\x00" in text:
        raise FileRefused(
            "This is not a CSV or Excel file. Use the template, saved as .xlsx, or a CSV."
        )
    try:
        rows = [[cell if cell != "" else None for cell in row] for row in _csv_rows(text)]
    except csv.Error as error:
        raise FileRefused(f"The CSV cannot be read: {error}.") from error
    header = next((row for row in rows if any(_present(cell) for cell in row)), [])
    sheet = max(sheets, key=lambda sheet: _matches(sheet, header))
    reading = Reading()
    reading.tables[sheet.name] = _table(sheet, iter(rows), reading.problems, _RowCounter())
    return reading


def _csv_rows(text):
    # The csv module's own limit on a cell (131,072 characters) stays: it is the whole
    # process's (evidence checks rely on it), and no column of the template needs more.
    return csv.reader(io.StringIO(text, newline=""))


def _matches(sheet, header):
    headers = {_text(cell).casefold() for cell in header if cell is not None}
    return len(headers & set(sheet.by_header())) + (
        sheet is INDICATOR_VALUES and any(_quarter(cell) for cell in header)
    )


class _RowCounter:
    def __init__(self):
        self.count = 0

    def add(self):
        self.count += 1
        if self.count > MAX_ROWS:
            raise FileRefused(
                f"The file has more than {MAX_ROWS:,} rows of data; the limit is {MAX_ROWS:,}. "
                "Split it into smaller files."
            )


def _present(value):
    return value is not None and not (isinstance(value, str) and not value.strip())


def _text(value):
    return str(value).strip()


def _quarter(value):
    if not isinstance(value, str):
        return None
    try:
        return Quarter.parse(value.strip())
    except (ValueError, TypeError):
        return None


def _table(sheet, rows, problems, counter):
    """The sheet's rows as Row objects; header problems go to ``problems``."""
    table = Table(sheet)
    columns = sheet.by_header()
    header, positions, grid = None, {}, {}
    for number, cells in enumerate(rows, start=1):
        cells = list(cells or ())
        if not any(_present(cell) for cell in cells):
            continue
        if header is None:
            header = number
            for index, cell in enumerate(cells):
                if not _present(cell):
                    continue
                column = columns.get(_text(cell).casefold())
                if column is not None and column.key not in positions:
                    positions[column.key] = index
                elif sheet is INDICATOR_VALUES and _quarter(cell):
                    grid[index] = _text(cell)
            if grid and "quarter" not in positions:
                positions.pop("value", None)
            else:
                grid = {}
            _check_header(sheet, positions, grid, number, problems)
            continue
        counter.add()
        if grid:
            table.rows.extend(_grid_rows(sheet, number, cells, positions, grid, problems))
        else:
            table.rows.append(_row(sheet, number, cells, positions, problems))
    return table


def _check_header(sheet, positions, grid, number, problems):
    for column in sheet.columns:
        if not column.required or column.key in positions:
            continue
        if grid and column.key in ("quarter", "value"):
            continue
        problems.append(
            Problem(
                sheet.name,
                number,
                column.name,
                f"the sheet has no “{column.name}” column; its first row must name the "
                "columns as the template does",
            )
        )


def _cell(sheet, number, key, value, row, problems, header=None):
    """The cell's value; a formula (or an error value) is kept as its text and flagged."""
    if isinstance(value, str):
        if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_STARTS:
            return value[1:]
        if len(value) < 2 or value[0] != "=":
            return value
        message = "is a formula; formulas are not worked out on import"
    elif value is None or isinstance(value, int | float | Decimal | datetime.date | datetime.time):
        return value
    else:  # anything else openpyxl gives: an array formula, an error value
        message = "is a formula or an error value, not a value"
    row.formulas.add(key)
    column = header or sheet.column(key).name
    problems.append(
        Problem(
            sheet.name,
            number,
            column,
            f"“{str(value)[:60]}” {message}. Copy the cells and paste them as values, then "
            "try again.",
        )
    )
    return str(value)


def _row(sheet, number, cells, positions, problems):
    row = Row(number, {})
    for key, index in positions.items():
        value = cells[index] if index < len(cells) else None
        row.values[key] = _cell(sheet, number, key, value, row, problems)
    return row


def _grid_rows(sheet, number, cells, positions, grid, problems):
    """Indicator values as a grid: one row per filled quarter cell."""
    base = _row(sheet, number, cells, positions, problems)
    for index, quarter in grid.items():
        value = cells[index] if index < len(cells) else None
        if not _present(value):
            continue
        row = Row(number, {**base.values, "quarter": quarter}, set(base.formulas))
        row.headers["value"] = quarter
        row.values["value"] = _cell(sheet, number, "value", value, row, problems, header=quarter)
        yield row
