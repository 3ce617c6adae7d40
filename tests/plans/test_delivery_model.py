"""The delivery model holds what must always hold, in the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from plans.models import Action, AppendOnlyError, ProgressUpdate, Status
from vawg_tracker.quarters import Quarter

from ..factories import (
    ActionFactory,
    ActionPlanFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MilestoneFactory,
    PartnerMembershipFactory,
    PledgeFactory,
)

pytestmark = pytest.mark.django_db
Q3 = Quarter(2026, 3)


def _record(action, author, **overrides):
    fields = {
        "author": author,
        "period": Q3,
        "status": Status.ON_TRACK,
        "percent_complete": 40,
        "narrative": "Two training sessions delivered.",
    }
    return action.record_progress(**{**fields, **overrides})


def test_recording_progress_moves_the_actions_status_and_percent(lead):
    action = ActionFactory()
    update = _record(action, lead, status=Status.AT_RISK, percent_complete=55, reason="Funding")
    action.refresh_from_db()
    assert (action.status, action.percent_complete) == (Status.AT_RISK, 55)
    assert update.period == Q3
    assert ProgressUpdate.objects.get().author == lead


def test_progress_and_the_action_change_together_or_not_at_all(lead, monkeypatch):
    action = ActionFactory()

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Action, "save", fail)
    with pytest.raises(RuntimeError):
        _record(action, lead, status=Status.COMPLETED, percent_complete=100)
    assert not ProgressUpdate.objects.exists()
    assert Action.objects.get().status == Status.NOT_STARTED


@pytest.mark.parametrize("status", [Status.AT_RISK, Status.OFF_TRACK])
def test_at_risk_or_off_track_without_a_reason_is_refused_with_a_message(lead, status):
    action = ActionFactory()
    with pytest.raises(ValidationError) as refused:
        _record(action, lead, status=status, reason="")
    assert "Give a reason when an action is at risk or off track." in str(refused.value)
    action.refresh_from_db()
    assert action.status == Status.NOT_STARTED
    assert not ProgressUpdate.objects.exists()


def test_the_database_itself_refuses_at_risk_without_a_reason(lead):
    action = ActionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdate.objects.create(
            action=action,
            author=lead,
            period=Q3,
            status=Status.OFF_TRACK,
            percent_complete=10,
            narrative="Stalled.",
        )


def test_progress_updates_cannot_be_changed_or_deleted(lead):
    update = _record(ActionFactory(), lead)
    update.narrative = "Rewritten history"
    with pytest.raises(AppendOnlyError):
        update.save()
    with pytest.raises(AppendOnlyError):
        update.delete()
    with pytest.raises(AppendOnlyError):
        ProgressUpdate.objects.filter(pk=update.pk).update(narrative="Rewritten")
    with pytest.raises(AppendOnlyError):
        ProgressUpdate.objects.all().delete()
    update = ProgressUpdate.objects.get()
    assert update.narrative == "Two training sessions delivered."


def test_a_correction_is_a_new_update_and_the_latest_one_sets_the_status(lead):
    action = ActionFactory()
    _record(action, lead, status=Status.ON_TRACK, percent_complete=40)
    _record(action, lead, status=Status.ON_TRACK, percent_complete=35, narrative="Corrected")
    action.refresh_from_db()
    assert action.percent_complete == 35
    assert action.progress_updates.count() == 2
    assert action.progress_updates.first().narrative == "Corrected"


@pytest.mark.parametrize("percent", [-1, 101])
def test_percent_complete_stays_between_0_and_100(percent):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(percent_complete=percent)


def test_action_references_are_unique_within_a_plan_but_not_across_plans():
    action = ActionFactory(reference="1.3")
    ActionFactory(reference="1.3")  # another plan
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(reference="1.3", plan=action.plan)


def test_an_action_cannot_be_due_before_it_starts():
    action = ActionFactory.build(
        plan=ActionPlanFactory(), start_date="2026-05-01", due_date="2026-04-30"
    )
    action.lead = action.plan.lead
    with pytest.raises(ValidationError, match="The due date cannot be before the start date"):
        action.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        action.save()


def test_a_partner_user_belongs_to_exactly_one_organisation(partner):
    # The partner persona already belongs to one.
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerMembershipFactory(user=partner)


def test_an_indicator_has_one_value_per_quarter():
    indicator = IndicatorFactory()
    IndicatorValueFactory(indicator=indicator, period=Q3)
    IndicatorValueFactory(indicator=indicator, period=Q3.next())
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValueFactory(indicator=indicator, period=Q3)


def test_pledge_numbers_are_unique_in_their_set():
    pledge = PledgeFactory(number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(pledge).objects.create(
            pledge_set=pledge.pledge_set, number=1, title="Again", commitment="Again"
        )


def test_an_action_with_progress_updates_cannot_be_deleted(lead):
    action = ActionFactory()
    _record(action, lead)
    with pytest.raises(ProtectedError):
        action.delete()


def test_a_plan_with_actions_cannot_be_deleted():
    action = ActionFactory()
    with pytest.raises(ProtectedError):
        action.plan.delete()


def test_overdue_and_stale_actions_are_found_by_their_querysets(lead):
    today = datetime.date(2026, 11, 21)
    late = ActionFactory(due_date=datetime.date(2026, 9, 30))
    done = ActionFactory(due_date=datetime.date(2026, 9, 30), status=Status.COMPLETED)
    fresh = ActionFactory()
    _record(fresh, lead, period=Q3)
    ActionFactory(start_date=datetime.date(2027, 1, 4))  # not under way yet: nothing due
    assert list(Action.objects.overdue(today)) == [late]
    assert set(Action.objects.stale(Q3)) == {late}
    assert done not in Action.objects.stale(Q3)
    milestone = MilestoneFactory(action=fresh, due_date=datetime.date(2026, 10, 1))
    assert milestone.is_overdue(today)
    assert milestone in type(milestone).objects.overdue(today)


def test_status_carries_its_rag_colour_and_whether_it_needs_a_reason():
    assert Status.OFF_TRACK.rag == "red"
    assert Status.AT_RISK.rag == "amber"
    assert Status.ON_TRACK.rag == "green"
    assert Status.COMPLETED.rag == "blue"
    assert Status.AT_RISK.needs_reason
    assert not Status.ON_TRACK.needs_reason
    assert all(status.colour.startswith("#") for status in Status)
