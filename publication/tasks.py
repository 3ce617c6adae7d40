"""Thin tasks: they take ids and call publication.public_pdf."""

from celery import shared_task

from vawg_tracker.produced import produce_once, task_options

from . import public_pdf
from .models import PublicReport

MAX_RETRIES = 3


@shared_task(name="publication.render_pdf", **task_options(max_retries=MAX_RETRIES))
def render_pdf(self, public_report_id):
    row = PublicReport.objects.select_related("publication").filter(pk=public_report_id)
    produce_once(self, row.first(), public_pdf.produce, max_retries=MAX_RETRIES)


@shared_task(name="publication.recover_stalled", ignore_result=True)
def recover_stalled_pdfs():
    public_pdf.recover_stalled()
