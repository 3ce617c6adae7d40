"""
Who may change what in a plan, and the lookups that check it.

Every view that takes an id fetches its object through a helper here, which preloads what
the page needs and raises 404/403 as the user's role requires, so no view can forget.
Every reader may see every plan and action, so a 404 here means the id does not exist;
a refusal to change one object is ``Forbidden``, which the audit log records with its id.
"""

from django.shortcuts import get_object_or_404

from vawg_tracker.accounts.access import Forbidden
from vawg_tracker.accounts.capabilities import Can

from .models import Action, ActionPlan, Milestone, Outcome


def can_manage(user):
    """PCC staff: create and edit plans, actions, lead specialists and indicator values."""
    return user.has_perm(Can.MANAGE_DELIVERY)


def leads(user, action):
    """Whether the user is the action's lead specialist or its plan's."""
    return user.pk is not None and user.pk in (action.lead.user_id, action.plan.lead.user_id)


def can_record_progress(user, action):
    """Staff on any action; a lead specialist on the actions and plans they lead."""
    return can_manage(user) or (user.has_perm(Can.RECORD_PROGRESS) and leads(user, action))


def get_action(pk, *, queryset=None):
    queryset = queryset if queryset is not None else Action.objects.all()
    return get_object_or_404(
        queryset.select_related("plan__lead", "plan__strategy", "lead", "focus_area"), pk=pk
    )


def get_action_to_record(user, pk):
    """The action, if the user may record progress and milestones on it; else 403."""
    action = get_action(pk)
    if not can_record_progress(user, action):
        raise Forbidden(Action, action.pk)
    return action


def get_milestone_to_change(user, pk):
    milestone = get_object_or_404(
        Milestone.objects.select_related("action__plan__lead", "action__lead"), pk=pk
    )
    if not can_record_progress(user, milestone.action):
        raise Forbidden(Milestone, milestone.pk)
    return milestone


def get_plan(pk):
    return get_object_or_404(ActionPlan.objects.select_related("lead", "strategy"), pk=pk)


def get_outcome(pk):
    return get_object_or_404(Outcome.objects.select_related("strategy"), pk=pk)
