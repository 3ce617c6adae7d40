"""The dashboard: where each pledge stands at a quarter's end, and what needs attention."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from plans.models import PlanState, Status
from reports.dashboard import Dashboard
from vawg_tracker.quarters import Quarter

from ..factories import (
    ActionFactory,
    ActionPlanFactory,
    FocusAreaFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MilestoneFactory,
    PledgeFactory,
    PledgeSetFactory,
)
from ..selects import offered, selected

pytestmark = pytest.mark.django_db
Q2, Q3 = Quarter(2026, 2), Quarter(2026, 3)
ROUND_OPEN = datetime.date(2026, 12, 17)  # Q3 ends on 31 December; its round opens 14 days before


@pytest.fixture(autouse=True)
def _in_november_2026():
    with time_machine.travel(datetime.datetime(2026, 11, 21, 12, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def world(staff):
    pledge_1, pledge_2 = PledgeFactory(number=1), PledgeFactory(number=2)
    plan = ActionPlanFactory()

    def action(ref, pledges, *updates, **fields):
        made = ActionFactory(plan=plan, reference=ref, pledges=pledges, **fields)
        for period, status, percent, reason in updates:
            made.record_progress(
                author=staff,
                period=period,
                status=status,
                percent_complete=percent,
                narrative=f"{ref} in {period}",
                reason=reason,
            )
        return made

    slipping = action(
        "1.1",
        [pledge_1],
        (Q2, Status.ON_TRACK, 40, ""),
        (Q3, Status.OFF_TRACK, 45, "Provider withdrew"),
    )
    steady = action("1.2", [pledge_1, pledge_2], (Q2, Status.ON_TRACK, 60, ""))
    action(
        "2.1", [pledge_2], (Q2, Status.AT_RISK, 20, "Recruitment"), (Q3, Status.ON_TRACK, 30, "")
    )
    action("2.2", [pledge_2], start_date=datetime.date(2027, 1, 1))  # not under way yet
    MilestoneFactory(action=steady, due_date=datetime.date(2026, 10, 31))  # overdue
    MilestoneFactory(action=steady, due_date=datetime.date(2027, 1, 31))  # not yet due
    return plan, pledge_1, pledge_2, slipping, steady


def test_each_pledge_row_counts_its_actions_by_status_at_the_quarters_end(world):
    plan, pledge_1, pledge_2, *_ = world
    board = Dashboard(plan, Q3, pledge_1.pledge_set)
    rows = {row.item: row for row in board.pledge_rows}
    assert rows[pledge_1].counts == {Status.OFF_TRACK: 1, Status.ON_TRACK: 1}
    assert rows[pledge_1].average_percent == round((45 + 60) / 2)
    assert rows[pledge_1].overdue_milestones == 1
    assert (rows[pledge_1].better, rows[pledge_1].worse) == (0, 1)  # 1.1 fell to off track
    assert rows[pledge_2].counts == {Status.ON_TRACK: 2, Status.NOT_STARTED: 1}
    assert (rows[pledge_2].better, rows[pledge_2].worse) == (1, 0)  # 2.1 recovered


def test_an_earlier_quarter_shows_how_things_stood_then(world):
    plan, pledge_1, *_ = world
    board = Dashboard(plan, Q2, pledge_1.pledge_set)
    rows = {row.item: row for row in board.pledge_rows}
    assert rows[pledge_1].counts == {Status.ON_TRACK: 2}
    assert [a.reference for a in board.exceptions] == ["2.1"]


def test_the_attention_list_names_exceptions_with_reasons_overdue_milestones_and_stale(world):
    plan, pledge_1, _, slipping, steady = world
    board = Dashboard(plan, Q3, pledge_1.pledge_set, today=ROUND_OPEN)
    assert [(a.reference, a.reason_at) for a in board.exceptions] == [("1.1", "Provider withdrew")]
    assert [m.action_id for m in board.overdue_milestones] == [steady.pk]
    # 1.2 had no update in Q3; 2.2 has not started, so nothing is due from it.
    assert [a.reference for a in board.stale] == ["1.2"]


def test_before_the_round_opens_nothing_is_missing_for_the_quarter(client, staff, world):
    """Q3's round opens on 17 December: until then nobody owes a Q3 update."""
    plan, pledge_1, *_ = world
    before = ROUND_OPEN - datetime.timedelta(days=1)
    assert Dashboard(plan, Q3, pledge_1.pledge_set, today=before).stale == []
    with time_machine.travel(before):
        client.force_login(staff)
        page = client.get(reverse("reports:dashboard"), {"plan": plan.pk, "quarter": str(Q3)})
    text = " ".join(page.content.decode().split())
    assert f"No update in {Q3}" not in text
    assert "The update round opens on 17 December 2026" in text
    with time_machine.travel(ROUND_OPEN):
        client.force_login(staff)
        page = client.get(reverse("reports:dashboard"), {"plan": plan.pk, "quarter": str(Q3)})
    assert f"No update in {Q3} (1)" in page.content.decode()


