"""
The public site's pages: no sign-in, nothing internal, and (for anonymous readers) safe
for a browser or proxy to keep for a few minutes and to ask again about cheaply
(vawg_tracker.caching.public_page; Last-Modified from when the publication changed).
"""

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import condition, require_safe

from publication.models import Publication
from vawg_tracker.accounts.access import public
from vawg_tracker.caching import kept_until_changed, once_per_request, public_page
from vawg_tracker.downloads import csv_response
from vawg_tracker.produced import FileMissing, pdf_download

from . import access, open_data
from .pages import PublishedPlan, indicator_trend

# Search engines may read the public site and nothing else.
ROBOTS = "User-agent: *\nAllow: /public/\nDisallow: /\n"


@once_per_request
def site_changed(request, *args, **kwargs):
    """Pages that show every plan change whenever anything is published or withdrawn."""
    return Publication.objects.last_change()


@once_per_request
def quarter_published(request, plan_id, quarter, *args, **kwargs):
    """A publication's pages change when it is published and when its PDF is ready (its
    page then links it); withdrawn, they are gone."""
    return access.changed_at(plan_id, quarter)


def publication_file(view):
    """A file of one publication: public, cacheable, GET and HEAD only, dated by its
    publishing."""
    dated = condition(last_modified_func=quarter_published)(view)
    return public(public_page(require_safe(dated)))


def publication_page(view):
    """A page of one publication, as a file is, and kept whole for anonymous readers
    until its date moves."""
    return publication_file(kept_until_changed(quarter_published)(view))


@public
@public_page
@require_safe
@condition(last_modified_func=site_changed)
def home(request):
    """Each plan's latest published quarter: where its pledges stand, from the snapshot."""
    # Their funding is not shown here: left unloaded (it can outweigh the rest).
    current = Publication.objects.current_for_each_plan().defer("funding")
    plans = [PublishedPlan(p) for p in current]
    quarters = sorted({page.publication.quarter for page in plans}, reverse=True)
    return render(request, "public/home.html", {"plans": plans, **_open_data(quarters)})


@publication_page
def publication(request, plan_id, quarter):
    """One plan's published quarter, at a stable address, while it is not withdrawn."""
    page = access.get_published_plan(plan_id, quarter)
    return render(request, "public/publication.html", {"page": page, **_open_data([quarter])})


@publication_page
def pledge(request, plan_id, quarter, pledge_set, number):
    """A pledge as published: its commitment, the actions delivering it, its indicators."""
    page = access.get_published_plan(plan_id, quarter)
    pledge = access.found(page.pledge(pledge_set, number), "pledge")
    label = f"Where the actions delivering this pledge stood at the end of {quarter}"
    context = {
        "page": page,
        "pledge": pledge,
        "chart": page.actions_chart(pledge["actions"], label),
        "indicators": page.indicators_for(pledge=pledge),
    }
    return render(request, "public/pledge.html", context)


@publication_page
def outcome(request, plan_id, quarter, number):
    """An outcome of the strategy as published: the actions serving it, its indicators."""
    page = access.get_published_plan(plan_id, quarter)
    outcome = access.found(page.outcome(number), "outcome")
    label = f"Where the actions serving this outcome stood at the end of {quarter}"
    context = {
        "page": page,
        "outcome": outcome,
        "chart": page.actions_chart(outcome["actions"], label),
        "indicators": page.indicators_for(outcome=outcome),
    }
    return render(request, "public/outcome.html", context)


@publication_page
def action(request, plan_id, quarter, action):
    """An action as published: its public summary, status, pledges and outcomes."""
    page = access.get_published_plan(plan_id, quarter)
    action = access.found(page.action(action), "action")
    context = {
        "page": page,
        "action": action,
        "pledges": page.pledges_of(action),
        "outcomes": page.outcomes_of(action),
    }
    return render(request, "public/action.html", context)


