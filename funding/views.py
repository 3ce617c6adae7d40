"""
The money's pages: the partner portal's "Our funding" (the organisation's own awards and
returns, submitting, amending and correcting a return); the award page, where staff
accept or return its returns; and the Funding page with its download. Staff and
commissioners read awards and the Funding page; partners see only their own
organisation's money.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from vawg_tracker import audit, jobs
from vawg_tracker.accounts.access import requires
from vawg_tracker.accounts.capabilities import Can
from vawg_tracker.downloads import requested_format
from vawg_tracker.paging import page_or_404
from vawg_tracker.quarters import Quarter

from . import access
from .exports import awards_response
from .forms import (
    AwardForm,
    AwardOutputs,
    AwardYears,
    FundingFilterForm,
    FundingSourceForm,
    ReturnSpendReturnForm,
    SpendReturnForm,
    output_field_name,
)
from .models import (
    Award,
    FundingSource,
    ReturnEventKind,
    ReturnOutput,
    ReturnState,
    SpendReturn,
    financial_year_label,
)
from .summary import FundingSummary

ALREADY_OPEN = "This award already has a return for that quarter waiting for review."


def _our_funding_url(award):
    return f"{reverse('funding_portal:home')}#award-{award.pk}"


# --- The partner's own pages ----------------------------------------------------------


@requires(Can.USE_PARTNER_PORTAL)
@require_safe
def our_funding(request):
    """The organisation's awards: source, years, outputs, and returns by quarter."""
    organisation = access.organisation_of(request.user)
    awards = (
        Award.objects.for_organisation(organisation)
        .select_related("source")
        .prefetch_related(
            "years",
            "outputs",
            Prefetch("returns", queryset=access.returns_with_steps()),
        )
        .order_by("-starts_on", "reference")
    )
    page = page_or_404(request, awards, 10)
    for award in page.object_list:
        award.rows = award.quarter_rows()
    context = {"organisation": organisation, "page": page}
    return render(request, "funding/our_funding.html", context)


def _form_page(request, form, award, title, *, status=200, conflict=False, spend_return=None):
    context = {
        "form": form,
        "award": award,
        "title": title,
        "conflict": conflict,
        "spend_return": spend_return,
        "output_fields": [form[output_field_name(o)] for o in form.outputs],
    }
    return render(request, "funding/return_form.html", context, status=status)


@requires(Can.USE_PARTNER_PORTAL)
def return_submit(request, pk):
    award = access.get_own_award(request.user, pk)
    periods = award.due_quarters()
    if not periods:
        messages.error(
            request, "No return is due on this award: every ended reporting quarter has one."
        )
        return redirect(_our_funding_url(award))
    form = SpendReturnForm(request.POST or None, award=award, periods=periods)
    if request.method == "POST" and form.is_valid():
        try:
            spend_return = SpendReturn.submit(
                award=award,
                period=form.cleaned_data["period"],
                spend=form.cleaned_data["spend"],
                variance_note=form.cleaned_data["variance_note"],
                achieved=form.achieved(),
                user=request.user,
            )
        except IntegrityError:
            form.add_error("period", ALREADY_OPEN)
        except ValidationError as refused:  # a quarter the award owes no return for
            form.add_error(None, refused)
        else:
            messages.success(
                request, f"Return for {spend_return.period} sent to the PCC office to review."
            )
            return redirect(_our_funding_url(award))
    status = 400 if request.method == "POST" else 200
    return _form_page(request, form, award, f"Submit a return: {award}", status=status)


def _initial(spend_return):
    initial = {"spend": spend_return.spend, "variance_note": spend_return.variance_note}
    for output_id, value in spend_return.achieved.items():
        initial[f"output_{output_id}"] = value
    return initial


@requires(Can.USE_PARTNER_PORTAL)
def return_amend(request, pk):
    spend_return = access.get_own_return(request.user, pk)
    award = spend_return.award
    if spend_return.state != ReturnState.RETURNED:
        messages.error(request, "Only a return the PCC office returned for changes can be amended.")
        return redirect(_our_funding_url(award))
    initial = {**_initial(spend_return), "version": spend_return.current_version()}
    form = SpendReturnForm(
        request.POST or None, award=award, period=spend_return.period, initial=initial
    )
    title = f"Amend and resubmit: {award.reference} {spend_return.period}"
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            SpendReturn.objects.select_for_update().filter(pk=spend_return.pk).first()
            current = spend_return.current_version()
            if form.cleaned_data["version"] == current:
                if spend_return.resubmit(
                    spend=form.cleaned_data["spend"],
                    variance_note=form.cleaned_data["variance_note"],
                    achieved=form.achieved(),
                    user=request.user,
                ):
                    messages.success(
                        request,
                        f"Return for {spend_return.period} amended and sent back to review.",
                    )
                else:
                    messages.error(
                        request, "It was reviewed while you were editing; nothing saved."
                    )
                return redirect(_our_funding_url(award))
        # Someone changed it since the form was drawn: keep what was typed, say so, and
        # let them save again on purpose.
        data = request.POST.copy()
        data["version"] = current
        form = SpendReturnForm(data, award=award, period=spend_return.period)
        form.is_valid()
        return _form_page(
            request, form, award, title, status=409, conflict=True, spend_return=spend_return
        )
    status = 400 if request.method == "POST" else 200
    return _form_page(request, form, award, title, status=status, spend_return=spend_return)


