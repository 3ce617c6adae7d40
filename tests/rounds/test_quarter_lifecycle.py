"""
A plan's quarter through its life (plans.lifecycle): in progress, round open, in review,
closed; closed when nothing is outstanding or at the latest 21 days after the deadline,
or by staff by hand; reopened with a reason for a revised final report. The digests, the
form and the final report all follow it.
"""

import datetime
import io

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from plans.lifecycle import NotClosable, QuarterCycle, Stage
from plans.models import (
    Action,
    ProgressReview,
    QuarterEvent,
    QuarterLocked,
    ReviewDecision,
    Status,
)
from reports import production
from reports.models import Report, ReportKind
from reports.rendering import render_pdf
from rounds import round as rounds
from vawg_tracker.accounts.models import Role
from vawg_tracker.audit.models import AuditEvent
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, ActionPlanFactory, LeadSpecialistFactory
from ..personas import make_person

pytestmark = pytest.mark.django_db

Q3 = Quarter(2026, 3)  # 1 October – 31 December 2026
D = datetime.date


def on(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(7)), tick=False)


@pytest.fixture
def lead():
    return make_person(Role.LEAD_SPECIALIST, username="lee.lead", email="lee@example.invalid")


@pytest.fixture
def staff():
    return make_person(Role.PCC_STAFF, username="sam.staff", email="sam@example.invalid")


@pytest.fixture
def action(lead):
    # The plan begins with Q3, so that Q3 is its first quarter to close.
    plan = ActionPlanFactory(period_start=D(2026, 10, 1), period_end=D(2028, 3, 31))
    return ActionFactory(
        plan=plan, lead=LeadSpecialistFactory(user=lead), start_date=D(2026, 10, 1)
    )


def record(action, author, quarter=Q3):
    return action.record_progress(
        author=author,
        period=quarter,
        status=Status.ON_TRACK,
        percent_complete=50,
        narrative="Referral pathway live in two districts.",
    )


def test_a_quarter_moves_through_its_stages_on_the_plans_dates(action):
    cycle = QuarterCycle(action.plan, Q3)
    assert (cycle.opens_on, cycle.deadline, cycle.closes_by) == (
        D(2026, 12, 17),
        D(2027, 1, 10),
        D(2027, 1, 31),
    )
    stages = {
        D(2026, 9, 30): Stage.NOT_BEGUN,
        D(2026, 10, 1): Stage.IN_PROGRESS,
        D(2026, 12, 16): Stage.IN_PROGRESS,
        D(2026, 12, 17): Stage.ROUND_OPEN,
        D(2027, 1, 10): Stage.ROUND_OPEN,
        D(2027, 1, 11): Stage.IN_REVIEW,
        D(2027, 1, 31): Stage.IN_REVIEW,
    }
    assert {day: cycle.stage(day) for day in stages} == stages
    # Its update is missing: the schedule closes it on the first day after 31 January.
    assert not cycle.ready_to_close(D(2027, 1, 31))
    assert cycle.ready_to_close(D(2027, 2, 1))
    with on(D(2027, 2, 1)):
        production.schedule_due()
    action.plan.refresh_from_db()
    assert QuarterCycle(action.plan, Q3).stage(D(2027, 2, 1)) == Stage.CLOSED


def test_a_quarter_closes_after_its_deadline_once_nothing_is_outstanding(action, lead, staff):
    with on(D(2027, 1, 5)):
        update = record(action, lead)
    cycle = QuarterCycle(action.plan, Q3)
    assert not cycle.ready_to_close(D(2027, 1, 11))  # awaiting sign-off
    ProgressReview.decide(update, decision=ReviewDecision.SIGNED_OFF, by=staff)
    assert not cycle.ready_to_close(D(2027, 1, 10))  # the deadline has not passed
    assert cycle.ready_to_close(D(2027, 1, 11))
    with on(D(2027, 1, 11)):
        assert production.schedule_due() == 1
    (report,) = Report.objects.filter(period=Q3)
    assert (report.kind, report.revision) == (ReportKind.QUARTERLY, 0)
    assert list(QuarterEvent.objects.values_list("quarter", "kind", "by")) == [(Q3, "closed", None)]


def test_a_returned_update_keeps_the_quarter_open_until_it_is_answered(action, lead, staff):
    with on(D(2027, 1, 5)):
        update = record(action, lead)
    ProgressReview.decide(update, decision=ReviewDecision.RETURNED, by=staff, comment="Add figures")
    assert not QuarterCycle(action.plan, Q3).ready_to_close(D(2027, 1, 12))
    with on(D(2027, 1, 12)):
        answer = record(action, lead)
    ProgressReview.decide(answer, decision=ReviewDecision.SIGNED_OFF, by=staff)
    assert QuarterCycle(action.plan, Q3).ready_to_close(D(2027, 1, 12))


