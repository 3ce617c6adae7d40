"""
The public open data: a quarter's publications (every plan's live one for that quarter)
as CSV files and one JSON file, read from their frozen snapshots only, never from the
live records.

Each CSV file's columns are defined once, here, with their type, meaning and an example:
the files' header rows and the data dictionary page (/public/data/) are both drawn from
these definitions, so the two cannot drift apart. Each row starts with the plan and the
quarter it was published for, so several plans' (or quarters') files can be combined.
"""

from dataclasses import dataclass
from decimal import Decimal

from activities.models import ActivityKind
from plans.indicators import Rag
from plans.models import Direction, Status

# The licence the open data is published under, and the statement reusers should copy.
LICENCE = {
    "name": "Open Government Licence v3.0",
    "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    "attribution": "Contains public sector information licensed under the Open Government "
    "Licence v3.0.",
}

# Several values in one cell (an action's pledges, a pledge's actions) are separated so.
SEPARATOR = "; "

TEXT, INTEGER, DECIMAL, QUARTER, LIST, YES_NO = (
    "Text",
    "Whole number",
    "Decimal number, written exactly (a point, no thousands separator)",
    "Financial-year quarter, like 2026/27 Q2 (Q1 is April to June)",
    f'List of text, separated by "{SEPARATOR.strip()} "',
    "yes or no",
)


def _choices(choices):
    return ", ".join(f"{value} ({label})" for value, label in choices.choices)


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    meaning: str
    example: str


@dataclass(frozen=True)
class DataFile:
    """One CSV file of a quarter's open data: its columns and how a snapshot fills them."""

    slug: str  # the file is <slug>.csv
    title: str
    row_is: str  # "One row per …"
    columns: tuple
    _rows: object  # snapshot (or funding) -> an iterable of dicts keyed by column name
    reads_funding: bool = False  # its rows come from the publication's funding

    @property
    def filename(self):
        return f"{self.slug}.csv"

    def download_name(self, quarter):
        """The name the file is saved as: the same every time it is downloaded."""
        return f"vawg-{self.slug}-{quarter.slug}.csv"

    @property
    def download_name_pattern(self):
        return f"vawg-{self.slug}-<quarter>.csv"

    @property
    def all_columns(self):
        return PLAN_COLUMNS + self.columns

    @property
    def header(self):
        return [column.name for column in self.all_columns]

    def rows(self, publications):
        """The file's rows, as lists in the header's order, from each publication's
        snapshot (dicts with plan_id and snapshot)."""
        for publication in publications:
            snapshot = publication["snapshot"]
            metadata = snapshot["metadata"]
            first = [publication["plan_id"], metadata["plan_title"], metadata["quarter"]]
            source = publication["funding"] if self.reads_funding else snapshot
            for row in self._rows(source):
                yield first + [row[column.name] for column in self.columns]


PLAN_COLUMNS = (
    Column("plan_id", INTEGER, "The action plan's number: the same in every file.", "3"),
    Column("plan_title", TEXT, "The action plan's title.", "VAWG Action Plan 2026–28"),
    Column(
        "publication_quarter",
        QUARTER,
        "The quarter the publication reports on: progress to the end of it.",
        "2026/27 Q2",
    ),
)


def _number(text):
    """A decimal the snapshot holds as text, as a number (never a float)."""
    return None if text is None else Decimal(text)


def _delivering(snapshot):
    """The references of the actions delivering each pledge ((set, number) → list) and
    serving each outcome (number → list)."""
    pledges, outcomes = {}, {}
    for action in snapshot["actions"]:
        for pledge in action["pledges"]:
            pledges.setdefault((pledge["set"], pledge["number"]), []).append(action["reference"])
        for outcome in action["outcomes"]:
            outcomes.setdefault(outcome["number"], []).append(action["reference"])
    return pledges, outcomes


def _action_rows(snapshot):
    for action in snapshot["actions"]:
        yield {
            "reference": action["reference"],
            "title": action["title"],
            "public_summary": action["public_summary"],
            "status": action["status"],
            "status_label": action["status_label"],
            "percent_complete": action["percent_complete"],
            "reported_for": action["reported_for"],
            "pledges": SEPARATOR.join(f"{p['set']} {p['number']}" for p in action["pledges"]),
            "outcomes": SEPARATOR.join(str(o["number"]) for o in action["outcomes"]),
        }


