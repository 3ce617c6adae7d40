"""Reports exist once per plan, quarter and kind; what is due is derived from the data."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction

from plans.models import PlanState
from reports.models import Report, ReportKind, ReportState
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, ActionPlanFactory

pytestmark = pytest.mark.django_db
NOV_2026 = datetime.date(2026, 11, 21)


def due_on(day):
    return [(plan, quarter) for plan, quarter, _ in Report.due(today=day)]


def test_an_active_plan_is_due_a_report_for_each_recent_closed_quarter(settings):
    settings.REPORT_CATCH_UP_QUARTERS = 2
    plan = ActionPlanFactory(
        period_start=datetime.date(2025, 4, 1), period_end=datetime.date(2027, 3, 31)
    )
    ActionPlanFactory(state=PlanState.CLOSED)
    ActionPlanFactory(
        period_start=datetime.date(2026, 10, 1), period_end=datetime.date(2027, 3, 31)
    )
    # 21 November: Q2's deadline (10 October) and its last day open (31 October) have
    # passed, so the schedule closes it; Q3 is still running.
    assert due_on(NOV_2026) == [(plan, Quarter(2026, 2)), (plan, Quarter(2026, 1))]


def test_a_quarter_with_a_live_report_is_not_due_again():
    plan = ActionPlanFactory()
    Report.request(plan, Quarter(2026, 2), kind=ReportKind.QUARTERLY, via="schedule")
    assert (plan, Quarter(2026, 2)) not in due_on(NOV_2026)


def test_a_quarters_report_is_due_when_it_closes_not_when_it_ends():
    plan = ActionPlanFactory()
    ActionFactory(plan=plan, start_date=datetime.date(2026, 4, 1))  # its Q3 update missing
    q3 = Quarter(2026, 3)
    # It ends on 31 December; updates are due by 10 January; it is in review until 31
    # January with an update missing, and closes on the schedule's first run after.
    for day in (datetime.date(2027, 1, 1), datetime.date(2027, 1, 10), datetime.date(2027, 1, 31)):
        assert (plan, q3) not in due_on(day), day
    assert (plan, q3) in due_on(datetime.date(2027, 2, 1))


def test_requesting_twice_gives_the_same_report():
    plan = ActionPlanFactory()
    first, created = Report.request(plan, Quarter(2026, 2), kind=ReportKind.QUARTERLY)
    second, again = Report.request(plan, Quarter(2026, 2), kind=ReportKind.QUARTERLY)
    assert (created, again) == (True, False)
    assert first == second


def test_replacing_a_ready_report_keeps_the_old_one_as_superseded():
    plan = ActionPlanFactory()
    old, _ = Report.request(plan, Quarter(2026, 2), kind=ReportKind.QUARTERLY)
    Report.objects.filter(pk=old.pk).update(state=ReportState.READY)
    new, created = Report.request(plan, Quarter(2026, 2), kind=ReportKind.QUARTERLY, replace=True)
    old.refresh_from_db()
    assert created
    assert old.superseded
    assert not new.superseded


def test_the_database_refuses_a_second_live_report_for_the_same_quarter():
    plan = ActionPlanFactory()
    Report.objects.create(plan=plan, period=Quarter(2026, 2), kind=ReportKind.QUARTERLY)
    Report.objects.create(plan=plan, period=Quarter(2026, 2), kind=ReportKind.DRAFT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(plan=plan, period=Quarter(2026, 2), kind=ReportKind.QUARTERLY)


def test_only_one_claim_on_a_report_succeeds():
    report, _ = Report.request(ActionPlanFactory(), Quarter(2026, 2), kind=ReportKind.QUARTERLY)
    other_worker = Report.objects.get(pk=report.pk)
    assert report.claim("node-1@web-host")
    assert not other_worker.claim("node-2@web-host")
    report.refresh_from_db()
    assert (report.state, report.attempts) == (ReportState.RUNNING, 1)
    assert report.worker == "node-1@web-host"  # the winner, not the one that lost


def test_a_report_running_for_longer_than_any_task_may_is_stale(settings):
    settings.REPORT_STALE_AFTER = 360
    report, _ = Report.request(ActionPlanFactory(), Quarter(2026, 2), kind=ReportKind.QUARTERLY)
    with time_machine.travel(datetime.datetime(2026, 11, 21, 9, tzinfo=datetime.UTC)):
        report.claim()
    at = datetime.datetime(2026, 11, 21, 9, 5, tzinfo=datetime.UTC)
    assert report not in Report.objects.stale(now=at)
    assert report in Report.objects.stale(now=at + datetime.timedelta(minutes=2))


def test_report_files_are_named_for_the_quarter_not_for_people():
    report, _ = Report.request(ActionPlanFactory(), Quarter(2026, 2), kind=ReportKind.QUARTERLY)
    assert report.download_name == "vawg-delivery-report-2026-27-Q2.pdf"
    draft, _ = Report.request(report.plan, Quarter(2026, 3), kind=ReportKind.DRAFT)
    assert draft.download_name == "vawg-delivery-report-2026-27-Q3-draft.pdf"
