"""
The lookups the report pages make. Every reader of reports may see every report, so a 404
here means no such report (or none in the state asked for); the audit log records it
(``NotVisible``) with the id asked for.
"""

from vawg_tracker.accounts.access import get_visible_or_404

from .models import Report, ReportState


def get_report(pk):
    """A report with its plan and who asked for it."""
    return get_visible_or_404(Report.objects.select_related("plan", "requested_by"), pk)


def get_ready_report(pk):
    """A report whose PDF is ready, to download."""
    return get_visible_or_404(Report.objects.all(), pk, state=ReportState.READY)


def get_failed_report(pk):
    """A report that failed, to queue again."""
    return get_visible_or_404(Report.objects.all(), pk, state=ReportState.FAILED)
