"""
The update round's pages: what is due from me (lead specialists and partners), where each
plan's round stands (staff), and staff's "send a reminder now".
"""

from collections import Counter, defaultdict

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from partners import access as partner_access
from plans import access
from plans.models import ActionPlan, ProgressUpdate
from recommendations.models import Recommendation
from risks.models import Risk
from vawg_tracker import jobs
from vawg_tracker.accounts.access import requires
from vawg_tracker.accounts.capabilities import Can

from . import round as rounds
from . import tasks


@requires(Can.RECORD_PROGRESS, Can.USE_PARTNER_PORTAL, any_of=True)
@require_safe
def my_updates(request):
    """What is due from me: updates (lead specialists) or activities (partners)."""
    today = timezone.localdate()
    plans = list(ActionPlan.objects.active())
    in_view = rounds.rounds_on(today, plans)
    open_rounds = [r for r in in_view if r.is_open(today)]
    membership = partner_access.membership_of(request.user)
    sections = []
    for state, round_set in (
        ("due", rounds.Rounds(open_rounds)),
        ("overdue", rounds.Rounds(rounds.overdue_rounds(today, plans))),
    ):
        if membership is not None:
            links = round_set.missing_partner_links().filter(
                partnerorganisation_id=membership.organisation_id
            )
            items = [link.action for link in links]
        else:
            items = (
                round_set.missing_updates().filter(lead__user=request.user).order_by("reference")
            )
        by_plan = defaultdict(list)
        for action in items:
            by_plan[action.plan_id].append(action)
        sections += [
            {"round": round_set.by_plan[plan_id], "state": state, "items": actions}
            for plan_id, actions in by_plan.items()
        ]
    context = {
        "sections": sections,
        "returned": ProgressUpdate.objects.returned_unamended().filter(
            action__lead__user=request.user
        ),
        "is_partner": membership is not None,
        # A lead specialist's risks past their review date (partners own none).
        "risks_due": []
        if membership is not None
        else Risk.objects.due_for_review(today).filter(owner__user=request.user).by_score(),
        # A lead specialist's recommendations past their due date (partners own none).
        "recommendations_overdue": []
        if membership is not None
        else Recommendation.objects.overdue(today)
        .filter(owner__user=request.user)
        .select_related("source")
        .order_by("due_on", "pk"),
        "upcoming": [r for r in in_view if today < r.opens_on],
        "today": today,
    }
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
        rows.append(
            {
                "round": round_,
                "open": round_.is_open(today),
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
