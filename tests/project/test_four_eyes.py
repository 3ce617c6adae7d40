"""
Four eyes (issue 32): nobody signs off, returns, verifies or accepts their own submission
(vawg_tracker/four_eyes.py). For each record type: the submitter's POST is refused with a
403 that says why, records nothing and is in the audit log; someone else's decision still
works; the model's own method refuses too, so no other path can; and the buttons are not
offered to the submitter but are to anyone else.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse

from activities.models import Activity, ActivityEventKind, ActivityState
from plans.models import ProgressReview, ReviewDecision, Status
from vawg_tracker import audit
from vawg_tracker.audit.models import AuditEvent
from vawg_tracker.four_eyes import OwnSubmission
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, ActivityFactory

pytestmark = pytest.mark.django_db

Q3 = Quarter(2026, 3)
TODAY = datetime.datetime(2026, 11, 21, 12, tzinfo=datetime.UTC)  # in Q3


@pytest.fixture(autouse=True)
def _in_q3():
    with time_machine.travel(TODAY, tick=False):
        yield


def _refusal_of(response, obj):
    """The response is the four-eyes 403, and the audit log names the object."""
    assert response.status_code == 403
    assert "Someone else must decide on this" in response.content.decode()
    event = AuditEvent.objects.about(obj).get()
    assert event.kind == audit.Kind.FORBIDDEN
    assert event.method == "POST"
    return response.content.decode()


# --- Progress updates -------------------------------------------------------------------------


@pytest.fixture
def update(staff):
    """An update PCC staff recorded themselves (staff may record progress)."""
    action = ActionFactory(reference="2.3", title="IDVA service")
    return action.record_progress(
        author=staff, period=Q3, status=Status.ON_TRACK, percent_complete=40, narrative="Fine."
    )


@pytest.mark.parametrize(
    ("url", "data"),
    [("plans:update_sign_off", {}), ("plans:update_return", {"comment": "Say more."})],
)
def test_the_author_cannot_sign_off_or_return_their_own_update(client, staff, update, url, data):
    client.force_login(staff)
    text = _refusal_of(client.post(reverse(url, args=[update.pk]), data), update)
    assert "You recorded this update, so someone else must sign it off" in text
    assert not ProgressReview.objects.filter(update=update).exists()
    event = AuditEvent.objects.about(update).get()
    assert (event.user, event.view_name) == (staff, url)


def test_someone_else_signs_off_the_update(client, other_staff, update):
    client.force_login(other_staff)
    response = client.post(reverse("plans:update_sign_off", args=[update.pk]))
    assert response.status_code == 302
    review = ProgressReview.objects.get(update=update)
    assert (review.decision, review.reviewed_by) == (ReviewDecision.SIGNED_OFF, other_staff)
    assert not AuditEvent.objects.about(update).exists()


def test_the_model_refuses_the_authors_decision_whatever_the_path(staff, update):
    """So the public site's "what staff checked and signed off" holds: one person cannot."""
    with pytest.raises(OwnSubmission):
        ProgressReview.decide(update, decision=ReviewDecision.SIGNED_OFF, by=staff)
    with pytest.raises(OwnSubmission):  # the admin, a command, a script: a review's save
        ProgressReview(update=update, decision=ReviewDecision.SIGNED_OFF, reviewed_by=staff).save()
    assert not ProgressReview.objects.exists()


def test_the_sign_off_buttons_are_offered_to_someone_else_only(client, staff, other_staff, update):
    for page in (reverse("plans:sign_off_queue"), update.action.get_absolute_url()):
        client.force_login(staff)
        own = client.get(page).content.decode()
        assert "Awaiting someone else’s sign-off (you recorded it)" in own
        assert reverse("plans:update_sign_off", args=[update.pk]) not in own
        assert reverse("plans:update_return", args=[update.pk]) not in own
        client.force_login(other_staff)
        theirs = client.get(page).content.decode()
        assert "you recorded it" not in theirs
        assert reverse("plans:update_sign_off", args=[update.pk]) in theirs
        assert reverse("plans:update_return", args=[update.pk]) in theirs


