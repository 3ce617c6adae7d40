"""
"My updates" is everyone's inbox (rounds.inbox): leads, partners and PCC staff each see
what they owe with its due date and a link to act, the navigation shows the same count,
and the dashboard's "Waiting for you" agrees. When something of yours is returned you are
told once (rounds.returned): at once, or in one daily digest if you chose it.

The clock is frozen on 20 December 2026: the 2026/27 Q3 round is open (17 December to
10 January 2027).
"""

import datetime
import smtplib
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from activities.models import ActivityState
from funding.models import ReturnState, SpendReturn
from plans.models import ProgressUpdate, Status
from rounds import returned, tasks
from rounds.models import ReturnedNotice
from vawg_tracker.accounts.models import EmailPreference, ReturnedEmails, Role
from vawg_tracker.quarters import Quarter

from ..factories import (
    ActionFactory,
    ActionPlanFactory,
    ActivityFactory,
    LeadSpecialistFactory,
    MilestoneFactory,
    PartnerMembershipFactory,
)
from ..funding.factories import AwardFactory
from ..personas import make_person

pytestmark = pytest.mark.django_db

Q2, Q3 = Quarter(2026, 2), Quarter(2026, 3)
TODAY = datetime.date(2026, 12, 20)


@pytest.fixture(autouse=True)
def frozen():
    at = datetime.datetime.combine(TODAY, datetime.time(9), tzinfo=datetime.UTC)
    with time_machine.travel(at, tick=False):
        yield


@pytest.fixture
def run_tasks_now(monkeypatch):
    """The worker, in the test: a queued notify_returned runs when the view's work commits."""
    monkeypatch.setattr(tasks.notify_returned, "delay", tasks.notify_returned)


@pytest.fixture
def world():
    """One plan; Lee leads two actions; Savera UK and SafeLives deliver the first, each with
    a partner user; Savera UK holds an award; two members of PCC staff."""
    lee = make_person(Role.LEAD_SPECIALIST, username="lee.lead", first_name="Lee")
    lead = LeadSpecialistFactory(user=lee)
    plan = ActionPlanFactory(lead=lead)
    a1 = ActionFactory(plan=plan, lead=lead, reference="1.1", title="IDVA caseload")
    a2 = ActionFactory(plan=plan, lead=lead, reference="1.2", title="Schools programme")
    savera_user = make_person(Role.PARTNER, username="sam.savera")
    savera = PartnerMembershipFactory(user=savera_user, organisation__name="Savera UK")
    safelives_user = make_person(Role.PARTNER, username="sol.safelives")
    safelives = PartnerMembershipFactory(user=safelives_user, organisation__name="SafeLives")
    a1.delivery_partners.add(savera.organisation, safelives.organisation)
    award = AwardFactory(
        organisation=savera.organisation,
        reference="VAWG-2026-004",
        title="Ring-fenced ISVA posts",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
        amounts={2026: Decimal("80000.00")},
    )
    staff = make_person(Role.PCC_STAFF, username="sam.staff", first_name="Sam")
    checker = make_person(Role.PCC_STAFF, username="cat.checker", first_name="Cat")
    return {
        "plan": plan,
        "lee": lee,
        "a1": a1,
        "a2": a2,
        "savera": savera_user,
        "safelives": safelives_user,
        "savera_org": savera.organisation,
        "safelives_org": safelives.organisation,
        "award": award,
        "staff": staff,
        "checker": checker,
    }


def spend_return(world, user=None, quarter=Q2):
    return SpendReturn.submit(
        award=world["award"],
        period=quarter,
        spend=Decimal("20000.00"),
        variance_note="",
        achieved={},
        user=user or world["savera"],
    )


def update(action, author):
    return action.record_progress(
        author=author,
        period=Q3,
        status=Status.ON_TRACK,
        percent_complete=50,
        narrative="Delivered as planned.",
    )


def my_updates(client, user):
    client.force_login(user)
    response = client.get(reverse("rounds:my_updates"))
    assert response.status_code == 200
    return response.content.decode()


def sent_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


# --- The inbox -----------------------------------------------------------------------------


def test_a_partner_whose_return_was_sent_back_sees_it_with_its_award_reference(client, world):
    returned_one = spend_return(world)
    returned_one.move(
        to=ReturnState.RETURNED,
        allowed_from=[ReturnState.SUBMITTED],
        user=world["staff"],
        event="returned",
        comment="Split the spend by output, please.",
    )
    page = my_updates(client, world["savera"])
    assert "Nothing is due from you now" not in page
    assert "Spend return VAWG-2026-004 Ring-fenced ISVA posts, 2026/27 Q2" in page
    assert "Split the spend by output, please." in page
    assert reverse("funding_portal:return_amend", args=[returned_one.pk]) in page
    # SafeLives has no award and sees none of Savera UK's.
    assert "VAWG-2026-004" not in my_updates(client, world["safelives"])


