"""
The audit log of security events: sign-ins, sign-outs, password changes, lockouts,
downloads, exports, imports, refused access, and what the office published or withdrew.

One call records one event, as one INSERT, and never breaks the request it is part of::

    from vawg_tracker import audit

    audit.record(audit.Kind.REPORT_DOWNLOAD, request, obj=report)

An event holds who, when, what kind, which object (its model label and id), which view
(its URL name, never the path or query string), the HTTP method and the client's
address: never text anyone typed.
"""

import ipaddress
import logging

from django.conf import settings
from django.db import connection, models, transaction

logger = logging.getLogger(__name__)


class Kind(models.TextChoices):
    LOGIN = "login", "Signed in"
    LOGIN_FAILED = "login_failed", "Sign-in failed"
    LOGOUT = "logout", "Signed out"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    PASSWORD_SET = "password_set", "Password chosen from an emailed link"
    LOCKOUT = "lockout", "Locked out after failed sign-ins"
    REPORT_DOWNLOAD = "report_download", "Report downloaded"
    EVIDENCE_DOWNLOAD = "evidence_download", "Evidence file downloaded"
    EXPORT = "export", "Data exported"
    FORBIDDEN = "forbidden", "Access refused (403)"
    NOT_FOUND = "not_found", "Object not found for this user (404)"
    PREPARED = "prepared", "Quarter prepared for publishing"
    PREPARATION_CANCELLED = "prepared_cancelled", "Prepared quarter cancelled"
    PUBLISHED = "published", "Quarter published"
    WITHDRAWN = "withdrawn", "Publication withdrawn"
    API_TOKEN_CREATED = "api_token_created", "API token created"
    API_TOKEN_REVOKED = "api_token_revoked", "API token revoked"
    API_TOKEN_NEW_ADDRESS = "api_token_new_ip", "API token used from a new address"
    IMPORTED = "imported", "Spreadsheet imported"
    QUARTER_CLOSED = "quarter_closed", "Quarter closed by hand"
    QUARTER_REOPENED = "quarter_reopened", "Quarter reopened"


# Models that moved to another app (issue 15): events recorded before the move name them by
# their old label, which is kept as written and read as the new one.
MOVED_LABELS = {
    "plans.activity": "activities.activity",
    "plans.activityevent": "activities.activityevent",
    "plans.evidence": "activities.evidence",
    "plans.historicalactivity": "activities.historicalactivity",
    "plans.reminder": "rounds.reminder",
}


def current_label(label):
    """The label an event's object_type means today ("plans.evidence": "activities.evidence")."""
    return MOVED_LABELS.get(label, label)


def labels_for(label):
    """Every object_type an event about this model may carry: its label and any it had before."""
    return [label, *sorted(old for old, new in MOVED_LABELS.items() if new == label)]


# The longest each column holds (see models.AuditEvent); longer values are cut.
_LIMITS = {"username": 150, "object_type": 100, "object_id": 64, "view_name": 200, "method": 10}


def client_ip(request):
    """
    The client's address: REMOTE_ADDR, or, when TRUSTED_PROXY_COUNT proxies are in
    front, the X-Forwarded-For entry the outermost trusted one added (counted from the
    right: entries further left were sent by the client and could be anything).
    """
    address = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [h for h in forwarded if h]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def existing_user(username):
    """
    The user with exactly this username, or None. A failed sign-in keeps the username
    only when it is a real one: people type their password into the username box.
    """
    from django.contrib.auth import get_user_model

    if not isinstance(username, str) or not username:
        return None
    User = get_user_model()
    return User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()


def _application_transaction_open():
    # A savepoint keeps a failed INSERT from spoiling the caller's transaction. Not
    # needed (nor counted) for the transaction a test case wraps around each test.
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def record(
    kind,
    request=None,
    *,
    user=None,
    obj=None,
    object_type="",
    object_id="",
    attempted_username=None,
):
    """
    Record one event. ``user`` defaults to the request's signed-in user; ``obj`` (a model
    instance) gives the object's label and id, or pass ``object_type``/``object_id``.
    ``attempted_username`` (a failed sign-in, a lockout) is kept only when it names an
    existing user. Returns the event, or None if it could not be written (logged).
    """
    from .models import AuditEvent

    try:
        if user is None and attempted_username is not None:
            user = existing_user(attempted_username)
        if user is None and request is not None:
            signed_in = getattr(request, "user", None)
            if signed_in is not None and signed_in.is_authenticated:
                user = signed_in
        if obj is not None:
            object_type, object_id = obj._meta.label_lower, obj.pk
        match = getattr(request, "resolver_match", None) if request is not None else None
        values = {
            "kind": Kind(kind),
            "user": user,
            "username": user.get_username() if user is not None else "",
            "object_type": object_type or "",
            "object_id": "" if object_id in (None, "") else str(object_id),
            "view_name": match.view_name if match else "",
            "method": request.method if request is not None else "",
            "ip": client_ip(request) if request is not None else None,
        }
        for field, limit in _LIMITS.items():
            values[field] = (values[field] or "")[:limit]
        if _application_transaction_open():
            with transaction.atomic():
                return AuditEvent.objects.create(**values)
        return AuditEvent.objects.create(**values)
    except Exception as exc:  # never break the request over its audit record
        # The event kind and the error's class only: no usernames, addresses or values.
        logger.error("Audit event %s could not be recorded (%s)", kind, exc.__class__.__name__)
        return None
