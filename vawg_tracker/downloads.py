"""
Downloads every app shares: CSV that opens safely in Excel, streamed as it is written,
with a file name that holds no names of people.
"""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone

# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def csv_response(name, columns, rows):
    """
    Stream ``rows`` (an iterable of lists, evaluated as the response is sent) as a UTF-8
    CSV with a byte-order mark, for Excel, every cell formula-safe. The file is called
    ``vawg-<name>-<today>.csv``: no names of people in file names.
    """
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(columns)
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="vawg-{name}-{stamp}.csv"'
    return response
