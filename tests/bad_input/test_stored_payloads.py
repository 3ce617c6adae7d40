"""
Markup people type is stored as typed and shown as text: escaped in every page that
shows it, as text (never a formula) in CSV exports, and as the literal characters in the
quarterly PDF.
"""

import contextlib
import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from activities.models import Activity
from plans.models import Action, ActionPlan, LeadSpecialist
from reports.rendering import render_pdf
from vawg_tracker.quarters import Quarter

from ..factories import (
    ActionPlanFactory,
    FocusAreaFactory,
    PledgeFactory,
)
from ..fuzzing import HTML_PAYLOADS

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
# What a template must never let through: a tag the browser would build.
RAW = ["<script>alert(1)", "<img src=x onerror", "<svg onload"]
FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)"]


@contextlib.contextmanager
def subtests_for(url):
    try:
        yield
    except AssertionError as error:
        raise AssertionError(f"{url}: {error}") from None


def _assert_shown_escaped(response, *payloads):
    assert response.status_code == 200
    html = response.content.decode()
    for raw in RAW:
        assert raw not in html
    for payload in payloads:
        assert escape(payload) in html, payload


@pytest.fixture
def stored(client, staff, partner):
    """Everything staff and a partner can name, named with markup through the forms."""
    client.force_login(staff)
    plan = ActionPlanFactory(period_start=datetime.date(2025, 4, 1))
    focus_area = FocusAreaFactory(strategy=plan.strategy)
    pledge = PledgeFactory(number=1)
    organisation = partner.partner_membership.organisation
    organisation.name = f"Partner {SCRIPT}"
    organisation.save()
    response = client.post(
        reverse("plans:lead_create"),
        {"name": f"Lead {IMG}", "job_title": SCRIPT, "organisation": IMG, "email": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    lead = LeadSpecialist.objects.get(name=f"Lead {IMG}")
    response = client.post(
        reverse("plans:plan_edit", args=[plan.pk]),
        {
            "strategy": plan.strategy_id,
            "title": f"Plan {SCRIPT}",
            "lead": lead.pk,
            "period_start": "2025-04-01",
            "period_end": "2027-03-31",
            "state": "active",
            "description": IMG,
            "version": plan.current_version(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        reverse("plans:action_create"),
        {
            "plan": plan.pk,
            "reference": "1.1",
            "title": f"=1+1 {SCRIPT}",
            "description": IMG,
            "pledges": [pledge.pk],
            "focus_area": focus_area.pk,
            "lead": lead.pk,
            "delivery_partners": [organisation.pk],
            "start_date": "2025-04-01",
            "due_date": "2027-03-31",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    action = Action.objects.get(reference="1.1")
    response = client.post(
        reverse("plans:record_progress", args=[action.pk]),
        {
            "period": str(Quarter.current()),
            "status": "off_track",
            "percent_complete": 20,
            "reason": f"Reason {SCRIPT}",
            "narrative": f"Narrative {IMG}",
            "next_steps": f"Next {SCRIPT}",
            "risks_and_issues": IMG,
            "seen_update_id": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.force_login(partner)
    response = client.post(
        reverse("activities:activity_create"),
        {
            "action": action.pk,
            "kind": "training",
            "title": f"@SUM(A1) {SCRIPT}",
            "started_on": str(Quarter.current().start),
            "people_reached": 3,
            "sessions": 1,
            "hours": 1,
            "area": IMG,
            "description": SCRIPT,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return {
        "plan": ActionPlan.objects.get(pk=plan.pk),
        "action": action,
        "lead": lead,
        "organisation": organisation,
        "activity": Activity.objects.get(action=action),
    }


def test_markup_typed_into_forms_is_shown_escaped_on_every_page(client, staff, partner, stored):
    client.force_login(staff)
    action, plan = stored["action"], stored["plan"]
    pages = {
        reverse("plans:action_detail", args=[action.pk]): [SCRIPT, IMG],
        reverse("reports:dashboard") + f"?plan={plan.pk}": [SCRIPT],
        reverse("plans:action_list"): [SCRIPT],
        reverse("plans:plan_detail", args=[plan.pk]): [SCRIPT, IMG],
        reverse("plans:plan_list"): [SCRIPT],
        reverse("plans:lead_detail", args=[stored["lead"].pk]): [IMG],
        reverse("plans:lead_list"): [IMG],
        reverse("plans:sign_off_queue"): [SCRIPT],
        reverse("rounds:round_status"): [],
        reverse("activities:review_queue"): [SCRIPT],
        reverse("partners:organisation_list"): [SCRIPT],
        reverse("partners:organisation_detail", args=[stored["organisation"].pk]): [SCRIPT],
        reverse("activities:activity_detail", args=[stored["activity"].pk]): [SCRIPT, IMG],
        reverse("plans:action_edit", args=[action.pk]): [SCRIPT, IMG],
    }
    for url, payloads in pages.items():
        with subtests_for(url):
            _assert_shown_escaped(client.get(url), *payloads)
    client.force_login(partner)
    _assert_shown_escaped(client.get(reverse("activities:home")), SCRIPT)
    _assert_shown_escaped(client.get(reverse("rounds:my_updates")))


def test_every_html_payload_round_trips_escaped_through_a_milestone(client, staff, stored):
    client.force_login(staff)
    action = stored["action"]
    for payload in HTML_PAYLOADS:
        response = client.post(
            reverse("plans:milestone_add", args=[action.pk]),
            {"title": payload[:100], "due_date": "2026-12-31"},
        )
        assert response.status_code == 302
    html = client.get(reverse("plans:action_detail", args=[action.pk])).content.decode()
    assert "{% now" in html  # shown as typed, never run as a template
    _assert_shown_escaped(client.get(reverse("plans:action_detail", args=[action.pk])), IMG)


def _csv(response):
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_exports_keep_markup_as_text_and_never_start_a_cell_with_a_formula(
    client, staff, partner, stored
):
    client.force_login(staff)
    rows = _csv(client.get(reverse("plans:action_export")))
    client.force_login(partner)
    partner_rows = _csv(client.get(reverse("activities:activity_export")))
    cells = [cell for row in rows[1:] + partner_rows[1:] for cell in row]
    assert f"'=1+1 {SCRIPT}" in cells
    assert f"'@SUM(A1) {SCRIPT}" in cells
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_cell_that_would_be_a_formula_is_exported_as_text(client, staff, formula):
    plan = ActionPlanFactory()
    client.force_login(staff)
    plan.actions.create(
        reference=formula,
        title=formula,
        lead=plan.lead,
        start_date=datetime.date(2025, 4, 1),
        due_date=datetime.date(2026, 3, 31),
    )
    rows = _csv(client.get(reverse("plans:action_export")))
    assert rows[1][:2] == [f"'{formula}", f"'{formula}"]


def test_the_quarterly_pdf_shows_markup_as_the_characters_typed(stored):
    plan, action = stored["plan"], stored["action"]
    text = "\n".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(render_pdf(plan, Quarter.current()).content)).pages
    )
    flat = " ".join(text.split())
    assert f"Plan {SCRIPT}" in flat
    assert f"Reason {SCRIPT}" in flat
    assert "&lt;" not in flat
    assert "&gt;" not in flat
    assert action.reference in flat
