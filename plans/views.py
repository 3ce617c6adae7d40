"""
The staff workspace: browsing the plan and recording progress.

Every view says who may use it (vawg_tracker.accounts.access) and fetches objects
through plans.access, which checks and preloads in one call.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from pledges.models import Pledge
from vawg_tracker import audit, jobs
from vawg_tracker.accounts.access import requires
from vawg_tracker.accounts.capabilities import Can
from vawg_tracker.downloads import requested_format
from vawg_tracker.paging import page_or_404
from vawg_tracker.quarters import Quarter

from . import access
from .exports import actions_response
from .filters import ActionFilter
from .forms import (
    ActionForm,
    ActionPlanForm,
    BreakdownParts,
    BreakdownVersionForm,
    IndicatorValueForm,
    LeadSpecialistForm,
    MilestoneCompleteForm,
    MilestoneForm,
    MilestoneMoveForm,
    ProgressUpdateForm,
    ReturnUpdateForm,
)
from .indicators import IndicatorCard
from .models import (
    Action,
    ActionPlan,
    Indicator,
    IndicatorBreakdown,
    IndicatorValue,
    LeadSpecialist,
    ProgressConflict,
    ProgressReview,
    ProgressUpdate,
    QuarterLocked,
    ReviewDecision,
    Status,
)

PAGE_SIZE = 50


def _page(request, queryset, size=PAGE_SIZE):
    return page_or_404(request, queryset, size)


# --- Actions --------------------------------------------------------------------------


def _filtered_actions(request):
    queryset = Action.objects.select_related("plan", "lead").prefetch_related(
        Prefetch("pledges", queryset=Pledge.objects.select_related("pledge_set"))
    )
    return ActionFilter(request.GET, queryset=queryset, request=request)


@requires(Can.VIEW_DELIVERY)
@require_safe
def action_list(request):
    filterset = _filtered_actions(request)
    page = _page(request, filterset.qs)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    unsorted = query.copy()
    unsorted.pop("sort", None)
    context = {
        "filter": filterset,
        "page": page,
        "query": query.urlencode(),
        "sort_query": unsorted.urlencode(),
    }
    return render(request, "plans/action_list.html", context)


@requires(Can.VIEW_DELIVERY)
@require_safe
def action_export(request):
    """The filtered actions as CSV, or XLSX with ?format=xlsx."""
    file_format = requested_format(request)
    # The filter is not recorded: it is text people typed.
    audit.record(audit.Kind.EXPORT, request)
    return actions_response(_filtered_actions(request).qs, file_format)


def _action_page(request, pk, *, form=None, conflict=None, status=200):
    """The action page; with the progress form when the user may record progress."""
    action = access.get_action(
        pk,
        queryset=Action.objects.prefetch_related(
            Prefetch("pledges", queryset=Pledge.objects.select_related("pledge_set")),
            "outcomes",
            "violence_forms",
            "delivery_partners",
        ),
    )
    updates = list(
        action.progress_updates.select_related("author", "review__reviewed_by").order_by(
            "-period", "-created_at", "-id"
        )
    )
    newest = max(updates, key=lambda update: update.pk, default=None)
    returned = newest if newest and _is_returned(newest) else None
    may_record = access.can_record_progress(request.user, action)
    if may_record and form is None:
        initial = {
            "status": action.status,
            "percent_complete": action.percent_complete,
            "seen_update_id": newest.pk if newest else 0,
        }
        if returned:  # amend what was returned
            fields = ["status", "percent_complete", "narrative", "next_steps"]
            fields += ["risks_and_issues", "reason"]
            initial.update({field: getattr(returned, field) for field in fields})
            initial["period"] = str(returned.period)
        elif asked := _quarter_asked(request):  # e.g. the round's quarter, from My updates
            initial["period"] = str(asked)
        form = ProgressUpdateForm(initial=initial, plan=action.plan)
    latest = IndicatorValue.objects.latest_per_indicator(1)
    indicators = (
        Indicator.objects.filter(pledges__in=action.pledges.all())
        .distinct()
        .order_by("name")
        .prefetch_related(Prefetch("values", queryset=latest, to_attr="latest_values"))
    )
    context = {
        "action": action,
        "milestones": action.milestones.all(),
        "updates": updates,
        "indicators": indicators,
        "may_record": may_record,
        "may_manage": access.can_manage(request.user),
        "form": form if may_record else None,
        "milestone_form": MilestoneForm() if may_record else None,
        "conflict": conflict,
        "returned": returned,
        "may_sign_off": request.user.has_perm(Can.SIGN_OFF_PROGRESS),
        "today": timezone.localdate(),
    }
    return render(request, "plans/action_detail.html", context, status=status)


def _quarter_asked(request):
    """The quarter named by ?period=2026-27-q3, if any and well formed (the form still
    offers only the quarters that are open)."""
    try:
        return Quarter.parse(request.GET["period"])
    except (KeyError, ValueError):
        return None


def _is_returned(update):
    review = getattr(update, "review", None)
    return review is not None and review.decision == ReviewDecision.RETURNED


@requires(Can.VIEW_DELIVERY)
@require_safe
def action_detail(request, pk):
    return _action_page(request, pk)


@requires(Can.RECORD_PROGRESS)
@require_POST
def record_progress(request, pk):
    action = access.get_action_to_record(request.user, pk)
    form = ProgressUpdateForm(
        request.POST, instance=ProgressUpdate(action=action), plan=action.plan
    )
    if not form.is_valid():
        return _action_page(request, pk, form=form, status=400)
    data = form.cleaned_data
    try:
        action.record_progress(
            author=request.user,
            period=data["period"],
            status=data["status"],
            percent_complete=data["percent_complete"],
            narrative=data["narrative"],
            next_steps=data["next_steps"],
            risks_and_issues=data["risks_and_issues"],
            reason=data["reason"],
            seen_update_id=data["seen_update_id"],
        )
    except ProgressConflict as conflict:
        # Keep everything typed; let them read the other update, then save again.
        data = request.POST.copy()
        data["seen_update_id"] = str(action.latest_update_id())
        form = ProgressUpdateForm(data, instance=ProgressUpdate(action=action), plan=action.plan)
        return _action_page(request, pk, form=form, conflict=conflict, status=409)
    except QuarterLocked as locked:
        form.add_error("period", locked.messages[0])
        return _action_page(request, pk, form=form, status=400)
    messages.success(request, f"Progress recorded for {action.reference} ({data['period']}).")
    return redirect(action)


@requires(Can.MANAGE_DELIVERY)
def action_create(request):
    return _create(request, ActionForm, "New action")


@requires(Can.MANAGE_DELIVERY)
def action_edit(request, pk):
    return _edit(request, access.get_action(pk), ActionForm, "Edit action")


# --- Milestones -----------------------------------------------------------------------


@requires(Can.RECORD_PROGRESS)
@require_POST
def milestone_add(request, pk):
    action = access.get_action_to_record(request.user, pk)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        milestone = form.save(commit=False)
        milestone.action = action
        milestone.save()
        messages.success(request, f"Milestone “{milestone.title}” added.")
        return redirect(action)
    return render(
        request,
        "object_form.html",
        {"form": form, "title": f"Add a milestone to {action}", "back": action},
        status=400,
    )


@requires(Can.RECORD_PROGRESS)
@require_POST
def milestone_complete(request, pk):
    milestone = access.get_milestone_to_change(request.user, pk)
    form = MilestoneCompleteForm(request.POST)
    if form.is_valid():
        milestone.completed_on = form.cleaned_data["completed_on"]
        milestone.save(update_fields=["completed_on"])
        messages.success(request, f"Milestone “{milestone.title}” ticked off.")
        return redirect(milestone.action)
    return render(
        request,
        "object_form.html",
        {"form": form, "title": f"Complete “{milestone.title}”", "back": milestone.action},
        status=400,
    )


@requires(Can.RECORD_PROGRESS)
def milestone_move(request, pk):
    milestone = access.get_milestone_to_change(request.user, pk)
    form = MilestoneMoveForm(request.POST or None, initial={"due_date": milestone.due_date})
    if request.method == "POST" and form.is_valid():
        milestone.due_date = form.cleaned_data["due_date"]
        milestone._change_reason = form.cleaned_data["reason"]  # kept in its history
        milestone.save(update_fields=["due_date"])
        messages.success(request, f"Milestone “{milestone.title}” moved.")
        return redirect(milestone.action)
    return render(
        request,
        "object_form.html",
        {"form": form, "title": f"Move “{milestone.title}”", "back": milestone.action},
    )


# --- Pledges, plans, lead specialists -------------------------------------------------


@requires(Can.VIEW_DELIVERY)
@require_safe
def pledge_detail(request, pk):
    pledge = access.get_pledge(pk)
    actions = pledge.actions.select_related("plan", "lead").order_by("plan", "reference")
    return render(
        request, "plans/pledge_detail.html", {"pledge": pledge, "page": _page(request, actions)}
    )


@requires(Can.VIEW_DELIVERY)
@require_safe
def plan_list(request):
    plans = (
        ActionPlan.objects.select_related("lead", "strategy")
        .annotate(action_count=Count("actions"))
        .order_by("-period_start", "title")
    )
    return render(request, "plans/plan_list.html", {"plans": plans})


def _status_counts(actions):
    counts = dict(actions.values_list("status").annotate(n=Count("pk")).order_by())
    return {Status(status): counts.get(status, 0) for status in Status}


@requires(Can.VIEW_DELIVERY)
@require_safe
def plan_detail(request, pk):
    plan = access.get_plan(pk)
    actions = plan.actions.select_related("lead").order_by("reference")
    context = {
        "plan": plan,
        "counts": _status_counts(plan.actions.all()),
        "overdue": plan.actions.overdue().count(),
        "page": _page(request, actions),
        "may_manage": access.can_manage(request.user),
    }
    return render(request, "plans/plan_detail.html", context)


@requires(Can.MANAGE_DELIVERY)
def plan_create(request):
    return _create(request, ActionPlanForm, "New action plan")


@requires(Can.MANAGE_DELIVERY)
def plan_edit(request, pk):
    return _edit(request, access.get_plan(pk), ActionPlanForm, "Edit action plan")


@requires(Can.VIEW_DELIVERY)
@require_safe
def lead_list(request):
    leads = LeadSpecialist.objects.annotate(
        action_count=Count("actions", distinct=True),
        open_count=Count(
            "actions",
            filter=~Q(actions__status__in=[Status.COMPLETED, Status.CANCELLED]),
            distinct=True,
        ),
        exception_count=Count(
            "actions",
            filter=Q(actions__status__in=[Status.AT_RISK, Status.OFF_TRACK]),
            distinct=True,
        ),
    ).order_by("name")
    return render(request, "plans/lead_list.html", {"page": _page(request, leads)})


@requires(Can.VIEW_DELIVERY)
@require_safe
def lead_detail(request, pk):
    lead = access.get_lead(pk)
    actions = lead.actions.select_related("plan").order_by("plan", "reference")
    context = {
        "lead": lead,
        "plans": lead.plans.all(),
        "counts": _status_counts(lead.actions.all()),
        "overdue": lead.actions.overdue().count(),
        "page": _page(request, actions),
        "may_manage": access.can_manage(request.user),
    }
    return render(request, "plans/lead_detail.html", context)


@requires(Can.MANAGE_DELIVERY)
def lead_create(request):
    form = LeadSpecialistForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        lead = form.save()
        messages.success(request, f"Lead specialist {lead} added.")
        return redirect(lead)
    return render(request, "object_form.html", {"form": form, "title": "New lead specialist"})


@requires(Can.MANAGE_DELIVERY)
def lead_edit(request, pk):
    return _edit(request, access.get_lead(pk), LeadSpecialistForm, "Edit lead specialist")


# --- Indicators -----------------------------------------------------------------------


@requires(Can.VIEW_DELIVERY)
@require_safe
def indicator_list(request):
    recent = IndicatorValue.objects.latest_per_indicator(8)
    indicators = Indicator.objects.prefetch_related(
        Prefetch("values", queryset=recent, to_attr="recent_values"), "targets"
    )
    return render(request, "plans/indicator_list.html", {"page": _page(request, indicators)})


def _indicator_page(request, indicator, form=None, status=200):
    values = list(indicator.values.select_related("entered_by").order_by("period"))
    targets = list(indicator.targets.order_by("quarter"))
    may_manage = access.can_manage(request.user)
    if form is None and may_manage:
        form = IndicatorValueForm(initial={"period": Quarter.current().previous()})
    card = IndicatorCard(indicator, values, targets=targets)
    latest = card.latest
    if latest is not None:  # the latest value's breakdown: its parts, one query
        prefetch_related_objects([latest], "parts")
    context = {"indicator": indicator, "values": values, "targets": targets, "card": card}
    context["breakdowns"] = latest.breakdowns() if latest is not None else []
    context["form"] = form
    context["may_manage"] = may_manage
    return render(request, "plans/indicator_detail.html", context, status=status)


@requires(Can.VIEW_DELIVERY)
@require_safe
def indicator_detail(request, pk):
    return _indicator_page(request, access.get_indicator(pk))


@requires(Can.MANAGE_DELIVERY)
@require_POST
def indicator_value_add(request, pk):
    indicator = access.get_indicator(pk)
    form = IndicatorValueForm(request.POST, instance=IndicatorValue(indicator=indicator))
    if not form.is_valid():
        return _indicator_page(request, indicator, form=form, status=400)
    value = form.save(commit=False)
    value.entered_by = request.user
    value.save()
    messages.success(request, f"Value for {value.period} recorded.")
    return redirect(indicator)


def _breakdown_forms(data, value):
    """The version form and the value's parts' formset, each validated if bound."""
    version = BreakdownVersionForm(data, initial={"version": value.breakdown_version()})
    queryset = IndicatorBreakdown.objects.order_by("dimension", "category", "pk")
    parts = BreakdownParts(data, instance=value, queryset=queryset)
    if data is not None:
        version.is_valid()
        parts.is_valid()
    return version, parts


@requires(Can.MANAGE_DELIVERY)
def indicator_value_breakdown(request, pk):
    """
    Break a value down by local authority area, sex or ethnicity: its parts in one form.
    A change to its parts saved by someone else since the form was drawn is refused (409),
    what was typed kept, the current parts shown.
    """
    value = access.get_indicator_value(pk)
    form, parts = _breakdown_forms(request.POST or None, value)
    conflict = None
    if request.method == "POST" and form.is_valid() and parts.is_valid():
        conflict = value.save_breakdown_if_unchanged(form.cleaned_data["version"], parts.save)
        if conflict is None:
            messages.success(request, f"Breakdown of the value for {value.period} saved.")
            return redirect(value.indicator)
        data = request.POST.copy()
        data["version"] = value.breakdown_version()
        form, parts = _breakdown_forms(data, value)
    prefetch_related_objects([value], "parts")
    context = {
        "form": form,
        "parts": parts,
        "value": value,
        "current": value.breakdowns(),
        "title": f"Break down {value.indicator} in {value.period}",
        "back": value.indicator,
        "conflict": conflict,
    }
    status = 409 if conflict else 200
    return render(request, "plans/value_breakdown.html", context, status=status)


# --- Creating, and editing with a version check ------------------------------------------


def _create(request, form_class, title):
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        obj = form.save()
        messages.success(request, f"“{obj}” created.")
        return redirect(obj)
    return render(request, "object_form.html", {"form": form, "title": title})


def _edit(request, obj, form_class, title):
    """
    Edit ``obj`` unless someone else saved it since the form was drawn: then show whose
    change it was, keep what the user typed, and let them save again on purpose.
    """
    form = form_class(request.POST or None, instance=obj)
    conflict = None
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            type(obj).objects.select_for_update().filter(pk=obj.pk).first()
            current = obj.current_version()
            if form.cleaned_data["version"] == current:
                form.save()
                messages.success(request, f"“{obj}” saved.")
                return redirect(obj)
        conflict = obj.history.select_related("history_user").first()
        data = request.POST.copy()
        data["version"] = current
        form = form_class(data, instance=type(obj).objects.get(pk=obj.pk))
        form.is_valid()
    context = {"form": form, "title": title, "back": obj, "conflict": conflict}
    return render(request, "object_form.html", context, status=409 if conflict else 200)


# --- Sign-off ---------------------------------------------------------------------------


@requires(Can.SIGN_OFF_PROGRESS)
@require_safe
def sign_off_queue(request):
    waiting = (
        ProgressUpdate.objects.awaiting_sign_off()
        .select_related("action__plan", "author")
        .order_by("created_at", "id")
    )
    context = {"page": _page(request, waiting), "return_form": ReturnUpdateForm()}
    return render(request, "plans/sign_off_queue.html", context)


def _decide(request, pk, decision, comment=""):
    update = access.get_update(pk)
    review = ProgressReview.decide(update, decision=decision, by=request.user, comment=comment)
    if review is None:
        messages.error(request, "Someone decided on that update first; nothing changed.")
    elif decision == ReviewDecision.SIGNED_OFF:
        messages.success(request, f"Update for {update.action.reference} signed off.")
    else:
        # Tell whoever must amend it, once (rounds.returned; by name: rounds sits above).
        jobs.enqueue("rounds.notify_returned", "update", update.pk, about=f"update {update.pk}")
        messages.success(request, f"Update for {update.action.reference} returned to its author.")
    return _redirect_to_next(request, default=update.action)


def _redirect_to_next(request, *, default):
    """To the page the form names in ``next`` if it is a page of this site, else default."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return redirect(default)


@requires(Can.SIGN_OFF_PROGRESS)
@require_POST
def update_sign_off(request, pk):
    return _decide(request, pk, ReviewDecision.SIGNED_OFF)


@requires(Can.SIGN_OFF_PROGRESS)
@require_POST
def update_return(request, pk):
    form = ReturnUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say what needs changing, so the author can put it right.")
        update = access.get_update(pk)
        return redirect(update.action)
    return _decide(request, pk, ReviewDecision.RETURNED, form.cleaned_data["comment"])
