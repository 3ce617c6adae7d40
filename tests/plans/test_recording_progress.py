"""Recording progress in the browser's forms: who may, what is kept, and no lost updates."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from plans.models import ProgressUpdate, Status
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, LeadSpecialistFactory, MilestoneFactory
from ..personas import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_user():
    return make_person(Role.LEAD_SPECIALIST, username="lee.lead", first_name="Lee")


@pytest.fixture
def action(lead_user):
    lead = LeadSpecialistFactory(user=lead_user)
    return ActionFactory(plan__lead=lead, lead=lead)


def _post(client, action, **fields):
    data = {
        "period": str(Quarter.current()),
        "status": Status.ON_TRACK,
        "percent_complete": "40",
        "narrative": "Two sessions delivered to 40 officers.",
        "next_steps": "",
        "risks_and_issues": "",
        "reason": "",
        "seen_update_id": str(action.latest_update_id()),
        **fields,
    }
    return client.post(reverse("plans:record_progress", args=[action.pk]), data)


def test_a_lead_records_progress_on_their_action_and_it_tops_the_timeline(
    client, action, lead_user
):
    client.force_login(lead_user)
    response = _post(client, action, status=Status.AT_RISK, reason="Trainer left in October.")
    assert response.status_code == 302
    assert response["Location"] == action.get_absolute_url()
    action.refresh_from_db()
    assert (action.status, action.percent_complete) == (Status.AT_RISK, 40)
    page = client.get(action.get_absolute_url()).content.decode()
    timeline = page.split('id="history-heading"', 1)[1]
    assert timeline.index("Trainer left in October.") < timeline.index("</ol>")
    assert "Progress recorded for" in page


def test_the_form_defaults_to_the_current_quarter_and_the_actions_status(client, action, lead_user):
    client.force_login(lead_user)
    form = client.get(action.get_absolute_url()).context["form"]
    assert form["period"].value() == str(Quarter.current())
    assert form["status"].value() == Status.NOT_STARTED
    assert form["seen_update_id"].value() == 0


@pytest.mark.parametrize("status", [Status.AT_RISK, Status.OFF_TRACK])
def test_at_risk_or_off_track_needs_a_reason_and_keeps_what_was_typed(
    client, action, lead_user, status
):
    client.force_login(lead_user)
    response = _post(client, action, status=status, narrative="Venue fell through.")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give a reason when an action is at risk or off track." in page
    assert "Venue fell through." in page
    assert not ProgressUpdate.objects.exists()


def test_a_second_editor_sees_the_first_ones_update_and_keeps_their_own_text(
    client, action, lead_user
):
    staff = make_person(Role.PCC_STAFF, username="sam.staff", first_name="Sam")
    seen = action.latest_update_id()  # both open the form now
    client.force_login(staff)
    assert (
        _post(client, action, narrative="Staff: venue booked.", seen_update_id=seen).status_code
        == 302
    )
    client.force_login(lead_user)
    response = _post(
        client, action, narrative="Lead: 12 officers trained.", seen_update_id=str(seen)
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone recorded an update after you opened this form" in page
    assert "Staff: venue booked." in page  # theirs
    assert "Lead: 12 officers trained." in page  # yours, still in the form
    assert ProgressUpdate.objects.count() == 1
    # Saving again, having seen theirs, records it.
    form = response.context["form"]
    assert (
        _post(
            client,
            action,
            narrative="Lead: 12 officers trained.",
            seen_update_id=form["seen_update_id"].value(),
        ).status_code
        == 302
    )
    assert ProgressUpdate.objects.count() == 2


def test_a_lead_cannot_record_progress_on_someone_elses_action(client, action):
    other = make_person(Role.LEAD_SPECIALIST, username="olu.other")
    client.force_login(other)
    assert _post(client, action).status_code == 403
    page = client.get(action.get_absolute_url())
    assert page.status_code == 200
    assert page.context["form"] is None
    assert 'action="/actions/' not in page.content.decode()


def test_the_plans_lead_may_record_progress_on_its_actions(client, lead_user):
    plan_lead = LeadSpecialistFactory(user=lead_user)
    action = ActionFactory(plan__lead=plan_lead)  # led day to day by someone else
    client.force_login(lead_user)
    assert _post(client, action).status_code == 302


def test_commissioners_see_no_form_and_cannot_post(client, action):
    commissioner = make_person(Role.COMMISSIONER, username="cam.commissioner")
    client.force_login(commissioner)
    page = client.get(action.get_absolute_url())
    assert page.status_code == 200
    assert b"<form" not in page.content.split(b'id="main"')[1].split(b"</main>")[0]
    assert _post(client, action).status_code == 403
    milestone = MilestoneFactory(action=action)
    complete = reverse("plans:milestone_complete", args=[milestone.pk])
    assert client.post(complete, {"completed_on": "2026-11-01"}).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_ticking_off_a_milestone_records_the_date(client, action, lead_user):
    milestone = MilestoneFactory(action=action, due_date=datetime.date(2026, 9, 30))
    client.force_login(lead_user)
    url = reverse("plans:milestone_complete", args=[milestone.pk])
    assert client.post(url, {"completed_on": "2026-10-02"}).status_code == 302
    milestone.refresh_from_db()
    assert milestone.completed_on == datetime.date(2026, 10, 2)


@time_machine.travel(datetime.datetime(2026, 11, 21, 12, tzinfo=datetime.UTC))
def test_a_milestone_cannot_be_ticked_off_in_the_future(client, action, lead_user):
    milestone = MilestoneFactory(action=action)
    client.force_login(lead_user)
    url = reverse("plans:milestone_complete", args=[milestone.pk])
    response = client.post(url, {"completed_on": "2026-12-25"})
    assert response.status_code == 400
    assert "cannot be completed in the future" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.completed_on is None


def test_moving_a_milestone_needs_a_reason_which_its_history_keeps(client, action, lead_user):
    milestone = MilestoneFactory(action=action, due_date=datetime.date(2026, 12, 31))
    client.force_login(lead_user)
    url = reverse("plans:milestone_move", args=[milestone.pk])
    response = client.post(url, {"due_date": "2027-02-28", "reason": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    response = client.post(url, {"due_date": "2027-02-28", "reason": "Venue closed in December"})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.due_date == datetime.date(2027, 2, 28)
    latest = milestone.history.first()
    assert latest.history_change_reason == "Venue closed in December"
    assert latest.history_user == lead_user


def test_adding_a_milestone(client, action, lead_user):
    client.force_login(lead_user)
    url = reverse("plans:milestone_add", args=[action.pk])
    response = client.post(url, {"title": "Pilot evaluated", "due_date": "2027-03-31"})
    assert response.status_code == 302
    assert action.milestones.get().title == "Pilot evaluated"
