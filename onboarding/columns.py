"""
The one definition of the spreadsheet a plan comes in and goes out as: its sheets, their
columns, what each column holds and which values it allows. The template and its "Read me"
sheet, the reader, the checks and the plan export are all made from these.
"""

import enum
from dataclasses import dataclass

from plans.models import Status
from vawg_tracker.limits import LONG_TEXT, SHORT_TEXT

# Several values in one cell (pledges, outcomes, forms of VAWG, partners) are separated by
# semicolons: names and titles may hold commas, never a semicolon.
SEPARATOR = ";"


class Kind(enum.Enum):
    TEXT = "text"  # free text: checked by the personal-data guard
    NAME = "name"  # one name or title of a record that exists (or will be created)
    NAMES = "names"  # several, separated by SEPARATOR
    DATE = "date"
    WHOLE_NUMBER = "whole number"
    NUMBER = "number"
    CHOICE = "choice"
    QUARTER = "quarter"


@dataclass(frozen=True)
class Column:
    key: str
    name: str  # the header, as the first row of the sheet shows it
    kind: Kind
    help: str
    allowed: str = ""
    required: bool = False
    width: int = 18
    max_length: int | None = None  # None: a cell of any kind, at most SHORT_TEXT characters

    def limit(self):
        """The most characters a cell of this column may hold (checked before anything else)."""
        return self.max_length or SHORT_TEXT


@dataclass(frozen=True)
class Sheet:
    name: str
    help: str
    columns: tuple[Column, ...]

    def column(self, key):
        return next(column for column in self.columns if column.key == key)

    def by_header(self):
        """{header, casefolded: column}: headers are matched without regard to case."""
        return {column.name.casefold(): column for column in self.columns}


DATE_HELP = (
    "A date: a date cell, or text as 31/12/2026 (day first) or 2026-12-31. "
    "Month-first dates (12/31/2026) are refused, not guessed."
)
STATUSES = ", ".join(status.label for status in Status)

ACTIONS = Sheet(
    "Actions",
    "One row per action. An action already in the plan is matched by its reference and "
    "updated; a new reference adds an action. Nothing is ever deleted by an import.",
    (
        Column(
            "reference",
            "Reference",
            Kind.NAME,
            "Unique in the plan, e.g. 1.3. Matches the row to an action already in the plan.",
            "Up to 20 characters; each reference once in the sheet.",
            required=True,
            width=11,
            max_length=20,
        ),
        Column(
            "title",
            "Title",
            Kind.TEXT,
            "What the action is.",
            required=True,
            width=40,
            max_length=200,
        ),
        Column(
            "description",
            "Description",
            Kind.TEXT,
            "What it will do, in a few sentences.",
            f"Up to {LONG_TEXT:,} characters.",
            width=60,
            max_length=LONG_TEXT,
        ),
        Column(
            "pledges",
            "Pledges",
            Kind.NAMES,
            "The pledges the action delivers: each as its pledge set and number, separated by "
            'semicolons, e.g. "FP 1; FCOS 3" or "Five-point plan 1".',
            "A pledge set's short title, full title or initials (listed below), then a pledge "
            "number in that set. At least one.",
            required=True,
            width=24,
        ),
        Column(
            "focus_area",
            "Focus area",
            Kind.NAME,
            "The strategy's focus area the action sits under: its title or its number.",
            "A focus area of the plan's strategy (listed below), or blank.",
            width=28,
        ),
        Column(
            "outcomes",
            "Outcomes",
            Kind.NAMES,
            "The strategy outcomes it works towards, separated by semicolons: titles or numbers.",
            "Outcomes of the plan's strategy (listed below), or blank.",
            width=28,
        ),
        Column(
            "violence_forms",
            "Forms of VAWG",
            Kind.NAMES,
            "The forms of violence against women and girls it addresses, separated by semicolons.",
            "Forms of VAWG the office tracks (listed below), or blank.",
            width=28,
        ),
        Column(
            "lead",
            "Lead specialist",
            Kind.NAME,
            "The named lead specialist responsible for it.",
            "A lead specialist's name. Someone not yet in the tracker is listed in the "
            "preview and added only if you ask (--create-missing).",
            required=True,
            width=22,
            max_length=150,
        ),
        Column(
            "partners",
            "Delivery partners",
            Kind.NAMES,
            "The partner organisations delivering it, separated by semicolons.",
            "Partner organisations' names. One not yet in the tracker is listed in the "
            "preview and added only if you ask (--create-missing).",
            width=30,
        ),
        Column("start_date", "Start", Kind.DATE, "When the work starts.", DATE_HELP, width=12),
        Column(
            "due_date",
            "Due",
            Kind.DATE,
            "When it is due to be done.",
            DATE_HELP + " Not before the start.",
            width=12,
        ),
        Column(
            "status",
            "Status",
            Kind.CHOICE,
            "Where it stands. A status or percent that differs from the action's latest "
            "is recorded as a new progress update (the import never changes an update).",
            f"One of: {STATUSES}. Blank: Not started.",
            width=14,
        ),
        Column(
            "percent",
            "Percent",
            Kind.WHOLE_NUMBER,
            "How much of it is done.",
            "A whole number from 0 to 100. Blank: 0.",
            width=9,
        ),
        Column(
            "reason",
            "Reason",
            Kind.TEXT,
            "Why it is at risk or off track, and what would put it back on track.",
            "Required when the status is "
            + " or ".join(status.label for status in Status if status.needs_reason)
            + f". Up to {SHORT_TEXT:,} characters.",
            width=40,
            max_length=SHORT_TEXT,
        ),
    ),
)

