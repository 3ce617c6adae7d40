"""
The update round's pages: what is due from me (everyone who signs in: rounds.inbox),
where each plan's round stands (staff), staff's "send a reminder now", and closing and
reopening a quarter by hand (plans.lifecycle).
"""

from collections import Counter, defaultdict

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from plans import access, lifecycle
from vawg_tracker import audit, jobs
from vawg_tracker.accounts.access import any_signed_in_user, requires
from vawg_tracker.accounts.capabilities import Can

from . import round as rounds
from . import tasks
from .forms import ReopenForm
from .inbox import inbox_for


@any_signed_in_user
@require_safe
def my_updates(request):
    """What is due from me (rounds.inbox): each item with its due date and a link to act.
    Anyone signed in; each sees only what is theirs (a commissioner owes nothing)."""
    today = timezone.localdate()
    inbox = inbox_for(request, today)
    groups = inbox.groups()
    context = {"groups": groups, "count": inbox.count(), "upcoming": inbox.upcoming, "today": today}
    return render(request, "rounds/my_updates.html", context)


@requires(Can.MANAGE_DELIVERY)
@require_safe
def round_status(request):
    today = timezone.localdate()
    current = rounds.Rounds(rounds.rounds_on(today))
    progress = current.progress()
    leads = defaultdict(list)
    for row in (
        current.missing_updates()
        .order_by()
        .values("plan_id", "lead__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "lead__name")
    ):
        leads[row["plan_id"]].append(row)
    partners = defaultdict(Counter)
    for link in current.missing_partner_links():
        partners[link.action.plan_id][link.partnerorganisation.name] += 1
    rows = []
    for round_ in current:
        total, updated, signed_off = progress.get(round_.plan.pk, (0, 0, 0))
        missing_partners = partners[round_.plan.pk].items()
        plan = round_.plan
        # The plan's earliest quarter not closed, once it has ended: staff may close it.
        to_close = lifecycle.QuarterCycle(plan, lifecycle.first_open_quarter(plan))
        rows.append(
            {
                "round": round_,
                "to_close": to_close if to_close.quarter.has_ended(today) else None,
                "closed": lifecycle.QuarterCycle(plan, plan.locked_through)
                if plan.locked_through
                else None,
                "open": round_.is_open(today),
                "stage": round_.stage(today),
                "chases": round_.cycle.chases(today),
                "to_close_stage": to_close.stage(today),
                "total": total,
                "updated": updated,
                "signed_off": signed_off,
                "leads": leads[round_.plan.pk],
                "partners": sorted(missing_partners, key=lambda item: (-item[1], item[0])),
            }
        )
    return render(request, "rounds/round_status.html", {"rows": rows, "today": today})


@requires(Can.MANAGE_DELIVERY)
@require_POST
def remind_now(request, pk, quarter):
    plan = access.get_plan(pk)
    # Nothing is written here, so nothing to wait for: queue it now.
    queued = jobs.enqueue_now(
        tasks.remind_now,
        plan.pk,
        quarter.slug,
        request.user.pk,
        about=f"reminders for plan {plan.pk}",
    )
    if not queued:
        messages.error(
            request,
            "The reminders could not be sent: the background service is not answering. "
            "Nothing was sent; try again in a few minutes.",
        )
        return redirect("rounds:round_status")
    messages.success(
        request,
        f"Reminders for {plan}, {quarter} are on their way to everyone with updates missing.",
    )
    return redirect("rounds:round_status")


@requires(Can.MANAGE_DELIVERY)
@require_http_methods(["GET", "HEAD", "POST"])
def close_quarter(request, pk, quarter):
    """Close a plan's quarter by hand: the page lists what is still outstanding; posting
    closes it, and the schedule's sweep (queued now) makes its final report."""
    plan = access.get_plan(pk)
    cycle = lifecycle.QuarterCycle(plan, quarter)
    today = timezone.localdate()
    refusal = _why_not_closable(cycle, today)
    if request.method == "POST" and not refusal:
        if cycle.close(by=request.user, today=today):
            audit.record(audit.Kind.QUARTER_CLOSED, request, obj=plan)
            jobs.enqueue("reports.schedule_due", about=f"final report for plan {plan.pk}")
            messages.success(
                request, f"{plan}, {quarter} is closed. Its final report is being made."
            )
        return redirect("rounds:round_status")
    context = {
        "cycle": cycle,
        "stage": cycle.stage(today),
        "refusal": refusal,
        "missing": cycle.missing().select_related("lead").order_by("reference"),
        "awaiting": cycle.awaiting_sign_off()
        .select_related("action")
        .order_by("action__reference"),
    }
    return render(
        request,
        "rounds/close_quarter.html",
        context,
        status=400 if refusal and request.method == "POST" else 200,
    )


def _why_not_closable(cycle, today):
    if cycle.is_closed():
        return f"{cycle.quarter} is already closed."
    if not cycle.quarter.has_ended(today):
        return f"{cycle.quarter} has not ended yet."
    if cycle.quarter != lifecycle.first_open_quarter(cycle.plan):
        return f"Close {lifecycle.first_open_quarter(cycle.plan)} first: quarters close in order."
    return ""


@requires(Can.MANAGE_DELIVERY)
@require_http_methods(["GET", "HEAD", "POST"])
def reopen_quarter(request, pk, quarter):
    """Reopen the latest closed quarter for a correction, with a reason."""
    plan = access.get_plan(pk)
    cycle = lifecycle.QuarterCycle(plan, quarter)
    form = ReopenForm(request.POST or None)
    refusal = (
        ""
        if plan.locked_through == quarter
        else (
            f"Only the latest closed quarter ({plan.locked_through}) can be reopened."
            if plan.locked_through
            else "No quarter of this plan is closed."
        )
    )
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            cycle.reopen(by=request.user, reason=form.cleaned_data["reason"])
        except lifecycle.NotClosable as error:
            form.add_error(None, str(error))
        else:
            audit.record(audit.Kind.QUARTER_REOPENED, request, obj=plan)
            messages.success(
                request,
                f"{plan}, {quarter} is reopened for a correction. Close it again when the "
                "correction is in: a revised final report will replace the first.",
            )
            return redirect("rounds:round_status")
    status = 400 if request.method == "POST" else 200
    context = {"cycle": cycle, "form": form, "refusal": refusal, "events": cycle.events()}
    return render(request, "rounds/reopen_quarter.html", context, status=status)
