"""
The lookups the publication pages make. Only PCC staff use these pages, and they may see
every publication, so a 404 here means no such publication (or none in the state asked
for); the audit log records it (``NotVisible``) with the id asked for.
"""

from plans.models import ActionPlan, PlanState
from vawg_tracker.accounts.access import get_visible_or_404

from .models import Publication


def get_publication(pk):
    """A publication with its plan and who published and withdrew it."""
    return get_visible_or_404(
        Publication.objects.select_related("plan", "published_by", "withdrawn_by"), pk
    )


def publishable_plans():
    """The plans a quarter may be published for: every plan but drafts, with strategies."""
    return ActionPlan.objects.exclude(state=PlanState.DRAFT).select_related("strategy")