def _pledge_rows(snapshot):
    delivering, _ = _delivering(snapshot)
    for pledge_set in snapshot["pledge_sets"]:
        for pledge in pledge_set["pledges"]:
            actions = delivering.get((pledge_set["short_title"], pledge["number"]), [])
            yield {
                "pledge_set": pledge_set["title"],
                "pledge_set_short_title": pledge_set["short_title"],
                "number": pledge["number"],
                "title": pledge["title"],
                "commitment": pledge["commitment"],
                "actions": SEPARATOR.join(actions),
            }


def _outcome_rows(snapshot):
    _, serving = _delivering(snapshot)
    for outcome in snapshot["outcomes"]:
        yield {
            "number": outcome["number"],
            "name": outcome["name"],
            "actions": SEPARATOR.join(serving.get(outcome["number"], [])),
        }


def _indicator_rows(snapshot):
    for indicator in snapshot["indicators"]:
        latest = indicator["values"][-1] if indicator["values"] else {}
        yield {
            "indicator": indicator["name"],
            "unit": indicator["unit"],
            "direction": indicator["direction"],
            "baseline": _number(indicator["baseline"]),
            "baseline_period": indicator["baseline_period"],
            "target": _number(indicator["target"]),
            "target_period": indicator["target_period"],
            "latest_value": _number(latest.get("value")),
            "latest_value_quarter": latest.get("quarter"),
            "latest_value_provisional": _yes_no(latest.get("provisional")),
            # Snapshots made before targets were published have none of these.
            "latest_value_target": _number(indicator.get("quarter_target")),
            "against_target": _rag(indicator).get("status"),
            "against_target_words": _rag(indicator).get("words"),
            "public_note": indicator["public_note"],
        }


def _yes_no(flag):
    return None if flag is None else ("yes" if flag else "no")


def _rag(indicator):
    return indicator.get("against_target") or {}


def _indicator_value_rows(snapshot):
    for indicator in snapshot["indicators"]:
        targets = {t["quarter"]: t["target"] for t in indicator.get("trajectory", [])}
        for value in indicator["values"]:
            yield {
                "indicator": indicator["name"],
                "unit": indicator["unit"],
                "value_quarter": value["quarter"],
                "value": _number(value["value"]),
                "provisional": _yes_no(value.get("provisional", False)),
                "target": _number(targets.get(value["quarter"])),
            }


def _funding_rows(funding):
    # A publication made before funding was published has none.
    if funding is None:
        return
    for provider in funding["providers"]:
        for award in provider["awards"]:
            award_cells = {
                "provider": provider["name"],
                "reference": award["reference"],
                "purpose": award["purpose"],
                "source": award["source"],
                "ring_fenced": "yes" if award["ring_fenced"] else "no",
                "financial_year": funding["financial_year_label"],
                "amount": _number(award["amount"]),
                "spend_to_date": _number(award["spent"]),
                "as_at": funding["as_at"],
            }
            no_output = [{"name": None, "target": None, "achieved": None}]
            for output in award["outputs"] or no_output:
                yield {
                    **award_cells,
                    "output": output["name"],
                    "target": _number(output["target"]),
                    "achieved": _number(output["achieved"]),
                }


def _partner_rows(snapshot):
    for row in snapshot["partner_contribution"]:
        yield {
            "kind": row["kind"],
            "kind_label": row["label"],
            "activities": row["activities"],
            "people_reached": row["people"],
            "sessions": row["sessions"],
        }


ACTIONS = DataFile(
    "actions",
    "Actions",
    "action of the plan, with where it stood at the end of the quarter",
    (
        Column("reference", TEXT, "The action's reference within its plan.", "2.1"),
        Column("title", TEXT, "What the action is.", "Train every call handler"),
        Column(
            "public_summary",
            TEXT,
            "What the office says publicly about the action.",
            "Call handlers are being trained.",
        ),
        Column(
            "status",
            TEXT,
            "Its status in its latest update signed off for the quarter or before; empty if "
            f"none was signed off. One of: {_choices(Status)}.",
            "at_risk",
        ),
        Column(
            "status_label",
            TEXT,
            "The status in words (“No update published” if there is none).",
            "At risk",
        ),
        Column(
            "percent_complete",
            INTEGER,
            "How complete the action was, 0 to 100, in that update; empty if none.",
            "40",
        ),
        Column(
            "reported_for",
            QUARTER,
            "The quarter of that update: earlier than the publication's quarter when the "
            "latest signed-off update is older. Empty if none.",
            "2026/27 Q1",
        ),
        Column(
            "pledges",
            LIST,
            "The pledges the action delivers: each the pledge set's short title and the "
            "pledge's number (pledge_set_short_title and number in pledges.csv).",
            "Five-point plan 3",
        ),
        Column(
            "outcomes",
            LIST,
            "The numbers of the strategy's outcomes the action serves (outcomes.csv).",
            "1; 4",
        ),
    ),
    _action_rows,
)

