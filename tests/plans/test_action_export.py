"""The actions list downloads as Excel beside its CSV: the same filtered rows, typed cells."""

import datetime

import pytest
from django.urls import reverse

from ..downloads import csv_rows, xlsx_rows, xlsx_sheet
from ..factories import ActionFactory, ActionPlanFactory

pytestmark = pytest.mark.django_db
EXPORT = reverse("plans:action_export")


@pytest.fixture
def plan():
    plan = ActionPlanFactory()
    ActionFactory(plan=plan, reference="1.1", title="Kept", status="off_track")
    ActionFactory(plan=plan, reference="1.2", title="Dropped", status="on_track")
    ActionFactory(reference="1.1", title="Other plan", status="off_track")
    return plan


def test_the_excel_download_holds_the_same_filtered_rows_as_the_csv(staff_client, plan):
    filters = {"plan": plan.pk, "status": "off_track"}
    response = staff_client.get(EXPORT, {**filters, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="vawg-actions-')
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = xlsx_rows(response)
    csv = csv_rows(staff_client.get(EXPORT, filters))
    assert rows[0] == csv[0]
    assert [row[:6] for row in rows[1:]] == [row[:6] for row in csv[1:]]
    assert [row[1] for row in rows[1:]] == ["Kept"]


def test_the_excel_download_keeps_dates_as_dates_and_percent_as_a_number(staff_client):
    ActionFactory(title="Typed", percent_complete=40, start_date=datetime.date(2026, 4, 1))
    sheet = xlsx_sheet(staff_client.get(EXPORT, {"format": "xlsx"}))
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert row["Percent complete"].value == 40
    assert row["Percent complete"].data_type == "n"
    assert row["Start date"].value == datetime.datetime(2026, 4, 1)
    assert row["Start date"].number_format == "yyyy-mm-dd"
    assert isinstance(row["Last updated"].value, datetime.datetime)
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert sheet.column_dimensions["B"].width == 50  # the title has room


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(A1)"])
def test_the_excel_download_keeps_a_formula_in_a_title_as_text(staff_client, dangerous):
    ActionFactory(title=dangerous)
    sheet = xlsx_sheet(staff_client.get(EXPORT, {"format": "xlsx"}))
    assert sheet["B2"].value == "'" + dangerous
    assert sheet["B2"].data_type == "s"


def test_the_action_list_links_both_downloads_with_its_filters(staff_client, plan):
    page = staff_client.get(reverse("plans:action_list"), {"status": "off_track", "format": "csv"})
    html = page.content.decode()
    assert f'href="{EXPORT}?status=off_track"' in html
    assert f'href="{EXPORT}?format=xlsx&amp;status=off_track"' in html
    assert "Download these as Excel" in html


def test_a_download_in_another_format_is_not_found(staff_client):
    assert staff_client.get(EXPORT, {"format": "pdf"}).status_code == 404
