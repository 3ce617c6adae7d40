"""Repeated failed sign-ins lock out a username from an address (django-axes)."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from vawg_tracker import audit
from vawg_tracker.accounts.throttling import client_ip
from vawg_tracker.audit.models import AuditEvent

from ..personas import PASSWORD

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def sign_in(client, username="lee.lead", password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def fail_five_times(client, username="lee.lead", **extra):
    return [sign_in(client, username, "wrong", **extra) for _ in range(5)]


def test_the_fifth_failure_locks_the_username_out_on_our_login_page(client, lead):
    responses = fail_five_times(client)
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    page = responses[-1].content.decode()
    assert "Sign-in is locked for 15 minutes." in page
    assert "contact the PCC office" in page
    assert "<title>Sign in" in page  # our page, not a bare error
    assert 'name="password"' in page


def test_a_locked_out_user_cannot_sign_in_even_with_the_right_password(client, lead):
    fail_five_times(client)
    response = sign_in(client)
    assert response.status_code == 429
    assert b"Sign-in is locked" in response.content
    assert SESSION_KEY not in client.session


def test_four_failures_then_the_right_password_signs_in_and_clears_the_count(client, lead):
    for _ in range(4):
        sign_in(client, password="wrong")
    assert sign_in(client).status_code == 302
    assert client.session[SESSION_KEY] == str(lead.pk)
    assert not AccessAttempt.objects.filter(username="lee.lead").exists()


def test_the_lockout_is_per_username_and_address(client, lead, commissioner):
    fail_five_times(client)
    # Another user from the same address, and the same user from another address.
    assert sign_in(client, "cam.commissioner").status_code == 302
    client.logout()
    assert sign_in(client, REMOTE_ADDR="192.0.2.44").status_code == 302


def test_the_lockout_ends_after_fifteen_minutes(client, lead):
    with time_machine.travel(START, tick=False) as clock:
        fail_five_times(client)
        clock.shift(dt.timedelta(minutes=14))
        assert sign_in(client).status_code == 429
        # That attempt started the wait again: 28 minutes after the lockout, still locked.
        clock.shift(dt.timedelta(minutes=14))
        assert sign_in(client).status_code == 429
        clock.shift(dt.timedelta(minutes=15, seconds=1))
        assert sign_in(client).status_code == 302


def test_the_limits_come_from_settings(client, lead, settings):
    settings.AXES_FAILURE_LIMIT = 2
    assert [sign_in(client, password="wrong").status_code for _ in range(2)] == [200, 429]


def test_an_administrator_unlocks_a_user_by_deleting_the_access_attempt(client, lead, superuser):
    fail_five_times(client)
    attempt = AccessAttempt.objects.get(username="lee.lead")

    admin = client.__class__()
    admin.force_login(superuser)
    listing = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200
    assert b"lee.lead" in listing.content
    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert admin.post(url, {"post": "yes"}).status_code == 302

    assert not AccessAttempt.objects.exists()
    assert sign_in(client).status_code == 302


def test_the_reset_command_unlocks_a_user(client, lead):
    fail_five_times(client)
    call_command("axes_reset_username", "lee.lead")
    assert sign_in(client).status_code == 302


def test_directly_exposed_the_address_is_the_connections_not_a_header(settings):
    request = RequestFactory().post(
        "/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert client_ip(request) == "198.51.100.7"


def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().post(
        "/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )
    assert client_ip(request) == "203.0.113.9"
    assert client_ip(RequestFactory().post("/", REMOTE_ADDR="10.9.9.9")) == "10.9.9.9"


def test_a_made_up_forwarded_for_header_does_not_escape_a_lockout(client, lead):
    fail_five_times(client)
    response = sign_in(client, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert response.status_code == 429


def test_a_lockout_is_in_the_audit_log_with_the_user_and_address(client, lead):
    fail_five_times(client, REMOTE_ADDR="198.51.100.23")
    lockout = AuditEvent.objects.get(kind=audit.Kind.LOCKOUT)
    assert (lockout.user, lockout.username, lockout.ip) == (
        lead,
        "lee.lead",
        "198.51.100.23",
    )
    failures = AuditEvent.objects.filter(kind=audit.Kind.LOGIN_FAILED)
    assert failures.count() == 5
