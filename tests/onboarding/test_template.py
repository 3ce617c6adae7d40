"""
The template: the three sheets with their headers in row 1, frozen below it, columns wide
enough to read, and a "Read me" sheet explaining every column and listing the names the
tracker knows. A plan exported in it keeps dates as dates and numbers as numbers, and text
that starts like a formula stays text.
"""

import datetime
import io
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from onboarding.columns import SHEETS
from onboarding.template import workbook
from tests.factories import ActionFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


def test_the_template_has_each_sheet_with_its_headers_frozen_and_a_read_me(world, tmp_path):
    path = tmp_path / "template.xlsx"
    call_command("import_template", str(path), stdout=StringIO())
    book = load_workbook(path)

    assert book.sheetnames == ["Read me", "Actions", "Milestones", "Indicator values"]
    for sheet in SHEETS:
        worksheet = book[sheet.name]
        assert [cell.value for cell in worksheet[1]] == [column.name for column in sheet.columns]
        assert worksheet.freeze_panes == "A2"
        assert worksheet.column_dimensions["A"].width == sheet.columns[0].width
        assert worksheet.max_row == 1
    read_me = [cell for row in book["Read me"].iter_rows(values_only=True) for cell in row if cell]
    for sheet in SHEETS:
        for column in sheet.columns:
            assert column.help in read_me
    assert "Five-point plan" in read_me
    assert "FP" in read_me
    assert "Safer victims" in read_me
    assert "Stalking" in read_me
    assert "At risk" in read_me


def test_an_exported_plan_has_typed_cells_and_formula_safe_text(world):
    action = ActionFactory(
        plan=world.plan, reference="1.1", title="=cmd|' /C calc'!A0", percent_complete=40
    )
    MilestoneFactory(action=action, title="Launch", due_date=datetime.date(2026, 1, 31))

    book = load_workbook(io.BytesIO(workbook(world.plan)))

    actions = book["Actions"]
    header = [cell.value for cell in actions[1]]
    row = dict(zip(header, actions[2], strict=True))
    assert row["Title"].value == "'=cmd|' /C calc'!A0"
    assert row["Title"].data_type == "s"
    assert row["Start"].value == datetime.datetime(2025, 4, 1)
    assert row["Start"].is_date
    assert row["Percent"].value == 40
    assert row["Pledges"].value == "Five-point plan 1"
    milestone = list(book["Milestones"].iter_rows(min_row=2, values_only=True))
    assert milestone == [("1.1", "Launch", datetime.datetime(2026, 1, 31), None)]


def test_the_template_as_csv_is_the_actions_columns(world, tmp_path):
    path = tmp_path / "template.csv"
    call_command("import_template", str(path), stdout=StringIO())
    header = path.read_bytes().decode("utf-8-sig").splitlines()
    assert header == [",".join(column.name for column in SHEETS[0].columns)]