PLEDGES = DataFile(
    "pledges",
    "Pledges",
    "pledge of each pledge set the plan's actions deliver",
    (
        Column(
            "pledge_set",
            TEXT,
            "The published set of commitments the pledge belongs to.",
            "The five-point plan on women's safety",
        ),
        Column(
            "pledge_set_short_title",
            TEXT,
            "The set's short title, as actions.csv names it.",
            "Five-point plan",
        ),
        Column("number", INTEGER, "The pledge's number within its set.", "3"),
        Column("title", TEXT, "The pledge.", "Specialist training"),
        Column(
            "commitment",
            TEXT,
            "What the pledge commits to, as published.",
            "Every call handler trained in domestic abuse.",
        ),
        Column(
            "actions",
            LIST,
            "The references of the plan's actions that deliver it; empty if none does.",
            "2.1; 2.4",
        ),
    ),
    _pledge_rows,
)

OUTCOMES = DataFile(
    "outcomes",
    "Outcomes",
    "outcome of the strategy the plan delivers",
    (
        Column("number", INTEGER, "The outcome's number within its strategy.", "1"),
        Column("name", TEXT, "The outcome.", "Women and girls are safer"),
        Column(
            "actions",
            LIST,
            "The references of the plan's actions that serve it; empty if none does.",
            "2.1; 3.2",
        ),
    ),
    _outcome_rows,
)

INDICATORS = DataFile(
    "indicators",
    "Indicators",
    "indicator the office publishes, with its latest value to the end of the quarter",
    (
        Column("indicator", TEXT, "What is measured.", "Calls answered within 10 seconds"),
        Column("unit", TEXT, "The unit of its values.", "%"),
        Column(
            "direction",
            TEXT,
            f"Which way is better. One of: {_choices(Direction)}.",
            "higher",
        ),
        Column("baseline", DECIMAL, "The value it started from; empty if none.", "71.50"),
        Column("baseline_period", TEXT, "When the baseline was measured.", "2024/25"),
        Column("target", DECIMAL, "The value aimed for; empty if none.", "90.00"),
        Column("target_period", TEXT, "When the target is to be met.", "2027/28"),
        Column(
            "latest_value",
            DECIMAL,
            "Its latest value for the quarter or before; empty if none.",
            "82.00",
        ),
        Column("latest_value_quarter", QUARTER, "The quarter of the latest value.", "2026/27 Q2"),
        Column(
            "latest_value_provisional",
            YES_NO,
            "Whether the latest value is provisional: it may still change.",
            "no",
        ),
        Column(
            "latest_value_target",
            DECIMAL,
            "The target for the latest value's quarter (a point on the target trajectory, "
            "in indicator-values.csv); empty if none.",
            "80.00",
        ),
        Column(
            "against_target",
            TEXT,
            f"The latest value against its quarter's target. One of: {_choices(Rag)}. "
            "Within tolerance: short of the target by no more than the office allows.",
            "green",
        ),
        Column(
            "against_target_words",
            TEXT,
            "The same in words.",
            "On target",
        ),
        Column(
            "public_note",
            TEXT,
            "What the office says about the indicator: its source or caveats.",
            "From the force's call records.",
        ),
    ),
    _indicator_rows,
)

