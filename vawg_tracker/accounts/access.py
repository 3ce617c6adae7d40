"""
How views say who may use them.

Every view in the project is wrapped in exactly one of these, so that a reader (and the
test that walks the URL conf) can see its rule at a glance:

- ``@requires("accounts.view_dashboard")``: signed in *and* holding that permission;
  anyone else gets 403. ``@requires(a, b, any_of=True)``: holding either.
- ``@any_signed_in_user``: any signed-in user (their own password, the home redirect).
- ``@public``: no sign-in (the login page and /healthz only).
"""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied


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
                raise PermissionDenied
            return view(request, *args, **kwargs)

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
