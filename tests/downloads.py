"""Reading a download back as a user's spreadsheet would: the CSV's rows, the workbook."""

import csv
import io

from openpyxl import load_workbook


def csv_rows(response):
    """The rows of a streamed CSV download, its byte-order mark checked and removed."""
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # so that Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def xlsx_sheet(response):
    """The one sheet of an XLSX download."""
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


def xlsx_rows(response):
    return [list(row) for row in xlsx_sheet(response).iter_rows(values_only=True)]
