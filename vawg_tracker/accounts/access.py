"""
How views say who may use them.

Every view in the project is wrapped in exactly one of these, so that a reader (and the
test that walks the URL conf) can see its rule at a glance:

- ``@requires(Can.VIEW_DASHBOARD)``: signed in *and* holding that permission (named by
  ``Can``, accounts/capabilities.py); anyone else gets 403. ``@requires(a, b,
  any_of=True)``: holding either.
- ``@any_signed_in_user``: any signed-in user (their own password, the home redirect).
- ``@public``: no sign-in (the login page and /healthz only).

Every refusal behind ``@requires`` goes in the audit log: the 403 of the decorator
itself, and a 403 or 404 the view's lookup raises. Lookups that refuse a particular
object raise ``Forbidden(model, pk)`` or ``NotVisible(model, pk)`` (or use
``get_visible_or_404``), so the log names the object.
"""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from vawg_tracker import audit


class Forbidden(PermissionDenied):
    """403 for one object; the audit log records its model label and id."""

    def __init__(self, model, pk):
        super().__init__()
        self.object_type, self.object_id = model._meta.label_lower, pk


class NotVisible(Http404):
    """404 from a scoped lookup (missing, or not this user's to see), for the audit log."""

    def __init__(self, model, pk):
        super().__init__(f"No {model._meta.verbose_name} found.")
        self.object_type, self.object_id = model._meta.label_lower, pk


# The largest id a row can have (a 64-bit integer). Django checks pk lookups against it, not
# a foreign key's: a lookup by a larger one is not found here rather than an OverflowError.
LARGEST_ID = 2**63 - 1


def get_visible_or_404(queryset, pk, **filters):
    """``queryset.get(pk=pk, **filters)``, or NotVisible naming the model and the id asked for."""
    try:
        return queryset.get(pk=pk, **filters)
    except queryset.model.DoesNotExist:
        raise NotVisible(queryset.model, pk) from None


def _record_refusal(kind, request, refusal=None):
    audit.record(
        kind,
        request,
        object_type=getattr(refusal, "object_type", ""),
        object_id=getattr(refusal, "object_id", ""),
    )


def requires(*perms, any_of=False):
    """Signed in and holding every one of ``perms`` (or, with any_of=True, one of them)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            allowed = (
                any(request.user.has_perm(perm) for perm in perms)
                if any_of
                else request.user.has_perms(perms)
            )
            if not allowed:
                _record_refusal(audit.Kind.FORBIDDEN, request)
                raise PermissionDenied
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied as refusal:
                _record_refusal(audit.Kind.FORBIDDEN, request, refusal)
                raise
            except NotVisible as refusal:
                _record_refusal(audit.Kind.NOT_FOUND, request, refusal)
                raise

        joined = (" or " if any_of else ", ").join(perms)
        wrapper.access_rule = f"requires {joined}"
        return wrapper

    return decorator


def any_signed_in_user(view):
    # LoginRequiredMiddleware already sends anonymous users to the login page.
    view.access_rule = "any signed-in user"
    return view


def public(view):
    view = login_not_required(view)
    view.access_rule = "public"
    return view
