"""
Producing a report once: claim it, render it, store it, tell commissioners. Used by the
Celery task and by `manage.py generate_report` alike.
"""

import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction

from plans import lifecycle
from vawg_tracker import jobs, produced
from vawg_tracker.accounts.models import Role

from .models import Report, ReportKind
from .rendering import render_pdf

logger = logging.getLogger(__name__)


def produce(report):
    """Render a report this process has claimed, store the PDF, mark it ready."""
    rendered = render_pdf(report.plan, report.period, draft=report.is_draft)
    report.succeed(
        name=report.download_name,
        content=ContentFile(rendered.content),
        sha256=rendered.sha256,
        pages=rendered.pages,
    )
    logger.info("report %s ready: %s pages", report.pk, rendered.pages)
    if report.kind == ReportKind.QUARTERLY:
        transaction.on_commit(lambda: notify_commissioners(report))


def notify_commissioners(report):
    """An email with a link (never the PDF itself) to every commissioner with an address."""
    try:
        _send_ready_email(report)
    except Exception:
        # The report is ready whatever the mail server says; the failure is logged.
        logger.exception("report %s: could not email commissioners", report.pk)


def _send_ready_email(report):
    recipients = list(
        User.objects.filter(groups__name=Role.COMMISSIONER, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return
    link = f"{settings.SITE_URL}{report.get_absolute_url()}"
    send_mail(
        f"Quarterly progress report ready: {report.plan}, {report.period}",
        f"The progress report for {report.plan}, {report.period.long_label}, is ready.\n\n"
        f"Open it in VAWG Tracker (sign-in needed):\n{link}\n\n"
        f"It is marked {settings.PROTECTIVE_MARKING}: handle it accordingly.",
        None,
        recipients,
    )


def enqueue(report):
    """
    Ask a worker to produce the report once the current transaction has committed. If the
    broker cannot be reached the report stays queued (pending), and the sweep
    (recover_stalled) queues it again once the broker is back.
    """
    # By name: reports.tasks imports this module, not the other way round.
    jobs.enqueue("reports.generate", report.pk, about=f"report {report.pk}")


def schedule_due(today=None):
    """Close every quarter that is ready (plans.lifecycle), then create and enqueue every
    final report that is due, revised ones included. Returns how many reports."""
    lifecycle.close_due(today)
    created = 0
    for plan, quarter, revision in Report.due(today):
        with transaction.atomic():
            report, is_new = Report.request(
                plan,
                quarter,
                kind=ReportKind.QUARTERLY,
                via="schedule",
                replace=revision > 0,
                revision=revision,
            )
            if is_new:
                enqueue(report)
                created += 1
    return created


def recover_stalled():
    """Reports whose worker died, or whose message was lost, go back in the queue."""
    return produced.recover_stalled(Report.objects.all(), enqueue)