@requires(Can.USE_PARTNER_PORTAL)
def return_correct(request, pk):
    """A correction to an accepted return: a new return for its quarter that names it."""
    corrected = access.get_own_return(request.user, pk)
    award = corrected.award
    if (
        corrected.state != ReturnState.ACCEPTED
        or corrected.corrections.filter(state=ReturnState.ACCEPTED).exists()
    ):
        messages.error(request, "Only the accepted return the figures count can be corrected.")
        return redirect(_our_funding_url(award))
    form = SpendReturnForm(
        request.POST or None, award=award, period=corrected.period, initial=_initial(corrected)
    )
    if request.method == "POST" and form.is_valid():
        try:
            SpendReturn.submit(
                award=award,
                period=corrected.period,
                spend=form.cleaned_data["spend"],
                variance_note=form.cleaned_data["variance_note"],
                achieved=form.achieved(),
                user=request.user,
                corrects=corrected,
            )
        except IntegrityError:
            form.add_error(None, ALREADY_OPEN)
        else:
            messages.success(
                request,
                f"Correction for {corrected.period} sent to the PCC office to review. "
                "The accepted return counts until the correction is accepted.",
            )
            return redirect(_our_funding_url(award))
    status = 400 if request.method == "POST" else 200
    title = f"Correct the accepted return: {award.reference} {corrected.period}"
    return _form_page(request, form, award, title, status=status, spend_return=corrected)


# --- Staff and commissioners: the award --------------------------------------------------


def _output_rows(award):
    """Each output with its target, what the counted returns achieved, and a bar width."""
    achieved = dict(
        ReturnOutput.objects.filter(spend_return__in=award.returns.counted())
        .counting()
        .values_list("output")
        .annotate(total=Sum("achieved"))
    )
    rows = []
    for n, output in enumerate(award.outputs.all()):
        done = achieved.get(output.pk, 0)
        share = min(done / output.target, 1) if output.target else (1 if done else 0)
        rows.append(
            {
                "output": output,
                "achieved": done,
                "percent": round(share * 100),
                "width": round(share * 300, 1),
                # The chart: a bar 18 high every 28 units down, its label beside it.
                "bar_y": n * 28 + 4,
                "text_y": n * 28 + 18,
            }
        )
    return rows


@requires(access.READ_FUNDING)
@require_safe
def award_detail(request, pk):
    award = access.get_award(pk)
    counted = award.returns.counted()
    spent_by_year = {}
    for period, spend in counted.values_list("period", "spend"):
        spent_by_year[period.year] = spent_by_year.get(period.year, 0) + spend
    years = [
        {"year": year, "spent": spent_by_year.get(year.financial_year, 0)}
        for year in award.years.all()
    ]
    outputs = _output_rows(award)
    returns = access.returns_with_steps().filter(award=award).order_by("-period", "-created_at")
    context = {
        "award": award,
        "years": years,
        "awarded": sum((y["year"].amount for y in years), 0),
        "spent": counted.spend(),
        "outputs": outputs,
        "chart_height": len(outputs) * 28 + 8,
        "actions": award.actions.select_related("plan").order_by("plan", "reference"),
        "returns": returns,
        "may_review": request.user.has_perm(access.REVIEW_RETURNS),
        "return_form": ReturnSpendReturnForm(),
    }
    return render(request, "funding/award_detail.html", context)


# --- Staff: reviewing returns ---------------------------------------------------------------


@requires(access.REVIEW_RETURNS)
@require_safe
def review_queue(request):
    waiting = (
        SpendReturn.objects.awaiting_review()
        .select_related("award__organisation", "award__source")
        .order_by("updated_at", "id")
    )
    return render(request, "funding/review_queue.html", {"page": page_or_404(request, waiting, 50)})


def _return_url(spend_return):
    return f"{spend_return.award.get_absolute_url()}#return-{spend_return.pk}"


@requires(access.REVIEW_RETURNS)
@require_POST
def return_accept(request, pk):
    spend_return = access.get_return_for_review(pk)
    if spend_return.move(
        to=ReturnState.ACCEPTED,
        allowed_from=[ReturnState.SUBMITTED],
        user=request.user,
        event=ReturnEventKind.ACCEPTED,
    ):
        messages.success(request, f"Return for {spend_return.period} accepted; it is now locked.")
    else:
        messages.error(request, "It is no longer waiting for review: someone acted on it first.")
    return redirect(_return_url(spend_return))


