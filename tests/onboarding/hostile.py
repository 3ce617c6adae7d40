"""
Hostile workbooks, written part by part as an attacker would (issue 31): a zip of the few
XML parts a reader needs, every part deflated, and the sheet or the shared strings holding
what they like. Each sheet part may be bytes or an iterable of bytes, so that a part of
tens of megabytes is written in pieces and never held whole. Nothing binary is committed:
the tests build these files when they run.
"""

import io
import zipfile

from onboarding.columns import ACTIONS

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = f"{RELATIONSHIPS}/worksheet"
FULL_SIZE = "A1:XFD1048576"  # every cell Excel has room for

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
{shared_strings}</Types>"""  # noqa: E501
SHARED_STRINGS_TYPE = """<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
"""  # noqa: E501

ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">
<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">
<sheets><sheet name="{{name}}" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""

WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">
<Relationship Id="rId1" Type="{SHEET_TYPE}" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""


def _chunks(part):
    if isinstance(part, str):
        part = part.encode()
    if isinstance(part, bytes):
        yield part
    else:
        for chunk in part:
            yield chunk.encode() if isinstance(chunk, str) else chunk


def workbook(sheet, *, shared_strings=None, name=ACTIONS.name):
    """An .xlsx of one sheet called ``name`` whose part is ``sheet`` (see sheet_xml()), and
    a shared-strings part when ``shared_strings`` is given (bytes or pieces of bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        types = SHARED_STRINGS_TYPE if shared_strings is not None else ""
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(shared_strings=types))
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK.format(name=name))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        parts = {"xl/worksheets/sheet1.xml": sheet}
        if shared_strings is not None:
            parts["xl/sharedStrings.xml"] = shared_strings
        for path, part in parts.items():
            with archive.open(path, "w") as member:
                for chunk in _chunks(part):
                    member.write(chunk)
    return buffer.getvalue()


def inline(reference, text):
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row():
    """Row 1: the Actions sheet's headers, as inline strings."""
    cells = "".join(
        inline(f"{chr(ord('A') + index)}1", column.name)
        for index, column in enumerate(ACTIONS.columns)
    )
    return f'<row r="1">{cells}</row>'


def action_row(number, reference="1.1"):
    """A row of an action that the ``world`` fixture's names make valid."""
    values = {
        "Reference": reference,
        "Title": f"Action {reference}",
        "Pledges": "FP 1",
        "Lead specialist": "Alex Lead",
        "Start": "2025-04-01",
        "Due": "2026-03-31",
        "Status": "On track",
        "Percent": "10",
    }
    cells = "".join(
        inline(f"{chr(ord('A') + index)}{number}", values[column.name])
        for index, column in enumerate(ACTIONS.columns)
        if column.name in values
    )
    return f'<row r="{number}">{cells}</row>'


def sheet_xml(rows, *, dimension=None):
    """A worksheet part: its <dimension> (what it claims), then ``rows`` (pieces of XML)."""
    yield f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'
    if dimension:
        yield f'<dimension ref="{dimension}"/>'
    yield "<sheetData>"
    yield from _chunks(rows) if isinstance(rows, str | bytes) else rows
    yield "</sheetData></worksheet>"


def blank_rows(first, count, *, batch=10_000):
    """``count`` blank rows from row ``first``, as Excel writes formatted empty rows."""
    for start in range(first, first + count, batch):
        end = min(start + batch, first + count)
        yield "".join(f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(start, end))


def shared_strings(count, text="", *, batch=100_000):
    """A shared-strings part of ``count`` strings, each ``text``."""
    item = f"<si><t>{text}</t></si>" if text else "<si/>"
    yield f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}">'
    for start in range(0, count, batch):
        yield item * min(batch, count - start)
    yield "</sst>"


def long_text(characters, *, piece=1024 * 1024):
    """``characters`` x's, in pieces."""
    for start in range(0, characters, piece):
        yield "x" * min(piece, characters - start)


# The files of issue 31 and of its acceptance, each a few kilobytes (except where noted).


def claims_full_size():
    """A sheet whose <dimension> claims every cell Excel has, holding a header and one
    action: old openpyxl read-only padded every row to 16,384 cells and went on to row
    1,048,576."""
    return workbook(sheet_xml([header_row(), action_row(2)], dimension=FULL_SIZE))


def cell_on_the_last_row():
    """The claim made good: a header, then one cell on Excel's last row and column."""
    last = inline("XFD1048576", "x")
    return workbook(
        sheet_xml([header_row(), f'<row r="1048576">{last}</row>'], dimension=FULL_SIZE)
    )


def million_blank_rows():
    """A header, an action, then a million blank rows (formatted, empty): about 5 MB."""
    return workbook(sheet_xml([header_row(), action_row(2), *blank_rows(3, 1_000_000)]))


def many_shared_strings(count=5_000_000):
    """``count`` empty shared strings (``<si/>``), which no cell uses: about 25 KB."""
    return workbook(sheet_xml([header_row()]), shared_strings=shared_strings(count))


def one_huge_cell(characters=60 * 1024 * 1024):
    """An action whose Description is ``characters`` long (60 MB: about 60 KB packed)."""
    description = ACTIONS.columns.index(ACTIONS.column("description"))
    reference = f"{chr(ord('A') + description)}2"
    cell = [f'<c r="{reference}" t="inlineStr"><is><t>', *long_text(characters), "</t></is></c>"]
    return workbook(sheet_xml([header_row(), '<row r="2">', *cell, "</row>"]))
