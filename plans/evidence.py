"""
Evidence files: what is allowed in, judged by content rather than by name.

Allowed: PDF, PNG, JPEG, Word (.docx), Excel (.xlsx) and CSV, each at most
settings.EVIDENCE_MAX_BYTES. A file renamed to look allowed (an .exe called .pdf) is
refused because its bytes say otherwise.
"""

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from .personal_data import personal_data_error

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
    return CheckedFile(upload, extension, content_type, upload.size, _digest(upload), name)
