"""
Signal receivers that turn authentication events into audit events.

``locked_out`` is for django-axes' ``user_locked_out`` signal (sent with ``request``,
``username`` and ``ip_address``); apps.AuditConfig.ready connects them all.
"""

from . import Kind, record


def logged_in(sender, request, user, **kwargs):
    record(Kind.LOGIN, request, user=user)


def login_failed(sender, credentials, request=None, **kwargs):
    # Only the username, and only if it is a real one; the password is never looked at.
    record(Kind.LOGIN_FAILED, request, attempted_username=credentials.get("username"))


def logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(Kind.LOGOUT, request, user=user)


def locked_out(sender, request=None, username=None, **kwargs):
    record(Kind.LOCKOUT, request, attempted_username=username)
