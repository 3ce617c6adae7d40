"""
Reading a filled template: an Excel workbook (.xlsx) or a CSV of one of its sheets, told
apart by what the file holds, never by its name.

- A workbook is read part by part from its zip, never whole, by the standard library's
  streaming XML parser (expat; a document type, and so any entity, is refused), keeping
  nothing of a sheet but the row being read and only that row's cells with a value.
  openpyxl's read-only mode is not used: it takes a sheet's stated size (its <dimension>)
  as the size of every row and loads every shared string first. What a cell means is as
  openpyxl reads it (its number formats, epochs and date conversion are used); the other
  cells of a shared formula read as its first cell's formula. Nothing a workbook says of
  itself is trusted: its <dimension> is ignored, the counts in its shared strings too,
  and no part is read past the size the zip states for it. A macro-enabled workbook
  (.xlsm) is refused, as is the old binary .xls format.
- A CSV may be UTF-8 (with or without the byte-order mark Excel writes) or Windows-1252
  (Excel's "CSV" on Windows in the UK); it is tried in that order.
- Limits, each a refusal naming it, met as the file is read and before the rows reach
  the checks, so that a small hostile file costs a second or two and little memory (issue
  31), and the largest file within them about 8 s of reading:
  - a file over ``MAX_BYTES``; a workbook whose parts unpack to over ``MAX_UNPACKED`` in
    all, or whose part of over ``RATIO_FROM`` unpacks to over ``MAX_RATIO`` times its
    packed size (nothing a spreadsheet program writes is packed that tightly);
  - over ``MAX_ROWS`` rows of data (each value in an indicator grid is one; the header
    row and blank rows are not);
  - a sheet (or CSV) that goes on past row ``MAX_ROWS + SPARE_ROWS``: every row up to the
    last counts here, blank or not, and rows a sheet skips count too, so a million blank
    rows, or one cell on row 1,048,576, stop the reading at that row. The spare rows are
    for the header and blank rows within or below the data: a sheet of 20,000 rows of
    data reads whole;
  - a cell of over ``MAX_CELL`` characters (Excel's own limit for a cell), and in a
    workbook over ``MAX_SHARED_STRINGS`` texts or ``MAX_SHARED_CHARACTERS`` characters of
    them in its shared strings, over ``MAX_STYLES`` cell styles, or XML nested deeper
    than ``MAX_DEPTH``. A workbook that is not well-formed is "damaged".
- A formula is never evaluated: its cell reads as the formula's text and is a problem
  (copy the values in instead). A text cell that begins with an apostrophe before =, +, -
  or @ (how our exports keep text from running as a formula) reads without the apostrophe.
- Blank rows are skipped (row numbers still count them, as Excel does). A merged cell reads
  as its top-left value in the top-left cell; the other cells of the merge read as blank
  (the merge is not spread), so a merge down a column leaves the rows below it blank: fill
  each row in.
- Headers are matched without regard to case; a column the template does not have is
  ignored. Indicator values may also come as a grid: an "Indicator" column, then one
  column per quarter headed like "2026/27 Q3".
"""

import csv
import datetime
import io
import itertools
import posixpath
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from xml.parsers import expat

from vawg_tracker.quarters import Quarter

from .columns import INDICATOR_VALUES, README_SHEET

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
# Rows a sheet may run past MAX_ROWS: its header, and blank rows within and below the data.
SPARE_ROWS = 1_000
MAX_CELL = 32_767  # characters: Excel's own limit for a cell
MAX_UNPACKED = 50 * 1024 * 1024  # bytes, every part of a workbook together
MAX_RATIO = 100  # unpacked to packed, for a part of over RATIO_FROM unpacked
RATIO_FROM = 1024 * 1024
MAX_SHARED_STRINGS = 500_000
MAX_SHARED_CHARACTERS = 20_000_000
MAX_STYLES = 100_000  # cell styles and number formats (Excel allows 64,000)
MAX_DEPTH = 100
MAX_COLUMN = 16_384  # Excel's last column, XFD
SHARED_FORMULAS = 10_000  # a sheet's shared formulas whose text is kept for their cells
CHUNK = 64 * 1024

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc) format
FORMULA_STARTS = ("=", "+", "-", "@")
DAMAGED = "The workbook is damaged and cannot be read."


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


# Limits shared by workbooks and CSVs.


def _last_row():
    return MAX_ROWS + SPARE_ROWS


