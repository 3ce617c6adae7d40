"""
Publishing, from both sides: PCC staff preview and prepare a quarter and a second member of
staff approves it (four eyes), which publishes it; an anonymous
visitor on a 320 px phone reads a pledge's page and downloads the open data and the
public PDF. Every page passes axe; no page scrolls sideways.
"""

import csv
import io
import subprocess

import pytest
from playwright.sync_api import expect

from plans.models import ProgressReview, ReviewDecision
from publication.models import PublicReport
from vawg_tracker.accounts.models import Role
from vawg_tracker.produced import ProductionState

from ..personas import make_person
from ..reporting import Q2, plan_worth_reporting, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def test_staff_publish_a_quarter_and_a_visitor_on_a_phone_reads_and_downloads_it(
    page, browser, live_server, sign_in, assert_accessible, worker, tmp_path
):
    staff = make_person(Role.PCC_STAFF, username="journey.staff", is_staff=True)
    plan = plan_worth_reporting(staff)
    # Four eyes: someone other than the author signs off what staff recorded.
    reviewer = make_person(Role.PCC_STAFF, username="journey.reviewer")
    for update in [a.progress_updates.get() for a in plan.actions.filter(reference="1.1")]:
        ProgressReview.decide(update, decision=ReviewDecision.SIGNED_OFF, by=reviewer)
    plan.actions.filter(reference="1.1").update(
        public_summary="A lead specialist now leads the plan."
    )

    # Staff: choose the plan and quarter, preview, publish.
    sign_in(page, "journey.staff")
    page.goto(live_server.url + "/publication/publish/")
    page.get_by_label("Plan").select_option(label=str(plan))
    page.get_by_label("Quarter").select_option(str(Q2))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Preview: what the public will read")).to_be_visible()
    expect(page.get_by_text("A lead specialist now leads the plan.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=f"Prepare {Q2} for approval").click()
    expect(page.get_by_text("Awaiting someone else’s approval (you prepared it)")).to_be_visible()
    expect(page.get_by_role("button", name=f"Approve and publish {Q2}")).to_have_count(0)
    assert_accessible(page)
    prepared_url = page.url

    # A second member of staff checks the same preview and approves it.
    approver = browser.new_context().new_page()
    sign_in(approver, "journey.reviewer")
    approver.goto(prepared_url)
    expect(approver.get_by_text("A lead specialist now leads the plan.").first).to_be_visible()
    assert_accessible(approver)
    approver.get_by_role("button", name=f"Approve and publish {Q2}").click()
    expect(approver.get_by_text(f"Published {plan}, {Q2}, prepared by")).to_be_visible()
    assert_accessible(approver)

    # An anonymous visitor on a phone.
    phone = browser.new_context(viewport={"width": 320, "height": 640}, accept_downloads=True)
    visitor = phone.new_page()
    visitor.goto(live_server.url + "/public/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Our progress on violence against women and girls"
    )
    # Two people made it, and the public reads that a second checked it.
    expect(visitor.get_by_text("a second checked it and approved it").first).to_be_visible()
    assert visitor.evaluate(NO_SIDEWAYS_SCROLL)
    assert_accessible(visitor)
    visitor.get_by_role("link", name="1. Integrated local action plan").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Integrated local action plan")
    expect(visitor.get_by_text("A lead specialist now leads the plan.")).to_be_visible()
    expect(visitor.locator(".status-badge", has_text="On track")).to_be_visible()
    assert visitor.evaluate(NO_SIDEWAYS_SCROLL)
    assert_accessible(visitor)

    # The open data: the actions as CSV, from the quarter's page.
    visitor.get_by_role("link", name=f"{plan}, {Q2}").click()
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="Actions (CSV)").click()
    saved = tmp_path / "actions.csv"
    download.value.save_as(saved)
    assert download.value.suggested_filename == f"vawg-actions-{Q2.slug}.csv"
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert {row["reference"] for row in rows} == {"1.1", "2.1", "3.1"}

    # The public PDF, once the worker has produced it: the page, asked again (the
    # browser revalidates its copy), now links it.
    assert wait_for(lambda: PublicReport.objects.get().state == ProductionState.READY, 90)
    visitor.reload()
    link = visitor.get_by_role("link", name="Download this quarter's report as a PDF")
    with visitor.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith("vawg-public-report-")
    pdf = tmp_path / "public.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "OFFICIAL" in text
    assert "OFFICIAL-SENSITIVE" not in text
    assert "A lead specialist now leads the plan." in text
    phone.close()
