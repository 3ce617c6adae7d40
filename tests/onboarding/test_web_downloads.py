"""
The template from the upload page, and a plan's export in the template's shape from its
page: for staff the template; for anyone who may read the plan its export (the same rows
the actions list already shows them). Each download is audited as an export.
"""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from onboarding.columns import ACTIONS, SHEETS
from plans.models import ActionPlan
from vawg_tracker.audit.models import AuditEvent
from vawg_tracker.downloads import XLSX_TYPE

from .workbooks import action, xlsx

pytestmark = pytest.mark.django_db


def test_staff_download_the_template_as_excel_and_csv(staff_client, staff, world):
    workbook = staff_client.get(reverse("onboarding:template_xlsx"))
    actions_csv = staff_client.get(reverse("onboarding:template_csv"))

    assert workbook["Content-Type"] == XLSX_TYPE
    assert workbook["Content-Disposition"] == 'attachment; filename="vawg-import-template.xlsx"'
    book = load_workbook(io.BytesIO(workbook.content), read_only=True)
    assert [sheet.name for sheet in SHEETS] == [n for n in book.sheetnames if n != "Read me"]
    header = actions_csv.content.decode("utf-8-sig").splitlines()[0]
    assert header == ",".join(column.name for column in ACTIONS.columns)
    assert AuditEvent.objects.filter(kind="export", user=staff).count() == 2


def test_the_plan_page_offers_its_export_and_it_imports_back_as_a_new_plan(staff_client, world):
    upload = staff_client.post(
        reverse("onboarding:upload"),
        {
            "file": _named(xlsx(actions=[action("1.1"), action("2.1", Outcomes="Safer victims")])),
            "plan": world.plan.pk,
        },
    )
    staff_client.post(reverse("onboarding:confirm", args=[upload.context["pending"].token]))
    plan_page = staff_client.get(world.plan.get_absolute_url()).content.decode()
    export_url = reverse("onboarding:plan_export", args=[world.plan.pk])
    assert f'href="{export_url}"' in plan_page

    exported = staff_client.get(export_url)

    assert exported["Content-Type"] == XLSX_TYPE
    assert AuditEvent.objects.filter(
        kind="export", object_type="plans.actionplan", object_id=str(world.plan.pk)
    ).exists()
    again = staff_client.post(
        reverse("onboarding:upload"), {"file": _named(exported.content), "title": "Copy"}
    )
    staff_client.post(reverse("onboarding:confirm", args=[again.context["pending"].token]))
    copy = ActionPlan.objects.get(title="Copy")
    assert _shape(copy) == _shape(world.plan)


def test_a_commissioner_may_export_a_plan_but_not_import(client, commissioner, world):
    client.force_login(commissioner)
    assert client.get(reverse("onboarding:plan_export", args=[world.plan.pk])).status_code == 200
    assert client.get(reverse("onboarding:upload")).status_code == 403
    assert client.get(reverse("onboarding:template_xlsx")).status_code == 403


def _named(data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("plan.xlsx", data)


def _shape(plan):
    return [
        (
            a.reference,
            a.title,
            a.lead_id,
            a.status,
            a.percent_complete,
            sorted(a.outcomes.values_list("pk", flat=True)),
        )
        for a in plan.actions.order_by("reference")
    ]