def _too_many_rows(where):
    return FileRefused(
        f"{where} goes on past row {_last_row():,}. The limit is {MAX_ROWS:,} rows of data, "
        f"and {_last_row():,} rows in all, blank rows included: delete the rows below your "
        "data, blank or not, and try again."
    )


def _cell_too_long(where):
    return FileRefused(
        f"{where} holds more than {MAX_CELL:,} characters, Excel's limit for a cell. "
        "Shorten it and try again."
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


# Workbooks.


def _read_workbook(data, sheets):
    with _Package(data) as package:
        book = package.workbook(sheets)
        reading = Reading()
        counter = _RowCounter()
        try:
            for sheet in sheets:
                path = book.sheets.get(sheet.name.casefold())
                if path is not None:
                    rows = package.rows(path, sheet.name, book)
                    reading.tables[sheet.name] = _table(sheet, rows, reading.problems, counter)
        except FileRefused:
            raise
        except Exception as error:  # a damaged sheet part: say so rather than fail
            raise FileRefused(DAMAGED) from error
    if not reading.tables and not book.known:
        expected = ", ".join(f"“{sheet.name}”" for sheet in sheets)
        raise FileRefused(f"The workbook has no sheet called {expected}.")
    return reading


def _part(target, base="xl"):
    """A relationship's target as the path of the part in the zip."""
    path = target[1:] if target.startswith("/") else posixpath.join(base, target)
    return posixpath.normpath(path)


def _unpacks_too_far(how_far):
    return FileRefused(
        f"The workbook unpacks {how_far}; the limit is {MAX_UNPACKED // 1024 // 1024} MB. "
        "Split it, or leave out what is not needed."
    )


class _Package:
    """A workbook's zip: refused at once if it is not a plain workbook or unpacks too far,
    and its parts read within MAX_UNPACKED however their sizes were stated."""

    def __init__(self, data):
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            infos = self.archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
            raise FileRefused("The file looks like a zip archive but cannot be opened.") from error
        try:
            self._check_sizes(infos)
            self.names = {info.filename for info in infos}
            self.left = MAX_UNPACKED
            self._check_kind()
        except BaseException:
            self.archive.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.archive.close()

    @staticmethod
    def _check_sizes(infos):
        unpacked = sum(info.file_size for info in infos)
        if unpacked > MAX_UNPACKED:
            raise _unpacks_too_far(f"to {unpacked / 1024 / 1024:,.0f} MB")
        for info in infos:
            if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * info.compress_size:
                raise FileRefused(
                    f"The workbook's part {info.filename[:60]} unpacks to more than "
                    f"{MAX_RATIO} times its packed size, which no spreadsheet program writes: "
                    "it is refused. Save the workbook again from Excel, or as CSV."
                )

    def _check_kind(self):
        """Refuse a zip that is not a plain Excel workbook (macro-enabled, or another)."""
        names = self.names
        content_types = self.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
        if any(name.lower().endswith("vbaproject.bin") for name in names) or (
            b"macroenabled" in content_types.lower()
        ):
            raise FileRefused(
                "This is a macro-enabled workbook (.xlsm): it is refused, as macros can run "
                "code. Save it as an Excel Workbook (.xlsx) and try again."
            )
        if "xl/workbook.xml" not in names or b"spreadsheetml" not in content_types:
            raise FileRefused(
                "This file is not an Excel workbook (it is some other kind of zip file). Use "
                "the template, saved as .xlsx, or a CSV."
            )

    def chunks(self, name):
        """The part's bytes, a piece at a time: no more than its stated size, nor than
        what is left of MAX_UNPACKED for the whole workbook."""
        try:
            info = self.archive.getinfo(name)
            stated = info.file_size
            with self.archive.open(info) as member:
                while chunk := member.read(CHUNK):
                    stated -= len(chunk)
                    self.left -= len(chunk)
                    if stated < 0:  # more than the zip said: it lies
                        raise FileRefused(DAMAGED)
                    if self.left < 0:  # a part read again, for a second sheet
                        raise _unpacks_too_far("further")
                    yield chunk
        except FileRefused:
            raise
        except Exception as error:  # zipfile, zlib: a bad CRC, a cut-off or encrypted part
            raise FileRefused(DAMAGED) from error

    def read(self, name):
        return b"".join(self.chunks(name))

    def parse(self, name, handler):
        for chunk in self.chunks(name):
            handler.feed(chunk)
        handler.close()
        return handler

    def workbook(self, sheets):
        """The sheets wanted (by name, casefolded: their parts) and what reading them
        needs: the shared strings, which styles are dates, the epoch."""
        try:
            book = self.parse("xl/workbook.xml", _Workbook(sheets))
            rels = "xl/_rels/workbook.xml.rels"
            wanted = set(book.ids.values())
            links = self.parse(rels, _Relationships(wanted)) if rels in self.names else None
        except FileRefused:
            raise
        except Exception as error:
            raise FileRefused(DAMAGED) from error
        targets = links.targets if links else {}
        book.sheets = {}
        for name, rid in book.ids.items():
            if rid not in targets:
                raise FileRefused(DAMAGED)
            kind, target = targets[rid]
            if kind == "worksheet":  # not a chart sheet
                book.sheets[name] = _part(target)
        self.strings = _part(links.strings) if links and links.strings else None
        self.styles = _part(links.styles) if links and links.styles else None
        return book

    def rows(self, path, title, book):
        """The sheet's rows, as they are read: (number, {column index: value})."""
        if path not in self.names:
            raise FileRefused(DAMAGED)
        if book.strings is None:
            book.strings = self._texts()
            book.dates, book.durations = self._date_styles()
        sheet = _Sheet(title, book)
        for chunk in self.chunks(path):
            sheet.feed(chunk)
            yield from sheet.take()
        sheet.close()
        yield from sheet.take()

    def _texts(self):
        if not self.strings or self.strings not in self.names:
            return []
        return self.parse(self.strings, _SharedStrings()).texts

    def _date_styles(self):
        if not self.styles or self.styles not in self.names:
            return set(), set()
        return self.parse(self.styles, _Styles()).date_styles()


class _Handler:
    """What one part's XML says, taken as it is parsed: no document type (so no entities),
    nesting no deeper than MAX_DEPTH. Names are the namespace, "}", then the tag."""

    def __init__(self):
        self.parser = expat.ParserCreate(namespace_separator="}")
        self.parser.buffer_text = True
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = self._refuse
        self.parser.EntityDeclHandler = self._refuse
        self.parser.ExternalEntityRefHandler = self._refuse
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self.text
        self.path = []

    def _refuse(self, *args):
        raise FileRefused(DAMAGED)

    def _start(self, name, attributes):
        self.path.append(name)
        if len(self.path) > MAX_DEPTH:
            raise FileRefused(DAMAGED)
        self.start(name, attributes)

    def _end(self, name):
        self.end(name)
        self.path.pop()

    def parent(self, up=1):
        return self.path[-1 - up] if len(self.path) > up else None

    def _in(self, text):
        """Whether a <t> just started is ``text``'s own or a run's of it, not a phonetic
        guide's (as openpyxl's Text.content)."""
        return self.parent() == text or (self.parent() == RUN and self.parent(2) == text)

    def feed(self, chunk):
        self.parser.Parse(chunk, False)

    def close(self):
        self.parser.Parse(b"", True)

    def start(self, name, attributes):
        pass

    def end(self, name):
        pass

    def text(self, data):
        pass


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
RELATIONSHIP = "http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
SHEETS, SHEET, WORKBOOK_PROPERTIES = MAIN + "sheets", MAIN + "sheet", MAIN + "workbookPr"
NUMBER_FORMAT, CELL_STYLES, STYLE = MAIN + "numFmt", MAIN + "cellXfs", MAIN + "xf"
STRING, RUN, TEXT = MAIN + "si", MAIN + "r", MAIN + "t"
SHEET_DATA, ROW, CELL = MAIN + "sheetData", MAIN + "row", MAIN + "c"
VALUE, FORMULA, INLINE = MAIN + "v", MAIN + "f", MAIN + "is"


class _Workbook(_Handler):
    """xl/workbook.xml: the relationship id of each sheet wanted, whether any sheet has a
    template name (or the Read me's), and the epoch its dates count from."""

    def __init__(self, sheets):
        super().__init__()
        self.wanted = {sheet.name.casefold() for sheet in sheets}
        self.names = self.wanted | {README_SHEET.casefold()}
        self.ids = {}  # casefolded name: relationship id
        self.known = False
        self.date1904 = False
        self.sheets = {}  # casefolded name: part, once the relationships are read
        self.strings = self.dates = self.durations = None  # read with the first sheet

    def start(self, name, attributes):
        if name == SHEET and self.parent() == SHEETS:
            title = attributes.get("name", "").strip().casefold()
            self.known = self.known or title in self.names
            if title in self.wanted:
                self.ids[title] = attributes.get(RELATIONSHIP_ID)
        elif name == WORKBOOK_PROPERTIES:
            self.date1904 = attributes.get("date1904", "").lower() in ("1", "true")


class _Relationships(_Handler):
    """xl/_rels/workbook.xml.rels: the wanted sheets' parts, the shared strings' and the
    styles'."""

    def __init__(self, wanted):
        super().__init__()
        self.wanted = wanted
        self.targets = {}  # id: (kind, target)
        self.strings = self.styles = None

    def start(self, name, attributes):
        if name != RELATIONSHIP or attributes.get("TargetMode") == "External":
            return
        kind = attributes.get("Type", "").rpartition("/")[2]
        target = attributes.get("Target", "")
        if attributes.get("Id") in self.wanted:
            self.targets[attributes["Id"]] = (kind, target)
        elif kind == "sharedStrings" and self.strings is None:
            self.strings = target
        elif kind == "styles" and self.styles is None:
            self.styles = target


class _Text:
    """A text as it is parsed, refused once it is longer than a cell may be."""

    def __init__(self, where):
        self.where = where
        self.pieces = []
        self.length = 0

    def add(self, data):
        self.length += len(data)
        if self.length > MAX_CELL:
            raise _cell_too_long(self.where)
        self.pieces.append(data)

    def __str__(self):
        return "".join(self.pieces)


class _SharedStrings(_Handler):
    """The shared strings (the texts cells refer to by number), as openpyxl reads them:
    the plain text of each, without its phonetic guide."""

    def __init__(self):
        super().__init__()
        self.texts = []
        self.characters = 0
        self.current = self.collecting = None

    def start(self, name, attributes):
        if name == STRING:
            self.current = _Text("A text in the workbook")
        elif name == TEXT and self.current is not None and self._in(STRING):
            self.collecting = self.current

    def text(self, data):
        if self.collecting is not None:
            self.collecting.add(data)

    def end(self, name):
        if name == TEXT:
            self.collecting = None
        elif name == STRING and self.current is not None:
            if len(self.texts) >= MAX_SHARED_STRINGS:
                raise FileRefused(
                    f"The workbook holds more than {MAX_SHARED_STRINGS:,} texts; the limit "
                    f"is {MAX_SHARED_STRINGS:,}. Split it into smaller files."
                )
            self.characters += self.current.length
            if self.characters > MAX_SHARED_CHARACTERS:
                raise FileRefused(
                    f"The workbook's texts come to more than {MAX_SHARED_CHARACTERS:,} "
                    f"characters; the limit is {MAX_SHARED_CHARACTERS:,}. Split it into "
                    "smaller files."
                )
            self.texts.append(str(self.current).replace("x005F_", ""))
            self.current = None


class _Styles(_Handler):
    """xl/styles.xml: which cell styles show a number as a date (or a duration)."""

    def __init__(self):
        super().__init__()
        self.formats = {}  # custom number format id: its code
        self.styles = []  # each cell style's number format id

    def start(self, name, attributes):
        if name == NUMBER_FORMAT:
            self.formats[int(attributes.get("numFmtId", 0))] = attributes.get("formatCode")
        elif name == STYLE and self.parent() == CELL_STYLES:
            self.styles.append(int(attributes.get("numFmtId", 0)))
        else:
            return
        if len(self.formats) > MAX_STYLES or len(self.styles) > MAX_STYLES:
            raise FileRefused(
                f"The workbook has more than {MAX_STYLES:,} cell styles; the limit is "
                f"{MAX_STYLES:,}. Save it again from Excel, or as CSV."
            )

    def date_styles(self):
        from openpyxl.styles.numbers import (
            builtin_format_code,
            is_date_format,
            is_timedelta_format,
        )

        dates, durations = set(), set()
        for index, number_format in enumerate(self.styles):
            code = self.formats.get(number_format) or builtin_format_code(number_format)
            if is_date_format(code):
                dates.add(index)
            if is_timedelta_format(code):
                durations.add(index)
        return dates, durations


class _Sheet(_Handler):
    """
    A worksheet's rows, taken from its sheetData as they are parsed: (the row's number,
    {column index from 0: value}) for each row, holding only the cells with a value. The
    rows are counted as they come (``position``): a row the sheet skips counts, and so
    does a row given again or out of order. Written for speed, as it sees every cell: its
    handlers are the parser's own, and a cell is kept in attributes, not an object.
    """

    def __init__(self, title, book):
        # openpyxl is imported where it is used: importing it costs every process (web,
        # worker) about 15 MB, and onboarding.models imports this module.
        from openpyxl.utils.datetime import (
            CALENDAR_MAC_1904,
            WINDOWS_EPOCH,
            from_excel,
            from_ISO8601,
        )

        super().__init__()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.title = title
        self.book = book
        self.epoch = CALENDAR_MAC_1904 if book.date1904 else WINDOWS_EPOCH
        self.from_excel, self.from_iso = from_excel, from_ISO8601
        self.done = []
        self.number = self.position = self.column = self.length = 0
        self.cells = None  # the row's cells, while in a row
        self.kind = None  # the cell's type (its t), while in a cell
        self.style = self.value = self.formula = self.inline = self.pieces = None
        self.shared = self.collecting = None
        self.formulas = {}  # a shared formula's index: the text of its first cell
        self.columns = {}  # a cell reference's letters: the column's number

    def take(self):
        done, self.done = self.done, []
        return done

    def start(self, name, attributes):
        path = self.path
        parent = path[-1] if path else None
        path.append(name)
        if len(path) > MAX_DEPTH:
            raise FileRefused(DAMAGED)
        if parent == CELL and self.kind is not None:
            if name == VALUE:
                self._collect(name, [])
            elif name == FORMULA:
                self.formula = self._collect(name, [])
                self.shared = attributes if attributes.get("t") == "shared" else None
            elif name == INLINE:  # its text is in its <t>, or its runs' <t>
                self.inline, self.length = [], 0
        elif name == CELL:
            if parent == ROW and self.cells is not None:
                self._start_cell(attributes)
        elif name == ROW:
            if parent == SHEET_DATA:
                self._start_row(attributes.get("r"))
        elif name == TEXT and self.inline is not None and self._in(INLINE):
            self.collecting, self.pieces = name, self.inline

    def _collect(self, name, pieces):
        self.collecting, self.pieces, self.length = name, pieces, 0
        return pieces

    def text(self, data):
        if self.pieces is not None:
            self.length += len(data)
            if self.length > MAX_CELL:
                raise _cell_too_long(f"A cell on row {self.number:,} of the “{self.title}” sheet")
            self.pieces.append(data)

    def _start_row(self, number):
        if number is None:
            number = self.number + 1
        else:
            try:
                number = int(number)
            except ValueError:
                number = float(number)  # "2.0", as openpyxl allows
                if not number.is_integer():
                    raise FileRefused(DAMAGED) from None
                number = int(number)
            if number < 1:
                raise FileRefused(DAMAGED)
        self.position = max(self.position + 1, number)
        if self.position > _last_row():
            raise _too_many_rows(f"The “{self.title}” sheet")
        self.number = number
        self.cells = {}
        self.column = 0

    def _start_cell(self, attributes):
        reference = attributes.get("r")
        if reference:
            letters = reference.rstrip("0123456789")
            column = self.columns.get(letters)
            if column is None:
                column = _column(letters)
                if len(self.columns) < MAX_COLUMN:
                    self.columns[letters] = column
            if not reference[len(letters) :].isdigit():
                raise FileRefused(DAMAGED)
            self.column = column
        else:
            self.column += 1
        if self.column > MAX_COLUMN:
            raise FileRefused(DAMAGED)
        style = attributes.get("s")
        self.style = int(style) if style else 0
        self.kind = attributes.get("t", "n")
        self.value = self.formula = self.inline = None

    def end(self, name):
        self.path.pop()
        if name == self.collecting:
            if name == VALUE:
                self.value = "".join(self.pieces)
            self.collecting = self.pieces = None
        elif name == CELL:
            if self.kind is not None:
                value = self._value()
                if value is not None:
                    self.cells[self.column - 1] = value
                self.kind = self.inline = self.collecting = self.pieces = None
        elif name == ROW and self.cells is not None and self.path[-1:] == [SHEET_DATA]:
            self.done.append((self.number, self.cells))
            self.cells = None

    def _value(self):
        """The cell's value as openpyxl reads it (data_only=False): a formula as its text."""
        kind, value = self.kind, self.value
        if self.formula is not None:
            return self._formula()
        if kind == "inlineStr":
            return None if self.inline is None else "".join(self.inline)
        if not value:
            return None
        if kind == "n":
            number = float(value) if "." in value or "e" in value or "E" in value else int(value)
            if self.style not in self.book.dates:
                return number
            try:
                return self.from_excel(
                    number, self.epoch, timedelta=self.style in self.book.durations
                )
            except (OverflowError, ValueError):
                return "#VALUE!"
        if kind == "s":
            index = int(value)
            if index < 0:
                raise FileRefused(DAMAGED)
            return self.book.strings[index]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            return self.from_iso(value)
        return value  # "str", a formula's text result; "e", an error value

    def _formula(self):
        """
        A formula's text, "=" first. The other cells of a shared formula (one filled down
        or across) hold no text of their own: they read as the first cell's, not moved to
        their own place (moving it would tokenize the formula again for every cell), and
        as "=?" when that is not known, as does a formula without text (a data table's).
        They are all problems, whatever their text.
        """
        text = "=" + "".join(self.formula)
        if self.shared is not None:
            index = self.shared.get("si")
            if text == "=":
                text = self.formulas.get(index, text)
            elif len(self.formulas) < SHARED_FORMULAS:
                self.formulas.setdefault(index, text)
        return text if text != "=" else "=?"


def _column(letters):
    """A column's number from its letters (A is 1, XFD is 16,384)."""
    if not 1 <= len(letters) <= 3 or not letters.isascii() or not letters.isalpha():
        raise FileRefused(DAMAGED)
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return column


# CSVs.


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
    rows = _csv_rows(text)
    before = []  # the blank rows before the header, and the header
    for number, cells in rows:
        before.append((number, cells))
        if any(_present(cell) for cell in cells.values()):
            break
    header = [cell for _, cell in sorted(before[-1][1].items())] if before else []
    sheet = max(sheets, key=lambda sheet: _matches(sheet, header))
    reading = Reading()
    rows = itertools.chain(before, rows)
    reading.tables[sheet.name] = _table(sheet, rows, reading.problems, _RowCounter())
    return reading


def _csv_rows(text):
    """The CSV's rows, numbered from 1, as {column index: value or None}: every row counts
    towards the last row allowed, blank or not, and no cell may be longer than Excel's."""
    # The csv module's own limit on a cell (131,072 characters) stays: it is the whole
    # process's (evidence checks rely on it). Cells longer than MAX_CELL are refused here,
    # and a cell over the module's limit is refused with the same message.
    reader = csv.reader(io.StringIO(text, newline=""))
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                where = f"The CSV cannot be read: a cell in row {number + 1:,}"
                raise _cell_too_long(where) from error
            raise FileRefused(f"The CSV cannot be read: {error}.") from error
        number += 1
        if number > _last_row():
            raise _too_many_rows("The CSV")
        for cell in row:
            if len(cell) > MAX_CELL:
                raise _cell_too_long(f"The CSV cannot be read: a cell in row {number:,}")
        yield number, {index: cell for index, cell in enumerate(row) if cell != ""}


# Both: a sheet's rows as the template's columns.


def _matches(sheet, header):
    headers = {_text(cell).casefold() for cell in header if cell is not None}
    return len(headers & set(sheet.by_header())) + (
        sheet is INDICATOR_VALUES and any(_quarter(cell) for cell in header)
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
    """The sheet's rows (number, {column index: value}) as Row objects; header problems go
    to ``problems``."""
    table = Table(sheet)
    columns = sheet.by_header()
    header, positions, grid = None, {}, {}
    for number, cells in rows:
        if not any(_present(cell) for cell in cells.values()):
            continue
        if header is None:
            header = number
            for index, cell in sorted(cells.items()):
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
        if grid:  # each quarter's value is a row of data too
            for made, row in enumerate(_grid_rows(sheet, number, cells, positions, grid, problems)):
                if made:
                    counter.add()
                table.rows.append(row)
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
    else:  # anything else: a duration
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
        row.values[key] = _cell(sheet, number, key, cells.get(index), row, problems)
    return row


def _grid_rows(sheet, number, cells, positions, grid, problems):
    """Indicator values as a grid: one row per filled quarter cell."""
    base = _row(sheet, number, cells, positions, problems)
    for index, quarter in grid.items():
        value = cells.get(index)
        if not _present(value):
            continue
        row = Row(number, {**base.values, "quarter": quarter}, set(base.formulas))
        row.headers["value"] = quarter
        row.values["value"] = _cell(sheet, number, "value", value, row, problems, header=quarter)
        yield row
