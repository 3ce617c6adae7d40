"""
The risk register's pages: the register (filters in the URL, the heat map and its
numbers, each risk's score and trend), a risk's page, and the forms to record, edit and
review a risk. Objects come through risks.access, which checks and preloads.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from plans.charts import heat_map, heat_table
from vawg_tracker.accounts.access import requires
from vawg_tracker.paging import page_or_404
from vawg_tracker.quarters import Quarter

from . import access
from .filters import RiskFilter
from .forms import Mitigations, RiskForm, RiskReviewForm
from .models import GRID_CELLS, Band, ReviewConflict, Risk, end_of_day

PAGE_SIZE = 50


@requires(access.READ_RISKS)
@require_safe
def register(request):
    filterset = RiskFilter(request.GET, queryset=Risk.objects.select_related("owner"))
    risks = filterset.qs.by_score().with_score_at(end_of_day(Quarter.current().previous().end))
    label = "Risks by likelihood and impact"
    query = request.GET.copy()
    query.pop("page", None)
    counts = filterset.qs.heat_counts()
    context = {
        "filter": filterset,
        "page": page_or_404(request, risks, PAGE_SIZE),
        "query": query.urlencode(),
        "heat_map": heat_map(counts, label=label, colours=GRID_CELLS),
        "heat_table": heat_table(counts, caption=f"{label}: how many in each cell"),
        "bands": list(Band),
        "since": Quarter.current().previous(),
        "may_manage": access.can_manage(request.user),
    }
    return render(request, "risks/register.html", context)


@requires(access.READ_RISKS)
@require_safe
def detail(request, pk):
    risk = access.get_risk(pk)
    context = {
        "risk": risk,
        "reviews": risk.reviews.select_related("reviewed_by"),
        "may_manage": access.can_manage(request.user),
        "may_review": access.can_review(request.user, risk),
    }
    return render(request, "risks/risk_detail.html", context)


def _risk_forms(data, risk):
    """The risk's form and its mitigations' formset, each validated if bound."""
    form, mitigations = RiskForm(data, instance=risk), Mitigations(data, instance=risk)
    if data is not None:
        form.is_valid()
        mitigations.is_valid()
    return form, mitigations


def _risk_form(request, risk, title):
    """Record or edit a risk and its mitigations in one transaction; an edit over someone
    else's later save is refused (409) with everything typed kept."""
    form, mitigations = _risk_forms(request.POST or None, risk)
    conflict = None
    if request.method == "POST" and form.is_valid() and mitigations.is_valid():

        def save():
            form.save()
            mitigations.instance = form.instance
            mitigations.save()

        conflict = risk.save_if_unchanged(form.cleaned_data["version"], save)
        if conflict is None:
            messages.success(request, f"“{form.instance}” saved.")
            return redirect(form.instance)
        data = request.POST.copy()
        data["version"] = risk.current_version()
        form, mitigations = _risk_forms(data, access.get_risk_to_edit(risk.pk))
    context = {
        "form": form,
        "mitigations": mitigations,
        "title": title,
        "back": risk if risk.pk else None,
        "conflict": conflict,
    }
    return render(request, "risks/risk_form.html", context, status=409 if conflict else 200)


@requires(access.KEEP_RISKS)
def create(request):
    return _risk_form(request, Risk(), "New risk")


@requires(access.KEEP_RISKS)
def edit(request, pk):
    risk = access.get_risk_to_edit(pk)
    return _risk_form(request, risk, f"Edit {risk}")


@requires(*access.REVIEW_RISKS, any_of=True)
def review(request, pk):
    """Review a risk: new scores, a comment, the next review date (Risk.review). A review
    recorded by someone else since the form was drawn is shown (409), what was typed kept."""
    risk = access.get_risk_to_review(request.user, pk)
    initial = {
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "seen_review_id": risk.latest_review_id(),
    }
    form = RiskReviewForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            risk.review(
                by=request.user,
                likelihood=data["likelihood"],
                impact=data["impact"],
                comment=data["comment"],
                next_review=data["next_review"],
                seen_review_id=data["seen_review_id"],
            )
        except ReviewConflict as refused:
            conflict = refused.newer_reviews
            data = request.POST.copy()
            data["seen_review_id"] = str(risk.latest_review_id())
            form = RiskReviewForm(data)
            form.is_valid()
            risk.refresh_from_db()
        else:
            messages.success(request, f"Review of “{risk}” recorded: score {risk.score}.")
            return redirect(risk)
    context = {"risk": risk, "form": form, "conflict": conflict}
    return render(request, "risks/risk_review.html", context, status=409 if conflict else 200)
