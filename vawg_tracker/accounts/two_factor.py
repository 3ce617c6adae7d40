"""
Two-factor sign-in with an authenticator app (TOTP, django-otp).

Anyone may turn it on for their account. With REQUIRE_TWO_FACTOR, PCC staff,
commissioners and anyone who can open the admin must: until their session is verified
with a code they reach only the set-up page and "Sign out".

Signing in with a device is two steps. The password step does not sign the user in: it
keeps a *pending sign-in* in the (still anonymous) session for a few minutes, and the
code step signs them in and marks the session verified.
"""

import base64
import math
import time

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth import login as auth_login
from django.shortcuts import redirect
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Role

PENDING = "pending_sign_in"
PENDING_SECONDS = 5 * 60
REQUIRED_ROLES = (Role.PCC_STAFF, Role.COMMISSIONER)
# What a user who must set up two-factor sign-in may still reach.
ALLOWED_UNVERIFIED = {"two_factor", "two_factor_start", "two_factor_confirm", "logout"}


def must_use(user):
    """Whether REQUIRE_TWO_FACTOR applies to this user (when it is on)."""
    return (
        user.is_staff
        or user.is_superuser
        or user.groups.filter(name__in=[role.value for role in REQUIRED_ROLES]).exists()
    )


def confirmed_device(user):
    return _with_user(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk"), user)


def unconfirmed_device(user):
    return _with_user(TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk"), user)


def _with_user(devices, user):
    device = devices.first()
    if device is not None:
        device.user = user  # its otpauth:// address names the user: no second query
    return device


def start_device(user):
    """A new secret for the user to confirm with a code; replaces any unconfirmed one."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def check_code(device, code):
    """
    (True, None) when the code is right. Otherwise (False, why), with django-otp's
    throttling: each wrong code doubles the wait before the next one is looked at.
    """
    allowed, details = device.verify_is_allowed()
    if not allowed:
        wait = max(1, math.ceil((details["locked_until"] - timezone.now()).total_seconds()))
        return (
            False,
            f"Too many wrong codes. Wait {wait} seconds, then try the code your app shows.",
        )
    if device.verify_token(code):
        return True, None
    return False, "That code is not right. Enter the six digits your app shows now."


def secret_text(device):
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device):
    """The device's otpauth:// address as a QR code: an SVG data URI for an <img>."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4)


# --- The pending sign-in between the password and the code ---------------------------


def begin_pending(request, user, next_url):
    request.session[PENDING] = {
        "user": user.pk,
        "backend": user.backend,
        "hash": user.get_session_auth_hash(),
        "at": int(time.time()),
        "next": next_url,
    }


def pending(request):
    """(user, backend, next) of a pending sign-in less than five minutes old, or None."""
    data = request.session.get(PENDING)
    if not data or time.time() - data["at"] > PENDING_SECONDS:
        return None
    user = get_user_model().objects.filter(pk=data["user"], is_active=True).first()
    if user is None or user.get_session_auth_hash() != data["hash"]:
        return None
    return user, data["backend"], data["next"]


def finish_sign_in(request, user, backend, device):
    """Sign the user in, verified with ``device`` (the session key changes here)."""
    request.session.pop(PENDING, None)
    auth_login(request, user, backend=backend)
    otp_login(request, device)


def turn_on(request, device):
    """A code confirmed the new device: it is used from now on, and verifies this session."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)


def turn_off(request, device):
    """Remove the user's devices; this session is no longer verified by one."""
    TOTPDevice.objects.filter(user=request.user).delete()
    request.session.pop(DEVICE_ID_SESSION_KEY, None)


# --- Enforcement ---------------------------------------------------------------------


def admin_has_permission(request):
    """The admin's own rule, plus a verified session when REQUIRE_TWO_FACTOR is on."""
    user = request.user
    if not (user.is_active and user.is_staff):
        return False
    return not settings.REQUIRE_TWO_FACTOR or user.is_verified()


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.REQUIRE_TWO_FACTOR or not request.user.is_authenticated:
            return None
        if not getattr(view_func, "login_required", True):
            return None  # public pages
        if request.resolver_match.view_name in ALLOWED_UNVERIFIED:
            return None
        if request.user.is_verified() or not must_use(request.user):
            return None
        if confirmed_device(request.user):
            # A session from before the device (or before the requirement): sign in again.
            logout(request)
            messages.info(request, "Sign in again, with the code from your authenticator app.")
            return redirect("login")
        messages.info(
            request,
            "Your role needs two-factor sign-in. Set it up with an authenticator app to carry on.",
        )
        return redirect("two_factor")
