"""
The quarterly update round on a frozen clock: when it opens and closes, who is chased by
email and with what, and that the schedule sends each reminder exactly once.

The round under test is 2026/27 Q3 (1 October to 31 December 2026) with the default
settings: it opens 14 days before the quarter ends (17 December), updates are due 10 days
after it (10 January 2027) and the last-chance digest goes 3 days before (7 January).
"""

import datetime
import smtplib
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from activities.models import ActivityState
from plans.models import Status
from rounds import round as rounds
from rounds import tasks
from rounds.models import Reminder, ReminderKind
from rounds.round import Round, last_closed_round, rounds_on
from vawg_tracker.accounts.models import Role
from vawg_tracker.celery import app as celery_app
from vawg_tracker.quarters import Quarter

from ..factories import (
    ActionFactory,
    ActionPlanFactory,
    ActivityFactory,
    LeadSpecialistFactory,
    PartnerMembershipFactory,
)
from ..personas import make_person

pytestmark = pytest.mark.django_db

Q2, Q3, Q4 = Quarter(2026, 2), Quarter(2026, 3), Quarter(2026, 4)


def on(day):
    """Freeze the clock at 07:00 (when the schedule runs) on ``day``."""
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(7), tzinfo=datetime.UTC), tick=False
    )


def run_schedule(day):
    with on(day):
        tasks.send_round_reminders()


def update(action, quarter=Q3, author=None):
    return action.record_progress(
        author=author or action.lead.user,
        period=quarter,
        status=Status.ON_TRACK,
        percent_complete=50,
        narrative="Delivered as planned.",
    )


@pytest.fixture
def world():
    """One plan; Lee leads two actions, Kim leads one; a partner delivers Lee's first."""
    lee = make_person(Role.LEAD_SPECIALIST, username="lee.lead", first_name="Lee")
    kim = make_person(Role.LEAD_SPECIALIST, username="kim.lead", first_name="Kim")
    lee_lead = LeadSpecialistFactory(user=lee)
    kim_lead = LeadSpecialistFactory(user=kim)
    plan = ActionPlanFactory(lead=lee_lead)
    a1 = ActionFactory(plan=plan, lead=lee_lead, reference="1.1", title="IDVA caseload")
    a2 = ActionFactory(plan=plan, lead=lee_lead, reference="1.2", title="Schools programme")
    k1 = ActionFactory(plan=plan, lead=kim_lead, reference="2.1", title="MARAC review")
    staff = make_person(Role.PCC_STAFF, username="sam.staff", is_staff=True)
    pat = make_person(Role.PARTNER, username="pat.partner")
    membership = PartnerMembershipFactory(user=pat, organisation__name="Refuge (test)")
    a1.delivery_partners.add(membership.organisation)
    for action in (a1, a2, k1):  # last quarter's updates are all in
        update(action, Q2)
    return {
        "plan": plan,
        "lee": lee,
        "kim": kim,
        "staff": staff,
        "pat": pat,
        "organisation": membership.organisation,
        "a1": a1,
        "a2": a2,
        "k1": k1,
    }


def sent_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


# --- Opening and closing -------------------------------------------------------------------


def test_the_round_opens_14_days_before_the_quarter_ends_and_is_due_10_days_after(world):
    round_ = Round(world["plan"], Q3)
    assert round_.opens_on == datetime.date(2026, 12, 17)
    assert round_.deadline == datetime.date(2027, 1, 10)
    assert round_.due_soon_on == datetime.date(2027, 1, 7)
    assert not round_.is_open(datetime.date(2026, 12, 16))
    assert round_.is_open(datetime.date(2026, 12, 17))
    assert round_.is_open(datetime.date(2027, 1, 10))
    assert not round_.is_open(datetime.date(2027, 1, 11))


