"""
Evidence files: what is allowed in, judged by content rather than by name.

Allowed: PDF, PNG, JPEG, Word (.docx), Excel (.xlsx) and CSV, each at most
settings.EVIDENCE_MAX_BYTES. A file renamed to look allowed (an .exe called .pdf) is
refused because its bytes say otherwise. A PDF must open (pikepdf) and have a page, so a
file that only starts with "%PDF" is refused; a CSV must have no cell that a spreadsheet
would run as a formula.
"""

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from plans.personal_data import personal_data_error

# Detected type → (extension, content type), and for Office files the part that proves it.
ALLOWED = {
    "pdf": ("pdf", "application/pdf"),
    "png": ("png", "image/png"),
    "jpg": ("jpg", "image/jpeg"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
OFFICE_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
CSV = ("csv", "text/csv")
ALLOWED_NAMES = "PDF, PNG, JPEG, Word (.docx), Excel (.xlsx) or CSV"

# What a cell starts with that makes a spreadsheet run it (OWASP's list), as we name it.
FORMULA_STARTS = {
    "=": "“=”",
    "+": "“+”",
    "-": "“-”",
    "@": "“@”",
    "\t": "a tab",
    "\r": "a carriage return",
}
# ...except a plain number with its sign (-5, -3.2, +4) or a lone dash: data, not formulas.
PLAIN_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?|-")
CSV_SEPARATORS = ",;\t"


@dataclass(frozen=True)
class CheckedFile:
    upload: object
    extension: str
    content_type: str
    size: int
    sha256: str
    original_name: str


def _looks_like_csv(head):
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        # A multi-byte character cut at the end of the sample is still text.
        try:
            text = head[:-3].decode("utf-8-sig")
        except UnicodeDecodeError:
            return False
    return bool(text.strip()) and any(sep in text for sep in (",", ";", "\t"))


def _office_part_present(upload, kind):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return OFFICE_PART[kind] in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def _pdf_problem(upload, name):
    """Why a file that starts like a PDF is refused, or None: it must open and have a page."""
    upload.seek(0)
    try:
        with pikepdf.open(upload.file) as pdf:
            if len(pdf.pages) > 0:
                return None
    except pikepdf.PasswordError:
        return (
            f"“{name}” is password-protected, so nobody at the PCC office could open it. "
            "Save a copy without a password and upload that."
        )
    except pikepdf.PikepdfError:
        pass
    finally:
        upload.seek(0)
    return (
        f"“{name}” starts like a PDF but is not one we can open, or has no pages. "
        "Save it again as a PDF from the program that made it."
    )


def _column_letters(index):
    """0 → A, 25 → Z, 26 → AA: the column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _first_formula(text):
    """(row, column letters, what it starts with) of the first formula cell, or None.
    Raises csv.Error for text the csv module cannot read.

    Read with the separator the first line uses most, then with the others: a spreadsheet
    splits by its own setting (commas in the UK, semicolons in much of Europe), so a
    "4;5;6,=1+1" line runs a formula in one and not the other."""
    first_line = text.partition("\n")[0]
    likely = max(CSV_SEPARATORS, key=first_line.count)
    for separator in sorted(CSV_SEPARATORS, key=lambda each: each != likely):
        if separator != likely and separator not in text:
            continue  # one cell a line: their starts are the first cells, already read
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
        for row_number, row in enumerate(rows, start=1):
            for column, cell in enumerate(row):
                if cell[:1] in FORMULA_STARTS and not PLAIN_NUMBER.fullmatch(cell):
                    return row_number, _column_letters(column), FORMULA_STARTS[cell[0]]
    return None


def _csv_problem(upload, name):
    """Why a CSV is refused, or None: no cell may start a formula."""
    upload.seek(0)
    text = upload.read().decode("utf-8-sig", errors="replace")
    upload.seek(0)
    try:
        formula = _first_formula(text)
    except csv.Error:
        return f"“{name}” is not a CSV file we can read. Save it again as CSV (UTF-8)."
    if formula is None:
        return None
    row, column, start = formula
    return (
        f"Row {row}, column {column} of “{name}” starts a formula (it begins with {start}). "
        "A spreadsheet runs formulas when the file is opened, so we do not accept them: "
        "change that cell so it does not begin with =, +, -, @, a tab or a return (a plain "
        "number such as -5 is fine) and upload the file again."
    )


# What else each type must pass, beyond its content's type.
CONTENT_CHECKS = {"pdf": _pdf_problem, "csv": _csv_problem}


def _kind(upload):
    upload.seek(0)
    head = upload.read(65536)
    upload.seek(0)
    guess = filetype.guess(head)
    if guess is None:
        return CSV if _looks_like_csv(head) else None
    if guess.extension in OFFICE_PART and not _office_part_present(upload, guess.extension):
        return None
    return ALLOWED.get(guess.extension)


def _digest(upload):
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def check_evidence(upload):
    """A CheckedFile, or ValidationError saying plainly why the file is refused."""
    name = PurePath(upload.name or "file").name[-120:]
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"“{name}” is {filesizeformat(upload.size)}; evidence files can be at most "
            f"{filesizeformat(limit)}."
        )
    kind = _kind(upload)
    if kind is None:
        raise ValidationError(
            f"“{name}” is not a file type we accept (its content is not a {ALLOWED_NAMES}), "
            "whatever its name says."
        )
    problem = personal_data_error(name)
    if problem:
        raise ValidationError(f"The file name “{name}”: {problem}")
    extension, content_type = kind
    check = CONTENT_CHECKS.get(extension)
    problem = check(upload, name) if check else None
    if problem:
        raise ValidationError(problem)
    return CheckedFile(upload, extension, content_type, upload.size, _digest(upload), name)
