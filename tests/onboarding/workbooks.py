"""
Files to import, made the way a user's spreadsheet would be: ``xlsx(actions=[...])`` writes
a workbook whose sheets have the template's headers and the given rows (dicts by header;
a row of None is a blank row), ``csv_bytes`` a CSV. ``world`` is what they name.
"""

import csv
import datetime
import io
from dataclasses import dataclass

import pytest
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from onboarding.columns import ACTIONS, INDICATOR_VALUES, MILESTONES
from tests.factories import (
    ActionPlanFactory,
    FocusAreaFactory,
    IndicatorFactory,
    LeadSpecialistFactory,
    OutcomeFactory,
    PartnerOrganisationFactory,
    PledgeFactory,
    PledgeSetFactory,
    StrategyFactory,
    ViolenceFormFactory,
)


def action(reference="1.1", **cells):
    row = {
        "Reference": reference,
        "Title": f"Action {reference}",
        "Pledges": "FP 1",
        "Lead specialist": "Alex Lead",
        "Start": datetime.date(2025, 4, 1),
        "Due": datetime.date(2026, 3, 31),
        "Status": "On track",
        "Percent": 10,
    }
    return row | cells


def _cell(value):
    """What a spreadsheet can hold: no control characters (Excel has no way to type them)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def xlsx(actions=(), milestones=(), indicator_values=(), *, sheets=None, edit=None):
    book = Workbook()
    book.remove(book.active)
    rows = {ACTIONS: actions, MILESTONES: milestones, INDICATOR_VALUES: indicator_values}
    for sheet in sheets or rows:
        worksheet = book.create_sheet(sheet.name)
        headers = [column.name for column in sheet.columns]
        worksheet.append(headers)
        for row in rows[sheet]:
            worksheet.append(
                [None] * len(headers) if row is None else [_cell(row.get(h)) for h in headers]
            )
    if edit:
        edit(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(sheet, rows, *, encoding="utf-8", bom=False):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    headers = [column.name for column in sheet.columns]
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else row.get(h) for h in headers])
    return ("\ufeff" if bom else "").encode(encoding) + buffer.getvalue().encode(encoding)


@dataclass
class World:
    strategy: object
    plan: object
    lead: object
    partner: object
    indicator: object


@pytest.fixture
def world(db):
    """The Five-point plan (pledges 1–5), a strategy with two outcomes and two focus areas,
    two forms of VAWG, a lead specialist, a partner, an indicator and an empty plan."""
    pledge_set = PledgeSetFactory()
    for number in range(1, 6):
        PledgeFactory(pledge_set=pledge_set, number=number)
    strategy = StrategyFactory()
    for number, title in ((1, "Safer victims"), (2, "Fewer perpetrators")):
        OutcomeFactory(strategy=strategy, number=number, title=title)
    for number, title in ((1, "Prevention"), (2, "Support")):
        FocusAreaFactory(strategy=strategy, number=number, title=title)
    ViolenceFormFactory(name="Stalking")
    ViolenceFormFactory(name="Domestic abuse")
    lead = LeadSpecialistFactory(name="Alex Lead")
    partner = PartnerOrganisationFactory(name="SafeLives (test)")
    indicator = IndicatorFactory(name="Referrals to IDVAs")
    plan = ActionPlanFactory(strategy=strategy, title="The plan", lead=lead)
    return World(strategy, plan, lead, partner, indicator)
