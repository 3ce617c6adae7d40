"""
Repeated failed sign-ins (django-axes, configured in settings): where a request comes
from, and what someone who is locked out sees.
"""

from django.conf import settings
from django.shortcuts import render

from .forms import SignInForm


def client_ip(request):
    """
    The address a sign-in comes from. Directly exposed, REMOTE_ADDR. Behind the
    TLS-terminating proxy (SECURE_PROXY_SSL_HEADER on) every request comes from the proxy,
    so take the last address in X-Forwarded-For: the one the proxy itself appended. Any
    earlier entries were sent by the client and could be anything.
    """
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")


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