def test_the_round_in_view_moves_on_the_day_after_the_deadline(world):
    plan = world["plan"]
    assert [r.quarter for r in rounds_on(datetime.date(2027, 1, 10))] == [Q3]
    assert [r.quarter for r in rounds_on(datetime.date(2027, 1, 11))] == [Q4]
    assert last_closed_round(plan, datetime.date(2027, 1, 10)).quarter == Q2
    assert last_closed_round(plan, datetime.date(2027, 1, 11)).quarter == Q3


def test_each_plan_sets_its_own_round_dates(world):
    plan = world["plan"]
    plan.round_opens_days_before, plan.round_deadline_days_after = 7, 5
    plan.save()
    round_ = Round(plan, Q3)
    assert (round_.opens_on, round_.deadline) == (
        datetime.date(2026, 12, 24),
        datetime.date(2027, 1, 5),
    )


def test_round_dates_are_bounded_so_rounds_stay_within_a_quarter(world):
    plan = world["plan"]
    plan.round_opens_days_before, plan.round_deadline_days_after = 81, 61
    with pytest.raises(ValidationError) as refused:
        plan.full_clean()
    assert set(refused.value.message_dict) == {
        "round_opens_days_before",
        "round_deadline_days_after",
    }


def test_actions_finished_or_not_yet_started_are_not_due(world):
    later = ActionFactory(plan=world["plan"], lead=world["a1"].lead, start_date="2027-02-01")
    done = ActionFactory(plan=world["plan"], lead=world["a1"].lead, status=Status.COMPLETED)
    due = set(Round(world["plan"], Q3).missing_updates())
    assert {world["a1"], world["a2"], world["k1"]} == due
    assert later not in due
    assert done not in due


# --- Reminders -----------------------------------------------------------------------------


def test_nothing_is_sent_the_day_before_the_round_opens(world):
    run_schedule(datetime.date(2026, 12, 16))
    assert mail.outbox == []


def test_when_the_round_opens_each_lead_gets_one_digest_of_their_actions(world):
    run_schedule(datetime.date(2026, 12, 17))
    (to_lee,) = sent_to(world["lee"])
    assert to_lee.subject == f"Updates due for {world['plan']}, {Q3}"
    assert "1.1 IDVA caseload" in to_lee.body
    assert "1.2 Schools programme" in to_lee.body
    assert "2.1" not in to_lee.body
    assert "you lead these actions" in to_lee.body  # why they got it
    assert f"{settings.SITE_URL}/my-updates/" in to_lee.body
    html = to_lee.alternatives[0][0]
    assert "1.2 Schools programme" in html
    (to_kim,) = sent_to(world["kim"])
    assert "2.1 MARAC review" in to_kim.body
    assert "1.1" not in to_kim.body


def test_a_lead_with_nothing_due_gets_nothing(world):
    update(world["k1"])
    run_schedule(datetime.date(2026, 12, 17))
    assert sent_to(world["kim"]) == []
    assert len(sent_to(world["lee"])) == 1


def test_the_schedule_running_twice_sends_no_second_copy(world):
    run_schedule(datetime.date(2026, 12, 17))
    first = len(mail.outbox)
    run_schedule(datetime.date(2026, 12, 17))
    run_schedule(datetime.date(2026, 12, 18))
    assert first == 3  # Lee, Kim, Pat (the partner) and nobody else
    assert len(mail.outbox) == first
    assert Reminder.objects.filter(kind=ReminderKind.OPENED).count() == 3


def test_the_database_refuses_a_second_scheduled_reminder_of_a_kind(world):
    fields = {"user": world["lee"], "plan": world["plan"], "period": Q3}
    Reminder.objects.create(kind=ReminderKind.OPENED, **fields)
    Reminder.objects.create(kind=ReminderKind.MANUAL, **fields)
    Reminder.objects.create(kind=ReminderKind.MANUAL, **fields)  # staff may chase again
    with pytest.raises(IntegrityError):
        Reminder.objects.create(kind=ReminderKind.OPENED, **fields)


