"""The public site's lookups: only what is published and not withdrawn is found."""

from publication.models import Publication
from vawg_tracker.accounts.access import NotVisible


def get_live_publication(plan_id, quarter):
    """The plan's live publication of this quarter (at most one, by a constraint); 404 if
    there is none or it was withdrawn."""
    try:
        # Django's own range check covers pk lookups, not a foreign key's: an id beyond
        # 64 bits is not found rather than an OverflowError.
        if plan_id > 2**63 - 1:
            raise Publication.DoesNotExist
        return Publication.objects.live().get(plan_id=plan_id, quarter=quarter)
    except Publication.DoesNotExist:
        raise NotVisible(Publication, f"{plan_id}/{quarter.slug}") from None


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
