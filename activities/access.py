"""
Who may see which activities and evidence files, and the lookups that check it.

A partner user sees their own organisation's records and nothing else: another
organisation's activity is "not found" (404), never "forbidden", so ids leak nothing.
Staff, lead specialists and commissioners read every activity; evidence files open for
the activity's organisation, staff and commissioners.

Every 404 these lookups give goes in the audit log with the model and id asked for
(``NotVisible``): whether the id exists or belongs to another organisation, someone
asked for a record they may not see.
"""

from partners.access import membership_of, organisation_of
from vawg_tracker.accounts.access import get_visible_or_404
from vawg_tracker.accounts.capabilities import Can

from .models import Activity, Evidence

__all__ = [
    "get_activity",
    "get_activity_for_review",
    "get_evidence",
    "get_own_activity",
    "is_own",
    "membership_of",
    "organisation_of",
    "visible_activities",
]


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
