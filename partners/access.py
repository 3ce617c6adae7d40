"""
Who may see which partner records, and the lookups that check it.

A partner user sees their own organisation's records and nothing else: another
organisation's activity is "not found" (404), never "forbidden", so ids leak nothing.
Staff, lead specialists and commissioners read every activity; evidence files open for
the activity's organisation, staff and commissioners.

Staff pages (verifying, organisations and their users) fetch through here too.

Every 404 these lookups give goes in the audit log with the model and id asked for
(``NotVisible``): whether the id exists or belongs to another organisation, someone
asked for a record they may not see.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch

from activities.models import Activity, Evidence
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


def is_own(user, activity):
    membership = membership_of(user)
    return membership is not None and membership.organisation_id == activity.organisation_id


def visible_activities(user):
    if user.has_perm(Can.VIEW_DELIVERY):
        return Activity.objects.all()
    return Activity.objects.filter(organisation=organisation_of(user))


def get_activity(user, pk):
    return get_visible_or_404(
        visible_activities(user).select_related("action__plan", "organisation", "created_by"),
        pk,
    )


def get_own_activity(user, pk):
    """An activity of the user's own organisation (for changes): 404 for anyone else's."""
    return get_visible_or_404(
        Activity.objects.select_related("action", "organisation"),
        pk,
        organisation=organisation_of(user),
    )


def get_evidence(user, pk):
    evidence = Evidence.objects.select_related("activity")
    if user.has_perm(Can.VIEW_EVIDENCE):
        return get_visible_or_404(evidence, pk)
    return get_visible_or_404(evidence, pk, activity__organisation=organisation_of(user))


def get_activity_for_review(pk):
    """Any organisation's activity, for staff who verify (the view requires the role)."""
    return get_visible_or_404(Activity.objects.all(), pk)


def get_organisation(pk):
    return get_visible_or_404(PartnerOrganisation.objects.all(), pk)


def get_organisation_with_members(pk):
    """The organisation with its memberships and their users, for its page."""
    members = Prefetch("memberships", queryset=PartnerMembership.objects.select_related("user"))
    return get_visible_or_404(PartnerOrganisation.objects.prefetch_related(members), pk)


def get_membership(pk):
    return get_visible_or_404(PartnerMembership.objects.select_related("user"), pk)
