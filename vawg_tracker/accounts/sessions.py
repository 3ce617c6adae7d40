"""
How long a signed-in session lasts: SESSION_IDLE_MINUTES without a request, and
SESSION_MAX_HOURS after signing in, whichever comes first.

The session keeps two times (seconds since the epoch): when its user signed in, set at
every sign-in, and when it last saw a request, written at most once a minute so that
most requests do not write the session at all.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
# How stale "last seen" may get before it is written again.
WRITE_EVERY_SECONDS = 60


def start_clock(sender, request, user, **kwargs):
    """Connected to user_logged_in (every way of signing in): the session starts now."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


def expired(session, now):
    """Why the session has ended ("idle" or "limit"), or None while it is still valid."""
    signed_in_at = session.get(SIGNED_IN_AT)
    last_seen_at = session.get(LAST_SEEN_AT)
    if signed_in_at is None or last_seen_at is None:
        return None
    if now - signed_in_at > settings.SESSION_MAX_HOURS * 3600:
        return "limit"
    if now - last_seen_at > settings.SESSION_IDLE_MINUTES * 60:
        return "idle"
    return None


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        now = int(time.time())
        reason = expired(request.session, now)
        if reason:
            self._sign_out(request, reason)
            if getattr(view_func, "login_required", True):
                return redirect_to_login(request.get_full_path())
            return None  # a public page (the login page itself) goes on, signed out
        if now - request.session.get(LAST_SEEN_AT, 0) >= WRITE_EVERY_SECONDS:
            # Also starts the clock of a session from before these limits existed.
            request.session.setdefault(SIGNED_IN_AT, now)
            request.session[LAST_SEEN_AT] = now
        return None

    def _sign_out(self, request, reason):
        logout(request)
        if reason == "idle":
            text = (
                f"You were signed out after {settings.SESSION_IDLE_MINUTES} minutes of "
                "inactivity. Sign in again to carry on."
            )
        else:
            text = (
                f"You were signed out because you signed in more than "
                f"{settings.SESSION_MAX_HOURS} hours ago. Sign in again to carry on."
            )
        messages.info(request, text)
