"""
Repeated failed sign-ins (django-axes, configured in settings): where a request comes
from, and what someone who is locked out sees.
"""

from django.conf import settings
from django.shortcuts import render

from vawg_tracker import audit

from .forms import SignInForm


def client_ip(request):
    """
    The address a sign-in comes from: the same rule as the audit log's (REMOTE_ADDR, or
    behind TRUSTED_PROXY_COUNT proxies the X-Forwarded-For entry the outermost one
    appended; entries further left were sent by the client and could be anything).
    """
    return audit.client_ip(request) or request.META.get("REMOTE_ADDR", "")


def locked_out(request, original_response=None, credentials=None):
    """Our login page, saying why the sign-in was refused and for how long (429)."""
    form = SignInForm(request, initial={"username": (credentials or {}).get("username", "")})
    return render(
        request,
        "registration/login.html",
        {
            "form": form,
            "locked_out": True,
            "cooloff_minutes": settings.AXES_COOLOFF_MINUTES,
            "next": request.POST.get("next", request.GET.get("next", "")),
        },
        status=429,
    )
