"""
Signing off progress updates, returning them with a comment, and a closed quarter taking
no more updates.
"""

import datetime
import io

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader

from plans.lifecycle import QuarterCycle
from plans.models import ProgressReview, ProgressUpdate, QuarterLocked, ReviewDecision, Status
from reports.content import QuarterlyReport
from reports.models import Report, ReportKind
from reports.rendering import render_pdf
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, LeadSpecialistFactory
from ..personas import make_person

pytestmark = pytest.mark.django_db

Q2, Q3 = Quarter(2026, 2), Quarter(2026, 3)
TODAY = datetime.datetime(2026, 11, 21, 12, tzinfo=datetime.UTC)  # in Q3


@pytest.fixture(autouse=True)
def _in_q3():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def lead_user():
    return make_person(Role.LEAD_SPECIALIST, username="lee.lead", first_name="Lee")


@pytest.fixture
def action(lead_user):
    lead = LeadSpecialistFactory(user=lead_user)
    return ActionFactory(plan__lead=lead, lead=lead, reference="2.3", title="IDVA service")


def record(action, author, *, status=Status.ON_TRACK, percent=40, narrative="Going well."):
    return action.record_progress(
        author=author,
        period=Q3,
        status=status,
        percent_complete=percent,
        narrative=narrative,
        reason="Funding gap." if status == Status.OFF_TRACK else "",
    )


def _post_update(client, action, **fields):
    data = {
        "period": str(Q3),
        "status": Status.ON_TRACK,
        "percent_complete": "60",
        "narrative": "Amended: 48 referrals, 41 supported.",
        "next_steps": "",
        "risks_and_issues": "",
        "reason": "",
        "seen_update_id": str(action.latest_update_id()),
        **fields,
    }
    return client.post(reverse("plans:record_progress", args=[action.pk]), data)


# --- Sign-off ------------------------------------------------------------------------------


def test_a_new_update_waits_in_the_sign_off_queue(client, action, lead_user, staff):
    update = record(action, lead_user)
    client.force_login(staff)
    page = client.get(reverse("plans:sign_off_queue"))
    assert list(page.context["page"]) == [update]
    assert "2.3 IDVA service" in page.content.decode()


def test_staff_sign_off_an_update_and_it_leaves_the_queue(client, action, lead_user, staff):
    update = record(action, lead_user)
    client.force_login(staff)
    response = client.post(reverse("plans:update_sign_off", args=[update.pk]))
    assert response.status_code == 302
    review = ProgressReview.objects.get(update=update)
    assert (review.decision, review.reviewed_by) == (ReviewDecision.SIGNED_OFF, staff)
    assert list(client.get(reverse("plans:sign_off_queue")).context["page"]) == []
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Signed off</span> by" in page


def test_returning_an_update_needs_a_comment_and_without_one_nothing_changes(
    client, action, lead_user, staff
):
    update = record(action, lead_user)
    client.force_login(staff)
    response = client.post(
        reverse("plans:update_return", args=[update.pk]), {"comment": "  "}, follow=True
    )
    assert "Say what needs changing" in response.content.decode()
    assert not ProgressReview.objects.filter(update=update).exists()
    with pytest.raises(Exception, match="Say what needs changing"):
        ProgressReview.decide(update, decision=ReviewDecision.RETURNED, by=staff)


def test_a_returned_update_stops_counting_and_the_action_goes_back(action, lead_user, staff):
    first = record(action, lead_user, percent=40)
    ProgressReview.decide(first, decision=ReviewDecision.SIGNED_OFF, by=staff)
    second = record(action, lead_user, status=Status.OFF_TRACK, percent=10)
    action.refresh_from_db()
    assert (action.status, action.percent_complete) == (Status.OFF_TRACK, 10)
    ProgressReview.decide(
        second, decision=ReviewDecision.RETURNED, by=staff, comment="Figures do not add up."
    )
    action.refresh_from_db()
    assert (action.status, action.percent_complete) == (Status.ON_TRACK, 40)
    assert list(ProgressUpdate.objects.counted()) == [first]


def _returned_on(response):
    """The titles "My updates" lists under "Updates returned to you"."""
    groups = response.context["groups"]
    return [item.title for g in groups if g.kind.name == "update_returned" for item in g.items]


def test_the_lead_sees_why_it_came_back_amends_and_resubmits_keeping_the_history(
    client, action, lead_user, staff
):
    update = record(action, lead_user, narrative="48 referrals.")
    client.force_login(staff)
    client.post(
        reverse("plans:update_return", args=[update.pk]),
        {"comment": "Say how many were supported, please."},
    )
    client.force_login(lead_user)
    mine = client.get(reverse("rounds:my_updates"))
    assert _returned_on(mine) == [f"{action.reference} {action.title} ({update.period})"]
    assert "Say how many were supported, please." in mine.content.decode()
    page = client.get(action.get_absolute_url())
    assert page.context["form"].initial["narrative"] == "48 referrals."  # ready to amend
    assert _post_update(client, action).status_code == 302
    assert _returned_on(client.get(reverse("rounds:my_updates"))) == []
    history = client.get(action.get_absolute_url()).content.decode()
    assert "48 referrals." in history  # the returned text is kept
    assert "Say how many were supported, please." in history
    assert "Amended: 48 referrals, 41 supported." in history
    newest = action.progress_updates.order_by("-pk").first()
    assert list(ProgressUpdate.objects.awaiting_sign_off()) == [newest]


