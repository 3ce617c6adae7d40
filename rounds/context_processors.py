"""The navigation's count of what the signed-in person owes (rounds.inbox): worked out only
if the page shows it, in one query, shared with the rest of the page."""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from vawg_tracker.accounts.capabilities import Can

from .inbox import inbox_for

# Who has something to owe (commissioners read; they have no inbox link).
OWES = (Can.RECORD_PROGRESS, Can.USE_PARTNER_PORTAL, Can.SIGN_OFF_PROGRESS, Can.VERIFY_ACTIVITIES)


def inbox(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "inbox": SimpleLazyObject(lambda: inbox_for(request, timezone.localdate())),
        "owes": SimpleLazyObject(lambda: any(user.has_perm(perm) for perm in OWES)),
    }