def test_a_partners_returned_activity_is_on_its_my_updates_and_no_one_elses(client, world):
    activity = ActivityFactory(
        action=world["a1"],
        organisation=world["safelives_org"],
        created_by=world["safelives"],
        title="Drop-in sessions",
    )
    activity.move(
        to=ActivityState.RETURNED,
        allowed_from=[ActivityState.SUBMITTED],
        user=world["staff"],
        event="returned",
        comment="Give the number of sessions.",
    )
    page = my_updates(client, world["safelives"])
    assert "Activities returned to you (1)" in page
    assert "Drop-in sessions" in page
    assert "Give the number of sessions." in page
    assert reverse("activities:activity_edit", args=[activity.pk]) in page
    assert "Drop-in sessions" not in my_updates(client, world["savera"])


def test_a_lead_sees_updates_due_milestones_and_what_was_returned(client, world):
    MilestoneFactory(action=world["a2"], title="Pilot in five schools", due_date=TODAY)
    MilestoneFactory(action=world["a2"], title="Next year", due_date=datetime.date(2027, 6, 1))
    page = my_updates(client, world["lee"])
    assert "Updates due (2)" in page
    assert "Due by 10 January 2027" in page
    assert "Pilot in five schools" in page
    assert "Next year" not in page


def test_staff_see_what_waits_for_their_decision_but_not_their_own(client, world):
    mine = update(world["a1"], world["staff"])
    theirs = update(world["a2"], world["lee"])
    ActivityFactory(action=world["a1"], organisation=world["savera_org"], title="Helpline")
    ActivityFactory(
        action=world["a1"],
        organisation=world["savera_org"],
        title="Logged by the checker",
        created_by=world["checker"],
    )
    spend_return(world)
    spend_return(world, user=world["checker"], quarter=Q3)
    page = my_updates(client, world["checker"])
    assert "Updates awaiting sign-off (2)" in page
    assert "Activities to verify (1)" in page
    assert "Helpline" in page
    assert "Logged by the checker" not in page  # someone else verifies what they logged
    assert "Spend returns to review (1)" in page
    assert "VAWG-2026-004" in page
    assert "Logged by the checker" in my_updates(client, world["staff"])
    own = my_updates(client, world["staff"])
    assert "Updates awaiting sign-off (1)" in own  # someone else signs off their own
    assert mine.action.reference in page
    assert theirs.action.reference in own


def test_a_commissioner_owes_nothing_and_has_no_inbox_link(client, world):
    commissioner = make_person(Role.COMMISSIONER, username="pcc")
    page = my_updates(client, commissioner)
    assert "Nothing is due from you now" in page
    assert 'data-testid="inbox-link"' not in page


def test_the_navigation_count_and_the_dashboard_agree_with_the_inbox(client, world):
    spend_return(world)
    ActivityFactory(action=world["a1"], organisation=world["savera_org"])
    update(world["a2"], world["lee"])
    client.force_login(world["checker"])
    inbox = client.get(reverse("rounds:my_updates"))
    groups = inbox.context["groups"]
    total = sum(group.count for group in groups)
    # A spend return, an activity and an update to decide, and the plan's 2026/27 Q2 to
    # close (its updates were due on 10 October: the schedule has not run in this world).
    assert {group.kind.heading: group.count for group in groups} == {
        "Updates awaiting sign-off": 1,
        "Activities to verify": 1,
        "Spend returns to review": 1,
        "Quarters ready to close": 1,
    }
    assert f'data-testid="inbox-count">{total}<' in inbox.content.decode()
    dashboard = client.get(reverse("reports:dashboard")).content.decode()
    assert f"Waiting for you ({total})" in dashboard
    for group in groups:
        assert f"{group.kind.heading}: {group.count}" in dashboard


# --- Told once when something is returned ------------------------------------------------


