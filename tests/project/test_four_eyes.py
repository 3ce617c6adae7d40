"""
Four eyes (issue 32): nobody signs off, returns, verifies or accepts their own submission
(vawg_tracker/four_eyes.py). For each record type (progress updates, activities, spend
returns): the submitter's POST is refused with a 403 that says why, records nothing and is
in the audit log; someone else's decision still works; the model's own method refuses
too, so no other path can; and the buttons are not offered to the submitter but are to
anyone else.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.template.loader import get_template
from django.urls import reverse

from activities.models import ActivityEventKind, ActivityState
from funding.models import ReturnEventKind, ReturnState, SpendReturn
from plans.models import ProgressReview, ProgressUpdate, ReviewDecision, Status
from vawg_tracker import audit
from vawg_tracker.audit.models import AuditEvent
from vawg_tracker.four_eyes import OwnSubmission
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, ActivityFactory
from ..funding.factories import AwardFactory

pytestmark = pytest.mark.django_db

Q3 = Quarter(2026, 3)
TODAY = datetime.datetime(2026, 11, 21, 12, tzinfo=datetime.UTC)  # in Q3


@pytest.fixture(autouse=True)
def _in_q3():
    with time_machine.travel(TODAY, tick=False):
        yield


# --- What staff submitted themselves, one of each --------------------------------------------


@pytest.fixture
def update(staff):
    """A progress update PCC staff recorded themselves (staff may record progress)."""
    action = ActionFactory(reference="2.3", title="IDVA service")
    return action.record_progress(
        author=staff, period=Q3, status=Status.ON_TRACK, percent_complete=40, narrative="Fine."
    )


@pytest.fixture
def activity(staff):
    """An activity staff logged themselves (someone on staff and in a partner, say)."""
    activity = ActivityFactory(created_by=staff, title="Training for GP practices")
    activity.record(ActivityEventKind.SUBMITTED, staff)
    return activity


def _submit_return(user):
    return SpendReturn.submit(
        award=AwardFactory(),
        period=Quarter(2024, 1),
        spend=Decimal("9000.00"),
        variance_note="",
        achieved={},
        user=user,
    )


@pytest.fixture
def spend_return(staff):
    """A spend return staff submitted themselves (for a partner, say)."""
    return _submit_return(staff)


def _decided(submission):
    """What the database holds of decisions on it: its review, or its state and steps."""
    if isinstance(submission, ProgressUpdate):
        return list(ProgressReview.objects.filter(update=submission).values_list("decision"))
    fresh = type(submission).objects.get(pk=submission.pk)
    return fresh.state, list(fresh.events.values_list("kind", flat=True))


# (fixture, the decision's URL name, its form, why the submitter may not)
DECISIONS = [
    ("update", "plans:update_sign_off", {}, "You recorded this update, so someone else must"),
    ("update", "plans:update_return", {"comment": "Say more."}, "You recorded this update"),
    ("activity", "activities:activity_verify", {}, "You submitted this activity, so someone"),
    ("activity", "activities:activity_return", {"comment": "Why?"}, "You submitted this activity"),
    ("spend_return", "funding:return_accept", {}, "You submitted this return, so someone else"),
    ("spend_return", "funding:return_return", {"comment": "Which?"}, "You submitted this return"),
]


@pytest.mark.parametrize(("kind", "url", "data", "reason"), DECISIONS)
def test_the_submitter_cannot_decide_on_their_own_submission(
    client, request, staff, kind, url, data, reason
):
    submission = request.getfixturevalue(kind)
    before = _decided(submission)
    client.force_login(staff)
    response = client.post(reverse(url, args=[submission.pk]), data)
    assert response.status_code == 403
    text = response.content.decode()
    assert "Someone else must decide on this" in text
    assert reason in text
    assert _decided(submission) == before  # nothing recorded
    event = AuditEvent.objects.about(submission).get()
    assert (event.kind, event.user, event.view_name, event.method) == (
        audit.Kind.FORBIDDEN,
        staff,
        url,
        "POST",
    )


@pytest.mark.parametrize(("kind", "url", "data", "reason"), DECISIONS)
def test_someone_else_decides(client, request, other_staff, kind, url, data, reason):
    submission = request.getfixturevalue(kind)
    before = _decided(submission)
    client.force_login(other_staff)
    response = client.post(reverse(url, args=[submission.pk]), data)
    assert response.status_code == 302
    assert _decided(submission) != before
    assert not AuditEvent.objects.about(submission).exists()


@pytest.mark.parametrize(("kind", "url", "data", "reason"), DECISIONS)
def test_with_four_eyes_off_the_submitter_decides(
    client, request, settings, staff, kind, url, data, reason
):
    """A one-person office (FOUR_EYES off): nobody else could decide, so they may."""
    settings.FOUR_EYES = False
    submission = request.getfixturevalue(kind)
    before = _decided(submission)
    client.force_login(staff)
    response = client.post(reverse(url, args=[submission.pk]), data)
    assert response.status_code == 302
    assert _decided(submission) != before
    assert not AuditEvent.objects.about(submission).exists()


# (fixture, the page that offers the decision, its URL names, what the submitter reads)
PAGES = [
    (
        "update",
        lambda update: reverse("plans:sign_off_queue"),
        ["plans:update_sign_off", "plans:update_return"],
        "Awaiting someone else’s sign-off (you recorded it)",
    ),
    (
        "update",
        lambda update: update.action.get_absolute_url(),
        ["plans:update_sign_off", "plans:update_return"],
        "Awaiting someone else’s sign-off (you recorded it)",
    ),
    (
        "activity",
        lambda activity: activity.get_absolute_url(),
        ["activities:activity_verify", "activities:activity_return"],
        "Awaiting someone else’s verification (you submitted it)",
    ),
    (
        "spend_return",
        lambda spend_return: spend_return.award.get_absolute_url(),
        ["funding:return_accept", "funding:return_return"],
        "Awaiting someone else’s review (you submitted it)",
    ),
]


# Not "page": pytest-playwright would take a parameter of that name for its browser page, run
# the test in Chromium's group, and the non-transactional tests after it on an emptied database.
@pytest.mark.parametrize(("kind", "page_of", "urls", "awaiting"), PAGES)
def test_the_buttons_are_offered_to_someone_else_only(
    client, request, staff, other_staff, kind, page_of, urls, awaiting
):
    submission = request.getfixturevalue(kind)
    actions = [reverse(url, args=[submission.pk]) for url in urls]
    client.force_login(staff)
    own = client.get(page_of(submission)).content.decode()
    assert awaiting in own
    assert [action for action in actions if action in own] == []
    client.force_login(other_staff)
    theirs = client.get(page_of(submission)).content.decode()
    assert "Awaiting someone else’s" not in theirs
    assert [action for action in actions if action in theirs] == actions


@pytest.mark.parametrize(("kind", "page_of", "urls", "awaiting"), PAGES)
def test_with_four_eyes_off_the_buttons_are_offered_to_the_submitter(
    client, request, settings, staff, kind, page_of, urls, awaiting
):
    settings.FOUR_EYES = False
    submission = request.getfixturevalue(kind)
    actions = [reverse(url, args=[submission.pk]) for url in urls]
    client.force_login(staff)
    own = client.get(page_of(submission)).content.decode()
    assert "Awaiting someone else’s" not in own
    assert [action for action in actions if action in own] == actions


# --- The models refuse, whatever the path -----------------------------------------------------


def test_a_review_of_ones_own_update_is_refused_by_the_model(staff, update):
    """So "signed off" on the public site means someone other than its author signed it off."""
    with pytest.raises(OwnSubmission):
        ProgressReview.decide(update, decision=ReviewDecision.SIGNED_OFF, by=staff)
    own = ProgressReview(update=update, decision=ReviewDecision.SIGNED_OFF, reviewed_by=staff)
    with pytest.raises(OwnSubmission):  # the admin, a command, a script: a review's save
        own.save()
    with pytest.raises(OwnSubmission):  # past save(), as the demo data loads its reviews
        ProgressReview.objects.bulk_create([own])
    assert not ProgressReview.objects.exists()


def test_the_public_site_says_figures_were_signed_off_and_claims_no_second_check_itself():
    """Site-wide, only what is true with four eyes off too: staff signed the figures off. A
    second check is said of a publication that records one (tests/public/test_second_check.py)."""
    home = get_template("public/home.html").template.source
    assert "Each figure is what staff signed off" in home
    assert "second" not in home


@pytest.mark.parametrize(
    ("kind", "state", "decision"),
    [
        ("activity", ActivityState.VERIFIED, ActivityEventKind.VERIFIED),
        ("spend_return", ReturnState.ACCEPTED, ReturnEventKind.ACCEPTED),
    ],
)
def test_the_model_refuses_the_submitters_move_and_undoes_it(request, staff, kind, state, decision):
    submission = request.getfixturevalue(kind)
    before = _decided(submission)
    waiting = submission.state
    with pytest.raises(OwnSubmission):
        submission.move(to=state, allowed_from=[waiting], user=staff, event=decision)
    assert submission.state == waiting
    with pytest.raises(OwnSubmission):
        submission.record(decision, staff)
    assert _decided(submission) == before


def _activity_by(user):
    activity = ActivityFactory(created_by=user)
    activity.record(ActivityEventKind.SUBMITTED, user)
    return activity


def _resubmit_activity(activity, user):
    return activity.move(
        to=ActivityState.SUBMITTED,
        allowed_from=[ActivityState.RETURNED],
        user=user,
        event=ActivityEventKind.RESUBMITTED,
    )


def _resubmit_return(spend_return, user):
    return spend_return.resubmit(spend=Decimal("8000.00"), variance_note="", achieved={}, user=user)


@pytest.mark.parametrize(
    ("submit", "states", "steps", "resubmit", "decision"),
    [
        (_activity_by, ActivityState, ActivityEventKind, _resubmit_activity, "verified"),
        (_submit_return, ReturnState, ReturnEventKind, _resubmit_return, "accepted"),
    ],
)
def test_who_last_put_it_forward_may_not_decide(
    staff, other_staff, partner, submit, states, steps, resubmit, decision
):
    """A partner submits, staff return it, someone else amends and resubmits: not them."""
    submission = submit(partner)
    returned = submission.move(
        to=states.RETURNED,
        allowed_from=[states.SUBMITTED],
        user=other_staff,
        event=steps.RETURNED,
        comment="Which?",
    )
    assert returned
    assert resubmit(submission, staff)
    assert submission.latest_submitter_id() == staff.pk
    with pytest.raises(OwnSubmission):
        submission.record(decision, staff)
    submission.record(decision, other_staff)  # who returned it may decide now
    assert submission.events.last().user == other_staff
