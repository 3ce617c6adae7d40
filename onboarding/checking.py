"""
Checking a filled template's rows against the tracker: each cell cleaned (onboarding.cells),
each name looked up, each row compared with the record it matches. Problems go to the
preview, named by sheet, row and column, with what is allowed.

The tracker's names (pledges, outcomes, focus areas, forms of VAWG, lead specialists,
partners, indicators) and the plan's actions and milestones are each read in one query,
so a preview makes the same number of queries for 20 rows as for 5,000.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from partners.models import PartnerOrganisation
from plans.models import (
    Action,
    FocusArea,
    Indicator,
    IndicatorValue,
    LeadSpecialist,
    Milestone,
    Outcome,
    Status,
    ViolenceForm,
)
from plans.personal_data import personal_data_error
from pledges.models import Pledge

from . import cells
from .columns import ACTIONS, INDICATOR_VALUES, MILESTONES, SEPARATOR, Kind
from .reading import Problem

M2M = ("pledges", "outcomes", "violence_forms")


@dataclass
class Item:
    """One row of the file that creates or changes a record, or leaves it as it is."""

    row: int
    label: str
    values: dict
    pk: int | None = None  # the record it matches, if any
    diff: dict = field(default_factory=dict)  # column name: (old, new), as text


@dataclass
class Changes:
    created: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)

    def add(self, item):
        if item.pk is None:
            self.created.append(item)
        elif item.diff:
            self.changed.append(item)
        else:
            self.unchanged.append(item)

    def summary(self):
        return (
            f"{len(self.created)} to create, {len(self.changed)} changed, "
            f"{len(self.unchanged)} unchanged"
        )


# --- Reading the tracker's names ----------------------------------------------------------


def initials(name):
    """ "Five-point plan" → "FP": the first letter of each word, in capitals."""
    return "".join(word[0] for word in name.split() if word[0].isalpha()).upper()


def pledge_set_name(pledge_set):
    return pledge_set.short_title or pledge_set.title


def _span(numbers):
    numbers = sorted(numbers)
    if numbers and numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 2:
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(str(number) for number in numbers)


class _Names:
    """A name (case and spacing aside) → id table; a name two records share is ambiguous."""

    def __init__(self, pairs):
        self.ids, self.labels = {}, {}
        for pk, name in pairs:
            key = " ".join(str(name).split()).casefold()
            self.ids[key] = None if key in self.ids else pk
            self.labels[pk] = name

    def find(self, name):
        """(id, None), (None, "ambiguous") or (None, "unknown")."""
        key = " ".join(name.split()).casefold()
        if key not in self.ids:
            return None, "unknown"
        pk = self.ids[key]
        return (pk, None) if pk is not None else (None, "ambiguous")

    def listed(self, limit=12):
        names = sorted(self.labels.values(), key=str.casefold)
        more = f" and {len(names) - limit} more" if len(names) > limit else ""
        return "; ".join(names[:limit]) + more


class _Lookups:
    def __init__(self, strategy):
        self.pledge_sets = {}  # alias: pledge set, or None when two sets share it
        self.pledges = defaultdict(dict)  # pledge set id: {number: pledge id}
        self.pledge_labels = {}
        for pledge in Pledge.objects.select_related("pledge_set").order_by("pledge_set", "number"):
            pledge_set = pledge.pledge_set
            self.pledges[pledge_set.pk][pledge.number] = pledge.pk
            self.pledge_labels[pledge.pk] = f"{pledge_set_name(pledge_set)} {pledge.number}"
            for alias in {
                pledge_set.title,
                pledge_set.short_title,
                initials(pledge_set_name(pledge_set)),
            }:
                key = " ".join(alias.split()).casefold()
                if key:
                    known = self.pledge_sets.get(key, pledge_set)
                    self.pledge_sets[key] = pledge_set if known == pledge_set else None
        self.outcomes = self._items(Outcome, strategy)
        self.focus_areas = self._items(FocusArea, strategy)
        self.forms = _Names(ViolenceForm.objects.values_list("pk", "name"))
        self.leads = _Names(LeadSpecialist.objects.values_list("pk", "name"))
        self.partners = _Names(PartnerOrganisation.objects.values_list("pk", "name"))

    @staticmethod
    def _items(model, strategy):
        items = model.objects.filter(strategy=strategy) if strategy else model.objects.none()
        items = list(items.values_list("pk", "title", "number"))
        names = _Names((pk, title) for pk, title, _number in items)
        for pk, _title, number in items:
            names.ids[str(number)] = pk
        return names

    def pledge_sets_listed(self):
        seen = {}
        for pledge_set in self.pledge_sets.values():
            if pledge_set is not None:
                seen[pledge_set.pk] = pledge_set
        return "; ".join(
            f"{pledge_set_name(s)} ({initials(pledge_set_name(s))}), pledges "
            f"{_span(self.pledges[s.pk])}"
            for s in seen.values()
        )


# --- Checking the rows --------------------------------------------------------------------

PLEDGE = re.compile(r"^(?P<set>.*?)[\s:]*(?P<number>\d+)$")


class _Row:
    """A row's cells, cleaned one by one; each problem goes to the preview."""

    def __init__(self, preview, sheet, row):
        self.preview, self.sheet, self.row = preview, sheet, row
        self.failed = False
        self.bad = set(row.formulas)  # keys of the cells with a problem

    def problem(self, key, message, *, missing=False):
        column = self.row.headers.get(key) or self.sheet.column(key).name
        problem = Problem(self.sheet.name, self.row.number, column, message)
        (self.preview.missing if missing else self.preview.problems).append(problem)
        self.bad.add(key)
        self.failed = self.failed or not missing

    def get(self, key, clean=cells.text, default=None):
        column = self.sheet.column(key)
        if key in self.row.formulas:  # already a problem: "is a formula"
            self.failed = True
            return default
        raw = self.row.values.get(key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if column.required:
                self.problem(key, f"is required. {column.allowed or column.help}".strip())
            return default
        # The length first: no pattern runs on a cell longer than its column may hold.
        limit = column.limit()
        if isinstance(raw, str) and len(raw.strip()) > limit:
            self.problem(key, f"is {len(raw.strip()):,} characters long; at most {limit:,}")
            return default
        text_kinds = (Kind.TEXT, Kind.NAME, Kind.NAMES)
        guarded = isinstance(raw, str) and column.kind in text_kinds and personal_data_error(raw)
        if guarded:
            self.problem(key, guarded)
            return default
        try:
            value = clean(raw)
        except cells.Invalid as error:
            self.problem(key, str(error))
            return default
        if isinstance(value, str) and len(value) > limit:
            self.problem(key, f"is {len(value):,} characters long; at most {limit:,}")
            return default
        return value


class Checker:
    def __init__(self, preview, strategy):
        self.preview = preview
        self.names = _Lookups(strategy)
        self.references = set()  # the actions' references in the file
        self.existing = {}  # reference: the plan's action, as a dict
        self.missing_leads, self.missing_partners = {}, {}

    # Actions

    def check_actions(self, rows):
        plan = self.preview.plan
        if plan is not None:
            self.existing = self._existing_actions(plan)
        seen = {}
        for row in rows:
            cells_ = _Row(self.preview, ACTIONS, row)
            values = self._action_values(cells_)
            reference = values["reference"]
            if reference:
                if reference in seen:
                    cells_.problem(
                        "reference",
                        f"“{reference}” is also in row {seen[reference]}; each reference once",
                    )
                seen.setdefault(reference, row.number)
                self.references.add(reference)
            if not self.preview.plan_lead and values["lead_name"]:
                self.preview.plan_lead = values["lead_name"]
            if cells_.failed:
                continue
            existing = self.existing.get(reference)
            item = Item(row.number, f"{reference} {values['title']}", values)
            if existing:
                item.pk = existing["pk"]
                item.diff = self._action_diff(existing, values)
            self.preview.actions.add(item)
        self.preview.missing_leads = sorted(self.missing_leads.values(), key=str.casefold)
        self.preview.missing_partners = sorted(self.missing_partners.values(), key=str.casefold)

    def _existing_actions(self, plan):
        fields = ["pk", "reference", "title", "description", "focus_area_id", "lead_id"]
        fields += ["start_date", "due_date", "status", "percent_complete"]
        actions = {a["pk"]: a for a in plan.actions.values(*fields)}
        for action in actions.values():
            for name in (*M2M, "delivery_partners"):
                action[name] = set()
        for name, other in (
            ("pledges", "pledge_id"),
            ("outcomes", "outcome_id"),
            ("violence_forms", "violenceform_id"),
            ("delivery_partners", "partnerorganisation_id"),
        ):
            through = getattr(Action, name).through.objects.filter(action__plan=plan)
            for action_id, other_id in through.values_list("action_id", other):
                actions[action_id][name].add(other_id)
        return {action["reference"]: action for action in actions.values()}

    def _action_values(self, row):
        values = {
            "reference": row.get("reference"),
            "title": row.get("title"),
            "description": row.get("description", default=""),
            "pledges": self._pledges(row),
            "focus_area": self._one(row, "focus_area", self.names.focus_areas, "focus area"),
            "outcomes": self._many(row, "outcomes", self.names.outcomes, "outcome"),
            "violence_forms": self._many(row, "violence_forms", self.names.forms, "form of VAWG"),
            "start_date": row.get("start_date", cells.date),
            "due_date": row.get("due_date", cells.date),
            "status": row.get("status", self._status, default=Status.NOT_STARTED),
            "percent": row.get(
                "percent", lambda value: cells.whole_number(value, 0, 100), default=0
            ),
            "reason": row.get("reason", default=""),
        }
        values["lead_name"], values["lead"] = self._lead(row)
        values["partner_names"], values["partners"] = self._partners(row)
        start, due = values["start_date"], values["due_date"]
        if start and due and due < start:
            row.problem("due_date", f"{due:%d/%m/%Y} is before the start, {start:%d/%m/%Y}")
        status = values["status"]
        if status and status.needs_reason and not values["reason"] and "reason" not in row.bad:
            row.problem(
                "reason",
                f"is required when the status is {status.label}: say why, and "
                "what would put it back on track",
            )
        return values

    @staticmethod
    def _status(value):
        written = cells.text(value).casefold()
        for status in Status:
            if written in (status.value, status.label.casefold()):
                return status
        raise cells.Invalid(
            f"“{cells.text(value)[:40]}” is not a status; one of: "
            + ", ".join(status.label for status in Status)
        )

    def _pledges(self, row):
        written = row.get("pledges")
        if not written:
            return frozenset()
        found, sets = set(), self.names.pledge_sets
        single = {s for s in sets.values() if s is not None}
        for token in cells.names(written, SEPARATOR):
            match = PLEDGE.match(token)
            if match is None:
                row.problem(
                    "pledges",
                    f"“{token}” is not a pledge: write a pledge set and a "
                    f"number, e.g. “FP 1”. The sets: {self.names.pledge_sets_listed()}",
                )
                continue
            key = " ".join(match["set"].split()).casefold()
            pledge_set = sets.get(key) if key else (single.pop() if len(single) == 1 else None)
            if pledge_set is None:
                row.problem(
                    "pledges",
                    f"“{token}” is not a pledge: there is no pledge set "
                    f"“{match['set']}”. The sets: {self.names.pledge_sets_listed()}",
                )
                continue
            numbers = self.names.pledges[pledge_set.pk]
            pledge = numbers.get(int(match["number"]))
            if pledge is None:
                row.problem(
                    "pledges",
                    f"“{token}” is not a pledge; the "
                    f"{pledge_set_name(pledge_set)} has pledges {_span(numbers)}",
                )
                continue
            found.add(pledge)
        return frozenset(found)

    def _one(self, row, key, names, noun):
        written = row.get(key)
        if not written:
            return None
        pk, trouble = names.find(written)
        if pk is None:
            row.problem(key, self._unknown(written, trouble, names, noun))
        return pk

    def _many(self, row, key, names, noun):
        written = row.get(key)
        found = set()
        for name in cells.names(written, SEPARATOR) if written else ():
            pk, trouble = names.find(name)
            if pk is None:
                row.problem(key, self._unknown(name, trouble, names, noun))
            else:
                found.add(pk)
        return frozenset(found)

    @staticmethod
    def _unknown(written, trouble, names, noun):
        if trouble == "ambiguous":
            return f"“{written}”: more than one {noun} has that name; rename one in the tracker"
        where = " of the plan's strategy" if noun in ("outcome", "focus area") else ""
        listed = names.listed()
        article = "an" if noun[0] in "aeiou" else "a"
        return f"“{written[:60]}” is not {article} {noun}{where}; " + (
            f"the {noun}s are: {listed}" if listed else f"there are no {noun}s yet"
        )

    def _find(self, row, key, name, names, missing, noun):
        """The id of the lead or partner called ``name``; one the tracker does not have
        is a problem that --create-missing lifts."""
        pk, trouble = names.find(name)
        if trouble == "unknown":
            missing.setdefault(name.casefold(), name)
            row.problem(
                key,
                f"“{name}” is not a {noun} in the tracker: add it first, or import with "
                "--create-missing to add it",
                missing=True,
            )
        elif trouble:
            row.problem(key, self._unknown(name, trouble, names, noun))
        return pk

    def _lead(self, row):
        name = " ".join((row.get("lead") or "").split())
        if not name:
            return "", None
        leads = self.names.leads
        return name, self._find(row, "lead", name, leads, self.missing_leads, "lead specialist")

    def _partners(self, row):
        written = row.get("partners")
        names, found = [], set()
        for name in cells.names(written, SEPARATOR) if written else ():
            if len(name) > 200:
                row.problem("partners", f"“{name[:40]}…” is longer than 200 characters")
                continue
            names.append(name)
            pk = self._find(
                row, "partners", name, self.names.partners, self.missing_partners, "partner"
            )
            if pk is not None:
                found.add(pk)
        return tuple(names), frozenset(found)

    def _action_diff(self, existing, values):
        names = self.names
        diff = {}

        def compare(column, old, new, show=str):
            if old != new:
                diff[ACTIONS.column(column).name] = (show(old), show(new))

        compare("title", existing["title"], values["title"])
        compare("description", existing["description"], values["description"])
        compare(
            "pledges", existing["pledges"], values["pledges"], self._labels(names.pledge_labels)
        )
        compare(
            "focus_area",
            existing["focus_area_id"],
            values["focus_area"],
            lambda pk: names.focus_areas.labels.get(pk, ""),
        )
        compare(
            "outcomes",
            existing["outcomes"],
            values["outcomes"],
            self._labels(names.outcomes.labels),
        )
        compare(
            "violence_forms",
            existing["violence_forms"],
            values["violence_forms"],
            self._labels(names.forms.labels),
        )
        compare(
            "lead",
            existing["lead_id"],
            values["lead"],
            lambda pk: names.leads.labels.get(pk, values["lead_name"]),
        )
        new_partners = set(values["partners"]) | {
            name for name in values["partner_names"] if names.partners.find(name)[0] is None
        }
        compare(
            "partners",
            existing["delivery_partners"],
            new_partners,
            self._labels(names.partners.labels),
        )
        compare("start_date", existing["start_date"], values["start_date"], _date)
        compare("due_date", existing["due_date"], values["due_date"], _date)
        compare("status", existing["status"], values["status"], lambda s: Status(s).label)
        compare("percent", existing["percent_complete"], values["percent"])
        return diff

    @staticmethod
    def _labels(labels):
        return lambda pks: "; ".join(sorted(str(labels.get(pk, pk)) for pk in pks))

    # Milestones

    def check_milestones(self, rows):
        plan = self.preview.plan
        existing, action_ids = {}, {ref: action["pk"] for ref, action in self.existing.items()}
        if plan is not None and rows:
            milestones = Milestone.objects.filter(action__plan=plan).order_by("-id")
            for pk, action_id, title, due, done in milestones.values_list(
                "pk", "action_id", "title", "due_date", "completed_on"
            ):
                existing[(action_id, title.casefold())] = (pk, due, done)
        seen = {}
        today = timezone.localdate()
        for row in rows:
            cells_ = _Row(self.preview, MILESTONES, row)
            reference = cells_.get("action")
            values = {
                "action": reference,
                "title": cells_.get("title"),
                "due_date": cells_.get("due_date", cells.date),
                "completed_on": cells_.get("completed_on", cells.date),
            }
            if reference and reference not in self.references and reference not in action_ids:
                cells_.problem(
                    "action",
                    f"“{reference}” is not an action: no row of the Actions sheet"
                    + (" nor action of the plan" if plan else "")
                    + " has that reference",
                )
            done = values["completed_on"]
            if done and done > today:
                cells_.problem("completed_on", f"{done:%d/%m/%Y} is in the future")
            key = (reference, (values["title"] or "").casefold())
            if reference and values["title"]:
                if key in seen:
                    cells_.problem("title", f"the same milestone is in row {seen[key]}")
                seen.setdefault(key, row.number)
            if cells_.failed:
                continue
            item = Item(row.number, f"{reference}: {values['title']}", values)
            action_id = action_ids.get(reference)
            match = existing.get((action_id, values["title"].casefold())) if action_id else None
            if match:
                item.pk, due, done_before = match
                if due != values["due_date"]:
                    item.diff["Due"] = (_date(due), _date(values["due_date"]))
                if done_before != values["completed_on"]:
                    item.diff["Done on"] = (_date(done_before), _date(values["completed_on"]))
            self.preview.milestones.add(item)

    # Indicator values

    def check_indicator_values(self, rows):
        if not rows:
            return
        indicators = _Names(Indicator.objects.values_list("pk", "name"))
        parsed, ids = [], set()
        for row in rows:
            cells_ = _Row(self.preview, INDICATOR_VALUES, row)
            name = cells_.get("indicator")
            values = {
                "indicator": None,
                "name": name,
                "quarter": cells_.get("quarter", cells.quarter),
                "value": cells_.get("value", cells.number),
                "note": cells_.get("note", default=""),
                # None: the sheet has no such column (a value already recorded keeps its own).
                "source": cells_.get("source", default="") if "source" in row.values else None,
                "provisional": (
                    cells_.get("provisional", cells.yes_no, default=False)
                    if "provisional" in row.values
                    else None
                ),
            }
            if name:
                pk, trouble = indicators.find(name)
                if pk is None:
                    cells_.problem(
                        "indicator", self._unknown(name, trouble, indicators, "indicator")
                    )
                values["indicator"] = pk
                ids.add(pk)
            parsed.append((row, cells_, values))
        existing = {
            (indicator, str(period)): (pk, value, note, source, provisional)
            for pk, indicator, period, value, note, source, provisional in (
                IndicatorValue.objects.filter(indicator_id__in=ids - {None}).values_list(
                    "pk", "indicator_id", "period", "value", "note", "source", "provisional"
                )
            )
        }
        seen = {}
        for row, cells_, values in parsed:
            key = (values["indicator"], str(values["quarter"]))
            if values["indicator"] and values["quarter"]:
                if key in seen:
                    cells_.problem(
                        "quarter",
                        f"{values['quarter']} of “{values['name']}” is also in row {seen[key]}",
                    )
                seen.setdefault(key, row.number)
            if cells_.failed:
                continue
            item = Item(row.number, f"{values['name']}, {values['quarter']}", values)
            if key in existing:
                item.pk, value, note, source, provisional = existing[key]
                if value != values["value"]:
                    item.diff["Value"] = (str(value), str(values["value"]))
                if note != values["note"]:
                    item.diff["Note"] = (note, values["note"])
                if values["source"] is not None and source != values["source"]:
                    item.diff["Source"] = (source, values["source"])
                if values["provisional"] is not None and provisional != values["provisional"]:
                    item.diff["Provisional"] = (
                        _yes_no(provisional),
                        _yes_no(values["provisional"]),
                    )
            self.preview.indicator_values.add(item)


def _yes_no(flag):
    return "yes" if flag else "no"


def _date(day):
    return f"{day:%d/%m/%Y}" if day else ""
