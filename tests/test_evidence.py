"""Evidence files are judged by their content, and by their size."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from plans.evidence import check_evidence

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00" + b"\x00" * 60


def _office(part):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("agenda.pdf", PDF, "pdf"),
        ("photo-of-banner.png", PNG, "png"),
        ("stand.jpeg", JPEG, "jpg"),
        ("attendance.docx", _office("word/document.xml"), "docx"),
        ("counts.xlsx", _office("xl/workbook.xml"), "xlsx"),
        ("counts.csv", b"session,people\n1,24\n2,18\n", "csv"),
        ("named-wrongly.txt", PDF, "pdf"),  # the content decides, not the name
    ],
)
def test_allowed_kinds_are_accepted_by_their_content(name, content, extension):
    checked = check_evidence(SimpleUploadedFile(name, content))
    assert checked.extension == extension
    assert checked.size == len(content)
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", EXE),  # a program renamed to look like a PDF
        ("macro.docx", _office("other/part.xml")),  # a zip, but not a Word document
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("data.csv", b"\x00\x01\x02binary"),
    ],
)
def test_other_content_is_refused_whatever_its_name(name, content):
    with pytest.raises(ValidationError, match="not a file type we accept"):
        check_evidence(SimpleUploadedFile(name, content))


def test_a_file_over_the_limit_is_refused_with_the_sizes(settings):
    settings.EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
    big = SimpleUploadedFile("minutes.pdf", PDF + b"0" * (11 * 1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        check_evidence(big)
    message = refused.value.messages[0].replace("\xa0", " ")
    assert message == "“minutes.pdf” is 11.0 MB; evidence files can be at most 10.0 MB."


def test_a_file_name_with_personal_data_is_refused():
    with pytest.raises(ValidationError, match="an email address"):
        check_evidence(SimpleUploadedFile("referral-jo@example.com.pdf", PDF))