@publication_page
def indicator(request, plan_id, quarter, indicator):
    """An indicator as published: its trend chart and the table of its numbers."""
    page = access.get_published_plan(plan_id, quarter)
    indicator = access.found(page.indicator(indicator), "indicator")
    context = {
        "page": page,
        "indicator": indicator,
        "chart": indicator_trend(indicator),
        "pledges": page.pledges_of(indicator),
        "outcomes": page.outcomes_of(indicator),
    }
    return render(request, "public/indicator.html", context)


@publication_page
def recommendations(request, plan_id, quarter):
    """ "You told us — we did": the public recommendations made to the office, as
    published with the quarter: each with its source, status, what was done (its public
    summary) and the plan's actions that deliver it."""
    page = access.get_published_plan(plan_id, quarter)
    access.found(page.recommendations or None, "recommendations")
    return render(request, "public/recommendations.html", {"page": page})


@publication_page
def funding(request, plan_id, quarter):
    """The office's money for the quarter's financial year, as published: by funding
    source, and per provider each award with its spend to date and outputs."""
    page = access.get_published_plan(plan_id, quarter, funding=True)
    funding = access.found(page.publication.funding, "funding")
    # The page arranges the funding only when it draws its tables (once: then kept).
    return render(request, "public/funding.html", {"page": page, "funding": funding})


@publication_file
def report_pdf(request, plan_id, quarter):
    """The published quarter as a PDF, once it is ready (its page says when it is not)."""
    pdf = access.get_ready_public_pdf(plan_id, quarter)
    try:
        return pdf_download(pdf, private=False)
    except FileMissing:
        raise Http404 from None


@public
@public_page
@require_safe
@condition(last_modified_func=site_changed)
def past(request):
    """Every quarter published and not withdrawn, by plan, newest first."""
    published = (
        Publication.objects.live()
        .order_by("plan__title", "plan_id", "-quarter")
        .values("plan_id", "plan__title", "quarter", "published_at")
    )
    return render(request, "public/past.html", {"published": published})


@public
@public_page
@require_safe
@condition(last_modified_func=site_changed)
def data(request):
    """The open data: what each file holds, column by column, its licence, and every
    quarter with data, linking its files."""
    quarters = (
        Publication.objects.live().order_by("-quarter").values_list("quarter", flat=True).distinct()
    )
    return render(request, "public/data.html", _open_data(quarters))


@public
@public_page
@require_safe
@condition(last_modified_func=site_changed)
@kept_until_changed(site_changed)
def data_csv(request, quarter, name):
    """One file of a quarter's open data, every plan's live publication of the quarter,
    under a name that does not change."""
    data_file = open_data.BY_SLUG.get(name)
    if data_file is None:
        raise Http404("No such file.")
    publications = access.get_quarter_publications(quarter, funding=data_file.reads_funding)
    return csv_response(
        data_file.slug,
        data_file.header,
        data_file.rows(publications),
        filename=data_file.download_name(quarter),
    )


@public
@public_page
@require_safe
@condition(last_modified_func=site_changed)
@kept_until_changed(site_changed)
def data_json(request, quarter):
    """Everything published for the quarter in one JSON document."""
    publications = access.get_quarter_publications(quarter, funding=True)
    document = open_data.publication_json(quarter, publications, publisher=settings.OFFICE_NAME)
    # Compact: Python's fast JSON encoder is used only without indentation (10x here).
    response = JsonResponse(document, json_dumps_params={"separators": (",", ":")})
    name = open_data.json_download_name(quarter)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _open_data(quarters):
    """What a page needs to link these quarters' open data and state its licence."""
    return {"data_quarters": quarters, "data_files": open_data.FILES, "licence": open_data.LICENCE}


@public
@public_page
@require_safe
def accessibility(request):
    """The accessibility statement public-sector bodies must publish."""
    context = {"contact": settings.ACCESSIBILITY_CONTACT_EMAIL}
    return render(request, "public/accessibility.html", context)


@public
@public_page
@require_safe
def robots_txt(request):
    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")