def test_returning_a_spend_return_emails_the_partner_once_what_why_and_the_link(
    client, world, run_tasks_now, django_capture_on_commit_callbacks
):
    submitted = spend_return(world)
    client.force_login(world["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("funding:return_return", args=[submitted.pk]),
            {"comment": "Split the spend by output, please."},
        )
    assert response.status_code == 302
    (email,) = sent_to(world["savera"])
    assert "VAWG-2026-004" in email.subject
    assert "VAWG-2026-004 Ring-fenced ISVA posts, 2026/27 Q2" in email.body
    assert "Split the spend by output, please." in email.body
    assert reverse("funding_portal:return_amend", args=[submitted.pk]) in email.body
    html = email.alternatives[0][0]
    assert "Split the spend by output, please." in html
    assert sent_to(world["safelives"]) == []
    tasks.notify_returned("spend_return", submitted.pk)  # the task, retried
    returned.send_returned_notices()  # and the hourly sweep
    assert len(sent_to(world["savera"])) == 1
    assert ReturnedNotice.objects.filter(user=world["savera"], sent_at__isnull=False).count() == 1


def test_returning_an_activity_or_an_update_tells_whoever_must_amend_it(
    client, world, run_tasks_now, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(
        action=world["a1"], organisation=world["safelives_org"], created_by=world["safelives"]
    )
    waiting = update(world["a2"], world["lee"])
    client.force_login(world["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("activities:activity_return", args=[activity.pk]),
            {"comment": "Give the number of sessions."},
        )
        client.post(
            reverse("plans:update_return", args=[waiting.pk]),
            {"comment": "Say how many were supported."},
        )
    (to_partner,) = sent_to(world["safelives"])
    assert "Give the number of sessions." in to_partner.body
    (to_lead,) = sent_to(world["lee"])
    assert "1.2 Schools programme" in to_lead.body
    assert "Say how many were supported." in to_lead.body
    assert sent_to(world["savera"]) == []


def test_nothing_is_sent_for_something_amended_before_the_task_ran(world):
    submitted = spend_return(world)
    submitted.move(
        to=ReturnState.RETURNED, allowed_from=["submitted"], user=world["staff"], event="returned"
    )
    submitted.resubmit(spend=Decimal("1.00"), variance_note="", achieved={}, user=world["savera"])
    tasks.notify_returned("spend_return", submitted.pk)
    assert mail.outbox == []


def test_a_failed_email_is_recorded_and_sent_by_the_next_run_once(world, monkeypatch):
    submitted = spend_return(world)
    submitted.move(
        to=ReturnState.RETURNED, allowed_from=["submitted"], user=world["staff"], event="returned"
    )
    with monkeypatch.context() as down:
        down.setattr(
            "django.core.mail.EmailMultiAlternatives.send",
            lambda self: (_ for _ in ()).throw(smtplib.SMTPServerDisconnected("gone")),
        )
        tasks.notify_returned("spend_return", submitted.pk)
    notice = ReturnedNotice.objects.get(user=world["savera"])
    assert notice.sent_at is None
    assert notice.attempts == 1
    assert "SMTPServerDisconnected" in notice.error
    assert mail.outbox == []
    tasks.send_returned_notices()
    tasks.send_returned_notices()
    assert len(sent_to(world["savera"])) == 1
    notice.refresh_from_db()
    assert notice.sent_at is not None
    assert notice.error == ""


def test_a_lost_task_is_made_good_by_the_hourly_sweep(world):
    submitted = spend_return(world)
    submitted.move(
        to=ReturnState.RETURNED, allowed_from=["submitted"], user=world["staff"], event="returned"
    )
    tasks.send_returned_notices()
    tasks.send_returned_notices()
    assert len(sent_to(world["savera"])) == 1


def test_who_chose_a_daily_digest_gets_one_email_listing_everything_returned(client, world):
    client.force_login(world["safelives"])
    response = client.post(reverse("account"), {"returned": ReturnedEmails.DAILY})
    assert response.status_code == 302
    assert EmailPreference.returned_for(world["safelives"]) == ReturnedEmails.DAILY
    for title in ("Drop-in sessions", "Helpline"):
        activity = ActivityFactory(
            action=world["a1"], organisation=world["safelives_org"], title=title
        )
        activity.move(
            to=ActivityState.RETURNED,
            allowed_from=[ActivityState.SUBMITTED],
            user=world["staff"],
            event="returned",
            comment=f"Amend {title}.",
        )
        tasks.notify_returned("activity", activity.pk)
    assert sent_to(world["safelives"]) == []  # held for the digest
    early = datetime.datetime(2026, 12, 21, 6, tzinfo=datetime.UTC)
    with time_machine.travel(early, tick=False):
        tasks.send_returned_notices()
    assert sent_to(world["safelives"]) == []  # digests go from 07:00
    for hour in (8, 9):
        with time_machine.travel(early.replace(hour=hour), tick=False):
            tasks.send_returned_notices()
    (digest,) = sent_to(world["safelives"])
    assert digest.subject == "2 things returned to you for changes"
    assert "Amend Drop-in sessions." in digest.body
    assert "Amend Helpline." in digest.body
    assert "one email a day" in digest.body


def test_the_account_page_offers_the_choice_and_defaults_to_at_once(client, world):
    client.force_login(world["lee"])
    response = client.get(reverse("account"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "When something of yours is returned" in page
    assert EmailPreference.returned_for(world["lee"]) == ReturnedEmails.IMMEDIATE
    assert client.post(reverse("account"), {"returned": "weekly"}).status_code == 400
    assert not EmailPreference.objects.filter(user=world["lee"]).exists()
    assert ProgressUpdate.objects.count() == 0