def test_when_two_staff_decide_at_once_the_second_is_told_and_nothing_changes(
    client, action, lead_user, staff
):
    update = record(action, lead_user)
    other = make_person(Role.PCC_STAFF, username="ola.staff")
    ProgressReview.decide(update, decision=ReviewDecision.SIGNED_OFF, by=other)
    client.force_login(staff)
    response = client.post(
        reverse("plans:update_return", args=[update.pk]), {"comment": "Wrong figures."}, follow=True
    )
    assert "Someone decided on that update first" in response.content.decode()
    assert ProgressReview.objects.get(update=update).reviewed_by == other


def test_the_dashboard_shows_whether_each_recent_update_is_signed_off(
    client, action, lead_user, staff
):
    update = record(action, lead_user)
    client.force_login(staff)
    assert "Awaiting sign-off" in client.get(reverse("reports:dashboard")).content.decode()
    ProgressReview.decide(update, decision=ReviewDecision.SIGNED_OFF, by=staff)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert "Signed off" in page
    assert "Awaiting sign-off" not in page


def test_a_report_with_unsigned_updates_marks_them_awaiting_sign_off(action, lead_user, staff):
    signed = ActionFactory(plan=action.plan, lead=action.lead, reference="2.4", title="ISVA")
    ProgressReview.decide(record(signed, lead_user), decision=ReviewDecision.SIGNED_OFF, by=staff)
    record(action, lead_user, narrative="Unsigned narrative.")
    report = QuarterlyReport(action.plan, Q3, draft=True)
    assert report.awaiting_sign_off == 1
    text = "\n".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(render_pdf(action.plan, Q3).content)).pages
    )
    assert "(awaiting sign-off)" in text
    assert "1 action rests on updates awaiting sign-off" in " ".join(text.split())


# --- Closed quarters (plans.lifecycle) -----------------------------------------------------


def _issue_report(plan, quarter):
    report = Report.objects.create(plan=plan, period=quarter, kind=ReportKind.QUARTERLY)
    report.succeed(name="r.pdf", content=ContentFile(b"%PDF-1.7"), sha256="0" * 64, pages=1)


def _close(plan, quarter):
    assert QuarterCycle(plan, quarter).close()


def test_closing_a_quarter_locks_it(action, lead_user):
    _close(action.plan, Q2)
    action.plan.refresh_from_db()
    assert action.plan.locked_through == Q2
    with pytest.raises(QuarterLocked, match="2026/27 Q2 is closed"):
        action.record_progress(
            author=lead_user,
            period=Q2,
            status=Status.ON_TRACK,
            percent_complete=1,
            narrative="Late news.",
        )
    assert not action.progress_updates.exists()


def test_a_final_report_made_by_hand_does_not_close_the_quarter(action, lead_user):
    """Only the lifecycle closes a quarter: a report made (by the command, say) before the
    quarter's updates are in leaves it open to them."""
    _issue_report(action.plan, Q2)
    action.plan.refresh_from_db()
    assert action.plan.locked_through is None
    action.record_progress(
        author=lead_user, period=Q2, status=Status.ON_TRACK, percent_complete=1, narrative="In."
    )


def test_the_form_offers_only_open_quarters_and_says_why(client, action, lead_user):
    _close(action.plan, Q2)
    client.force_login(lead_user)
    page = client.get(action.get_absolute_url())
    choices = [value for value, _ in page.context["form"].fields["period"].choices]
    assert choices == [str(Q3)]
    assert f"Quarters up to {Q2} are closed" in page.content.decode()
    response = _post_update(client, action, period=str(Q2), narrative="Late news for Q2.")
    assert response.status_code == 400
    assert "Late news for Q2." in response.content.decode()  # what they typed is kept
    assert not action.progress_updates.exists()


def test_a_quarter_closed_while_the_form_was_open_is_caught(action, lead_user, client):
    """The form was drawn before the quarter closed: the quarter is refused on posting."""
    client.force_login(lead_user)
    form = client.get(action.get_absolute_url()).context["form"]
    assert str(Q2) in [value for value, _ in form.fields["period"].choices]
    _close(action.plan, Q2)
    response = _post_update(client, action, period=str(Q2))
    assert response.status_code == 400
    assert f"Quarters up to {Q2} are closed" in response.content.decode()
    assert not action.progress_updates.exists()


def test_a_failed_or_draft_report_does_not_lock(action):
    Report.objects.create(plan=action.plan, period=Q2, kind=ReportKind.QUARTERLY, state="failed")
    action.plan.refresh_from_db()
    assert action.plan.locked_through is None
    assert not action.plan.is_locked(Q2)
