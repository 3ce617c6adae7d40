"""
The public site's pages: no sign-in, nothing internal, and (for anonymous readers) safe
for a browser or proxy to keep for a few minutes (vawg_tracker.caching.public_page).
"""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from publication.models import Publication
from vawg_tracker.accounts.access import public
from vawg_tracker.caching import public_page

from .pages import PublishedPlan

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
def accessibility(request):
    """The accessibility statement public-sector bodies must publish."""
    context = {"contact": settings.ACCESSIBILITY_CONTACT_EMAIL}
    return render(request, "public/accessibility.html", context)


@public
@public_page
@require_GET
def robots_txt(request):
    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")