def test_the_plan_sets_how_long_a_quarter_may_stay_open(action):
    plan = action.plan
    plan.close_days_after_deadline = 5
    plan.save()
    assert QuarterCycle(plan, Q3).closes_by == D(2027, 1, 15)
    assert QuarterCycle(plan, Q3).ready_to_close(D(2027, 1, 16))
    plan.close_days_after_deadline = 61
    with pytest.raises(ValidationError, match="less than or equal to 60"):
        plan.full_clean()


def test_updates_are_accepted_and_chased_until_the_quarter_closes_and_not_after(
    action, lead, staff
):
    """Nobody is chased for what the form refuses; nothing is refused that is chased."""
    plan = action.plan
    mail.outbox.clear()
    with on(D(2027, 1, 12)):
        # In review: overdue, chased, and the form still takes a Q3 update.
        assert [r.quarter for r in rounds.overdue_rounds(D(2027, 1, 12))] == [Q3]
        rounds.send_due_reminders()
        assert {m.to[0] for m in mail.outbox} == {lead.email, staff.email}
        page = _form(action, lead)
        assert str(Q3) in page.context["form"].fields["period"].choices[1]
    with on(D(2027, 1, 20)):
        QuarterCycle(plan, Q3).close(by=staff)
        mail.outbox.clear()
        assert rounds.overdue_rounds(D(2027, 1, 20)) == []
        assert rounds.send_due_reminders() == 0
        assert rounds.remind_now(rounds.Round(plan, Q3), staff) == 0
        assert mail.outbox == []
        page = _form(action, lead)
        assert str(Q3) not in dict(page.context["form"].fields["period"].choices)
        with pytest.raises(QuarterLocked, match="2026/27 Q3 is closed"):
            record(action, lead)


def _form(action, user):
    client = Client()
    client.force_login(user)
    return client.get(action.get_absolute_url())


def test_before_the_round_opens_nothing_is_missing_and_nobody_is_chased(action, lead):
    with on(D(2026, 12, 7)):
        assert rounds.send_due_reminders() == 0
        assert rounds.remind_now(rounds.Round(action.plan, Q3), lead) == 0
        assert rounds.overdue_rounds(D(2026, 12, 7)) == []
    assert mail.outbox == []


def test_staff_close_a_quarter_by_hand_once_it_has_ended(action, staff):
    cycle = QuarterCycle(action.plan, Q3)
    with pytest.raises(NotClosable, match="has not ended"):
        cycle.close(by=staff, today=D(2026, 12, 31))
    assert cycle.close(by=staff, today=D(2027, 1, 1))
    assert not cycle.close(by=staff, today=D(2027, 1, 1))  # already closed: one event
    assert QuarterEvent.objects.get().by == staff


