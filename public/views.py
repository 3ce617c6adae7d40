"""
The public site's pages: no sign-in, nothing internal, and (for anonymous readers) safe
for a browser or proxy to keep for a few minutes (vawg_tracker.caching.public_page).
"""

import logging

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from publication.models import Publication
from vawg_tracker.accounts.access import public
from vawg_tracker.caching import public_page

from . import access
from .pages import PublishedPlan

logger = logging.getLogger(__name__)

# Search engines may read the public site and nothing else.
ROBOTS = "User-agent: *\nAllow: /public/\nDisallow: /\n"


@public
@public_page
@require_GET
def home(request):
    """Each plan's latest published quarter: where its pledges stand, from the snapshot."""
    plans = [PublishedPlan(p) for p in Publication.objects.current_for_each_plan()]
    return render(request, "public/home.html", {"plans": plans})


@public
@public_page
@require_GET
def publication(request, plan_id, quarter):
    """One plan's published quarter, at a stable address, while it is not withdrawn."""
    page = PublishedPlan(access.get_live_publication(plan_id, quarter))
    return render(request, "public/publication.html", {"page": page})


@public
@public_page
@require_GET
def report_pdf(request, plan_id, quarter):
    """The published quarter as a PDF, once it is ready (its page says when it is not)."""
    pdf = access.get_ready_public_pdf(plan_id, quarter)
    try:
        content = pdf.file.open("rb")
    except FileNotFoundError:
        # The row says ready but the file is gone (lost disk, restored without files).
        logger.error("public PDF %s is ready but its file is missing", pdf.pk)
        raise Http404 from None
    response = FileResponse(
        content, as_attachment=True, filename=pdf.download_name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


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
def accessibility(request):
    """The accessibility statement public-sector bodies must publish."""
    context = {"contact": settings.ACCESSIBILITY_CONTACT_EMAIL}
    return render(request, "public/accessibility.html", context)


@public
@public_page
@require_GET
def robots_txt(request):
    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")
