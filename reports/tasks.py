"""Thin tasks: they take ids and call reports.production."""

from celery import shared_task

from vawg_tracker.produced import produce_once, task_options

from . import production
from .models import Report

MAX_RETRIES = 3


@shared_task(name="reports.generate", **task_options(max_retries=MAX_RETRIES))
def generate_report(self, report_id):
    report = Report.objects.select_related("plan__strategy", "plan__lead").filter(pk=report_id)
    produce_once(self, report.first(), production.produce, max_retries=MAX_RETRIES)


@shared_task(name="reports.schedule_due", ignore_result=True)
def schedule_due_reports():
    production.schedule_due()


@shared_task(name="reports.recover_stalled", ignore_result=True)
def recover_stalled_reports():
    production.recover_stalled()
