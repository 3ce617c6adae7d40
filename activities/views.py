"""
The partner portal (partners log what they deliver and see only their own) and the staff
pages that verify what partners logged.
"""

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from plans.models import Action
from vawg_tracker import audit, four_eyes, jobs
from vawg_tracker.accounts.access import requires
from vawg_tracker.accounts.capabilities import Can
from vawg_tracker.downloads import requested_format
from vawg_tracker.paging import page_or_404

from . import access
from .exports import activities_response
from .forms import ActivityForm, ReturnForm
from .models import (
    EDITABLE_STATES,
    Activity,
    ActivityEventKind,
    ActivityState,
    Evidence,
)

PAGE_SIZE = 25


def _page(request, queryset, size=PAGE_SIZE):
    return page_or_404(request, queryset, size)


# --- The partner's own pages ----------------------------------------------------------


@requires(Can.USE_PARTNER_PORTAL)
@require_safe
def home(request):
    """The organisation's page: the actions it delivers, its activities and totals."""
    if access.membership_of(request.user) is None:
        return render(request, "activities/no_organisation.html", status=403)
    organisation = access.organisation_of(request.user)
    activities = organisation.activities.exclude(state=ActivityState.WITHDRAWN)
    context = {
        "organisation": organisation,
        "actions": Action.objects.filter(delivery_partners=organisation)
        .select_related("plan")
        .order_by("plan", "reference"),
        "page": _page(
            request, organisation.activities.select_related("action").order_by("-started_on", "-id")
        ),
        "totals": activities.by_kind("period", order_by=["-period", "kind"]),
    }
    return render(request, "activities/home.html", context)


def _save_activity(form, user, organisation=None):
    """Save the activity and its evidence together, or nothing (files included)."""
    stored = []
    try:
        with transaction.atomic():
            activity = form.save(commit=False)
            if organisation is not None:
                activity.organisation, activity.created_by = organisation, user
            activity.save()
            for checked in form.cleaned_data["evidence"]:
                evidence = Evidence(
                    activity=activity,
                    original_name=checked.original_name,
                    extension=checked.extension,
                    content_type=checked.content_type,
                    size=checked.size,
                    sha256=checked.sha256,
                    uploaded_by=user,
                )
                evidence.file.save(checked.upload.name, checked.upload, save=False)
                stored.append(evidence.file)
                evidence.save()
    except Exception:
        for file in stored:
            file.delete(save=False)
        raise
    return activity


@requires(Can.USE_PARTNER_PORTAL)
def activity_create(request):
    organisation = access.organisation_of(request.user)
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        organisation=organisation,
        initial={"action": request.GET.get("action")},
    )
    if request.method == "POST" and form.is_valid():
        activity = _save_activity(form, request.user, organisation)
        activity.record(ActivityEventKind.SUBMITTED, request.user)
        messages.success(request, f"“{activity}” logged and sent to the PCC office to verify.")
        return redirect(activity)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "organisation": organisation, "title": "Log an activity"}
    return render(request, "activities/activity_form.html", context, status=status)


@requires(Can.USE_PARTNER_PORTAL)
def activity_edit(request, pk):
    activity = access.get_own_activity(request.user, pk)
    if not activity.is_editable:
        messages.error(
            request,
            "This activity has been verified, so it is locked. Log a correction as a new activity.",
        )
        return redirect(activity)
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        instance=activity,
        organisation=activity.organisation,
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # Still editable? Staff may have verified it while the form was open.
            if (
                not Activity.objects.select_for_update()
                .filter(pk=activity.pk, state__in=EDITABLE_STATES)
                .exists()
            ):
                messages.error(request, "It was verified while you were editing; nothing saved.")
                return redirect(activity)
            returned = activity.state == ActivityState.RETURNED
            activity = _save_activity(form, request.user)
            if returned:
                activity.move(
                    to=ActivityState.SUBMITTED,
                    allowed_from=[ActivityState.RETURNED],
                    user=request.user,
                    event=ActivityEventKind.RESUBMITTED,
                )
            else:
                activity.record(ActivityEventKind.EDITED, request.user)
        messages.success(request, f"“{activity}” saved and sent to the PCC office to verify.")
        return redirect(activity)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "organisation": activity.organisation, "activity": activity}
    context["title"] = f"Change “{activity}”"
    return render(request, "activities/activity_form.html", context, status=status)


