"""
Who may do what with the recommendations tracker, and the lookups that check it.

Everyone who reads the plan reads the tracker, its updates and their evidence files
(Can.VIEW_DELIVERY: staff, lead specialists, commissioners); PCC staff record and edit
sources and recommendations (Can.MANAGE_DELIVERY); an update is added by staff or by the
recommendation's owner, the lead specialist whose login it is (Can.RECORD_PROGRESS, as
for their actions and risks). Partners read none of it.
"""

from django.db.models import Prefetch

from plans.models import Action
from vawg_tracker.accounts.access import Forbidden, get_visible_or_404
from vawg_tracker.accounts.capabilities import Can

from .models import Recommendation, RecommendationEvidence, RecommendationSource

READ_RECOMMENDATIONS = Can.VIEW_DELIVERY
KEEP_RECOMMENDATIONS = Can.MANAGE_DELIVERY
UPDATE_RECOMMENDATIONS = (Can.MANAGE_DELIVERY, Can.RECORD_PROGRESS)


def can_manage(user):
    return user.has_perm(KEEP_RECOMMENDATIONS)


def can_update(user, recommendation):
    """Staff on any recommendation; a lead specialist on the ones they own."""
    return can_manage(user) or (
        user.has_perm(Can.RECORD_PROGRESS)
        and user.pk is not None
        and user.pk == recommendation.owner.user_id
    )


def get_source(pk):
    return get_visible_or_404(RecommendationSource.objects.all(), pk)


def get_recommendation(pk):
    """Any recommendation with its source, owner and the actions that deliver it."""
    return get_visible_or_404(
        Recommendation.objects.select_related("source", "owner").prefetch_related(
            Prefetch("actions", queryset=Action.objects.select_related("plan", "lead"))
        ),
        pk,
    )


def get_recommendation_to_edit(pk):
    """Any recommendation, for staff (the view requires the role)."""
    return get_visible_or_404(Recommendation.objects.all(), pk)


def get_recommendation_to_update(user, pk):
    """The recommendation, if the user may add an update to it; else 403."""
    recommendation = get_visible_or_404(
        Recommendation.objects.select_related("source", "owner"), pk
    )
    if not can_update(user, recommendation):
        raise Forbidden(Recommendation, recommendation.pk)
    return recommendation


def get_evidence(pk):
    return get_visible_or_404(RecommendationEvidence.objects.all(), pk)
