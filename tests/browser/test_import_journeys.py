"""
Staff bring a plan in from a spreadsheet in the browser: download the template, fill it
in, upload it and see the preview with its one problem (named by sheet, row and column),
fix the file, upload it again and confirm; the actions are then on the plan's page and
its dashboard.
"""

import datetime
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from onboarding.columns import ACTIONS
from plans.models import ActionPlan
from vawg_tracker.accounts.models import Role

from ..onboarding.workbooks import world as world  # a fixture: the names the file uses
from ..personas import make_person

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = [
    {
        "Reference": "1.1",
        "Title": "Fund a stalking advocate in every district",
        "Pledges": "FP 1",
        "Lead specialist": "Alex Lead",
        "Start": datetime.date(2025, 4, 1),
        "Due": datetime.date(2027, 3, 31),
        "Status": "On track",
        "Percent": 20,
    },
    {
        "Reference": "1.2",
        "Title": "Train call handlers on coercive control",
        "Pledges": "FP 9",  # the five-point plan has pledges 1–5
        "Lead specialist": "Alex Lead",
        "Start": datetime.date(2025, 4, 1),
        "Due": datetime.date(2026, 12, 31),
        "Status": "Off track",
        "Percent": 5,
        "Reason": "The training provider withdrew; a new one is being procured.",
    },
]


def _fill(template, rows, path):
    book = load_workbook(template)
    sheet = book[ACTIONS.name]
    headers = [cell.value for cell in sheet[1]]
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    book.save(path)
    return path


def _upload(page, path, title):
    page.get_by_label("Filled template").set_input_files(path)
    page.get_by_label("Or the title of a new plan").fill(title)
    page.get_by_role("button", name="Upload and preview").click()


def test_staff_import_a_plan_after_fixing_the_problem_the_preview_names(
    page, live_server, sign_in, assert_accessible, world, tmp_path
):
    make_person(Role.PCC_STAFF, username="import.staff", first_name="Sam")
    sign_in(page, "import.staff")
    page.get_by_role("link", name="Import", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a plan from a spreadsheet")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the template").click()
    assert download.value.suggested_filename == "vawg-import-template.xlsx"
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)

    _upload(page, _fill(template, ROWS, tmp_path / "plan.xlsx"), "Imported VAWG plan")
    expect(page.get_by_role("heading", name="1 problem: nothing can be imported")).to_be_visible()
    problem = page.get_by_test_id("problems").get_by_role("row").nth(1)
    expect(problem.get_by_role("cell")).to_have_text(
        ["Actions", "3", "Pledges", re.compile("^“FP 9” is not a pledge; the .* has pledges 1–5$")]
    )
    expect(page.get_by_role("button", name="Confirm and import")).to_have_count(0)
    assert_accessible(page)
    assert not ActionPlan.objects.filter(title="Imported VAWG plan").exists()

    fixed = [ROWS[0], {**ROWS[1], "Pledges": "FP 2"}]
    page.get_by_role("link", name="upload it again").click()
    _upload(page, _fill(template, fixed, tmp_path / "fixed.xlsx"), "Imported VAWG plan")
    actions = page.get_by_test_id("counts").get_by_role("row").nth(1)
    expect(actions.get_by_role("rowheader")).to_have_text("Actions")
    expect(actions.get_by_role("cell")).to_have_text(["2", "0", "0"])  # to create
    assert_accessible(page)
    page.get_by_role("button", name="Confirm and import").click()

    expect(page.get_by_role("alert")).to_contain_text("Imported: 2 actions created, 0 changed")
    expect(page.get_by_role("heading", level=1)).to_have_text("Imported VAWG plan")
    plan = ActionPlan.objects.get(title="Imported VAWG plan")
    page.goto(live_server.url + reverse("reports:dashboard") + f"?plan={plan.pk}")
    for row in fixed:
        expect(
            page.get_by_role("link", name=f"{row['Reference']} {row['Title']}").first
        ).to_be_visible()
