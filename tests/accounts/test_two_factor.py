"""Two-factor sign-in with an authenticator app: for anyone, required of staff and commissioners."""

import base64
import datetime as dt
import re
from urllib.parse import unquote

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.test import RequestFactory
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from vawg_tracker.accounts.two_factor import admin_has_permission

from ..personas import PASSWORD

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
DASHBOARD = "/dashboard/"


def code_for(device):
    """The code the user's app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def wrong_code_for(device):
    return f"{(int(code_for(device)) + 1) % 1_000_000:06d}"


def device_for(user):
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def sign_in(client, username, next_url=None):
    data = {"username": username, "password": PASSWORD}
    url = reverse("login")
    if next_url:
        data["next"] = next_url
        url += f"?next={next_url}"
    return client.post(url, data)


@pytest.fixture
def required(settings):
    settings.REQUIRE_TWO_FACTOR = True


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


# --- Setting it up -----------------------------------------------------------------


def test_a_user_sets_it_up_by_scanning_and_confirming_with_a_code(client, partner, clock):
    client.force_login(partner)
    page = client.get(reverse("two_factor")).content.decode()
    assert "Set up two-factor sign-in" in page

    assert client.post(reverse("two_factor_start"))["Location"] == reverse("two_factor")
    device = TOTPDevice.objects.get(user=partner)
    assert not device.confirmed
    page = client.get(reverse("two_factor")).content.decode()
    secret = base64.b32encode(device.bin_key).decode()
    shown = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page)[1]
    assert shown.replace(" ", "") == secret
    qr = re.search(r'<img src="(data:image/svg\+xml[^"]+)"', page)[1]
    assert "<svg" in unquote(qr)
    assert " style=" not in page  # the CSP forbids inline styles

    response = client.post(reverse("two_factor_confirm"), {"code": wrong_code_for(device)})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    clock.shift(dt.timedelta(seconds=2))  # past the one-second wait after a wrong code
    response = client.post(reverse("two_factor_confirm"), {"code": code_for(device)})
    assert response["Location"] == reverse("two_factor")
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert "Two-factor sign-in is on." in client.get(reverse("two_factor")).content.decode()


def test_the_qr_code_holds_the_otpauth_address_of_the_secret(client, partner):
    client.force_login(partner)
    client.post(reverse("two_factor_start"))
    device = TOTPDevice.objects.get(user=partner)
    assert device.config_url.startswith("otpauth://totp/VAWG%20Tracker%3Apat.partner?secret=")


def test_starting_again_replaces_the_unconfirmed_secret(client, partner):
    client.force_login(partner)
    client.post(reverse("two_factor_start"))
    first = TOTPDevice.objects.get(user=partner).key
    client.post(reverse("two_factor_start"))
    assert list(TOTPDevice.objects.filter(user=partner).values_list("key", flat=True)) != [first]
    assert TOTPDevice.objects.filter(user=partner).count() == 1


def test_turning_it_off_needs_a_current_code(client, partner, clock):
    device = device_for(partner)
    client.force_login(partner)
    response = client.post(reverse("two_factor_remove"), {"code": wrong_code_for(device)})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=partner).exists()

    clock.shift(dt.timedelta(seconds=2))
    response = client.post(reverse("two_factor_remove"), {"code": code_for(device)})
    assert response["Location"] == reverse("two_factor")
    assert not TOTPDevice.objects.filter(user=partner).exists()


# --- Signing in with it ------------------------------------------------------------


def test_with_a_device_the_password_alone_does_not_sign_in(client, lead, clock):
    device_for(lead)
    response = sign_in(client, "lee.lead")
    assert response["Location"] == reverse("login_code")
    assert SESSION_KEY not in client.session
    assert client.get(DASHBOARD).status_code == 302
    page = client.get(reverse("login_code")).content.decode()
    assert "Enter your code" in page
    assert 'autocomplete="one-time-code"' in page


def test_the_right_code_signs_in_verified_and_returns_to_the_page_asked_for(client, lead, clock):
    device = device_for(lead)
    sign_in(client, "lee.lead", next_url="/actions/")
    response = client.post(reverse("login_code"), {"code": code_for(device)})
    assert response["Location"] == "/actions/"
    assert client.session[SESSION_KEY] == str(lead.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_wrong_code_is_refused_and_signs_nobody_in(client, lead, clock):
    device = device_for(lead)
    sign_in(client, "lee.lead")
    response = client.post(reverse("login_code"), {"code": wrong_code_for(device)})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert SESSION_KEY not in client.session
    response = client.post(reverse("login_code"), {"code": "12ab"})
    assert "Enter the six digits your app shows" in response.content.decode()


def test_wrong_codes_are_throttled_even_the_right_one_must_wait(client, lead, clock):
    device = device_for(lead)
    sign_in(client, "lee.lead")
    # Each wrong code doubles the wait before the next is looked at: 1, 2, 4 seconds.
    for wait in (1, 2, 0):
        client.post(reverse("login_code"), {"code": wrong_code_for(device)})
        clock.shift(dt.timedelta(seconds=wait))
    response = client.post(reverse("login_code"), {"code": code_for(device)})
    assert "Too many wrong codes. Wait 4 seconds" in response.content.decode()
    assert SESSION_KEY not in client.session
    clock.shift(dt.timedelta(seconds=4))
    response = client.post(reverse("login_code"), {"code": code_for(device)})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(lead.pk)


def test_a_code_cannot_be_used_twice(client, lead, clock):
    device = device_for(lead)
    sign_in(client, "lee.lead")
    code = code_for(device)
    client.post(reverse("login_code"), {"code": code})
    client.post(reverse("logout"))
    sign_in(client, "lee.lead")
    response = client.post(reverse("login_code"), {"code": code})
    assert "That code is not right" in response.content.decode()


def test_the_code_step_expires_after_five_minutes(client, lead, clock):
    device = device_for(lead)
    sign_in(client, "lee.lead")
    clock.shift(dt.timedelta(minutes=6))
    response = client.post(reverse("login_code"), {"code": code_for(device)})
    assert response["Location"] == reverse("login")
    assert SESSION_KEY not in client.session


def test_without_a_password_first_the_code_page_sends_people_to_sign_in(client):
    assert client.get(reverse("login_code"))["Location"] == reverse("login")


# --- The requirement ---------------------------------------------------------------


@pytest.mark.parametrize("person", ["staff", "commissioner"])
def test_required_staff_and_commissioners_without_a_device_are_sent_to_set_up(
    client, required, person, request
):
    client.force_login(request.getfixturevalue(person))
    response = client.get(DASHBOARD, follow=True)
    assert response.redirect_chain == [(reverse("two_factor"), 302)]
    page = response.content.decode()
    assert "Your role needs two-factor sign-in" in page
    assert "Set up two-factor sign-in" in page
    assert client.get(reverse("reports:archive"))["Location"] == reverse("two_factor")
    assert client.post(reverse("two_factor_start")).status_code == 302
    assert client.post(reverse("logout"))["Location"] == reverse("login")


def test_once_set_up_a_required_user_carries_on(client, required, staff, clock):
    client.force_login(staff)
    client.post(reverse("two_factor_start"))
    device = TOTPDevice.objects.get(user=staff)
    client.post(reverse("two_factor_confirm"), {"code": code_for(device)})
    assert client.get(DASHBOARD).status_code == 200


def test_a_required_user_with_a_device_signs_in_with_a_code_and_reaches_everything(
    client, required, staff, clock
):
    device = device_for(staff)
    sign_in(client, "sam.staff")
    client.post(reverse("login_code"), {"code": code_for(device)})
    assert client.get(DASHBOARD).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_a_required_users_session_without_a_code_is_signed_out(client, required, staff):
    device_for(staff)
    client.force_login(staff)  # a session from before the device or the requirement
    response = client.get("/admin/")
    assert response["Location"] == reverse("login")
    assert SESSION_KEY not in client.session


def test_a_partner_is_not_forced(client, required, partner):
    client.force_login(partner)
    assert client.get(reverse("activities:home")).status_code == 200


def test_with_the_requirement_off_staff_without_a_device_carry_on(client, staff, settings):
    assert settings.REQUIRE_TWO_FACTOR is False
    client.force_login(staff)
    assert client.get(DASHBOARD).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_the_admin_needs_a_verified_session_when_required(settings, superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    superuser.is_verified = lambda: False
    settings.REQUIRE_TWO_FACTOR = False
    assert admin_has_permission(request)
    settings.REQUIRE_TWO_FACTOR = True
    assert not admin_has_permission(request)
    superuser.is_verified = lambda: True
    assert admin_has_permission(request)


def test_the_two_factor_pages_run_a_fixed_number_of_queries(
    client, lead, django_assert_num_queries
):
    client.force_login(lead)
    # Sign-in (session, user, user's and groups' permissions); the confirmed device; the
    # unconfirmed one; the navigation's count of what the lead owes (rounds.inbox: the
    # round calendar, kept in the cache from then on, and the count).
    with django_assert_num_queries(8):
        assert client.get(reverse("two_factor")).status_code == 200
    client.post(reverse("two_factor_start"))
    # The same, with a secret waiting to be confirmed (its QR code is drawn here), and the
    # round calendar kept.
    with django_assert_num_queries(7):
        assert client.get(reverse("two_factor")).status_code == 200
