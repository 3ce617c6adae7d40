"""
The lookups the publication pages make. Only PCC staff use these pages, and they may see
every publication, so a 404 here means no such publication (or none in the state asked
for); the audit log records it (``NotVisible``) with the id asked for.
"""

from plans.models import ActionPlan, PlanState
from vawg_tracker.accounts.access import LARGEST_ID, NotVisible, get_visible_or_404
from vawg_tracker.produced import ProductionState

from .models import Publication, PublicationRequest, PublicReport


def get_publication(pk):
    """A publication with its plan, who prepared, published and withdrew it, and its public
    PDF."""
    return get_visible_or_404(
        Publication.objects.select_related(
            "plan", "prepared_by", "published_by", "withdrawn_by", "public_report"
        ),
        pk,
    )


def get_publication_request(pk):
    """A quarter prepared for publishing, with its plan and who prepared, approved (its
    publication's publisher) or cancelled it."""
    return get_visible_or_404(
        PublicationRequest.objects.select_related(
            "plan__strategy", "prepared_by", "cancelled_by", "publication__published_by"
        ),
        pk,
    )


def get_failed_public_pdf(publication_pk):
    """The public PDF of a publication (its id), if it failed, to queue again."""
    try:
        if publication_pk > LARGEST_ID:
            raise PublicReport.DoesNotExist
        return PublicReport.objects.get(publication_id=publication_pk, state=ProductionState.FAILED)
    except PublicReport.DoesNotExist:
        raise NotVisible(PublicReport, publication_pk) from None


def publishable_plans():
    """The plans a quarter may be published for: every plan but drafts, with strategies."""
    return ActionPlan.objects.exclude(state=PlanState.DRAFT).select_related("strategy")