@requires(access.REVIEW_RETURNS)
@require_POST
def return_return(request, pk):
    spend_return = access.get_return_for_review(pk)
    form = ReturnSpendReturnForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "Say what needs changing, so the partner can put it right "
            "(and no one's personal details).",
        )
        return redirect(_return_url(spend_return))
    if spend_return.move(
        to=ReturnState.RETURNED,
        allowed_from=[ReturnState.SUBMITTED],
        user=request.user,
        event=ReturnEventKind.RETURNED,
        comment=form.cleaned_data["comment"],
    ):
        # Tell the partner, once (rounds.returned; by name: rounds sits above this app).
        jobs.enqueue(
            "rounds.notify_returned",
            "spend_return",
            spend_return.pk,
            about=f"spend return {spend_return.pk}",
        )
        messages.success(
            request,
            f"Return for {spend_return.period} returned to {spend_return.award.organisation}.",
        )
    else:
        messages.error(request, "It is no longer waiting for review: someone acted on it first.")
    return redirect(_return_url(spend_return))


# --- Staff and commissioners: the Funding page ------------------------------------------
# Where every pound of a financial year went, and what it delivered, and its download. The
# figures are funding.summary's, as the dashboard's card and the quarterly report's.

PAGE_SIZE = 50


def _summary(request):
    form = FundingFilterForm(request.GET)
    return FundingSummary(**form.chosen()), form


@requires(Can.VIEW_FUNDING)
@require_safe
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
@require_safe
def export(request):
    file_format = requested_format(request)
    summary, _ = _summary(request)
    # The filters are not recorded: the audit log records that money was exported.
    audit.record(audit.Kind.EXPORT, request)
    return awards_response(summary, file_format)


@requires(Can.VIEW_FUNDING)
@require_safe
def source_list(request):
    """Every funding source, with or without money this year: what its counted awards
    come to this financial year and in all, each linking to its awards on the Funding page."""
    year = Quarter.current().year
    sources = FundingSource.objects.with_money(year).order_by("name", "pk")
    context = {
        "page": page_or_404(request, sources, PAGE_SIZE),
        "year": year,
        "year_label": financial_year_label(year),
        "today": timezone.localdate(),
    }
    return render(request, "funding/source_list.html", context)


# --- Staff keeping funding sources and awards -------------------------------------------
# Each form saves in one transaction, or not at all; an edit checks the version the form
# was drawn from (the latest history record), so a change saved meanwhile by someone else
# is shown (409) with what this user typed kept, never silently overwritten. History
# records who saved (simple_history's middleware), as the admin's saves do.


def _source_form(request, source, title):
    form = FundingSourceForm(request.POST or None, instance=source)
    conflict = None
    if request.method == "POST" and form.is_valid():
        conflict = source.save_if_unchanged(form.cleaned_data["version"], form.save)
        if conflict is None:
            messages.success(request, f"“{source}” saved.")
            return redirect(source)
        data = request.POST.copy()
        data["version"] = source.current_version()
        form = FundingSourceForm(data, instance=access.get_source(source.pk))
        form.is_valid()
    back = source if source.pk else None
    context = {"form": form, "title": title, "back": back, "conflict": conflict}
    return render(request, "object_form.html", context, status=409 if conflict else 200)


@requires(access.READ_FUNDING, *access.KEEP_SOURCES)
def source_create(request):
    return _source_form(request, FundingSource(), "New funding source")


@requires(access.READ_FUNDING, *access.KEEP_SOURCES)
def source_edit(request, pk):
    source = access.get_source(pk)
    return _source_form(request, source, f"Edit {source}")


def _award_forms(data, award):
    """The award's form and its formsets (amounts by year, outputs), validated if bound."""
    forms = (
        AwardForm(data, instance=award),
        AwardYears(data, instance=award, prefix="years"),
        AwardOutputs(data, instance=award, prefix="outputs"),
    )
    if data is not None:
        # Every one, so that every error shows; the award first: the years are checked
        # against the dates it was given.
        for form in forms:
            form.is_valid()
    return forms


def _award_form(request, award, title):
    form, years, outputs = _award_forms(request.POST or None, award)
    conflict = None
    if request.method == "POST" and all(f.is_valid() for f in (form, years, outputs)):

        def save():
            if award.pk is not None and (years.has_changed() or outputs.has_changed()):
                award._change_reason = "Amounts by year or outputs changed"
            form.save()
            years.save()
            outputs.save()

        conflict = award.save_if_unchanged(form.cleaned_data["version"], save)
        if conflict is None:
            messages.success(request, f"“{award}” saved.")
            return redirect(award)
        data = request.POST.copy()
        data["version"] = award.current_version()
        form, years, outputs = _award_forms(data, access.get_award_to_edit(award.pk))
    context = {
        "form": form,
        "years": years,
        "outputs": outputs,
        "title": title,
        "back": award if award.pk else None,
        "conflict": conflict,
    }
    return render(request, "funding/award_form.html", context, status=409 if conflict else 200)


@requires(access.READ_FUNDING, *access.KEEP_AWARDS)
def award_create(request):
    return _award_form(request, Award(), "New award")


@requires(access.READ_FUNDING, *access.KEEP_AWARDS)
def award_edit(request, pk):
    award = access.get_award_to_edit(pk)
    return _award_form(request, award, f"Edit {award}")
