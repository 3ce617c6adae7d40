"""
How views say who may use them.

Every view in the project is wrapped in exactly one of these, so that a reader (and the
test that walks the URL conf) can see its rule at a glance:

- ``@requires("accounts.view_dashboard")``: signed in *and* holding that permission;
  anyone else gets 403.
- ``@any_signed_in_user``: any signed-in user (their own password, the home redirect).
- ``@public``: no sign-in (the login page and /healthz only).
"""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied


def requires(*perms):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.access_rule = "requires " + ", ".join(perms)
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
