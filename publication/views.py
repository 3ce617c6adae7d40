"""
The publication pages, for PCC staff: what has been published, by plan and quarter;
publishing a quarter (choose it, preview exactly what the public would read and what
changed since the publication before it, confirm); withdrawing one; queueing a failed
public PDF again. Every publish and withdraw goes in the audit log.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vawg_tracker import audit
from vawg_tracker.accounts.access import requires
from vawg_tracker.accounts.capabilities import Can
from vawg_tracker.paging import page_or_404

from . import access
from .forms import PublishForm
from .models import AlreadyPublished, Publication
from .published import PublishedQuarter, arrange_funding
from .snapshot import build_funding, build_snapshot, diff, funding_changed

PAGE_SIZE = 50


@requires(Can.MANAGE_DELIVERY)
@require_safe
def publication_list(request):
    publications = Publication.objects.select_related(
        "plan", "published_by", "withdrawn_by"
    ).order_by("plan__title", "plan_id", "-quarter", "-published_at", "-id")
    # Query: the live publications, to mark each plan's current one (the latest quarter).
    current = {}
    for pk, plan_id in (
        Publication.objects.live()
        .order_by("plan_id", "-quarter", "-published_at", "-id")
        .values_list("pk", "plan_id")
    ):
        current.setdefault(plan_id, pk)
    context = {
        "page": page_or_404(request, publications, PAGE_SIZE),
        "current_ids": set(current.values()),
    }
    return render(request, "publication/list.html", context)


@requires(Can.MANAGE_DELIVERY)
@require_safe
def publication_detail(request, pk):
    """What one publication holds, as the public reads it."""
    publication = access.get_publication(pk)
    context = {"publication": publication, "funding": PublishedQuarter(publication).funding}
    return render(request, "publication/detail.html", context)


@requires(Can.MANAGE_DELIVERY)
@require_http_methods(["GET", "HEAD", "POST"])
def publish(request):
    """
    GET: choose a plan and quarter; once both are chosen, preview the snapshot that
    would be published and what changed. POST: publish it (the snapshot is built again
    from the database, never taken from the form).
    """
    if request.method == "POST":
        form = PublishForm(request.POST)
        if form.is_valid():
            plan, quarter = form.cleaned_data["plan"], form.cleaned_data["quarter"]
            try:
                publication = Publication.publish(plan, quarter, by=request.user)
            except AlreadyPublished:
                messages.error(
                    request,
                    f"{plan}, {quarter} is already published: withdraw that publication "
                    "before publishing the quarter again.",
                )
                return redirect("publication:list")
            audit.record(audit.Kind.PUBLISHED, request, obj=publication)
            messages.success(request, f"Published {plan}, {quarter}.")
            return redirect("publication:list")
        return render(request, "publication/publish.html", {"form": form})

    chosen = {"plan", "quarter"} <= set(request.GET)
    form = PublishForm(request.GET if chosen else None, initial=request.GET.dict())
    context = {"form": form}
    if chosen and form.is_valid():
        plan, quarter = form.cleaned_data["plan"], form.cleaned_data["quarter"]
        snapshot, funding = build_snapshot(plan, quarter), build_funding(quarter)
        previous = Publication.objects.previous_to(plan, quarter)
        context.update(
            plan=plan,
            quarter=quarter,
            snapshot=snapshot,
            funding=arrange_funding(funding),
            previous=previous,
            already=previous is not None and previous.quarter == quarter,
            changes=diff(previous.snapshot if previous else None, snapshot),
            funding_changed=funding_changed(previous.funding if previous else None, funding),
        )
    return render(request, "publication/publish.html", context)


@requires(Can.MANAGE_DELIVERY)
@require_POST
def withdraw(request, pk):
    publication = access.get_publication(pk)
    if not publication.withdraw(by=request.user):
        publication.refresh_from_db()
        messages.error(
            request,
            f"{publication} was already withdrawn "
            f"({_when(publication.withdrawn_at)}): nothing more to do.",
        )
        return redirect("publication:list")
    audit.record(audit.Kind.WITHDRAWN, request, obj=publication)
    current = Publication.objects.current(publication.plan)
    now_shown = (
        f"{current.quarter}, published {_when(current.published_at)}" if current else "nothing"
    )
    messages.success(
        request, f"Withdrawn {publication}. The public now sees {now_shown} for this plan."
    )
    return redirect("publication:list")


@requires(Can.MANAGE_DELIVERY)
@require_POST
def retry_pdf(request, pk):
    """Queue a publication's public PDF again after it failed."""
    public_report = access.get_failed_public_pdf(pk)
    with transaction.atomic():
        if public_report.requeue():
            public_report.enqueue()
    messages.success(request, "The public PDF is queued again.")
    return redirect("publication:detail", pk)


def _when(moment):
    return format_date(timezone.localtime(moment), "j M Y, H:i")
