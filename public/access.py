"""The public site's lookups: only what is published and not withdrawn is found."""

from publication.models import Publication, PublicReport
from vawg_tracker.accounts.access import NotVisible
from vawg_tracker.produced import ProductionState


def get_live_publication(plan_id, quarter):
    """The plan's live publication of this quarter (at most one, by a constraint); 404 if
    there is none or it was withdrawn."""
    try:
        # Django's own range check covers pk lookups, not a foreign key's: an id beyond
        # 64 bits is not found rather than an OverflowError.
        if plan_id > 2**63 - 1:
            raise Publication.DoesNotExist
        # With its public PDF's state, for the link to it (a LEFT JOIN: one query).
        publications = Publication.objects.live().select_related("public_report")
        return publications.get(plan_id=plan_id, quarter=quarter)
    except Publication.DoesNotExist:
        raise NotVisible(Publication, f"{plan_id}/{quarter.slug}") from None


def get_ready_public_pdf(plan_id, quarter):
    """The public PDF of the plan's live publication of this quarter, with the publication;
    404 if there is no such publication, it was withdrawn, or its PDF is not ready (still
    being made, or failed: the pages say so)."""
    try:
        if plan_id > 2**63 - 1:
            raise PublicReport.DoesNotExist
        return PublicReport.objects.select_related("publication").get(
            publication__plan_id=plan_id,
            publication__quarter=quarter,
            publication__withdrawn_at__isnull=True,
            state=ProductionState.READY,
        )
    except PublicReport.DoesNotExist:
        raise NotVisible(PublicReport, f"{plan_id}/{quarter.slug}") from None
