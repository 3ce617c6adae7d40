"""
Whose organisation a user belongs to, and the lookups of organisations and memberships
that staff pages make (activities.access builds on the first two).

Every 404 these lookups give goes in the audit log with the model and id asked for
(``NotVisible``): whether the id exists or belongs to another organisation, someone
asked for a record they may not see.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch

from vawg_tracker.accounts.access import get_visible_or_404
from vawg_tracker.accounts.capabilities import Can

from .models import PartnerMembership, PartnerOrganisation


def membership_of(user):
    """The user's partner membership with its organisation (one query, kept on the user)."""
    if not hasattr(user, "_partner_membership"):
        user._partner_membership = (
            PartnerMembership.objects.select_related("organisation").filter(user=user).first()
            if user.is_authenticated
            else None
        )
    return user._partner_membership


def organisation_of(user):
    """The partner user's organisation; 403 if they have none (ask the PCC office)."""
    membership = membership_of(user)
    if membership is None or not user.has_perm(Can.USE_PARTNER_PORTAL):
        raise PermissionDenied
    return membership.organisation


def get_organisation(pk):
    return get_visible_or_404(PartnerOrganisation.objects.all(), pk)


def get_organisation_with_members(pk):
    """The organisation with its memberships and their users, for its page."""
    members = Prefetch("memberships", queryset=PartnerMembership.objects.select_related("user"))
    return get_visible_or_404(PartnerOrganisation.objects.prefetch_related(members), pk)


def get_membership(pk):
    return get_visible_or_404(PartnerMembership.objects.select_related("user"), pk)
