"""
The Funding page (where every pound of a financial year went, and what it delivered) and
its download. Staff and commissioners (Can.VIEW_FUNDING) read them; partners do not see
other organisations' money. The figures are funding.summary's, as the dashboard's card
and the quarterly report's.
"""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vawg_tracker import audit
from vawg_tracker.accounts.access import requires
from vawg_tracker.accounts.capabilities import Can
from vawg_tracker.paging import page_or_404

from .exports import awards_response
from .forms import FundingFilterForm
from .summary import FundingSummary

PAGE_SIZE = 50
FORMATS = ("csv", "xlsx")


def _summary(request):
    form = FundingFilterForm(request.GET)
    return FundingSummary(**form.chosen()), form


@requires(Can.VIEW_FUNDING)
@require_GET
def overview(request):
    summary, form = _summary(request)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(
        request,
        "funding/overview.html",
        {
            "summary": summary,
            "form": form,
            "errors": form.errors,
            "page": page_or_404(request, summary.awards, PAGE_SIZE),
            "query": query.urlencode(),
        },
    )


@requires(Can.VIEW_FUNDING)
@require_GET
def export(request):
    file_format = request.GET.get("format", "csv")
    if file_format not in FORMATS:
        raise Http404("Download the awards as csv or xlsx.")
    summary, _ = _summary(request)
    # The filters are not recorded: the audit log records that money was exported.
    audit.record(audit.Kind.EXPORT, request)
    return awards_response(summary, file_format)
