"""
The dashboard's figures are kept in the cache for everyone who asks for the same plan,
quarter and filters (reports.dashboard.kept, DASHBOARD_CACHE_SECONDS): the next request
reads them in a few queries; a change to the plan's actions, progress, decisions or
milestones, or to a risk or recommendation, shows at once; any other change when the kept
copy expires; people who may not read funding never get a copy with the funding card; a
cache that does not answer costs a miss, not an error.
"""

import datetime
import logging

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import ActivityEventKind, ActivityState
from plans.models import ProgressReview, ReviewDecision, Status
from recommendations.models import RecommendationStatus
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from ..factories import (
    ActionFactory,
    ActionPlanFactory,
    ActivityFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MilestoneFactory,
    PledgeFactory,
)
from ..personas import make_person
from ..recommendations.factories import RecommendationFactory
from ..risks.factories import RiskFactory

pytestmark = pytest.mark.django_db
Q3 = Quarter(2026, 3)
NOON = datetime.datetime(2026, 11, 21, 12, tzinfo=datetime.UTC)
DASHBOARD = reverse("reports:dashboard")


@pytest.fixture(autouse=True)
def _kept_for_a_minute(settings):
    settings.DASHBOARD_CACHE_SECONDS = 60


@pytest.fixture
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def action(staff, clock):
    plan = ActionPlanFactory()
    action = ActionFactory(plan=plan, reference="1.1", pledges=[PledgeFactory(number=1)])
    record(action, staff, "First update of the quarter.")
    return action


def record(action, author, narrative, status=Status.ON_TRACK):
    return action.record_progress(
        author=author,
        period=Q3,
        status=status,
        percent_complete=40,
        narrative=narrative,
        reason="A gap." if status == Status.OFF_TRACK else "",
    )


def linked_indicator(action):
    indicator = IndicatorFactory(name="Referrals to the IDVA service")
    indicator.pledges.add(*action.pledges.all())
    return indicator


def page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_next_request_reads_the_kept_figures_in_a_few_queries(client, staff, action, clock):
    client.force_login(staff)
    first, built = page(client)
    clock.shift(30)
    second, kept = page(client)
    assert "First update of the quarter." in second
    # sign-in (4); the plan; its pledge set; the plan's newest update and decision; the
    # filter form's choices (3); the inbox's counts (the navigation's and "Waiting for
    # you", one query: the round calendar the first request read is kept). Not the two
    # dozen that work the figures out.
    assert kept == 11, kept
    # The figures (tests/queries/test_page_queries.py), and the round calendar.
    assert built == kept + 15 + 1
    # The same copy: worked out at noon, as the page says.
    assert "Figures worked out at 12:00:00." in second
    assert "other changes within 60 seconds" in second


def test_recording_progress_or_deciding_on_it_shows_at_once(
    client, staff, other_staff, action, clock
):
    client.force_login(staff)
    page(client)
    update = record(action, staff, "Off track now.", status=Status.OFF_TRACK)
    text, _ = page(client)
    assert "Off track now." in text
    assert "A gap." in text  # in the exceptions, with its reason
    assert text.count("signoff-awaiting") == 2
    ProgressReview.decide(update, decision=ReviewDecision.SIGNED_OFF, by=other_staff)
    text, _ = page(client)
    assert text.count("signoff-awaiting") == 1
    assert '<span class="signoff signoff-signed_off">Signed off</span>' in text


def test_an_action_milestone_risk_or_recommendation_changed_shows_at_once(
    client, staff, action, clock
):
    client.force_login(staff)
    page(client)
    action.title = "Refuge places for women with complex needs"
    action.save()
    assert "Refuge places for women with complex needs" in page(client)[0]
    milestone = MilestoneFactory(action=action, title="Beds commissioned", due_date=Q3.start)
    assert "Beds commissioned" in page(client)[0]
    milestone.completed_on = NOON.date()
    milestone.save()
    assert "Milestones overdue (0)" in page(client)[0]
    risk = RiskFactory(title="Refuge provider may withdraw", next_review=Q3.start)
    assert "Refuge provider may withdraw" in page(client)[0]
    risk.next_review = datetime.date(2027, 1, 31)
    risk.save()
    assert "Refuge provider may withdraw" not in page(client)[0]
    recommendation = RecommendationFactory(text="Publish the review", due_on=Q3.start)
    assert "Publish the review" in page(client)[0]
    recommendation.record_update(by=staff, status=RecommendationStatus.IMPLEMENTED, note="Done.")
    assert "Publish the review" not in page(client)[0]
    activity = ActivityFactory(action=action, started_on=NOON.date())
    assert "No verified partner activities in this quarter yet." in page(client)[0]
    activity.move(
        to=ActivityState.VERIFIED,
        allowed_from=[ActivityState.SUBMITTED],
        user=staff,
        event=ActivityEventKind.VERIFIED,
    )
    assert "No verified partner activities in this quarter yet." not in page(client)[0]


def test_any_other_change_shows_when_the_kept_copy_expires(client, staff, action, clock):
    client.force_login(staff)
    page(client)
    IndicatorValueFactory(indicator=linked_indicator(action), period=Q3, value=4321)
    clock.shift(59)
    assert "4,321" not in page(client)[0]  # kept, as the page says
    clock.shift(2)
    text, _ = page(client)
    assert "4,321" in text
    assert "Figures worked out at 12:01:01." in text


def test_a_copy_with_the_funding_card_never_reaches_someone_who_may_not_read_funding(
    client, staff, action, clock
):
    lead = make_person(Role.LEAD_SPECIALIST, username="lee.lead")
    client.force_login(staff)
    assert 'data-testid="funding-card"' in page(client)[0]
    client.force_login(lead)
    text, _ = page(client)
    assert 'data-testid="funding-card"' not in text
    assert "First update of the quarter." in text


def test_with_no_keeping_the_figures_are_worked_out_for_each_request(
    client, staff, action, clock, settings, monkeypatch
):
    settings.DASHBOARD_CACHE_SECONDS = 0
    # The inbox's round calendar is read by every request too (as the figures are).
    monkeypatch.setattr("rounds.inbox.CALENDAR_SECONDS", 0)
    client.force_login(staff)
    _, first = page(client)
    ActivityFactory(action=action, state=ActivityState.VERIFIED, started_on=NOON.date())
    text, second = page(client)
    assert "No verified partner activities in this quarter yet." not in text
    assert second == first
    assert "Figures worked out at 12:00:00.</p>" in text  # and nothing said about keeping


def test_a_cache_that_does_not_answer_costs_a_miss_not_an_error(
    client, staff, action, clock, settings, caplog
):
    settings.CACHES = {
        "default": {
            "BACKEND": "vawg_tracker.shared_cache.ForgivingRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    client.force_login(staff)
    with caplog.at_level(logging.WARNING, logger="vawg_tracker.shared_cache"):
        text, _ = page(client)
        record(action, staff, "Still shown.")
        again, _ = page(client)
    assert "First update of the quarter." in text
    assert "Still shown." in again
    assert "the cache did not answer (ConnectionError): get went on without it" in caplog.text