def test_a_focus_area_narrows_the_whole_page(world):
    plan, pledge_1, _, slipping, _ = world
    area = FocusAreaFactory(strategy=plan.strategy)
    slipping.focus_area = area
    slipping.save()
    board = Dashboard(plan, Q3, pledge_1.pledge_set, focus_area=area)
    assert sum(row.action_count for row in board.pledge_rows) == 1
    assert board.stale == []
    assert [u.action for u in board.recent_updates] == [slipping, slipping]


def test_key_indicators_show_the_latest_value_against_the_baseline(world):
    plan, pledge_1, *_ = world
    indicator = IndicatorFactory(direction="lower", baseline_value=Decimal(230), unit="people")
    indicator.pledges.add(pledge_1)
    IndicatorValueFactory(indicator=indicator, period=Q2.previous(), value=200)
    IndicatorValueFactory(indicator=indicator, period=Q2, value=180)
    IndicatorValueFactory(indicator=indicator, period=Q3.next(), value=999)  # after the quarter
    (card,) = Dashboard(plan, Q3, pledge_1.pledge_set).indicators
    assert card.latest.value == 180
    assert card.better_than_baseline is True


def test_the_page_follows_its_query_string(client, staff, world):
    plan, pledge_1, *_ = world
    client.force_login(staff)
    page = client.get(reverse("reports:dashboard"), {"plan": plan.pk, "quarter": "2026/27 Q2"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Delivery against the five-point plan" in text
    assert "2026/27 Q2: 1 July – 30 September 2026" in text
    assert "Recruitment" in text  # 2.1 was at risk then
    assert page.context["board"].quarter == Q2


def test_the_page_lists_the_latest_updates(client, staff, world):
    client.force_login(staff)
    text = client.get(reverse("reports:dashboard")).content.decode()
    assert "1.1 in 2026/27 Q3" in text
    assert "Provider withdrew" in text


@pytest.fixture
def choices_before_the_defaults(world):
    """A draft plan for later, listed before the active one; a pledge set no action
    delivers, listed before the plan's; a focus area. None of them is in force by default."""
    ActionPlanFactory(
        title="Next plan",
        state=PlanState.DRAFT,
        period_start=datetime.date(2027, 4, 1),
        period_end=datetime.date(2029, 3, 31),
    )
    PledgeSetFactory(title="A charter nothing delivers", short_title="Charter")
    FocusAreaFactory(strategy=world[0].strategy)
    return world


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"plan": "", "quarter": "", "pledge_set": "", "focus_area": ""},
        {"plan": "banana", "quarter": "2031/32 Q9", "pledge_set": "-1", "focus_area": "x"},
    ],
)
def test_each_select_shows_the_choice_the_page_shows(
    client, staff, choices_before_the_defaults, query
):
    """With nothing asked for, or something not understood, each select has the value in
    force selected: the active plan, this quarter, the pledge set the plan delivers most,
    every focus area; not the first option offered, which a browser shows otherwise."""
    plan = choices_before_the_defaults[0]
    client.force_login(staff)
    page = client.get(reverse("reports:dashboard"), query)
    pledge_set = page.context["pledge_set"]
    assert (page.context["plan"], page.context["quarter"]) == (plan, Q3)
    assert page.context["focus_area"] is None
    assert selected(page) == {
        "plan": [str(plan.pk)],
        "quarter": [str(Q3)],
        "pledge_set": [str(pledge_set.pk)],
        "focus_area": [""],
    }
    options = offered(page)
    assert options["plan"][0] != str(plan.pk)  # the draft plan for later
    assert options["pledge_set"][0] != str(pledge_set.pk)  # the charter


def test_a_quarter_outside_the_plan_asked_for_is_its_latest_and_said_so(client, staff, world):
    """A quarter the plan asked for did not run in (one of the default plan's) is not
    understood: the page shows the plan's latest quarter, which its select shows."""
    old = ActionPlanFactory(
        title="Old plan",
        state=PlanState.CLOSED,
        period_start=datetime.date(2022, 4, 1),
        period_end=datetime.date(2025, 3, 31),
    )
    client.force_login(staff)
    page = client.get(reverse("reports:dashboard"), {"plan": old.pk, "quarter": str(Q2)})
    assert page.context["plan"] == old
    assert page.context["quarter"] == Quarter(2024, 4)
    assert selected(page)["quarter"] == [str(Quarter(2024, 4))]
    assert "were not understood" in page.content.decode()