def test_three_days_before_the_deadline_a_digest_lists_only_what_is_still_missing(world):
    run_schedule(datetime.date(2026, 12, 17))
    update(world["a1"])
    mail.outbox.clear()
    run_schedule(datetime.date(2027, 1, 6))
    assert mail.outbox == []  # not yet
    run_schedule(datetime.date(2027, 1, 7))
    (to_lee,) = sent_to(world["lee"])
    assert to_lee.subject.startswith("Three days left")
    assert "1.2 Schools programme" in to_lee.body
    assert "1.1 IDVA caseload" not in to_lee.body


def test_after_the_deadline_leads_get_an_overdue_digest_and_staff_a_summary(world):
    update(world["a1"])
    update(world["a2"])
    run_schedule(datetime.date(2027, 1, 10))
    mail.outbox.clear()
    run_schedule(datetime.date(2027, 1, 11))
    assert sent_to(world["lee"]) == []  # all in
    (to_kim,) = sent_to(world["kim"])
    assert to_kim.subject == f"Overdue: updates for {world['plan']}, {Q3}"
    assert "2.1 MARAC review" in to_kim.body
    (summary,) = sent_to(world["staff"])
    assert summary.subject == f"Overdue updates: {world['plan']}, {Q3}"
    assert "Kim" in summary.body
    assert "2 of 3 actions updated" in summary.body
    assert "you are PCC staff" in summary.body
    mail.outbox.clear()
    run_schedule(datetime.date(2027, 1, 12))
    assert mail.outbox == []  # once only


def test_a_schedule_down_for_weeks_does_not_send_stale_overdue_digests(world):
    run_schedule(datetime.date(2027, 1, 25))
    assert [m for m in mail.outbox if m.subject.startswith("Overdue")] == []


def test_partner_users_are_chased_for_activities_on_the_actions_their_organisation_delivers(
    world,
):
    run_schedule(datetime.date(2026, 12, 17))
    (to_pat,) = sent_to(world["pat"])
    assert "1.1 IDVA caseload" in to_pat.body
    assert "1.2" not in to_pat.body
    assert "your organisation delivers these actions" in to_pat.body
    ActivityFactory(
        action=world["a1"],
        organisation=world["organisation"],
        started_on=datetime.date(2026, 11, 3),
        created_by=world["pat"],
    )
    run_schedule(datetime.date(2027, 1, 7))
    assert len(sent_to(world["pat"])) == 1  # nothing missing: no last-chance digest


def test_a_withdrawn_activity_does_not_count_as_logged(world):
    ActivityFactory(
        action=world["a1"],
        organisation=world["organisation"],
        started_on=datetime.date(2026, 11, 3),
        created_by=world["pat"],
        state=ActivityState.WITHDRAWN,
    )
    assert world["organisation"].pk in Round(world["plan"], Q3).missing_partner_activities()


def test_inactive_people_and_people_without_an_email_address_are_not_sent_anything(world):
    world["kim"].is_active = False
    world["kim"].save()
    world["lee"].email = ""
    world["lee"].save()
    run_schedule(datetime.date(2026, 12, 17))
    assert [m.to for m in mail.outbox] == [[world["pat"].email]]


def test_an_email_that_fails_is_recorded_and_sent_on_the_next_run(world):
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send",
        side_effect=smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
    ):
        run_schedule(datetime.date(2026, 12, 17))
    failed = Reminder.objects.get(user=world["lee"], kind=ReminderKind.OPENED)
    assert failed.sent_at is None
    assert "SMTPServerDisconnected" in failed.error
    assert mail.outbox == []
    run_schedule(datetime.date(2026, 12, 18))
    failed.refresh_from_db()
    assert failed.sent_at is not None
    assert failed.error == ""
    assert len(sent_to(world["lee"])) == 1


def test_the_emails_carry_no_secrets_and_no_tokens(world):
    run_schedule(datetime.date(2026, 12, 17))
    for message in mail.outbox:
        links = [word for word in message.body.split() if "://" in word]
        assert links
        assert all(link.endswith("/my-updates/") for link in links)