def test_the_public_site_says_figures_were_checked_and_signed_off(client):
    """The wording the rule makes true (templates/public/home.html)."""
    from django.template.loader import get_template

    source = get_template("public/home.html").template.source
    assert "what staff checked and signed off" in source


# --- Partners' activities -----------------------------------------------------------------


@pytest.fixture
def activity(staff):
    """An activity staff logged themselves (someone on staff and in a partner, say)."""
    activity = ActivityFactory(created_by=staff, title="Training for GP practices")
    activity.record(ActivityEventKind.SUBMITTED, staff)
    return activity


@pytest.mark.parametrize(
    ("url", "data"),
    [("activities:activity_verify", {}), ("activities:activity_return", {"comment": "Why?"})],
)
def test_the_submitter_cannot_verify_or_return_their_own_activity(
    client, staff, activity, url, data
):
    client.force_login(staff)
    text = _refusal_of(client.post(reverse(url, args=[activity.pk]), data), activity)
    assert "You submitted this activity, so someone else must verify or return it." in text
    activity.refresh_from_db()
    assert activity.state == ActivityState.SUBMITTED
    assert list(activity.events.values_list("kind", flat=True)) == [ActivityEventKind.SUBMITTED]
    assert AuditEvent.objects.about(activity).get().view_name == url


def test_someone_else_verifies_the_activity(client, other_staff, activity):
    client.force_login(other_staff)
    response = client.post(reverse("activities:activity_verify", args=[activity.pk]))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.state == ActivityState.VERIFIED
    assert activity.events.last().user == other_staff


def test_the_model_refuses_the_submitters_decision_and_undoes_the_move(staff, activity):
    with pytest.raises(OwnSubmission):
        activity.move(
            to=ActivityState.VERIFIED,
            allowed_from=[ActivityState.SUBMITTED],
            user=staff,
            event=ActivityEventKind.VERIFIED,
        )
    assert activity.state == ActivityState.SUBMITTED
    assert Activity.objects.get(pk=activity.pk).state == ActivityState.SUBMITTED
    with pytest.raises(OwnSubmission):
        activity.record(ActivityEventKind.RETURNED, staff, "Why?")
    assert activity.events.count() == 1


def test_the_latest_to_put_an_activity_forward_may_not_decide(staff, other_staff, partner):
    """Returned and amended: who resubmitted it now waits for someone else."""
    activity = ActivityFactory(created_by=partner)
    activity.record(ActivityEventKind.SUBMITTED, partner)
    activity.move(
        to=ActivityState.RETURNED,
        allowed_from=[ActivityState.SUBMITTED],
        user=other_staff,
        event=ActivityEventKind.RETURNED,
        comment="Which practices?",
    )
    activity.move(
        to=ActivityState.SUBMITTED,
        allowed_from=[ActivityState.RETURNED],
        user=staff,
        event=ActivityEventKind.RESUBMITTED,
    )
    assert activity.latest_submitter_id() == staff.pk
    with pytest.raises(OwnSubmission):
        activity.record(ActivityEventKind.VERIFIED, staff)
    activity.record(ActivityEventKind.VERIFIED, other_staff)  # who returned it may verify


def test_the_verify_buttons_are_offered_to_someone_else_only(client, staff, other_staff, activity):
    page = activity.get_absolute_url()
    verify = reverse("activities:activity_verify", args=[activity.pk])
    client.force_login(staff)
    own = client.get(page).content.decode()
    assert "Awaiting someone else’s verification (you submitted it)" in own
    assert verify not in own
    assert reverse("activities:activity_return", args=[activity.pk]) not in own
    client.force_login(other_staff)
    theirs = client.get(page).content.decode()
    assert "you submitted it" not in theirs
    assert verify in theirs