INDICATOR_VALUES = DataFile(
    "indicator-values",
    "Indicator values",
    "indicator and quarter (a value), up to the publication's quarter",
    (
        Column(
            "indicator",
            TEXT,
            "What is measured (indicator in indicators.csv).",
            "Calls answered within 10 seconds",
        ),
        Column("unit", TEXT, "The unit of the value.", "%"),
        Column("value_quarter", QUARTER, "The quarter the value is for.", "2026/27 Q1"),
        Column("value", DECIMAL, "The value.", "80.25"),
        Column(
            "provisional", YES_NO, "Whether the value is provisional: it may still change.", "no"
        ),
        Column(
            "target",
            DECIMAL,
            "The target for the quarter (the target trajectory); empty if none.",
            "80.00",
        ),
    ),
    _indicator_value_rows,
)

PARTNER_CONTRIBUTION = DataFile(
    "partner-contribution",
    "Partner contribution",
    "kind of activity partners delivered for the plan in the quarter, verified by the "
    "office: totals only, nothing about a single activity, partner or person",
    (
        Column(
            "kind", TEXT, f"The kind of activity. One of: {_choices(ActivityKind)}.", "training"
        ),
        Column("kind_label", TEXT, "The kind in words.", "Training delivered"),
        Column("activities", INTEGER, "How many activities of the kind.", "4"),
        Column("people_reached", INTEGER, "People they reached, in total.", "120"),
        Column("sessions", INTEGER, "Sessions they held, in total.", "9"),
    ),
    _partner_rows,
)

FUNDING = DataFile(
    "funding",
    "Funding",
    "output of each award the office made for the financial year of the quarter (an award "
    "with no outputs has one row, its output columns empty). The award's amount and spend "
    "repeat on each of its rows: to add up money, count each reference once. Every plan's "
    "publication carries all of the office's awards for the year, so do not add up two "
    "plans' rows either. Awards planned or withdrawn are not included",
    (
        Column(
            "provider",
            TEXT,
            "The organisation the award was made to.",
            "Merseyside Women's Aid (demo)",
        ),
        Column("reference", TEXT, "The office's reference for the award.", "VAWG-2026-004"),
        Column("purpose", TEXT, "What the award pays for, in a few words.", "IDVA posts"),
        Column(
            "source",
            TEXT,
            "Where the money comes from.",
            "Ministry of Justice: ring-fenced IDVA/ISVA allocation",
        ),
        Column(
            "ring_fenced",
            TEXT,
            "Whether the source's money may be spent only on what it is ring-fenced for: "
            "yes or no.",
            "yes",
        ),
        Column(
            "financial_year",
            TEXT,
            "The financial year (1 April to 31 March) of the amount and the spend.",
            "2026/27",
        ),
        Column(
            "amount",
            DECIMAL,
            "What the award gives in the financial year, in pounds.",
            "412915.50",
        ),
        Column(
            "spend_to_date",
            DECIMAL,
            "What the provider's accepted spend returns for the financial year say it "
            "spent, in pounds (returns still being checked are not counted).",
            "198000.00",
        ),
        Column(
            "as_at",
            TEXT,
            "The day the figures were taken: when the quarter was published (YYYY-MM-DD).",
            "2026-11-02",
        ),
        Column("output", TEXT, "What the award was made to achieve.", "People supported"),
        Column("target", DECIMAL, "The output's target, over the whole of the award.", "1400.0"),
        Column(
            "achieved",
            DECIMAL,
            "What the accepted returns for the financial year say was achieved.",
            "655.0",
        ),
    ),
    _funding_rows,
    reads_funding=True,
)

FILES = (
    ACTIONS,
    PLEDGES,
    OUTCOMES,
    INDICATORS,
    INDICATOR_VALUES,
    PARTNER_CONTRIBUTION,
    FUNDING,
)
BY_SLUG = {data_file.slug: data_file for data_file in FILES}


def json_download_name(quarter):
    return f"vawg-publication-{quarter.slug}.json"


def publication_json(quarter, publications, *, publisher):
    """Everything published for the quarter, as one JSON document: the licence, and each
    plan's snapshot and funding as they were frozen (decimals as text, never floats)."""
    return {
        "quarter": str(quarter),
        "quarter_slug": quarter.slug,
        "publisher": publisher,
        "licence": LICENCE,
        "plans": [
            {
                "plan_id": publication["plan_id"],
                "published_at": publication["published_at"].isoformat(),
                **publication["snapshot"],
                # The office's money for the quarter's financial year (null before it was
                # published with each quarter).
                "funding": publication["funding"],
            }
            for publication in publications
        ],
    }
