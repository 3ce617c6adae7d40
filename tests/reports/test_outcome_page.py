"""The outcome page: where the actions serving one of the strategy's outcomes stood."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from plans.models import PlanState, Status
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, ActionPlanFactory, OutcomeFactory, PledgeFactory
from ..selects import offered, selected

pytestmark = pytest.mark.django_db
Q2, Q3 = Quarter(2026, 2), Quarter(2026, 3)


@pytest.fixture(autouse=True)
def _in_november_2026():
    with time_machine.travel(datetime.datetime(2026, 11, 21, 12, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def world(staff):
    plan = ActionPlanFactory(
        period_start=datetime.date(2025, 4, 1), period_end=datetime.date(2027, 3, 31)
    )
    safety = OutcomeFactory(strategy=plan.strategy, number=1, title="Increasing the safety")
    other = OutcomeFactory(strategy=plan.strategy, number=2, title="Holding to account")
    pledge = PledgeFactory()

    def action(ref, title, outcomes, *updates, **fields):
        made = ActionFactory(plan=plan, reference=ref, title=title, pledges=[pledge], **fields)
        made.outcomes.set(outcomes)
        for period, status, reason in updates:
            made.record_progress(
                author=staff,
                period=period,
                status=status,
                percent_complete=30,
                narrative="Reported.",
                reason=reason,
            )
        return made

    action(
        "1.1",
        "Refuge places",
        [safety],
        (Q2, Status.ON_TRACK, ""),
        (Q3, Status.OFF_TRACK, "Provider withdrew"),
    )
    action(
        "1.2",
        "Helpline hours",
        [safety, other],
        (Q3, Status.ON_TRACK, ""),
        due_date=datetime.date(2026, 9, 30),
    )
    action("2.1", "Perpetrator pilot", [other], (Q3, Status.AT_RISK, "Recruitment"))
    return plan, safety, other


def test_the_page_shows_the_outcomes_actions_as_they_stood_at_the_quarters_end(
    client, staff, world
):
    plan, safety, _ = world
    client.force_login(staff)
    url = reverse("reports:outcome_detail", args=[safety.pk])
    page = client.get(url, {"plan": plan.pk, "quarter": str(Q3)})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Outcome 1: Increasing the safety" in text
    assert "Refuge places" in text
    assert "Helpline hours" in text
    assert "Perpetrator pilot" not in text  # serves the other outcome only
    tally = page.context["tally"]
    assert tally.counts == {Status.OFF_TRACK: 1, Status.ON_TRACK: 1}
    # Worse first: 1.1 fell from on track to off track; 1.2 started, on track.
    assert [a.reference for a in tally.moved] == ["1.1", "1.2"]
    assert [a.reference for a in tally.late] == ["1.2"]  # due 30 September, still open
    assert "Provider withdrew" in text
    # The same outcome a quarter earlier: 1.1 was on track, 1.2 not yet reported.
    earlier = client.get(url, {"plan": plan.pk, "quarter": str(Q2)}).context["tally"]
    assert earlier.counts == {Status.ON_TRACK: 1, Status.NOT_STARTED: 1}


def test_its_table_is_a_labelled_region_that_scrolls_on_a_narrow_screen(client, staff, world):
    _, safety, _ = world
    client.force_login(staff)
    text = client.get(reverse("reports:outcome_detail", args=[safety.pk])).content.decode()
    assert (
        '<div class="table-responsive" role="region" tabindex="0" '
        'aria-labelledby="actions-caption">' in text
    )
    assert '<caption id="actions-caption"' in text


def test_the_dashboard_links_each_outcome_to_its_page(client, staff, world):
    plan, safety, other = world
    client.force_login(staff)
    text = client.get(reverse("reports:dashboard"), {"plan": plan.pk}).content.decode()
    for outcome in (safety, other):
        link = reverse("reports:outcome_detail", args=[outcome.pk])
        assert f'href="{link}?plan={plan.pk}&amp;quarter=2026/27%20Q3"' in text
    # The link opens the outcome at the dashboard's plan and quarter, understood.
    page = client.get(f"{link}?plan={plan.pk}&quarter=2026/27%20Q3")
    assert page.context["errors"] == {}
    assert (page.context["plan"], page.context["quarter"]) == (plan, Q3)


def test_an_outcome_whose_strategy_has_no_plan_says_so(client, staff):
    outcome = OutcomeFactory(title="Decreasing social tolerance")
    client.force_login(staff)
    page = client.get(reverse("reports:outcome_detail", args=[outcome.pk]))
    assert page.status_code == 200
    assert "No action plan of this strategy yet." in page.content.decode()


@pytest.mark.parametrize("query", [{}, {"plan": "x", "quarter": "2031/32 Q9"}, {"quarter": "?"}])
def test_its_selects_show_the_plan_and_quarter_it_shows(client, staff, world, query):
    """A draft plan for later is offered first; the page shows the active plan's latest
    quarter, and its selects have those selected."""
    plan, safety, _ = world
    ActionPlanFactory(
        strategy=plan.strategy,
        state=PlanState.DRAFT,
        period_start=datetime.date(2027, 4, 1),
        period_end=datetime.date(2029, 3, 31),
    )
    client.force_login(staff)
    page = client.get(reverse("reports:outcome_detail", args=[safety.pk]), query)
    assert (page.context["plan"], page.context["quarter"]) == (plan, Q3)
    assert selected(page) == {"plan": [str(plan.pk)], "quarter": [str(Q3)]}
    assert offered(page)["plan"][0] != str(plan.pk)
