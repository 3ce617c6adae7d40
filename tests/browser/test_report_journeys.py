"""A commissioner asks for a draft report, waits for it and downloads it."""

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from reports.models import Report, ReportKind
from vawg_tracker.accounts.models import Role

from ..factories import PartnerMembershipFactory
from ..personas import make_person
from ..reporting import Q2, plan_worth_reporting

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_commissioner_requests_a_draft_sees_it_ready_and_downloads_it(
    page, live_server, sign_in, assert_accessible, worker, tmp_path
):
    plan_worth_reporting(make_person(Role.PCC_STAFF, username="journey.staff"))
    make_person(Role.COMMISSIONER, username="journey.commissioner")
    sign_in(page, "journey.commissioner")
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarterly progress reports")
    assert_accessible(page)
    page.get_by_role("button", name="Request").click()
    # The page waits by itself; no reloading by hand.
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible(timeout=90_000)
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename.startswith("vawg-delivery-report-")
    assert download.value.suggested_filename.endswith("-draft.pdf")
    saved = tmp_path / "report.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")


def test_partners_cannot_open_the_archive_or_a_report(page, live_server, sign_in):
    plan = plan_worth_reporting(make_person(Role.PCC_STAFF, username="journey.staff"))
    report = Report.objects.create(plan=plan, period=Q2, kind=ReportKind.QUARTERLY)
    report.succeed(name="r.pdf", content=ContentFile(b"%PDF-1.7"), sha256="0" * 64, pages=1)
    partner = make_person(Role.PARTNER, username="journey.partner")
    PartnerMembershipFactory(user=partner)
    sign_in(page, "journey.partner")
    expect(page.get_by_role("link", name="Reports")).to_have_count(0)
    assert page.goto(live_server.url + "/reports/").status == 403
    assert page.goto(live_server.url + f"/reports/{report.pk}/download/").status == 403
