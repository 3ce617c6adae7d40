"""
The template, and a plan written in its shape: ``workbook()`` is the empty template (its
three sheets and the "Read me"), ``workbook(plan)`` is the plan filled in (what
``export_plan`` writes; importing it into another database recreates the plan), and
``actions_csv(plan)`` is its Actions sheet as CSV. Written with openpyxl's write-only mode;
dates are dates, numbers numbers, and text never runs as a formula.
"""

import csv
import datetime
import io
from collections import defaultdict
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from plans.models import (
    Action,
    FocusArea,
    Indicator,
    IndicatorValue,
    LeadSpecialist,
    Milestone,
    Outcome,
    Status,
    Strategy,
    ViolenceForm,
)
from pledges.models import PledgeSet
from vawg_tracker.downloads import safe_cell, sheet_text
from vawg_tracker.quarters import Quarter

from .checking import initials, pledge_set_name
from .columns import ACTIONS, INDICATOR_VALUES, MILESTONES, README_SHEET, SEPARATOR, SHEETS

JOIN = f"{SEPARATOR} "
DATE_FORMAT = "dd/mm/yyyy"


def workbook(plan=None, *, indicator_values=False):
    """The template as XLSX bytes: empty, or holding ``plan`` (and, if asked, every
    indicator value)."""
    book = Workbook(write_only=True)
    strategy = plan.strategy if plan else Strategy.objects.first()
    _read_me(book, strategy)
    rows = {
        ACTIONS.name: action_rows(plan) if plan else (),
        MILESTONES.name: milestone_rows(plan) if plan else (),
        INDICATOR_VALUES.name: indicator_value_rows() if indicator_values else (),
    }
    for sheet in SHEETS:
        _sheet(book, sheet, rows[sheet.name])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def actions_csv(plan=None):
    """The Actions sheet as CSV (UTF-8 with a byte-order mark, for Excel): the plan's
    actions, or only the header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.name for column in ACTIONS.columns])
    for row in action_rows(plan) if plan else ():
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return safe_cell(value)


def _bold(sheet, values):
    row = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=sheet_text(value))
        cell.font = Font(bold=True)
        row.append(cell)
    return row


def _sheet(book, sheet, rows):
    worksheet = book.create_sheet(title=sheet.name)
    worksheet.freeze_panes = "A2"
    for index, column in enumerate(sheet.columns, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = column.width
    worksheet.append(_bold(worksheet, [column.name for column in sheet.columns]))
    for row in rows:
        worksheet.append([_xlsx_value(worksheet, value) for value in row])


def _xlsx_value(worksheet, value):
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(worksheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return value
    return sheet_text(value)


def _read_me(book, strategy):
    sheet = book.create_sheet(title=README_SHEET)
    for letter, width in zip("ABCDE", (18, 20, 10, 50, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    wrap = Alignment(wrap_text=True, vertical="top")

    def line(*values):
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=sheet_text(value))
            cell.alignment = wrap
            cells.append(cell)
        sheet.append(cells)

    sheet.append(_bold(sheet, ["How to fill in this workbook"]))
    line(
        "Fill in the sheets Actions, Milestones and Indicator values (any you need), one row "
        "each, under the headers in row 1. Keep the headers as they are. Import it with "
        "python manage.py import_plan (or import_indicator_values). Nothing is saved until "
        "the whole file checks out: the preview names every problem by sheet, row and "
        "column. Several values in one cell are separated by semicolons. Formulas are not "
        "worked out: paste values. Dates are day first (31/12/2026) or 2026-12-31."
    )
    sheet.append([])
    sheet.append(_bold(sheet, ["Sheet", "Column", "Required", "What it holds", "Allowed"]))
    for each in SHEETS:
        line(each.name, "", "", each.help, "")
        for column in each.columns:
            line("", column.name, "yes" if column.required else "", column.help, column.allowed)
    for title, values in _allowed(strategy):
        sheet.append([])
        sheet.append(_bold(sheet, [title]))
        for value in values:
            line(*value)


def _allowed(strategy):
    """The lists of names the columns take, as the tracker has them now."""
    pledge_sets = PledgeSet.objects.prefetch_related("pledges")
    yield (
        "Pledge sets (write the short title, the full title or the initials, then a number)",
        [
            (
                pledge_set_name(pledge_set),
                initials(pledge_set_name(pledge_set)),
                "",
                pledge_set.title,
                "; ".join(f"{p.number}. {p.title}" for p in pledge_set.pledges.all()),
            )
            for pledge_set in pledge_sets
        ],
    )
    if strategy is not None:
        for title, model in (("Focus areas", FocusArea), ("Outcomes", Outcome)):
            items = model.objects.filter(strategy=strategy)
            yield (
                f"{title} of “{strategy.title}” (the title or the number)",
                [(item.number, item.title) for item in items],
            )
    yield "Forms of VAWG", [(form.name,) for form in ViolenceForm.objects.all()]
    yield "Statuses", [(status.label,) for status in Status]
    yield (
        "Lead specialists",
        [(name,) for name in LeadSpecialist.objects.values_list("name", flat=True)],
    )
    yield "Indicators", [(name,) for name in Indicator.objects.values_list("name", flat=True)]


# --- A plan in the template's shape ---------------------------------------------------------


def _names_by_action(plan, relation, label):
    through = getattr(Action, relation).through.objects.filter(action__plan=plan)
    names = defaultdict(list)
    for action_id, name in through.values_list("action_id", label):
        names[action_id].append(str(name))
    return {pk: JOIN.join(sorted(values, key=str.casefold)) for pk, values in names.items()}


def _pledges_by_action(plan):
    links = Action.pledges.through.objects.filter(action__plan=plan).order_by(
        "pledge__pledge_set__title", "pledge__number"
    )
    names = defaultdict(list)
    for action_id, short_title, title, number in links.values_list(
        "action_id",
        "pledge__pledge_set__short_title",
        "pledge__pledge_set__title",
        "pledge__number",
    ):
        names[action_id].append(f"{short_title or title} {number}")
    return {pk: JOIN.join(values) for pk, values in names.items()}


def action_rows(plan):
    """The plan's actions as rows of the Actions sheet, in reference order."""
    pledges = _pledges_by_action(plan)
    outcomes = _names_by_action(plan, "outcomes", "outcome__title")
    forms = _names_by_action(plan, "violence_forms", "violenceform__name")
    partners = _names_by_action(plan, "delivery_partners", "partnerorganisation__name")
    actions = plan.actions.as_at(Quarter.current()).order_by("reference")
    for values in actions.values_list(
        "pk",
        "reference",
        "title",
        "description",
        "focus_area__title",
        "lead__name",
        "start_date",
        "due_date",
        "status",
        "percent_complete",
        "reason_at",
    ).iterator(chunk_size=2000):
        pk, reference, title, description, focus_area, lead, start, due, status, percent, reason = (
            values
        )
        status = Status(status)
        yield [
            reference,
            title,
            description,
            pledges.get(pk, ""),
            focus_area or "",
            outcomes.get(pk, ""),
            forms.get(pk, ""),
            lead,
            partners.get(pk, ""),
            start,
            due,
            status.label,
            percent,
            reason if status.needs_reason else "",
        ]


def milestone_rows(plan):
    milestones = Milestone.objects.filter(action__plan=plan).order_by(
        "action__reference", "due_date", "id"
    )
    for reference, title, due, done in milestones.values_list(
        "action__reference", "title", "due_date", "completed_on"
    ).iterator(chunk_size=2000):
        yield [reference, title, due, done]


def indicator_value_rows():
    values = IndicatorValue.objects.order_by("indicator__name", "period")
    for name, period, value, note, source, provisional in values.values_list(
        "indicator__name", "period", "value", "note", "source", "provisional"
    ).iterator(chunk_size=2000):
        yield [name, str(period), value, note, source, "yes" if provisional else "no"]
