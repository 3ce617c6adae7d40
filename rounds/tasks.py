"""
Thin tasks: they take ids and call rounds.round (reminders) or rounds.returned (what was
returned). The reminders' names date from when the round lived in ``plans``; they are
kept, as beat's schedule and queued messages name them.
"""

from celery import shared_task
from django.contrib.auth.models import User

from plans.models import ActionPlan
from vawg_tracker.quarters import Quarter

from . import returned
from . import round as rounds


@shared_task(name="plans.send_round_reminders", ignore_result=True)
def send_round_reminders():
    """Daily (beat): every reminder due today that has not gone out yet."""
    rounds.send_due_reminders()


@shared_task(name="plans.remind_now", ignore_result=True)
def remind_now(plan_id, quarter_slug, user_id):
    """Staff's "send a reminder now" for one plan's round."""
    plan = ActionPlan.objects.get(pk=plan_id)
    round_ = rounds.Round(plan, Quarter.parse(quarter_slug))
    rounds.remind_now(round_, User.objects.get(pk=user_id))


@shared_task(name="rounds.notify_returned", ignore_result=True)
def notify_returned(subject, object_id):
    """Queued on commit by the views that return an update, activity or spend return."""
    returned.notify(subject, object_id)


@shared_task(name="rounds.send_returned_notices", ignore_result=True)
def send_returned_notices():
    """Hourly (beat): returns nobody was told of, failed emails again, the daily digests."""
    returned.send_returned_notices()
