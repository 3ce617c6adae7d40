"""
The lookups the API makes. A token is its owner's alone: another user's token id is "not
found" (404). An endpoint's record is looked up in what that user may list, so an id
outside it (another organisation's activity) is 404 too; the audit log records both
(``NotVisible``) with the id asked for.
"""

from vawg_tracker.accounts.access import get_visible_or_404

from .models import ApiToken


def get_own_live_token(user, pk):
    return get_visible_or_404(ApiToken.objects.live(), pk, user=user)


def get_listed(queryset, pk):
    """One record of those an endpoint lists to this user."""
    return get_visible_or_404(queryset, pk)
