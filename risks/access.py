"""
Who may do what with the risk register, and the lookups that check it.

Everyone who reads the plan reads the register (Can.VIEW_DELIVERY: staff, lead
specialists, commissioners); PCC staff record and edit risks (Can.MANAGE_DELIVERY); a
risk is reviewed by staff or by its owner, the lead specialist whose login it is
(Can.RECORD_PROGRESS, as for their actions). Partners read none of it.
"""

from django.db.models import Prefetch

from plans.models import Action
from pledges.models import Pledge
from vawg_tracker.accounts.access import Forbidden, get_visible_or_404
from vawg_tracker.accounts.capabilities import Can

from .models import Mitigation, Risk

READ_RISKS = Can.VIEW_DELIVERY
KEEP_RISKS = Can.MANAGE_DELIVERY
REVIEW_RISKS = (Can.MANAGE_DELIVERY, Can.RECORD_PROGRESS)


def can_manage(user):
    return user.has_perm(KEEP_RISKS)


def can_review(user, risk):
    """Staff on any risk; a lead specialist on the risks they own."""
    return can_manage(user) or (
        user.has_perm(Can.RECORD_PROGRESS) and user.pk is not None and user.pk == risk.owner.user_id
    )


def get_risk(pk):
    """Any risk with its owner, mitigations (with owners), and what it threatens."""
    return get_visible_or_404(
        Risk.objects.select_related("owner").prefetch_related(
            Prefetch("mitigations", queryset=Mitigation.objects.select_related("owner")),
            Prefetch("actions", queryset=Action.objects.select_related("plan")),
            Prefetch("pledges", queryset=Pledge.objects.select_related("pledge_set")),
        ),
        pk,
    )


def get_risk_to_edit(pk):
    """Any risk, for staff (the view requires the role; the formset reads its mitigations)."""
    return get_visible_or_404(Risk.objects.all(), pk)


def get_risk_to_review(user, pk):
    """The risk, if the user may review it; else 403."""
    risk = get_visible_or_404(Risk.objects.select_related("owner"), pk)
    if not can_review(user, risk):
        raise Forbidden(Risk, risk.pk)
    return risk