MILESTONES = Sheet(
    "Milestones",
    "One row per milestone, under an action of the Actions sheet or of the plan. A milestone "
    "is matched by its action and title: a new title adds one, a known one is updated.",
    (
        Column(
            "action",
            "Action reference",
            Kind.NAME,
            "The reference of the action it belongs to.",
            "A reference in the Actions sheet or already in the plan.",
            required=True,
            width=16,
        ),
        Column("title", "Title", Kind.TEXT, "The step.", required=True, width=40, max_length=200),
        Column("due_date", "Due", Kind.DATE, "When it is due.", DATE_HELP, required=True, width=12),
        Column(
            "completed_on",
            "Done on",
            Kind.DATE,
            "When it was done; blank while it is not.",
            DATE_HELP + " Not in the future.",
            width=12,
        ),
    ),
)

INDICATOR_VALUES = Sheet(
    "Indicator values",
    "One row per indicator and quarter. A value already recorded for that quarter is "
    "updated; a new quarter adds one.",
    (
        Column(
            "indicator",
            "Indicator",
            Kind.NAME,
            "The indicator's name, as the tracker has it.",
            "An indicator's name (listed below).",
            required=True,
            width=40,
        ),
        Column(
            "quarter",
            "Quarter",
            Kind.QUARTER,
            "The financial quarter the value is for.",
            "A quarter written as 2026/27 Q3 (Q1 is April to June).",
            required=True,
            width=12,
        ),
        Column(
            "value",
            "Value",
            Kind.NUMBER,
            "The figure for that quarter.",
            "A number, up to two decimal places.",
            required=True,
            width=10,
        ),
        Column(
            "note",
            "Note",
            Kind.TEXT,
            "What to know about the figure.",
            "Up to 300 characters.",
            width=40,
            max_length=300,
        ),
        Column(
            "source",
            "Source",
            Kind.TEXT,
            "Where the figure comes from. Optional column: without it, a value already "
            "recorded keeps its source.",
            "Up to 300 characters.",
            width=30,
            max_length=300,
        ),
        Column(
            "provisional",
            "Provisional",
            Kind.CHOICE,
            "Whether the figure may still change (shown marked provisional). Optional "
            "column: without it, a value already recorded keeps its flag.",
            "yes or no; blank is no.",
            width=12,
        ),
    ),
)

SHEETS = (ACTIONS, MILESTONES, INDICATOR_VALUES)
README_SHEET = "Read me"
