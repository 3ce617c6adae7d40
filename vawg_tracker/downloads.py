"""
Downloads every app shares: the same rows as CSV (streamed as it is written) or as an
Excel workbook, both safe to open in Excel (no cell runs as a formula), with a file name
that holds no names of people: ``vawg-<name>-<today>.csv`` / ``.xlsx``.
"""

import csv
import datetime
import io
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text a spreadsheet shows as text, never runs as a formula. A number is written as it
    is, a negative one too: "-5.25" is a number to a spreadsheet, not a formula."""
    if isinstance(value, int) or (isinstance(value, Decimal) and value.is_finite()):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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
        yield "\ufeff" + writer.writerow(columns)
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    filename = filename or _download_name(name, "csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _download_name(name, extension):
    return f"vawg-{name}-{timezone.localdate().isoformat()}.{extension}"


def _xlsx_value(value):
    """Numbers and dates stay numbers and dates (Decimal kept exact as text-free numbers);
    text is formula-safe."""
    if value is None:
        return None
    if isinstance(value, bool | int | Decimal | datetime.date):
        return value
    return safe_cell(value)


def xlsx_response(name, columns, rows, *, sheet="Data"):
    """
    ``rows`` (an iterable of lists) as an Excel workbook of one sheet: the header row in
    bold and frozen, numbers and dates as numbers and dates, text that starts like a
    formula kept as text. Written with openpyxl's write-only mode, so memory stays flat
    however many rows there are.
    """
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])
    worksheet.freeze_panes = "A2"
    header = []
    for title in columns:
        cell = WriteOnlyCell(worksheet, value=safe_cell(title))
        cell.font = Font(bold=True)
        header.append(cell)
    worksheet.append(header)
    for row in rows:
        worksheet.append([_xlsx_value(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_download_name(name, "xlsx")}"'
    return response
