"""
The public site's pages: no sign-in, nothing internal, and (for anonymous readers) safe
for a browser or proxy to keep for a few minutes (vawg_tracker.caching.public_page).
"""

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from publication.models import Publication
from vawg_tracker.accounts.access import public
from vawg_tracker.caching import public_page
from vawg_tracker.downloads import csv_response

from . import access, open_data
from .pages import PublishedPlan

# Search engines may read the public site and nothing else.
ROBOTS = "User-agent: *\nAllow: /public/\nDisallow: /\n"


@public
@public_page
@require_GET
def home(request):
    """Each plan's latest published quarter: where its pledges stand, from the snapshot."""
    plans = [PublishedPlan(p) for p in Publication.objects.current_for_each_plan()]
    quarters = sorted({page.publication.quarter for page in plans}, reverse=True)
    return render(request, "public/home.html", {"plans": plans, **_open_data(quarters)})


@public
@public_page
@require_GET
def publication(request, plan_id, quarter):
    """One plan's published quarter, at a stable address, while it is not withdrawn."""
    page = PublishedPlan(access.get_live_publication(plan_id, quarter))
    return render(request, "public/publication.html", {"page": page, **_open_data([quarter])})


@public
@public_page
@require_GET
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
@require_GET
def data(request):
    """The open data: what each file holds, column by column, its licence, and every
    quarter with data, linking its files."""
    quarters = (
        Publication.objects.live().order_by("-quarter").values_list("quarter", flat=True).distinct()
    )
    return render(request, "public/data.html", _open_data(quarters))


@public
@public_page
@require_GET
def data_csv(request, quarter, name):
    """One file of a quarter's open data, every plan's live publication of the quarter,
    under a name that does not change."""
    data_file = open_data.BY_SLUG.get(name)
    if data_file is None:
        raise Http404("No such file.")
    publications = access.get_quarter_publications(quarter)
    return csv_response(
        data_file.slug,
        data_file.header,
        data_file.rows(publications),
        filename=data_file.download_name(quarter),
    )


@public
@public_page
@require_GET
def data_json(request, quarter):
    """Everything published for the quarter in one JSON document."""
    publications = access.get_quarter_publications(quarter)
    document = open_data.publication_json(quarter, publications, publisher=settings.OFFICE_NAME)
    response = JsonResponse(document, json_dumps_params={"indent": 2})
    name = open_data.json_download_name(quarter)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _open_data(quarters):
    """What a page needs to link these quarters' open data and state its licence."""
    return {"data_quarters": quarters, "data_files": open_data.FILES, "licence": open_data.LICENCE}


@public
@public_page
@require_GET
def accessibility(request):
    """The accessibility statement public-sector bodies must publish."""
    context = {"contact": settings.ACCESSIBILITY_CONTACT_EMAIL}
    return render(request, "public/accessibility.html", context)


@public
@public_page
@require_GET
def robots_txt(request):
    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")
