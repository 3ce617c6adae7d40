"""Evidence files are judged by their content, and by their size."""

import io
import zipfile

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from activities.evidence import check_evidence

from ..factories import pdf_bytes

PDF = pdf_bytes(pages=1)
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


# --- PDFs are opened, not just sniffed -------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n",  # HTML in disguise
        b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n",  # the magic bytes and nothing more
        pdf_bytes(pages=0),  # a real PDF with no page to read
    ],
)
def test_a_file_that_only_starts_like_a_pdf_is_refused(content):
    with pytest.raises(ValidationError) as refused:
        check_evidence(SimpleUploadedFile("agenda.pdf", content))
    assert refused.value.messages == [
        "“agenda.pdf” starts like a PDF but is not one we can open, or has no pages. "
        "Save it again as a PDF from the program that made it."
    ]


def test_a_password_protected_pdf_is_refused_saying_so():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer, encryption=pikepdf.Encryption(owner="owner-secret", user="user-secret"))
    with pytest.raises(ValidationError, match="password-protected"):
        check_evidence(SimpleUploadedFile("agenda.pdf", buffer.getvalue()))


def test_a_pdf_uploaded_to_a_temporary_file_is_opened_too(settings):
    # Django keeps uploads over FILE_UPLOAD_MAX_MEMORY_SIZE in a temporary file, not memory.
    upload = TemporaryUploadedFile("agenda.pdf", "application/pdf", 0, None)
    upload.write(pdf_bytes(pages=2))
    upload.size = upload.tell()
    checked = check_evidence(upload)
    assert checked.extension == "pdf"
    assert upload.tell() == 0  # left ready to be stored


# --- CSV cells that a spreadsheet would run ---------------------------------------------------


@pytest.mark.parametrize(
    ("content", "where", "start"),
    [
        (b'n,link\n1,ok\n2,"=HYPERLINK(""http://evil.example"")"\n', "Row 3, column B", "“=”"),
        (b"a,b,c\n+SUM(1;2),2,3\n", "Row 2, column A", "“+”"),
        (b"a,b\n1,-2+3\n", "Row 2, column B", "“-”"),
        (b"a,b\n1,@SUM(A1)\n", "Row 2, column B", "“@”"),
        (b'a,b\n1,"\t=1+1"\n', "Row 2, column B", "a tab"),
        (b'a,b\n1,"\r=1+1"\n', "Row 2, column B", "a carriage return"),
        (b"a;b;c\n1;2;=cmd|' /C calc'!A0\n", "Row 2, column C", "“=”"),  # semicolons
        (b"x" * 30 + b"\n" + b",".join([b"1"] * 27) + b",=1\n", "Row 2, column AB", "“=”"),
    ],
)  # fmt: skip
def test_a_csv_with_a_cell_that_starts_a_formula_is_refused_naming_the_cell(content, where, start):
    with pytest.raises(ValidationError) as refused:
        check_evidence(SimpleUploadedFile("counts.csv", content))
    (message,) = refused.value.messages
    assert message.startswith(f"{where} of “counts.csv” starts a formula (it begins with {start})")


def test_a_formula_after_a_comma_in_a_semicolon_csv_is_refused_too():
    # The file reads as semicolon-separated, but a spreadsheet set to commas (the UK's)
    # would put "=1+1" in a cell of its own and run it.
    content = b"a;b;c\n1;2;3\n4;5;6,=1+1\n"
    with pytest.raises(ValidationError) as refused:
        check_evidence(SimpleUploadedFile("counts.csv", content))
    (message,) = refused.value.messages
    assert message.startswith("Row 3, column B of “counts.csv” starts a formula")


def test_a_csv_of_plain_numbers_including_negative_ones_is_accepted():
    content = b'area,change,rate\nSefton,-5,-3.2\nWirral,+4,1.5\nKnowsley,-,"-1,000.5"\n'
    assert check_evidence(SimpleUploadedFile("changes.csv", content)).extension == "csv"


def test_only_the_first_formula_of_a_long_csv_is_named():
    rows = [b"n,value"] + [b"%d,%d" % (n, n) for n in range(5000)] + [b"5001,=1+1", b"5002,=2"]
    with pytest.raises(ValidationError) as refused:
        check_evidence(SimpleUploadedFile("long.csv", b"\n".join(rows)))
    (message,) = refused.value.messages
    assert message.startswith("Row 5002, column B of “long.csv”")


def test_a_csv_the_csv_module_cannot_read_is_refused():
    huge_cell = b'a,b\n1,"' + b"x" * 200_000 + b'"\n'  # over the csv module's field limit
    with pytest.raises(ValidationError, match="not a CSV file we can read"):
        check_evidence(SimpleUploadedFile("odd.csv", huge_cell))
