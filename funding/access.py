"""
Who may see which awards and spend returns, and the lookups that check it.

A partner user sees their own organisation's awards and returns and nothing else:
another organisation's award or return is "not found" (404, audited as NotVisible), never
"forbidden", so ids leak nothing. PCC staff and commissioners read every award
(``READ_FUNDING``); PCC staff accept and return spend returns (``REVIEW_RETURNS``), as
they verify activities.
"""

from django.db.models import Prefetch

from partners.access import membership_of, organisation_of
from vawg_tracker.accounts.access import get_visible_or_404
from vawg_tracker.accounts.capabilities import Can

from .models import Award, ReturnEvent, SpendReturn

# Staff and commissioners hold it; lead specialists and partners do not.
READ_FUNDING = Can.VIEW_FUNDING
REVIEW_RETURNS = Can.VERIFY_ACTIVITIES

__all__ = [
    "READ_FUNDING",
    "REVIEW_RETURNS",
    "get_award",
    "get_own_award",
    "get_own_return",
    "get_return_for_review",
    "membership_of",
    "organisation_of",
]


def returns_with_steps():
    """Returns with what they achieved and their steps with who took them (3 queries)."""
    return SpendReturn.objects.select_related("created_by").prefetch_related(
        "output_results",
        Prefetch("events", queryset=ReturnEvent.objects.select_related("user")),
    )


def get_award(pk):
    """Any award with its source and organisation, for those who read funding."""
    return get_visible_or_404(Award.objects.select_related("source", "organisation"), pk)


def get_own_award(user, pk):
    """An award to the user's own organisation, with its years and outputs: 404 otherwise."""
    return get_visible_or_404(
        Award.objects.select_related("source").prefetch_related("years", "outputs"),
        pk,
        organisation=organisation_of(user),
    )


def get_own_return(user, pk):
    """A return on an award to the user's own organisation: 404 for anyone else's."""
    return get_visible_or_404(
        SpendReturn.objects.select_related("award").prefetch_related(
            "award__years", "award__outputs", "output_results"
        ),
        pk,
        award__organisation=organisation_of(user),
    )


def get_return_for_review(pk):
    """Any organisation's return, for staff who review (the view requires the role)."""
    return get_visible_or_404(SpendReturn.objects.select_related("award"), pk)
