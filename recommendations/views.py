"""
The tracker's pages: the list (filters in the URL, grouped by source, then by status), a
source's page with its recommendations, a recommendation's page (the actions that deliver
it, its updates and their evidence), the forms to record and edit sources and
recommendations, the form to add an update (which moves the status), and an update's
evidence file. Objects come through recommendations.access, which checks and preloads.
"""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from vawg_tracker import audit
from vawg_tracker.accounts.access import requires
from vawg_tracker.paging import page_or_404

from . import access
from .filters import RecommendationFilter
from .forms import RecommendationForm, SourceForm, UpdateForm
from .models import (
    STATUS_ORDER,
    Recommendation,
    RecommendationSource,
    UpdateConflict,
)

PAGE_SIZE = 50


@requires(access.READ_RECOMMENDATIONS)
@require_safe
def recommendation_list(request):
    filterset = RecommendationFilter(
        request.GET, queryset=Recommendation.objects.select_related("source", "owner")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page_or_404(request, filterset.qs.by_source(), PAGE_SIZE),
        "query": query.urlencode(),
        "may_manage": access.can_manage(request.user),
    }
    return render(request, "recommendations/recommendation_list.html", context)


@requires(access.READ_RECOMMENDATIONS)
@require_safe
def source_detail(request, pk):
    source = access.get_source(pk)
    recommendations = (
        source.recommendations.select_related("owner")
        .alias(status_order=STATUS_ORDER)
        .order_by("status_order", "number", "pk")
    )
    context = {
        "source": source,
        "recommendations": recommendations,
        "may_manage": access.can_manage(request.user),
    }
    return render(request, "recommendations/source_detail.html", context)


@requires(access.READ_RECOMMENDATIONS)
@require_safe
def detail(request, pk):
    recommendation = access.get_recommendation(pk)
    updates = recommendation.updates.select_related("recorded_by").prefetch_related("evidence")
    context = {
        "recommendation": recommendation,
        "updates": updates,
        "may_manage": access.can_manage(request.user),
        "may_update": access.can_update(request.user, recommendation),
    }
    return render(request, "recommendations/recommendation_detail.html", context)


def _versioned_form(request, form_class, instance, title, fetch_again):
    """Record or edit a source or a recommendation; an edit over someone else's later save
    is refused (409) with everything typed kept."""
    initial = {"source": request.GET.get("source")} if form_class is RecommendationForm else {}
    form = form_class(request.POST or None, instance=instance, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        conflict = instance.save_if_unchanged(form.cleaned_data["version"], form.save)
        if conflict is None:
            messages.success(request, f"“{form.instance}” saved.")
            return redirect(form.instance)
        data = request.POST.copy()
        data["version"] = instance.current_version()
        form = form_class(data, instance=fetch_again(instance.pk))
        form.is_valid()
    context = {
        "form": form,
        "title": title,
        "back": instance if instance.pk else None,
        "conflict": conflict,
    }
    return render(request, "object_form.html", context, status=409 if conflict else 200)


@requires(access.KEEP_RECOMMENDATIONS)
def source_create(request):
    return _versioned_form(request, SourceForm, RecommendationSource(), "New source", None)


@requires(access.KEEP_RECOMMENDATIONS)
def source_edit(request, pk):
    source = access.get_source(pk)
    return _versioned_form(request, SourceForm, source, f"Edit {source}", access.get_source)


@requires(access.KEEP_RECOMMENDATIONS)
def create(request):
    return _versioned_form(
        request, RecommendationForm, Recommendation(), "New recommendation", None
    )


@requires(access.KEEP_RECOMMENDATIONS)
def edit(request, pk):
    recommendation = access.get_recommendation_to_edit(pk)
    return _versioned_form(
        request,
        RecommendationForm,
        recommendation,
        f"Edit recommendation {recommendation.number}",
        access.get_recommendation_to_edit,
    )


@requires(*access.UPDATE_RECOMMENDATIONS, any_of=True)
def add_update(request, pk):
    """Add an update: the status now, what was done, the day, evidence files
    (Recommendation.record_update). An update recorded by someone else since the form was
    drawn is shown (409), what was typed kept (files are chosen again)."""
    recommendation = access.get_recommendation_to_update(request.user, pk)
    initial = {
        "status": recommendation.status,
        "happened_on": timezone.localdate(),
        "seen_update_id": recommendation.latest_update_id(),
    }
    form = UpdateForm(request.POST or None, request.FILES or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recommendation.record_update(
                by=request.user,
                status=data["status"],
                note=data["note"],
                on=data["happened_on"],
                files=data["evidence"],
                seen_update_id=data["seen_update_id"],
            )
        except UpdateConflict as refused:
            conflict = refused.newer_updates
            data = request.POST.copy()
            data["seen_update_id"] = str(recommendation.latest_update_id())
            form = UpdateForm(data)
            form.is_valid()
            recommendation.refresh_from_db()
        else:
            messages.success(
                request,
                f"Update on recommendation {recommendation.number} recorded: "
                f"{recommendation.get_status_display().lower()}.",
            )
            return redirect(recommendation)
    context = {"recommendation": recommendation, "form": form, "conflict": conflict}
    return render(
        request,
        "recommendations/recommendation_update.html",
        context,
        status=409 if conflict else 200,
    )


@requires(access.READ_RECOMMENDATIONS)
@require_safe
def evidence_download(request, pk):
    evidence = access.get_evidence(pk)
    audit.record(audit.Kind.EVIDENCE_DOWNLOAD, request, obj=evidence)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=f"recommendation-evidence-{evidence.pk}.{evidence.extension}",
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
