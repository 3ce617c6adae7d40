"""
Who may see which awards and spend returns, and the lookups that check it.

A partner user sees their own organisation's awards and returns and nothing else:
another organisation's award or return is "not found" (404, audited as NotVisible), never
"forbidden", so ids leak nothing. PCC staff and commissioners read every award
(``READ_FUNDING``); PCC staff accept and return spend returns (``REVIEW_RETURNS``), as
they verify activities, and keep the funding sources and awards (``KEEP_SOURCES``,
``KEEP_AWARDS``: the model permissions migration 0002 gives staff for the admin, so the
workspace's forms and the admin let the same people change the same records;
commissioners read only).
"""

from django.db.models import Prefetch

from partners.access import membership_of, organisation_of
from vawg_tracker.accounts.access import get_visible_or_404
from vawg_tracker.accounts.capabilities import Can

from .models import Award, FundingSource, ReturnEvent, SpendReturn

# Staff and commissioners hold it; lead specialists and partners do not.
READ_FUNDING = Can.VIEW_FUNDING
REVIEW_RETURNS = Can.VERIFY_ACTIVITIES
# Staff hold these; commissioners, lead specialists and partners do not. Nothing is deleted.
KEEP_SOURCES = ("funding.add_fundingsource", "funding.change_fundingsource")
KEEP_AWARDS = (
    "funding.add_award",
    "funding.change_award",
    "funding.add_awardyear",
    "funding.change_awardyear",
    "funding.add_awardoutput",
    "funding.change_awardoutput",
)

__all__ = [
    "KEEP_AWARDS",
    "KEEP_SOURCES",
    "READ_FUNDING",
    "REVIEW_RETURNS",
    "get_award",
    "get_award_to_edit",
    "get_source",
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


def get_award_to_edit(pk):
    """Any award, for staff who keep awards (its years and outputs: the formsets' queries)."""
    return get_visible_or_404(Award.objects.all(), pk)


def get_source(pk):
    """Any funding source, for staff who keep them (the view requires the permission)."""
    return get_visible_or_404(FundingSource.objects.all(), pk)


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
        SpendReturn.objects.select_related("award__source").prefetch_related(
            "award__years", "award__outputs", "output_results"
        ),
        pk,
        award__organisation=organisation_of(user),
    )


def get_return_for_review(pk):
    """Any organisation's return, for staff who review (the view requires the role)."""
    return get_visible_or_404(SpendReturn.objects.select_related("award"), pk)
