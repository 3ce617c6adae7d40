"""
Past the retention period, what partners wrote and the files they uploaded go; the counts
stay. Run daily by beat and by hand (purge_expired), any number of times.
"""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from activities.models import Activity, ActivityEventKind, Evidence
from activities.retention import purge_expired
from partners.models import PartnerMembership

from ..factories import ActivityFactory, EvidenceFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = datetime.date(2032, 11, 20)
DAYS = 2190
LAST_KEPT = TODAY - datetime.timedelta(days=DAYS)  # ended this day: just inside the period
FIRST_PURGED = LAST_KEPT - datetime.timedelta(days=1)  # ended the day before: just outside
SECRET = "Met at the community centre on the corner, as discussed"


@pytest.fixture(autouse=True)
def _periods(settings):
    settings.ACTIVITY_RETENTION_DAYS = DAYS
    settings.EVIDENCE_RETENTION_DAYS = DAYS


@pytest.fixture
def today():
    with time_machine.travel(datetime.datetime(2032, 11, 20, 9, 0, tzinfo=LONDON), tick=False):
        yield TODAY


def _activity(ended, **fields):
    start = ended - datetime.timedelta(days=3)
    return ActivityFactory(
        started_on=start,
        ended_on=ended,
        description=SECRET,
        people_reached=31,
        sessions=4,
        hours=6,
        **fields,
    )


def _at(day, hour, minute):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


def _recent_activity():
    return ActivityFactory(started_on=TODAY)


def _run(*args):
    out = io.StringIO()
    call_command("purge_expired", *args, stdout=out)
    return out.getvalue()


def test_an_activity_just_inside_the_period_is_kept_and_one_just_outside_is_purged(today):
    kept = _activity(LAST_KEPT)
    purged = _activity(FIRST_PURGED)
    assert _run() == (
        "Purged 1 activity (older than 2190 days) and 0 evidence files (older than 2190 days).\n"
    )
    kept.refresh_from_db()
    purged.refresh_from_db()
    assert (kept.description, kept.purged_on) == (SECRET, None)
    assert (purged.description, purged.purged_on) == ("", TODAY)


def test_without_an_end_date_the_activity_counts_from_its_date(today):
    kept = ActivityFactory(started_on=LAST_KEPT, description=SECRET)
    purged = ActivityFactory(started_on=FIRST_PURGED, description=SECRET)
    purge_expired()
    assert Activity.objects.get(pk=kept.pk).purged_on is None
    assert Activity.objects.get(pk=purged.pk).purged_on == TODAY


def test_purging_keeps_the_counts_and_what_the_work_was(today):
    activity = _activity(FIRST_PURGED, title="Bystander training", area="Wirral")
    before = Activity.objects.totals()
    purge_expired()
    activity.refresh_from_db()
    assert Activity.objects.totals() == before
    assert (activity.people_reached, activity.sessions, activity.hours) == (31, 4, 6)
    assert (activity.title, activity.area, activity.kind) == (
        "Bystander training",
        "Wirral",
        "training",
    )


def test_purging_clears_the_description_from_every_version_in_the_history(today):
    activity = _activity(FIRST_PURGED)
    activity.description = SECRET + " (amended)"
    activity.save()
    assert activity.history.filter(description__contains=SECRET).count() == 2
    purge_expired()
    assert activity.history.count() == 2  # the versions stay
    assert not activity.history.filter(description__contains="community").exists()
    assert not Activity.history.filter(description__contains="community").exists()


def test_purging_clears_review_comments_but_keeps_the_steps(today, staff):
    activity = _activity(FIRST_PURGED)
    activity.record(ActivityEventKind.RETURNED, staff, comment=SECRET)  # not its submitter
    purge_expired()
    event = activity.events.get()
    assert (event.kind, event.comment) == (ActivityEventKind.RETURNED, "")


def test_evidence_files_past_the_period_are_deleted_and_still_counted(today):
    activity = _activity(LAST_KEPT)
    with time_machine.travel(_at(FIRST_PURGED, 23, 59), tick=False):
        old = EvidenceFactory(activity=activity, original_name="minutes-jane.pdf")
    with time_machine.travel(_at(LAST_KEPT, 0, 1), tick=False):
        recent = EvidenceFactory(activity=activity)  # just inside
    storage, old_name = old.file.storage, old.file.name
    assert storage.exists(old_name)
    assert _run() == (
        "Purged 0 activities (older than 2190 days) and 1 evidence file (older than 2190 days).\n"
    )
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not storage.exists(old_name)
    assert (old.file.name, old.original_name, old.removed_on) == ("", "", TODAY)
    assert storage.exists(recent.file.name)
    assert recent.removed_on is None
    assert Evidence.objects.filter(activity=activity).count() == 2


def test_running_again_purges_nothing_more(today):
    _activity(FIRST_PURGED)
    with time_machine.travel(datetime.datetime(2020, 1, 1, tzinfo=LONDON), tick=False):
        EvidenceFactory(activity=_recent_activity())
    assert "Purged 1 activity" in _run()
    assert _run() == (
        "Purged 0 activities (older than 2190 days) and 0 evidence files (older than 2190 days).\n"
    )


def test_a_dry_run_counts_and_changes_nothing(today):
    activity = _activity(FIRST_PURGED)
    with time_machine.travel(datetime.datetime(2020, 1, 1, tzinfo=LONDON), tick=False):
        evidence = EvidenceFactory(activity=_recent_activity())
    assert _run("--dry-run") == (
        "Would purge 1 activity (older than 2190 days) and 1 evidence file "
        "(older than 2190 days).\n"
    )
    activity.refresh_from_db()
    assert activity.description == SECRET
    assert evidence.file.storage.exists(evidence.file.name)


def test_the_periods_come_from_the_settings(today, settings):
    settings.ACTIVITY_RETENTION_DAYS = 30
    activity = _activity(TODAY - datetime.timedelta(days=31))
    assert purge_expired().activities == 1
    assert Activity.objects.get(pk=activity.pk).purged_on == TODAY


def test_the_celery_task_purges_the_same(today):
    from activities.tasks import purge_expired as task

    activity = _activity(FIRST_PURGED)
    task.apply()
    assert Activity.objects.get(pk=activity.pk).purged_on == TODAY


def test_beat_runs_the_purge_daily():
    task = PeriodicTask.objects.get(task="plans.purge_expired")
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute, task.crontab.day_of_week) == ("2", "30", "*")


def test_pages_say_what_was_removed_and_when(client, today, partner, staff):
    organisation = PartnerMembership.objects.get(user=partner).organisation
    activity = _activity(FIRST_PURGED, organisation=organisation, title="Bystander training")
    with time_machine.travel(datetime.datetime(2020, 1, 1, tzinfo=LONDON), tick=False):
        evidence = EvidenceFactory(activity=activity, original_name="register.pdf")
    purge_expired()
    for person in (partner, staff):
        client.force_login(person)
        page = client.get(activity.get_absolute_url()).content.decode()
        assert "Bystander training" in page
        assert "Description removed under the retention policy on 20 Nov 2032." in page
        assert "PDF file removed under the retention policy on 20 Nov 2032" in page
        assert "community centre" not in page
        assert "register.pdf" not in page
    client.force_login(partner)
    home = client.get(reverse("activities:home")).content.decode()
    assert "description removed under the retention policy on 20 Nov 2032" in home
    assert (
        client.get(reverse("activities:evidence_download", args=[evidence.pk])).status_code == 404
    )
    assert client.get(reverse("activities:activity_edit", args=[activity.pk])).status_code == 302
