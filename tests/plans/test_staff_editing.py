"""Staff create and edit plans, actions, lead specialists and indicator values."""

import pytest
from django.urls import reverse

from plans.models import Action, ActionPlan, IndicatorValue, LeadSpecialist
from vawg_tracker.quarters import Quarter

from ..downloads import csv_rows
from ..factories import (
    ActionFactory,
    ActionPlanFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    LeadSpecialistFactory,
    PledgeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _action_data(plan, **fields):
    return {
        "plan": plan.pk,
        "reference": "3.4",
        "title": "Training for call handlers",
        "description": "",
        "pledges": [PledgeFactory(number=3).pk],
        "lead": plan.lead.pk,
        "start_date": "2026-04-01",
        "due_date": "2027-03-31",
        **fields,
    }


def test_staff_create_an_action(staff_client):
    plan = ActionPlanFactory()
    response = staff_client.post(reverse("plans:action_create"), _action_data(plan))
    action = Action.objects.get()
    assert response["Location"] == action.get_absolute_url()
    assert (action.reference, action.plan) == ("3.4", plan)


def test_a_bad_action_form_keeps_what_was_typed(staff_client):
    plan = ActionPlanFactory()
    data = _action_data(plan, due_date="2026-01-01")
    response = staff_client.post(reverse("plans:action_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The due date cannot be before the start date." in page
    assert 'value="Training for call handlers"' in page
    assert not Action.objects.exists()


def test_editing_over_someone_elses_change_is_refused_with_their_name(staff_client, staff):
    action = ActionFactory(title="Original")
    url = reverse("plans:action_edit", args=[action.pk])
    opened = staff_client.get(url).context["form"]["version"].value()
    # Meanwhile a colleague saves a change.
    action.title = "Colleague's title"
    action.save()
    data = _action_data(action.plan, reference=action.reference, title="My title", version=opened)
    data["pledges"] = [p.pk for p in action.pledges.all()]
    response = staff_client.post(url, data)
    assert response.status_code == 409
    assert "Someone else saved this while you were editing" in response.content.decode()
    assert 'value="My title"' in response.content.decode()
    action.refresh_from_db()
    assert action.title == "Colleague's title"
    # Saving again, knowingly, replaces theirs.
    data["version"] = response.context["form"]["version"].value()
    assert staff_client.post(url, data).status_code == 302
    action.refresh_from_db()
    assert action.title == "My title"
    assert action.history.first().history_user == staff


def test_staff_create_and_edit_a_plan(staff_client):
    lead = LeadSpecialistFactory()
    plan = ActionPlanFactory()
    data = {
        "strategy": plan.strategy.pk,
        "title": "VAWG action plan 2027–2029",
        "lead": lead.pk,
        "period_start": "2027-04-01",
        "period_end": "2029-03-31",
        "state": "draft",
        "description": "",
    }
    assert staff_client.post(reverse("plans:plan_create"), data).status_code == 302
    new_plan = ActionPlan.objects.get(title="VAWG action plan 2027–2029")
    url = reverse("plans:plan_edit", args=[new_plan.pk])
    data["version"] = staff_client.get(url).context["form"]["version"].value()
    data["state"] = "active"
    assert staff_client.post(url, data).status_code == 302
    new_plan.refresh_from_db()
    assert new_plan.state == "active"


def test_staff_add_a_lead_specialist(staff_client):
    data = {"name": "Robin Demo", "job_title": "DA lead", "organisation": "OPCC", "email": ""}
    assert staff_client.post(reverse("plans:lead_create"), data).status_code == 302
    assert LeadSpecialist.objects.get().name == "Robin Demo"


def test_a_second_value_for_the_same_quarter_is_refused_with_a_clear_message(staff_client):
    existing = IndicatorValueFactory(period=Quarter(2026, 2), value=12)
    url = reverse("plans:indicator_value_add", args=[existing.indicator.pk])
    response = staff_client.post(url, {"period": "2026/27 Q2", "value": "15", "note": "Recount"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This indicator already has a value for that quarter." in page
    assert 'value="15"' in page
    assert IndicatorValue.objects.get().value == 12


def test_recording_an_indicator_value_names_who_entered_it(staff_client, staff):
    indicator = IndicatorFactory()
    url = reverse("plans:indicator_value_add", args=[indicator.pk])
    response = staff_client.post(url, {"period": "2026/27 Q2", "value": "15", "note": ""})
    assert response.status_code == 302
    assert indicator.values.get().entered_by == staff


def test_the_csv_export_holds_exactly_the_filtered_rows_with_a_header(staff_client):
    plan = ActionPlanFactory()
    ActionFactory(plan=plan, reference="1.1", title="Kept", status="off_track")
    ActionFactory(plan=plan, reference="1.2", title="Dropped", status="on_track")
    ActionFactory(reference="1.1", title="Other plan", status="off_track")
    response = staff_client.get(
        reverse("plans:action_export"), {"plan": plan.pk, "status": "off_track"}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="vawg-actions-')
    rows = csv_rows(response)
    assert rows[0][:3] == ["Reference", "Title", "Plan"]
    assert [row[1] for row in rows[1:]] == ["Kept"]
    assert rows[1][5] == "Off track"


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("x")', "+1+1", "-2", "@SUM(A1)"])
def test_the_csv_export_escapes_cells_a_spreadsheet_would_run(staff_client, dangerous):
    ActionFactory(title=dangerous)
    rows = csv_rows(staff_client.get(reverse("plans:action_export")))
    assert rows[1][1] == "'" + dangerous


def test_unknown_filter_values_are_ignored_not_crashes(staff_client):
    ActionFactory()
    for query in ({"plan": "abc"}, {"status": "nope"}, {"due_after": "yesterday"}):
        assert staff_client.get(reverse("plans:action_list"), query).status_code == 200
    # A page that is not there is not found, as on every list (vawg_tracker/paging.py).
    assert staff_client.get(reverse("plans:action_list"), {"page": "999"}).status_code == 404
    assert (
        staff_client.get(reverse("reports:dashboard"), {"quarter": "2099/00 Q9"}).status_code == 200
    )
