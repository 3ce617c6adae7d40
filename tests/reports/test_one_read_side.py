"""
One read side: for the same plan and quarter, the dashboard page and the quarterly report
(reports.content.QuarterlyReport, what the PDF prints) show the same numbers: the counts
by pledge and by outcome, the exceptions (off track, then at risk), each indicator's
latest value and whether it is better than its baseline, and the partner activities by
kind. Both read them from one computation (reports.progress, plans.indicators and
ActivityQuerySet.by_kind), so they cannot disagree.
"""

import datetime
import io
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from activities.models import ActivityKind, ActivityState
from plans.models import ActionPlan, Status
from pledges.models import PledgeSet
from reports.content import QuarterlyReport
from vawg_tracker.quarters import Quarter

from ..factories import ActivityFactory, PartnerOrganisationFactory

pytestmark = pytest.mark.django_db
Q2 = Quarter(2026, 2)
IN_Q2 = datetime.date(2026, 8, 10)


@pytest.fixture
def demo_plan():
    call_command("seed_demo", stdout=io.StringIO())
    plan = ActionPlan.objects.active().get()
    # Verified partner activities in the quarter, of two kinds and by two partners, and
    # some that must not count (not verified yet, withdrawn, another quarter).
    first, second = plan.actions.order_by("reference")[:2]
    refuge, college = PartnerOrganisationFactory(), PartnerOrganisationFactory()
    verified = {"state": ActivityState.VERIFIED, "started_on": IN_Q2}
    ActivityFactory(action=first, organisation=refuge, people_reached=12, sessions=2, **verified)
    ActivityFactory(action=second, organisation=college, people_reached=30, sessions=1, **verified)
    ActivityFactory(
        action=first,
        organisation=refuge,
        kind=ActivityKind.AWARENESS,
        people_reached=200,
        sessions=4,
        **verified,
    )
    ActivityFactory(action=first, organisation=college, started_on=IN_Q2, people_reached=999)
    ActivityFactory(
        action=second, organisation=refuge, people_reached=999, state=ActivityState.WITHDRAWN
    )
    ActivityFactory(
        action=second,
        organisation=college,
        people_reached=999,
        state=ActivityState.VERIFIED,
        started_on=datetime.date(2026, 11, 2),  # Q3
    )
    return plan


def _boards(client, plan):
    """The dashboard's board for each pledge set, as the page was rendered with it."""
    boards = {}
    for pledge_set in PledgeSet.objects.all():
        query = {"plan": plan.pk, "quarter": str(Q2), "pledge_set": pledge_set.pk}
        page = client.get(reverse("reports:dashboard"), query)
        assert page.status_code == 200
        boards[pledge_set] = page.context["board"]
    return boards


def _tally(tally):
    return (
        tally.item.pk,
        dict(tally.counts),
        tally.average_percent,
        tally.better,
        tally.worse,
        tally.overdue_milestones,
        [action.pk for action in tally.actions],
    )


def _action(action):
    return (action.pk, action.reference, action.status_at, action.percent_at, action.reason_at)


def _indicator(card):
    latest = card.latest
    return (
        card.indicator.pk,
        latest and (str(latest.period), latest.value),
        card.better_than_baseline,
        [(str(value.period), value.value) for value in card.values],
    )


def test_the_dashboard_and_the_report_show_the_same_numbers(client, staff, demo_plan):
    report = QuarterlyReport(demo_plan, Q2)
    client.force_login(staff)
    boards = _boards(client, demo_plan)

    # Counts by pledge: each pledge set's rows on the dashboard are the report's section.
    in_report = {
        section.pledge_set: [_tally(pledge.tally) for pledge in section.pledges]
        for section in report.pledge_sets
    }
    assert set(in_report) == set(boards)
    for pledge_set, board in boards.items():
        assert [_tally(row) for row in board.pledge_rows] == in_report[pledge_set]
        # Counts by outcome, and the plan's totals.
        assert [_tally(row) for row in board.outcome_rows] == [_tally(r) for r in report.outcomes]
        assert dict(board.status_totals) == dict(report.counts)
        # The exceptions: off track, then at risk, the same actions in the same order.
        assert [_action(a) for a in board.exceptions] == [_action(a) for a in report.exceptions]
        assert [len(board.overdue_milestones)] == [len(report.milestones_missed)]

    exceptions = [_action(a) for a in report.exceptions]
    statuses = [status for _, _, status, _, _ in exceptions]
    assert Status.OFF_TRACK in statuses
    assert Status.AT_RISK in statuses
    assert statuses == sorted(statuses, key=[Status.OFF_TRACK, Status.AT_RISK].index)

    # Indicators: each card on the dashboard says what the report says of that indicator.
    in_report = {card.indicator.pk: _indicator(card) for card in report.indicators}
    on_dashboard = [_indicator(card) for board in boards.values() for card in board.indicators]
    assert on_dashboard, "the demo links indicators to its pledges"
    for figures in on_dashboard:
        assert figures == in_report[figures[0]]
    assert any(better is not None for _, _, better, _ in on_dashboard)

    # Partner activities by kind: the dashboard's totals are the report's, partner by
    # partner, added up.
    columns = ("count", "people", "sessions", "partners")
    summed = defaultdict(lambda: dict.fromkeys(columns, 0))
    for rows in report.partners.values():
        for row in rows:
            total = summed[row["kind_label"]]
            for key in ("count", "people", "sessions"):
                total[key] += row[key]
            total["partners"] += 1
    for board in boards.values():
        dashboard = {
            row["kind_label"]: {key: row[key] for key in columns} for row in board.partner_activity
        }
        assert dashboard == dict(summed)
    training = summed[ActivityKind.TRAINING.label]
    assert training["people"] >= 42
    assert training["partners"] >= 2


def test_the_dashboard_page_prints_the_reports_figures(client, staff, demo_plan):
    """What the page prints (not only what its context holds) is the report's."""
    report = QuarterlyReport(demo_plan, Q2)
    client.force_login(staff)
    query = {"plan": demo_plan.pk, "quarter": str(Q2)}
    text = client.get(reverse("reports:dashboard"), query).content.decode()
    assert f"Off track or at risk ({len(report.exceptions)})" in text
    for action in report.exceptions[:10]:
        assert escape(f"{action.reference} {action.title}") in text
    for rows in report.partners.values():
        for row in rows:
            assert escape(row["kind_label"]) in text
