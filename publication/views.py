"""
The publication pages, for PCC staff: what has been published, by plan and quarter;
publishing a quarter (choose it, preview exactly what the public would read and what
changed since the publication before it, confirm); withdrawing one; queueing a failed
public PDF again. Every prepare, cancel, publish and withdraw goes in the audit log.

With four eyes (``settings.FOUR_EYES``, on unless turned off) confirming the preview
prepares the quarter, and another member of staff approves it on its own page, which
publishes it (publication.models.PublicationRequest); the preparer is refused (403 with the
reason, audited) and not offered the button. With it off, confirming publishes.
"""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from plans.models import QuarterEvent, QuarterEventKind
from vawg_tracker import audit
from vawg_tracker.accounts.access import requires
from vawg_tracker.accounts.capabilities import Can
from vawg_tracker.paging import page_or_404
from vawg_tracker.templatetags.vawg import person

from . import access
from .forms import PublishForm
from .models import (
    AlreadyPrepared,
    AlreadyPublished,
    ChangedSincePrepared,
    NoLongerPending,
    Publication,
    PublicationRequest,
)
from .published import PublishedQuarter, arrange_funding
from .snapshot import build_funding, build_snapshot, diff, funding_changed, same_content

PAGE_SIZE = 50


@requires(Can.MANAGE_DELIVERY)
@require_safe
def publication_list(request):
    publications = Publication.objects.select_related(
        "plan", "prepared_by", "published_by", "withdrawn_by"
    ).order_by("plan__title", "plan_id", "-quarter", "-published_at", "-id")
    # Query: the live publications, to mark each plan's current one (the latest quarter).
    current = {}
    for pk, plan_id in (
        Publication.objects.live()
        .order_by("plan_id", "-quarter", "-published_at", "-id")
        .values_list("pk", "plan_id")
    ):
        current.setdefault(plan_id, pk)
    # Query: the quarters prepared and waiting for approval, with who prepared them.
    waiting = PublicationRequest.objects.pending().select_related("plan", "prepared_by")
    context = {
        "page": page_or_404(request, publications, PAGE_SIZE),
        "current_ids": set(current.values()),
        "waiting": list(waiting.order_by("plan__title", "plan_id", "-quarter")),
    }
    return render(request, "publication/list.html", context)


@requires(Can.MANAGE_DELIVERY)
@require_safe
def publication_detail(request, pk):
    """What one publication holds, as the public reads it, and who prepared and approved it."""
    publication = access.get_publication(pk)
    context = {
        "publication": publication,
        "funding": PublishedQuarter(publication).funding,
        # Query: the quarter reopened for a correction since it was published (the public
        # still reads the snapshot, unchanged: staff decide whether to publish again).
        "reopened": QuarterEvent.objects.filter(
            plan_id=publication.plan_id,
            quarter=publication.quarter,
            kind=QuarterEventKind.REOPENED,
            at__gt=publication.published_at,
        )
        .order_by("-at")
        .first(),
    }
    return render(request, "publication/detail.html", context)


@requires(Can.MANAGE_DELIVERY)
@require_http_methods(["GET", "HEAD", "POST"])
def publish(request):
    """
    GET: choose a plan and quarter; once both are chosen, preview the snapshot that
    would be published and what changed. POST: prepare it for another member of staff to
    approve (four eyes), or with FOUR_EYES off publish it (either way the snapshot is built
    again from the database, never taken from the form).
    """
    if request.method == "POST":
        form = PublishForm(request.POST)
        if form.is_valid():
            plan, quarter = form.cleaned_data["plan"], form.cleaned_data["quarter"]
            try:
                if settings.FOUR_EYES:
                    return _prepare(request, plan, quarter)
                publication = Publication.publish(plan, quarter, by=request.user)
            except AlreadyPublished:
                return _already_published(request, plan, quarter)
            audit.record(audit.Kind.PUBLISHED, request, obj=publication)
            messages.success(request, f"Published {plan}, {quarter}.")
            return redirect("publication:list")
        return render(
            request, "publication/publish.html", {"form": form, "four_eyes": settings.FOUR_EYES}
        )

    chosen = {"plan", "quarter"} <= set(request.GET)
    form = PublishForm(request.GET if chosen else None, initial=request.GET.dict())
    context = {"form": form, "four_eyes": settings.FOUR_EYES}
    if chosen and form.is_valid():
        plan, quarter = form.cleaned_data["plan"], form.cleaned_data["quarter"]
        snapshot, funding = build_snapshot(plan, quarter), build_funding(quarter)
        context.update(
            _preview(plan, quarter, snapshot, funding),
            # Query: a request for the quarter already waiting for approval, if any.
            waiting=PublicationRequest.objects.pending()
            .filter(plan=plan, quarter=quarter)
            .select_related("prepared_by")
            .first(),
        )
    return render(request, "publication/publish.html", context)


