"""Thin tasks: they take ids and call plans.rounds or plans.retention."""

import logging

from celery import shared_task
from django.contrib.auth.models import User

from vawg_tracker.quarters import Quarter

from . import retention, rounds
from .models import ActionPlan

logger = logging.getLogger(__name__)


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


@shared_task(name="plans.purge_expired", ignore_result=True)
def purge_expired():
    """Daily (beat): remove activity descriptions and evidence files past retention."""
    purged = retention.purge_expired()
    logger.info(
        "Retention purge: %d activities, %d evidence files", purged.activities, purged.evidence
    )