def test_reopening_takes_a_reason_and_closing_again_makes_a_revised_report(action, lead, staff):
    plan = action.plan
    with on(D(2027, 2, 1)):
        production.schedule_due()
    first = Report.objects.get(period=Q3)
    Report.objects.filter(pk=first.pk).update(state="ready")
    cycle = QuarterCycle(plan, Q3)
    with pytest.raises(NotClosable, match="Say why"):
        cycle.reopen(by=staff, reason="  ")
    with pytest.raises(NotClosable, match="latest closed quarter"):
        QuarterCycle(plan, Q3.previous()).reopen(by=staff, reason="Typo")
    cycle.reopen(by=staff, reason="The refuge's figures were corrected.", today=D(2027, 2, 1))
    plan.refresh_from_db()
    assert plan.locked_through == Q3.previous()
    assert cycle.stage(D(2027, 2, 2)) == Stage.REOPENED
    assert not cycle.chases(D(2027, 2, 2))
    with on(D(2027, 2, 2)):
        record(action, lead)  # the correction
        # Reopened: the schedule leaves it to staff to close again, for 21 days.
        production.schedule_due()
    assert Report.objects.filter(period=Q3).count() == 1
    assert cycle.ready_to_close(D(2027, 2, 23))
    cycle.close(by=staff, today=D(2027, 2, 3))
    assert [(p, q, r) for p, q, r in Report.due(D(2027, 2, 3))] == [(plan, Q3, 1)]
    with on(D(2027, 2, 3)):
        production.schedule_due()
    first.refresh_from_db()
    revised = Report.objects.get(period=Q3, superseded=False)
    assert first.superseded
    assert first.revision == 0
    assert revised.revision == 1
    kinds = list(QuarterEvent.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == ["closed", "reopened", "closed"]


def test_on_the_demo_a_late_q3_update_counts_and_q3_has_one_final_report(settings):
    """Acceptance: with the clock at 2 January 2027 a lead records a Q3 update and it
    counts; on 15 February 2027 the Q3 final report exists once."""
    call_command("seed_demo")
    returned = Action.objects.get(reference="2.2")  # its Q3 update was sent back
    plan = returned.plan
    lead = returned.lead.user  # the demo's lead login; create_demo_users gives its role
    lead.groups.add(Group.objects.get(name=Role.LEAD_SPECIALIST))
    with on(D(2027, 1, 2)):
        production.schedule_due()  # beat's 06:00 sweep: Q3 is not closed
        assert returned in rounds.Round(plan, Q3).missing_updates()
        client = Client()
        client.force_login(lead)
        response = client.post(
            reverse("plans:record_progress", args=[returned.pk]),
            {
                "period": str(Q3),
                "status": Status.ON_TRACK,
                "percent_complete": "40",
                "narrative": "48 referrals this quarter through the pathway.",
                "next_steps": "",
                "risks_and_issues": "",
                "reason": "",
                "seen_update_id": str(returned.latest_update_id()),
            },
        )
        assert response.status_code == 302
        assert returned not in rounds.Round(plan, Q3).missing_updates()
    assert not Report.objects.filter(plan=plan, period=Q3, kind=ReportKind.QUARTERLY).exists()
    for day in (D(2027, 2, 15), D(2027, 2, 15), D(2027, 2, 16)):
        with on(day):
            production.schedule_due()
    assert Report.objects.filter(plan=plan, period=Q3, kind=ReportKind.QUARTERLY).count() == 1


def test_staff_close_a_quarter_from_the_round_page_seeing_what_is_outstanding(
    client, action, staff
):
    url = reverse("rounds:close_quarter", args=[action.plan.pk, Q3])
    with on(D(2027, 1, 12)):
        client.force_login(staff)
        status = client.get(reverse("rounds:round_status")).content.decode()
        assert f"Close {Q3} now" in status
        page = client.get(url)
        text = " ".join(page.content.decode().split())
        assert f"Actions with no update for {Q3} (1)" in text
        assert action.title in text
        response = client.post(url)
    assert response.status_code == 302
    action.plan.refresh_from_db()
    assert action.plan.is_locked(Q3)
    assert QuarterEvent.objects.get().by == staff
    assert AuditEvent.objects.filter(kind="quarter_closed", user=staff).count() == 1


def test_a_quarter_not_ended_cannot_be_closed_by_hand(client, action, staff):
    with on(D(2026, 12, 20)):
        client.force_login(staff)
        response = client.post(reverse("rounds:close_quarter", args=[action.plan.pk, Q3]))
    assert response.status_code == 400
    assert f"{Q3} has not ended yet" in response.content.decode()
    assert not QuarterEvent.objects.exists()


def test_staff_reopen_the_latest_closed_quarter_with_a_reason(client, action, staff):
    QuarterCycle(action.plan, Q3).close(today=D(2027, 2, 1))
    url = reverse("rounds:reopen_quarter", args=[action.plan.pk, Q3])
    with on(D(2027, 2, 5)):
        client.force_login(staff)
        response = client.post(url, {"reason": ""})
        assert response.status_code == 400
        response = client.post(url, {"reason": "A refuge's count was corrected."})
    assert response.status_code == 302
    action.plan.refresh_from_db()
    assert not action.plan.is_locked(Q3)
    event = QuarterEvent.objects.get(kind="reopened")
    assert (event.by, event.reason) == (staff, "A refuge's count was corrected.")
    assert AuditEvent.objects.filter(kind="quarter_reopened", user=staff).count() == 1
    with on(D(2027, 2, 5)):
        page = client.get(url)
    assert "A refuge&#x27;s count was corrected." in page.content.decode()


def test_the_revised_report_names_the_reopening_and_what_changed(action, lead, staff):
    with on(D(2027, 2, 1)):
        QuarterCycle(action.plan, Q3).close()
    first = " ".join(_pdf_text(action.plan).split())
    assert "REVISED" not in first
    with on(D(2027, 2, 5)):
        QuarterCycle(action.plan, Q3).reopen(by=staff, reason="A refuge's count was corrected.")
        record(action, lead)
        QuarterCycle(action.plan, Q3).close(by=staff)
    text = " ".join(_pdf_text(action.plan).split())
    assert "REVISED (revision 1)" in text
    assert "first closed on 1 February 2027" in text
    assert "reopened 2026/27 Q3 on 5 February 2027 for a correction: A refuge's count" in text
    assert f"{action.reference} {action.title}" in text
    assert "awaiting sign-off" in text


def _pdf_text(plan):
    pdf = PdfReader(io.BytesIO(render_pdf(plan, Q3).content))
    return "\n".join(page.extract_text() for page in pdf.pages)


def test_staffs_inbox_lists_a_quarter_ready_to_close_until_it_is_closed(client, action, staff):
    with on(D(2027, 1, 12)):
        client.force_login(staff)
        text = " ".join(client.get(reverse("rounds:my_updates")).content.decode().split())
        assert "Quarters ready to close" in text
        close = reverse("rounds:close_quarter", args=[action.plan.pk, Q3])
        assert f'href="{close}"' in text
        client.post(close)
        text = client.get(reverse("rounds:my_updates")).content.decode()
    assert "Quarters ready to close" not in text
