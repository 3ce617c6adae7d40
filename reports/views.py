"""
The report archive: every report by plan and quarter; requesting one; downloading.
Staff (Can.MANAGE_DELIVERY) may also request final quarterly reports and retry failed ones.
"""

import logging

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from vawg_tracker import audit
from vawg_tracker.accounts.access import requires
from vawg_tracker.accounts.capabilities import Can
from vawg_tracker.paging import page_or_404

from . import access
from .forms import RequestForm
from .models import Report, ReportKind
from .production import enqueue

logger = logging.getLogger(__name__)


@requires(Can.VIEW_REPORTS)
@require_GET
def archive(request):
    reports = Report.objects.select_related("plan", "requested_by").order_by(
        "-period", "plan__title", "superseded", "-created_at"
    )
    context = {
        "page": page_or_404(request, reports, 50),
        "form": RequestForm(may_request_final=request.user.has_perm(Can.MANAGE_DELIVERY))
        if request.user.has_perm(Can.REQUEST_REPORTS)
        else None,
        "staff": request.user.has_perm(Can.MANAGE_DELIVERY),
    }
    return render(request, "reports/archive.html", context)


@requires(Can.REQUEST_REPORTS)
@require_POST
def request_report(request):
    form = RequestForm(request.POST, may_request_final=request.user.has_perm(Can.MANAGE_DELIVERY))
    if not form.is_valid():
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
        return redirect("reports:archive")
    kind = ReportKind.DRAFT if form.cleaned_data["draft"] else ReportKind.QUARTERLY
    with transaction.atomic():
        report, created = Report.request(
            form.cleaned_data["plan"],
            form.cleaned_data["quarter"],
            kind=kind,
            user=request.user,
            via="web",
            replace=kind == ReportKind.DRAFT,  # a new draft replaces the old one
        )
        if created:
            enqueue(report)
    if not created:
        messages.info(request, "That report already exists: here it is.")
    return redirect(report)


@requires(Can.VIEW_REPORTS)
@require_GET
def detail(request, pk):
    report = access.get_report(pk)
    return render(
        request,
        "reports/detail.html",
        {"report": report, "staff": request.user.has_perm(Can.MANAGE_DELIVERY)},
    )


@requires(Can.VIEW_REPORTS)
@never_cache
@require_GET
def status(request, pk):
    """For the page that waits for a report: where it has got to."""
    report = access.get_report(pk)
    return JsonResponse({"state": report.state, "label": report.get_state_display()})


@requires(Can.VIEW_REPORTS)
@require_GET
def download(request, pk):
    report = access.get_ready_report(pk)
    if not report.file:
        raise Http404
    try:
        content = report.file.open("rb")
    except FileNotFoundError:
        # The row says ready but the file is gone (lost disk, restored without files).
        logger.error("report %s is ready but its file is missing", report.pk)
        messages.error(
            request,
            "This report's file is missing from the server. PCC staff can produce it again "
            "with generate_report --force; the office has been told in the error log.",
        )
        return redirect(report)
    audit.record(audit.Kind.REPORT_DOWNLOAD, request, obj=report)
    response = FileResponse(
        content,
        as_attachment=True,
        filename=report.download_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@requires(Can.MANAGE_DELIVERY)
@require_POST
def retry(request, pk):
    report = access.get_failed_report(pk)
    with transaction.atomic():
        if report.requeue():
            enqueue(report)
    messages.success(request, "The report is queued again.")
    return redirect(report)
