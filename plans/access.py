"""
Who may change what in a plan, and the lookups that check it.

Every view that takes an id fetches its object through a helper here, which preloads what
the page needs and raises 404/403 as the user's role requires, so no view can forget.
Every reader may see every plan and action, so a 404 here means the id does not exist;
the audit log records it (``NotVisible``) with the model and the id asked for, as it records
a refusal to change one object (``Forbidden``).
"""

from pledges.models import Pledge
from vawg_tracker.accounts.access import Forbidden, get_visible_or_404
from vawg_tracker.accounts.capabilities import Can

from .models import (
    Action,
    ActionPlan,
    Indicator,
    IndicatorValue,
    LeadSpecialist,
    Milestone,
    Outcome,
    ProgressUpdate,
)


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
    return get_visible_or_404(
        queryset.select_related("plan__lead", "plan__strategy", "lead", "focus_area"), pk
    )


def get_action_to_record(user, pk):
    """The action, if the user may record progress and milestones on it; else 403."""
    action = get_action(pk)
    if not can_record_progress(user, action):
        raise Forbidden(Action, action.pk)
    return action


def get_milestone_to_change(user, pk):
    milestone = get_visible_or_404(
        Milestone.objects.select_related("action__plan__lead", "action__lead"), pk
    )
    if not can_record_progress(user, milestone.action):
        raise Forbidden(Milestone, milestone.pk)
    return milestone


def get_plan(pk):
    return get_visible_or_404(ActionPlan.objects.select_related("lead", "strategy"), pk)


def get_outcome(pk):
    return get_visible_or_404(Outcome.objects.select_related("strategy"), pk)


def get_pledge(pk):
    return get_visible_or_404(Pledge.objects.select_related("pledge_set"), pk)


def get_lead(pk):
    return get_visible_or_404(LeadSpecialist.objects.select_related("user"), pk)


def get_indicator(pk):
    return get_visible_or_404(Indicator.objects.all(), pk)


def get_indicator_value(pk):
    """A value with its indicator (to break it down: the view requires the role)."""
    return get_visible_or_404(IndicatorValue.objects.select_related("indicator"), pk)


def get_update(pk):
    """A progress update with its action (to sign off or return: the view requires the role)."""
    return get_visible_or_404(ProgressUpdate.objects.select_related("action"), pk)
