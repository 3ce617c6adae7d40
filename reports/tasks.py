"""Thin tasks: they take ids and call reports.production."""

from celery import shared_task
from django.conf import settings

from vawg_tracker.produced import produce_once

from . import production
from .models import Report

MAX_RETRIES = 3


@shared_task(
    bind=True,
    name="reports.generate",
    acks_late=True,  # a worker that dies mid-render leaves the message to be redelivered
    reject_on_worker_lost=True,
    time_limit=settings.REPORT_TASK_TIME_LIMIT,  # well under the broker's visibility timeout
    soft_time_limit=settings.REPORT_TASK_TIME_LIMIT - 30,
    max_retries=MAX_RETRIES,
)
def generate_report(self, report_id):
    report = Report.objects.select_related("plan__strategy", "plan__lead").filter(pk=report_id)
    produce_once(self, report.first(), production.produce, max_retries=MAX_RETRIES)


@shared_task(name="reports.schedule_due", ignore_result=True)
def schedule_due_reports():
    production.schedule_due()


@shared_task(name="reports.recover_stalled", ignore_result=True)
def recover_stalled_reports():
    production.recover_stalled()
