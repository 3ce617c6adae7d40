"""
The quarterly report covers the whole strategy: every pledge set the plan's actions
deliver, its outcomes and its focus areas; and its figures are the dashboard's.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from plans.lifecycle import QuarterCycle
from plans.models import ActionPlan, FocusArea, Outcome, Status
from pledges.models import Pledge, PledgeSet
from reports.content import QuarterlyReport
from vawg_tracker.quarters import Quarter

pytestmark = pytest.mark.django_db
Q2 = Quarter(2026, 2)


@pytest.fixture
def demo_plan():
    call_command("seed_demo", stdout=io.StringIO())
    return ActionPlan.objects.active().get()


def _figures(tally):
    """What the dashboard and the report both say about a pledge."""
    return (
        tally.item.pk,
        dict(tally.counts),
        tally.average_percent,
        tally.better,
        tally.worse,
        tally.overdue_milestones,
        [(action.reference, action.status_at) for action in tally.actions],
    )


def test_the_dashboard_and_the_report_give_each_pledge_the_same_figures(client, staff, demo_plan):
    report = QuarterlyReport(demo_plan, Q2)
    in_report = {
        section.pledge_set: [_figures(pledge.tally) for pledge in section.pledges]
        for section in report.pledge_sets
    }
    assert set(in_report) == set(PledgeSet.objects.all())  # the demo plan delivers both
    client.force_login(staff)
    for pledge_set, figures in in_report.items():
        query = {"plan": demo_plan.pk, "quarter": str(Q2), "pledge_set": pledge_set.pk}
        board = client.get(reverse("reports:dashboard"), query).context["board"]
        assert board.pledge_set == pledge_set
        assert [_figures(row) for row in board.pledge_rows] == figures
    # And the figures are about something: statuses other than "not started", and movement.
    every = [f for figures in in_report.values() for f in figures]
    assert any(counts.get(Status.OFF_TRACK) for _, counts, *_ in every)
    assert any(better or worse for _, _, _, better, worse, *_ in every)


def test_the_report_has_a_section_for_each_pledge_set_in_the_order_they_were_published(
    demo_plan,
):
    report = QuarterlyReport(demo_plan, Q2)
    assert [str(section.pledge_set) for section in report.pledge_sets] == [
        "Five-point plan",  # 7 March 2012
        "Four calls on stalking",  # undated
    ]
    stalking = report.pledge_sets[1]
    assert [pledge.tally.item.number for pledge in stalking.pledges] == [1, 2, 3, 4]
    assert any(pledge.tally.actions for pledge in stalking.pledges)


def test_the_report_counts_actions_by_outcome_and_by_focus_area(demo_plan):
    report = QuarterlyReport(demo_plan, Q2)
    assert [row.item for row in report.outcomes] == list(
        Outcome.objects.filter(strategy=demo_plan.strategy).order_by("number")
    )
    assert [row.item for row in report.focus_areas] == list(
        FocusArea.objects.filter(strategy=demo_plan.strategy).order_by("number")
    )
    for row in report.outcomes:
        served = demo_plan.actions.filter(outcomes=row.item)
        assert sorted(a.reference for a in row.actions) == sorted(a.reference for a in served)
    # Each action has one focus area: the focus areas share out the plan's actions.
    assert sum(row.action_count for row in report.focus_areas) == len(report.actions)


def test_generate_report_names_every_pledge_of_both_sets_and_every_outcome(demo_plan):
    out = io.StringIO()
    QuarterCycle(demo_plan, Quarter(2026, 2)).close()
    call_command("generate_report", str(demo_plan.pk), "2026-27-q2", stdout=out)
    reader = PdfReader(out.getvalue().strip())
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    pledges = Pledge.objects.select_related("pledge_set")
    assert pledges.count() == 9
    for pledge in pledges:
        assert f"{pledge.number}: {pledge.title}" in text, pledge
    for outcome in Outcome.objects.all():
        assert f"Outcome {outcome.number}: {outcome.title}" in text, outcome
    for area in FocusArea.objects.all():
        assert f"Focus area {area.number}: {area.title}" in text, area
    assert "Delivery against the four calls on stalking" in text