@requires(Can.USE_PARTNER_PORTAL)
@require_POST
def activity_withdraw(request, pk):
    activity = access.get_own_activity(request.user, pk)
    if activity.move(
        to=ActivityState.WITHDRAWN,
        allowed_from=EDITABLE_STATES,
        user=request.user,
        event=ActivityEventKind.WITHDRAWN,
    ):
        messages.success(request, f"“{activity}” withdrawn.")
    else:
        messages.error(request, "Verified activities cannot be withdrawn.")
    return redirect(activity)


@requires(Can.USE_PARTNER_PORTAL)
@require_safe
def activity_export(request):
    """The organisation's own activities as CSV, or XLSX with ?format=xlsx."""
    file_format = requested_format(request)
    organisation = access.organisation_of(request.user)
    audit.record(audit.Kind.EXPORT, request, obj=organisation)
    return activities_response(organisation, file_format)


# --- Pages partners and staff share -----------------------------------------------------


@requires(Can.VIEW_DELIVERY, Can.USE_PARTNER_PORTAL, any_of=True)
@require_safe
def activity_detail(request, pk):
    activity = access.get_activity(request.user, pk)
    is_own = access.is_own(request.user, activity)
    events = list(activity.events.select_related("user"))
    waiting = (
        request.user.has_perm(Can.VERIFY_ACTIVITIES) and activity.state == ActivityState.SUBMITTED
    )
    may_decide = four_eyes.may_decide(request.user, activity.submitter_in(events))
    context = {
        "activity": activity,
        "evidence": activity.evidence.all(),
        "events": events,
        "is_own": is_own,
        "may_review": waiting and may_decide,
        "own_submission": waiting and not may_decide,  # four eyes: someone else verifies
        "may_open_evidence": is_own or request.user.has_perm(Can.VIEW_EVIDENCE),
        "return_form": ReturnForm(),
    }
    return render(request, "activities/activity_detail.html", context)


@requires(Can.VIEW_EVIDENCE, Can.USE_PARTNER_PORTAL, any_of=True)
@require_safe
def evidence_download(request, pk):
    evidence = access.get_evidence(request.user, pk)
    if evidence.removed_on:
        raise Http404("This file was removed under the retention policy.")
    audit.record(audit.Kind.EVIDENCE_DOWNLOAD, request, obj=evidence)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=f"evidence-{evidence.activity_id}-{evidence.pk}.{evidence.extension}",
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Staff: verifying ---------------------------------------------------------------------


@requires(Can.VERIFY_ACTIVITIES)
@require_safe
def review_queue(request):
    waiting = (
        Activity.objects.awaiting_review()
        .select_related("organisation", "action")
        .order_by("updated_at", "id")
    )
    return render(request, "activities/review_queue.html", {"page": _page(request, waiting, 50)})


@requires(Can.VERIFY_ACTIVITIES)
@require_POST
def activity_verify(request, pk):
    activity = access.get_activity_for_review(pk)
    if activity.move(
        to=ActivityState.VERIFIED,
        allowed_from=[ActivityState.SUBMITTED],
        user=request.user,
        event=ActivityEventKind.VERIFIED,
    ):
        messages.success(request, f"“{activity}” verified.")
        return redirect("activities:review_queue")
    messages.error(request, "It is no longer waiting to be verified: someone acted on it first.")
    return redirect(activity)


@requires(Can.VERIFY_ACTIVITIES)
@require_POST
def activity_return(request, pk):
    activity = access.get_activity_for_review(pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say what needs changing, so the partner can put it right.")
        return redirect(activity)
    if activity.move(
        to=ActivityState.RETURNED,
        allowed_from=[ActivityState.SUBMITTED],
        user=request.user,
        event=ActivityEventKind.RETURNED,
        comment=form.cleaned_data["comment"],
    ):
        # Tell the partner, once (rounds.returned; by name: rounds sits above this app).
        jobs.enqueue(
            "rounds.notify_returned", "activity", activity.pk, about=f"activity {activity.pk}"
        )
        messages.success(request, f"“{activity}” returned to {activity.organisation}.")
        return redirect("activities:review_queue")
    messages.error(request, "It is no longer waiting to be verified: someone acted on it first.")
    return redirect(activity)
