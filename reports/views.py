"""
The read side's pages: the dashboard and an outcome's page (where the plan stood at a
quarter's end), and the report archive (every report by plan and quarter; requesting one;
downloading). The pages and the PDF read the same figures (reports.progress). Staff
(Can.MANAGE_DELIVERY) may also request final quarterly reports and retry failed ones.
"""

from django.contrib import messages
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from plans import access as plan_access
from plans.indicators import indicator_cards
from plans.lifecycle import QuarterCycle
from plans.models import ActionPlan, Status
from vawg_tracker import audit
from vawg_tracker.accounts.access import requires
from vawg_tracker.accounts.capabilities import Can
from vawg_tracker.paging import page_or_404
from vawg_tracker.produced import FileMissing, pdf_download

from . import access
from .dashboard import Dashboard, default_plan, default_pledge_set, kept, plan_quarters
from .forms import DashboardForm, PlanQuarterForm, RequestForm
from .models import Report, ReportKind
from .production import enqueue
from .progress import Progress

PAGE_SIZE = 50


# --- The dashboard and the outcome page -----------------------------------------------


def _chosen(request, form_class, plan, **form_kwargs):
    """
    The plan and quarter (and any other filters) the query string asks for, a value that
    is not understood falling back to its default; the quarters of the plan; the errors.
    """
    chosen = form_class(request.GET, plan=plan, quarters=plan_quarters(plan), **form_kwargs)
    chosen.is_valid()  # a bad value falls back to its default, with the error shown
    values = dict(chosen.cleaned_data)
    values["plan"] = values.get("plan") or plan
    quarters = plan_quarters(values["plan"])
    if values.get("quarter") and values["quarter"] not in quarters:
        # One of the default plan's quarters, not the plan asked for's: its select would
        # show no quarter selected, and so its first, for another quarter's figures.
        chosen.add_error("quarter", f"{values['plan']} did not run in {values['quarter']}.")
        values["quarter"] = None
    values["quarter"] = values.get("quarter") or quarters[0]
    return values, quarters, chosen.errors


@requires(Can.VIEW_DASHBOARD)
@require_safe
def dashboard(request):
    plan = default_plan()
    if plan is None:
        return render(request, "reports/dashboard_empty.html")
    chosen, quarters, errors = _chosen(request, DashboardForm, plan)
    plan, quarter = chosen["plan"], chosen["quarter"]
    pledge_set = chosen.get("pledge_set") or default_pledge_set(plan)
    focus_area = chosen.get("focus_area")
    form = DashboardForm(
        initial={
            "plan": plan,
            "quarter": str(quarter),
            "pledge_set": pledge_set,
            "focus_area": focus_area,
        },
        plan=plan,
        quarters=quarters,
    )
    # Built only when the figures kept in the cache for these choices are out of date.
    board = SimpleLazyObject(lambda: Dashboard(plan, quarter, pledge_set, focus_area))
    context = {"board": board, "kept": kept(plan, quarter, pledge_set, focus_area)}
    context |= {"plan": plan, "quarter": quarter, "pledge_set": pledge_set}
    context |= {"focus_area": focus_area, "form": form, "errors": errors, "statuses": Status}
    return render(request, "reports/dashboard.html", context)


@requires(Can.VIEW_DELIVERY)
@require_safe
def outcome_detail(request, pk):
    """An outcome of the strategy: how its actions in one plan stood at a quarter's end."""
    outcome = plan_access.get_outcome(pk)
    plans = ActionPlan.objects.filter(strategy_id=outcome.strategy_id)
    plan = plans.active().first() or plans.first()
    context = {"outcome": outcome, "plan": plan}
    if plan is not None:
        chosen, quarters, errors = _chosen(request, PlanQuarterForm, plan, plans=plans)
        plan, quarter = chosen["plan"], chosen["quarter"]
        form = PlanQuarterForm(
            initial={"plan": plan, "quarter": str(quarter)},
            plan=plan,
            quarters=quarters,
            plans=plans,
        )
        progress = Progress(plan, quarter, actions=plan.actions.filter(outcomes=outcome))
        context.update(
            plan=plan,
            quarter=quarter,
            form=form,
            errors=errors,
            tally=progress.total,
            page=page_or_404(request, progress.actions, PAGE_SIZE),
            query=urlencode({"plan": plan.pk, "quarter": str(quarter)}),
            indicators=indicator_cards(outcome.indicators.all(), quarter),
        )
    return render(request, "reports/outcome_detail.html", context)


# --- The report archive ---------------------------------------------------------------


@requires(Can.VIEW_REPORTS)
@require_safe
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
    plan, quarter = form.cleaned_data["plan"], form.cleaned_data["quarter"]
    with transaction.atomic():
        report, created = Report.request(
            plan,
            quarter,
            kind=kind,
            user=request.user,
            via="web",
            replace=kind == ReportKind.DRAFT,  # a new draft replaces the old one
            # A final report is the closed quarter's (the schedule makes it on closing).
            revision=0 if kind == ReportKind.DRAFT else QuarterCycle(plan, quarter).revision(),
        )
        if created:
            enqueue(report)
    if not created:
        messages.info(request, "That report already exists: here it is.")
    return redirect(report)


@requires(Can.VIEW_REPORTS)
@require_safe
def detail(request, pk):
    report = access.get_report(pk)
    return render(
        request,
        "reports/detail.html",
        {"report": report, "staff": request.user.has_perm(Can.MANAGE_DELIVERY)},
    )


@requires(Can.VIEW_REPORTS)
@never_cache
@require_safe
def status(request, pk):
    """For the page that waits for a report: where it has got to."""
    report = access.get_report(pk)
    return JsonResponse({"state": report.state, "label": report.get_state_display()})


@requires(Can.VIEW_REPORTS)
@require_safe
def download(request, pk):
    report = access.get_ready_report(pk)
    try:
        response = pdf_download(report)
    except FileMissing:
        messages.error(
            request,
            "This report's file is missing from the server. PCC staff can produce it again "
            "with generate_report --force; the office has been told in the error log.",
        )
        return redirect(report)
    audit.record(audit.Kind.REPORT_DOWNLOAD, request, obj=report)
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