# --- "Send a reminder now" -----------------------------------------------------------------


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def test_staff_send_a_reminder_now_to_everyone_with_something_missing(
    client, world, eager_celery, django_capture_on_commit_callbacks
):
    update(world["k1"])
    url = reverse("rounds:remind_now", args=[world["plan"].pk, Q3])
    with on(datetime.date(2026, 12, 20)), django_capture_on_commit_callbacks(execute=True):
        client.force_login(world["staff"])
        response = client.post(url)
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world["lee"].email, world["pat"].email])
    assert all(m.subject.startswith("Reminder: ") for m in mail.outbox)
    assert Reminder.objects.filter(kind=ReminderKind.MANUAL).count() == 2


def test_a_manual_reminder_does_not_stop_the_scheduled_ones(world):
    rounds.remind_now(Round(world["plan"], Q3), world["staff"])
    mail.outbox.clear()
    run_schedule(datetime.date(2026, 12, 17))
    assert len(sent_to(world["lee"])) == 1


# --- "My updates" --------------------------------------------------------------------------


def test_my_updates_lists_what_is_due_with_a_link_to_each_form(client, world):
    update(world["a1"])
    with on(datetime.date(2026, 12, 20)):
        client.force_login(world["lee"])
        page = client.get(reverse("rounds:my_updates")).content.decode()
    assert f"{world['plan']}, {Q3}" in page
    assert "Due by 10 January 2027" in page
    form_link = f"{world['a2'].get_absolute_url()}?period={Q3.slug}#record-heading"
    assert f'href="{form_link}"' in page
    assert world["a1"].get_absolute_url() not in page  # already updated


def test_the_link_from_my_updates_opens_the_form_on_the_rounds_quarter(client, world):
    with on(datetime.date(2027, 1, 5)):  # Q3's round, in Q4
        client.force_login(world["lee"])
        url = world["a2"].get_absolute_url()
        form = client.get(f"{url}?period={Q3.slug}").context["form"]
        assert form["period"].value() == str(Q3)
        assert client.get(url).context["form"]["period"].value() == str(Q4)
        garbled = client.get(f"{url}?period=not-a-quarter")
    assert garbled.status_code == 200
    assert garbled.context["form"]["period"].value() == str(Q4)


def test_after_the_deadline_missing_updates_are_listed_as_overdue(client, world):
    with on(datetime.date(2027, 1, 11)):
        client.force_login(world["kim"])
        page = client.get(reverse("rounds:my_updates")).content.decode()
    assert "Overdue: was due by 10 January 2027" in page
    assert f"record its progress for {world['plan']}, {Q3}" in page
    assert "2.1 MARAC review" in page


def test_before_the_round_opens_nothing_is_due(client, world):
    with on(datetime.date(2026, 12, 16)):
        client.force_login(world["kim"])
        page = client.get(reverse("rounds:my_updates")).content.decode()
    assert "Nothing is due from you now" in page
    assert f"{world['plan']}, {Q3}: opens 17 December 2026, updates due by 10 January 2027" in page


def test_a_partner_sees_the_actions_to_log_activities_against(client, world):
    with on(datetime.date(2026, 12, 20)):
        client.force_login(world["pat"])
        page = client.get(reverse("rounds:my_updates")).content.decode()
    url = reverse("activities:activity_create") + f"?action={world['a1'].pk}"
    assert f'href="{url}"' in page
    assert "1.2 Schools programme" not in page


def test_round_status_shows_each_plans_share_updated_and_who_is_missing(client, world):
    update(world["a1"])
    with on(datetime.date(2026, 12, 20)):
        client.force_login(world["staff"])
        response = client.get(reverse("rounds:round_status"))
    (row,) = response.context["rows"]
    assert (row["total"], row["updated"], row["signed_off"]) == (3, 1, 0)
    leads = {entry["lead__name"]: entry["count"] for entry in row["leads"]}
    assert leads == {world["a2"].lead.name: 1, world["k1"].lead.name: 1}
    assert row["partners"] == [("Refuge (test)", 1)]  # nothing logged against 1.1 yet
    assert "Refuge (test): 1" in response.content.decode()