def _preview(plan, quarter, snapshot, funding):
    """What the preview shows: the content, and what changed since the publication before
    it (the query: the live publication before it)."""
    previous = Publication.objects.previous_to(plan, quarter)
    return {
        "plan": plan,
        "quarter": quarter,
        "snapshot": snapshot,
        "funding": arrange_funding(funding),
        "previous": previous,
        "already": previous is not None and previous.quarter == quarter,
        "changes": diff(previous.snapshot if previous else None, snapshot),
        "funding_changed": funding_changed(previous.funding if previous else None, funding),
    }


def _prepare(request, plan, quarter):
    try:
        prepared = PublicationRequest.prepare(plan, quarter, by=request.user)
    except AlreadyPrepared:
        messages.error(
            request,
            f"Someone else prepared {plan}, {quarter} just now: it is waiting for approval.",
        )
        return redirect("publication:list")
    audit.record(audit.Kind.PREPARED, request, obj=prepared)
    messages.success(
        request,
        f"Prepared {plan}, {quarter}: another member of staff must approve it before it is "
        "published.",
    )
    return redirect("publication:prepared", prepared.pk)


def _already_published(request, plan, quarter):
    messages.error(
        request,
        f"{plan}, {quarter} is already published: withdraw that publication "
        "before publishing the quarter again.",
    )
    return redirect("publication:list")


@requires(Can.MANAGE_DELIVERY)
@require_safe
def prepared(request, pk):
    """
    A quarter prepared for publishing: who prepared it and when, and, while it waits, what
    would be published now, checked against what was prepared. Approve is offered only to
    someone else, and only while the records still give what was prepared.
    """
    prepared = access.get_publication_request(pk)
    context = {"prepared": prepared}
    if prepared.is_pending:
        plan, quarter = prepared.plan, prepared.quarter
        current = PublicationRequest(
            snapshot=build_snapshot(plan, quarter), funding=build_funding(quarter)
        )
        changed = not same_content(prepared, current)
        context.update(
            _preview(plan, quarter, current.snapshot, current.funding),
            changed=changed,
            changed_since=diff(prepared.snapshot, current.snapshot) if changed else None,
            funding_changed_since=changed
            and funding_changed(prepared.funding or {}, current.funding),
        )
    else:
        funding = prepared.funding and arrange_funding(prepared.funding)
        context.update(snapshot=prepared.snapshot, funding=funding)
    return render(request, "publication/prepared.html", context)


@requires(Can.MANAGE_DELIVERY)
@require_POST
def approve(request, pk):
    """Publish a prepared quarter, as someone other than who prepared it (four eyes)."""
    prepared = access.get_publication_request(pk)
    plan, quarter = prepared.plan, prepared.quarter
    try:
        publication = prepared.approve(by=request.user)
    except ChangedSincePrepared:
        messages.error(
            request,
            f"Nothing was published: the records changed since {person(prepared.prepared_by)} "
            f"prepared {plan}, {quarter}. Below is what would be published now; prepare it "
            "again for someone else to approve.",
        )
        return redirect("publication:prepared", prepared.pk)
    except NoLongerPending:
        messages.error(request, f"{plan}, {quarter} was approved or cancelled already.")
        return redirect("publication:prepared", prepared.pk)
    except AlreadyPublished:
        return _already_published(request, plan, quarter)
    audit.record(audit.Kind.PUBLISHED, request, obj=publication)
    messages.success(
        request,
        f"Published {plan}, {quarter}, prepared by {person(prepared.prepared_by)} and "
        "approved by you.",
    )
    return redirect("publication:list")


@requires(Can.MANAGE_DELIVERY)
@require_POST
def cancel(request, pk):
    """Cancel a prepared quarter: nothing is published (it may be prepared again)."""
    prepared = access.get_publication_request(pk)
    if not prepared.cancel(by=request.user):
        messages.error(
            request,
            f"{prepared.plan}, {prepared.quarter} was approved or cancelled already.",
        )
        return redirect("publication:prepared", prepared.pk)
    audit.record(audit.Kind.PREPARATION_CANCELLED, request, obj=prepared)
    messages.success(request, f"Cancelled: {prepared.plan}, {prepared.quarter} was not published.")
    return redirect("publication:list")


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
