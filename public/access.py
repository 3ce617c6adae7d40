"""The public site's lookups: only what is published and not withdrawn is found."""

from django.http import Http404

from publication.models import Publication
from vawg_tracker.accounts.access import NotVisible

from .pages import PublishedPlan

# Django's own range check covers pk lookups, not a foreign key's: an id beyond 64 bits is
# not found rather than an OverflowError.
LARGEST_ID = 2**63 - 1


def get_live_publication(plan_id, quarter):
    """The plan's live publication of this quarter (at most one, by a constraint); 404 if
    there is none or it was withdrawn."""
    try:
        if plan_id > LARGEST_ID:
            raise Publication.DoesNotExist
        return Publication.objects.live().get(plan_id=plan_id, quarter=quarter)
    except Publication.DoesNotExist:
        raise NotVisible(Publication, f"{plan_id}/{quarter.slug}") from None


def get_published_plan(plan_id, quarter):
    """The live publication of the plan's quarter, arranged for its pages (or 404)."""
    return PublishedPlan(get_live_publication(plan_id, quarter))


def found(item, what):
    """A pledge, outcome, action or indicator the publication holds, or 404 (what is not
    in a live publication does not exist for the public)."""
    if item is None:
        raise Http404(f"No {what} in this publication.")
    return item


def published_at(plan_id, quarter):
    """When the plan's quarter was published (its pages' Last-Modified), or None."""
    if plan_id > LARGEST_ID:
        return None
    return Publication.objects.published_at(plan_id, quarter)


def get_quarter_publications(quarter):
    """Every plan's live publication of this quarter, plans by title, as dicts of plan_id,
    published_at and snapshot (one query); 404 if there is none."""
    publications = list(
        Publication.objects.live()
        .filter(quarter=quarter)
        .order_by("plan__title", "plan_id")
        .values("plan_id", "published_at", "snapshot")
    )
    if not publications:
        raise NotVisible(Publication, quarter.slug)
    return publications
