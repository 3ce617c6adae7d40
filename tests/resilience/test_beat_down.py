"""
Celery beat is down over a quarter's end and a round's reminder days: when it runs again it
catches up once. The scheduled tasks are called here on a moved clock, as beat would call
them; running them again (a second beat, a task delivered twice) changes nothing.
"""

import datetime
from collections import Counter

import pytest
import time_machine
from celery.signals import task_prerun
from django.core import mail

from plans.models import PlanState, Status
from reports import tasks as report_tasks
from reports.models import Report, ReportKind, ReportState
from rounds import tasks as plan_tasks
from rounds.models import Reminder, ReminderKind
from vawg_tracker.accounts.models import Role
from vawg_tracker.celery import app as celery_app
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, ActionPlanFactory, LeadSpecialistFactory
from ..personas import make_person
from ..reporting import plan_worth_reporting

pytestmark = [pytest.mark.resilience, pytest.mark.django_db]


def on(day, hour):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC), tick=True
    )


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def beat_runs_schedule_due(day, capture):
    """Beat at 06:00 on ``day``; returns how many reports.generate tasks it queued (which the
    worker, eager here, ran)."""
    ran = []

    def count(sender, **kwargs):
        ran.append(sender.name)

    task_prerun.connect(count, weak=False)
    try:
        with on(day, 6), capture(execute=True):
            report_tasks.schedule_due_reports()
    finally:
        task_prerun.disconnect(count)
    return ran.count("reports.generate")


def test_reports_missed_while_beat_was_down_over_quarter_ends_are_produced_once(
    settings, eager_celery, django_capture_on_commit_callbacks, figures
):
    settings.REPORT_CATCH_UP_QUARTERS = 2
    staff = make_person(Role.PCC_STAFF, username="sam.staff")
    plan_worth_reporting(staff, title="Plan A")
    ActionFactory(plan=ActionPlanFactory(title="Plan B"), title="Officer training")
    ActionPlanFactory(title="Plan in draft", state=PlanState.DRAFT)
    q1, q2 = Quarter(2026, 1), Quarter(2026, 2)  # April–June and July–September 2026

    # Beat's last run before it went down, on 29 June: the two quarters before Q1.
    with on(datetime.date(2026, 6, 29), 6), django_capture_on_commit_callbacks():
        report_tasks.schedule_due_reports()
    before = set(Report.objects.values_list("pk", flat=True))
    assert {r.period for r in Report.objects.all()} == {q1.previous(), q1.previous().previous()}

    # Down over the ends of Q1 (30 June) and Q2 (30 September), and over the day Q2
    # closed (31 October: its updates were due on 10 October, plus 21 days for sign-off);
    # back on 9 November.
    capture = django_capture_on_commit_callbacks
    queued = beat_runs_schedule_due(datetime.date(2026, 11, 9), capture)
    caught_up = Report.objects.exclude(pk__in=before)
    assert sorted((r.plan.title, str(r.period), r.kind) for r in caught_up) == [
        ("Plan A", str(q1), ReportKind.QUARTERLY),
        ("Plan A", str(q2), ReportKind.QUARTERLY),
        ("Plan B", str(q1), ReportKind.QUARTERLY),
        ("Plan B", str(q2), ReportKind.QUARTERLY),
    ]
    assert queued == 4
    assert {(r.state, r.attempts) for r in caught_up} == {(ReportState.READY, 1)}
    files = sorted(settings.REPORTS_ROOT.rglob("*.pdf"))
    assert len(files) == 4

    # A second beat the same morning, and the next day's: nothing new, nothing queued.
    again = [beat_runs_schedule_due(datetime.date(2026, 11, day), capture) for day in (9, 10)]
    assert again == [0, 0]
    # Each report's task delivered a second time: the claim turns it away.
    ready = {r.pk: (r.sha256, r.file.name) for r in caught_up}
    for pk in ready:
        report_tasks.generate_report.apply(args=[pk])
    assert {r.pk: (r.sha256, r.file.name) for r in Report.objects.filter(pk__in=ready)} == ready
    assert sorted(settings.REPORTS_ROOT.rglob("*.pdf")) == files
    assert Report.objects.filter(pk__in=ready, attempts=1).count() == 4
    assert Report.objects.filter(plan__state=PlanState.DRAFT).count() == 0

    figures("reports caught up after beat was down over two quarter ends", len(ready))
    figures("tasks queued by the catching-up run", queued)
    figures("tasks queued by the two runs after it", again)
    figures("PDF files after a second delivery of each task", len(files))


def test_reminders_missed_while_beat_was_down_are_sent_once_when_it_returns(figures):
    """Q3 2026/27's round opens on 17 December, is due on 10 January, last call on 7 January."""
    q3 = Quarter(2026, 3)
    leads = {}
    plan = ActionPlanFactory(lead=LeadSpecialistFactory())
    for name in ("lee", "kim"):
        user = make_person(Role.LEAD_SPECIALIST, username=f"{name}.lead")
        leads[name] = user
        action = ActionFactory(plan=plan, lead=LeadSpecialistFactory(user=user))
        action.record_progress(
            author=user, period=q3.previous(), status=Status.ON_TRACK, percent_complete=10,
            narrative="Last quarter's update.",
        )  # fmt: skip
    staff = make_person(Role.PCC_STAFF, username="sam.staff", is_staff=True)

    def beat(day):
        with on(day, 7):
            plan_tasks.send_round_reminders()

    beat(datetime.date(2026, 12, 16))  # the day before the round opens: nothing yet
    assert mail.outbox == []
    # Down from 17 December to 7 January; back on the 8th, then again the same day, and
    # on the 9th.
    for day in (8, 8, 9):
        beat(datetime.date(2027, 1, day))
    due_soon = Counter(message.to[0] for message in mail.outbox)
    assert due_soon == {leads["lee"].email: 1, leads["kim"].email: 1}
    assert all(m.subject.startswith("Three days left") for m in mail.outbox)
    # Down again over the deadline (10 January); back on the 13th, twice, and the 14th.
    mail.outbox.clear()
    for day in (13, 13, 14):
        beat(datetime.date(2027, 1, day))
    overdue = Counter((message.to[0], message.subject.split(":")[0]) for message in mail.outbox)
    assert overdue == {
        (leads["lee"].email, "Overdue"): 1,
        (leads["kim"].email, "Overdue"): 1,
        (staff.email, "Overdue updates"): 1,
    }
    kinds = Counter(Reminder.objects.filter(period=q3).values_list("kind", flat=True))
    assert kinds == {
        ReminderKind.DUE_SOON: 2, ReminderKind.OVERDUE: 2, ReminderKind.STAFF_SUMMARY: 1,
    }  # fmt: skip
    assert not Reminder.objects.filter(sent_at=None).exists()

    figures("beat runs after each outage", 3)
    figures("emails after the first outage (one per lead)", sum(due_soon.values()))
    figures("emails after the second outage (leads + staff summary)", sum(overdue.values()))
