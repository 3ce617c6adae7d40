"""
Downloads every app shares: the same rows as CSV (streamed as it is written) or as an
Excel workbook, both safe to open in Excel (no cell runs as a formula), with a file name
that holds no names of people: ``vawg-<name>-<today>.csv`` / ``.xlsx``.

An export defines its columns and rows once and answers in the format the request asks
for (``?format=xlsx``; CSV when none is given): ``download_response(requested_format(
request), name, columns, rows)``.
"""

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")

# Excel number formats: dates as the CSV writes them, money in pounds and pence.
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
POUNDS_FORMAT = "£#,##0.00"

# A column is as wide as its title and this many characters, at least and at most.
MIN_WIDTH, MAX_WIDTH = 10, 60

# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """
    A column of a download. The CSV uses its title; the workbook also its width in
    characters (``None``: as wide as the title) and the number format of its cells
    (``POUNDS_FORMAT`` for money). A plain string is a column with only a title.
    """

    title: str
    width: int | None = None
    number_format: str | None = None

    def __str__(self):
        return self.title


def money(title, width=None):
    """A column of pounds and pence: a number Excel sums, shown as £1,234.56."""
    return Column(title, width=width, number_format=POUNDS_FORMAT)


def _column(column):
    return column if isinstance(column, Column) else Column(str(column))


def _local(value):
    """A moment as the office's wall clock shows it, without a time zone (Excel has none)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def safe_cell(value):
    """Text a spreadsheet shows as text, never runs as a formula. A number is written as it
    is, a negative one too: "-5.25" is a number to a spreadsheet, not a formula."""
    if isinstance(value, int) or (isinstance(value, Decimal) and value.is_finite()):
        return str(value)
    if isinstance(value, datetime.datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def sheet_text(value):
    """Text a worksheet can hold, formula-safe: a control character (which a worksheet
    cannot store, and openpyxl refuses) is left out."""
    return ILLEGAL_CHARACTERS_RE.sub("", safe_cell(value))


def requested_format(request):
    """The format a download was asked for: ``?format=xlsx`` or CSV; any other is 404."""
    file_format = request.GET.get("format", "csv")
    if file_format not in FORMATS:
        raise Http404("Download as csv or xlsx.")
    return file_format


def download_response(file_format, name, columns, rows, *, sheet="Data"):
    """The rows as the format asks: the one way every export answers, CSV or XLSX."""
    if file_format == "xlsx":
        return xlsx_response(name, columns, rows, sheet=sheet)
    return csv_response(name, columns, rows)


class _Echo:
    def write(self, value):
        return value


def csv_response(name, columns, rows, *, filename=None):
    """
    Stream ``rows`` (an iterable of lists, evaluated as the response is sent) as a UTF-8
    CSV with a byte-order mark, for Excel, every cell formula-safe. The file is called
    ``vawg-<name>-<today>.csv``, or ``filename`` where a download must keep one name
    whatever the day (the public open data): no names of people in file names.
    """
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([str(column) for column in columns])
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    filename = filename or _download_name(name, "csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _download_name(name, extension):
    return f"vawg-{name}-{timezone.localdate().isoformat()}.{extension}"


def _xlsx_cell(worksheet, value, column):
    """
    A cell of the workbook: numbers and dates stay numbers and dates (a Decimal exact, a
    moment in local time), with the column's number format or a date format; text is
    formula-safe. A blank is an empty cell, not an empty string.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        number_format = column.number_format or DATETIME_FORMAT
        value = _local(value)
    elif isinstance(value, datetime.date):
        number_format = column.number_format or DATE_FORMAT
    elif isinstance(value, bool | int | Decimal | float):
        number_format = column.number_format
    else:
        return sheet_text(value)
    if number_format is None:
        return value
    cell = WriteOnlyCell(worksheet, value=value)
    cell.number_format = number_format
    return cell


def xlsx_response(name, columns, rows, *, sheet="Data"):
    """
    ``rows`` (an iterable of lists) as an Excel workbook of one sheet: the header row in
    bold and frozen, each column as wide as it says, numbers and dates as numbers and
    dates with their formats, text that starts like a formula kept as text. Written with
    openpyxl's write-only mode, so memory stays flat however many rows there are (which
    is why the widths are set before the first row: a write-only sheet takes no column
    styles after it).
    """
    columns = [_column(column) for column in columns]
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])
    worksheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        width = column.width or min(max(len(column.title) + 2, MIN_WIDTH), MAX_WIDTH)
        worksheet.column_dimensions[get_column_letter(index)].width = width
    header = []
    for column in columns:
        cell = WriteOnlyCell(worksheet, value=sheet_text(column.title))
        cell.font = Font(bold=True)
        header.append(cell)
    worksheet.append(header)
    for row in rows:
        worksheet.append(
            [
                _xlsx_cell(worksheet, value, column)
                for value, column in zip(row, columns, strict=True)
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_download_name(name, "xlsx")}"'
    return response
