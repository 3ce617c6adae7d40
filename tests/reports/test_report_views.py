"""The report archive: who sees, requests, downloads and retries reports."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from plans.lifecycle import QuarterCycle
from reports.models import Report, ReportKind, ReportState
from vawg_tracker.quarters import Quarter

from ..reporting import Q2, plan_worth_reporting

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(staff):
    return plan_worth_reporting(staff)


def _ready(plan, period=Q2, kind=ReportKind.QUARTERLY):
    report = Report.objects.create(plan=plan, period=period, kind=kind)
    report.succeed(
        name="x.pdf", content=ContentFile(b"%PDF-1.7\n%test\n"), sha256="a" * 64, pages=9
    )
    return report


def test_the_archive_lists_reports_with_their_state_pages_and_size(client, commissioner, plan):
    _ready(plan)
    Report.objects.create(
        plan=plan, period=Quarter(2026, 1), kind=ReportKind.QUARTERLY,
        state=ReportState.FAILED, error="RuntimeError: fonts missing",
    )  # fmt: skip
    client.force_login(commissioner)
    page = client.get(reverse("reports:archive")).content.decode()
    assert "2026/27 Q2" in page
    assert "Ready" in page
    assert "Failed" in page
    assert "fonts missing" not in page  # only staff see why


def test_staff_see_why_a_report_failed_and_can_retry_it(client, staff, plan):
    failed = Report.objects.create(
        plan=plan, period=Q2, kind=ReportKind.QUARTERLY, state=ReportState.FAILED,
        error="RuntimeError: fonts missing",
    )  # fmt: skip
    client.force_login(staff)
    assert "fonts missing" in client.get(failed.get_absolute_url()).content.decode()
    client.post(reverse("reports:retry", args=[failed.pk]))
    failed.refresh_from_db()
    assert (failed.state, failed.error) == (ReportState.PENDING, "")


def test_a_download_is_an_attachment_named_for_the_quarter(client, lead, plan):
    report = _ready(plan)
    client.force_login(lead)
    response = client.get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="vawg-delivery-report-2026-27-Q2.pdf"'
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_report_that_is_not_ready_cannot_be_downloaded(client, lead, plan):
    report, _ = Report.request(plan, Q2, kind=ReportKind.QUARTERLY)
    client.force_login(lead)
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 404


def test_a_ready_report_whose_file_is_gone_says_so_instead_of_failing(client, lead, plan, caplog):
    report = _ready(plan)
    report.file.storage.delete(report.file.name)
    client.force_login(lead)
    response = client.get(reverse("reports:download", args=[report.pk]), follow=True)
    assert response.redirect_chain == [(report.get_absolute_url(), 302)]
    assert "file is missing from the server" in response.content.decode()
    # The office hears of it in the error log, with the report's id and no names.
    assert f"report {report.pk} is ready but its file is missing" in caplog.text


def test_partners_see_no_reports(client, partner, plan):
    report = _ready(plan)
    client.force_login(partner)
    assert client.get(reverse("reports:archive")).status_code == 403
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 403


def test_a_commissioner_requests_a_draft_and_waits_for_it(client, commissioner, plan):
    client.force_login(commissioner)
    response = client.post(
        reverse("reports:request"),
        {"plan": plan.pk, "quarter": str(Quarter.current()), "draft": ""},
    )
    report = Report.objects.get()
    assert response["Location"] == report.get_absolute_url()
    assert (report.kind, report.requested_by) == (ReportKind.DRAFT, commissioner)
    page = client.get(report.get_absolute_url()).content.decode()
    assert f'data-status-url="{reverse("reports:status", args=[report.pk])}"' in page
    assert client.get(reverse("reports:status", args=[report.pk])).json()["state"] == "pending"


def test_staff_request_a_final_report_only_for_a_closed_quarter(client, staff, plan):
    client.force_login(staff)
    client.post(reverse("reports:request"), {"plan": plan.pk, "quarter": str(Quarter.current())})
    assert not Report.objects.exists()
    previous = Quarter.current().previous()
    # Ended but not closed (plans.lifecycle): its final report is made when it closes.
    response = client.post(
        reverse("reports:request"), {"plan": plan.pk, "quarter": str(previous)}, follow=True
    )
    assert f"{previous} is not closed yet" in response.content.decode()
    assert not Report.objects.exists()
    QuarterCycle(plan, previous).close()
    client.post(reverse("reports:request"), {"plan": plan.pk, "quarter": str(previous)})
    report = Report.objects.get()
    assert (report.kind, report.period) == (ReportKind.QUARTERLY, previous)


def test_requesting_an_existing_report_opens_it_instead_of_making_another(client, staff, plan):
    QuarterCycle(plan, Quarter.current().previous()).close()
    existing = _ready(plan, period=Quarter.current().previous())
    client.force_login(staff)
    response = client.post(
        reverse("reports:request"),
        {"plan": plan.pk, "quarter": str(Quarter.current().previous())},
    )
    assert response["Location"] == existing.get_absolute_url()
    assert Report.objects.count() == 1


def test_the_command_refuses_a_final_report_for_a_quarter_not_closed(plan):
    with pytest.raises(CommandError, match="2026/27 Q2 is not closed yet"):
        call_command("generate_report", str(plan.pk), "2026-27-q2")
    assert not Report.objects.exists()
    call_command("generate_report", str(plan.pk), "2026-27-q2", "--draft")
    assert Report.objects.get().kind == ReportKind.DRAFT


def test_the_command_produces_a_report_and_reuses_it(plan, capsys):
    QuarterCycle(plan, Quarter(2026, 2)).close()
    call_command("generate_report", str(plan.pk), "2026-27-q2")
    first_path = capsys.readouterr().out.strip()
    report = Report.objects.get()
    assert report.state == ReportState.READY
    assert first_path == report.file.path
    call_command("generate_report", str(plan.pk), "2026/27 Q2")
    assert capsys.readouterr().out.strip() == first_path
    assert Report.objects.count() == 1


def test_the_command_with_force_supersedes_and_keeps_the_old_file(plan, capsys):
    QuarterCycle(plan, Quarter(2026, 2)).close()
    call_command("generate_report", str(plan.pk), "2026-27-q2")
    old = Report.objects.get()
    call_command("generate_report", str(plan.pk), "2026-27-q2", "--force")
    new_path = capsys.readouterr().out.strip().splitlines()[-1]
    old.refresh_from_db()
    new = Report.objects.get(superseded=False)
    assert old.superseded
    assert new.file.path == new_path != old.file.path
    assert old.file.storage.exists(old.file.name)


def test_the_command_explains_a_bad_plan_or_quarter(plan):
    with pytest.raises(CommandError, match="There is no action plan 999"):
        call_command("generate_report", "999", "2026-27-q2")
    with pytest.raises(CommandError, match="not a financial year"):
        call_command("generate_report", str(plan.pk), "2026-28-q2")
