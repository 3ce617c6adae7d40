"""Thin tasks: they take ids and call reports.production."""

import logging

from celery import shared_task
from django.conf import settings

from . import production
from .models import Report

logger = logging.getLogger(__name__)
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
    report = report.first()
    if report is None or not report.claim():
        return  # gone, or another worker has it (or had it): produced once
    try:
        production.produce(report)
    except Exception as error:
        retry = self.request.retries < MAX_RETRIES
        report.fail(f"{type(error).__name__}: {error}", retry=retry)
        logger.warning("report %s failed (%s); retry: %s", report.pk, type(error).__name__, retry)
        if retry:
            raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error


@shared_task(name="reports.schedule_due", ignore_result=True)
def schedule_due_reports():
    production.schedule_due()


@shared_task(name="reports.recover_stalled", ignore_result=True)
def recover_stalled_reports():
    production.recover_stalled()
