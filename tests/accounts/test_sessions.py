"""Sessions end after 30 idle minutes or 12 hours, on sign-out, and on a password change."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from vawg_tracker.accounts.sessions import LAST_SEEN_AT, SIGNED_IN_AT

from ..personas import PASSWORD

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
DASHBOARD = "/dashboard/"


def test_a_session_survives_29_idle_minutes_and_ends_after_31(client, staff):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(staff)
        clock.shift(dt.timedelta(minutes=29))
        assert client.get(DASHBOARD).status_code == 200
        clock.shift(dt.timedelta(minutes=29))  # 29 minutes after the last request
        assert client.get(DASHBOARD).status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        response = client.get(DASHBOARD)
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/dashboard/"
        page = client.get(response["Location"])
        assert "signed out after 30 minutes of inactivity" in page.content.decode()
        assert SESSION_KEY not in client.session


def test_activity_is_written_to_the_session_at_most_once_a_minute(client, staff):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(staff)
        signed_in = client.session[LAST_SEEN_AT]
        clock.shift(dt.timedelta(seconds=50))
        client.get(DASHBOARD)
        assert client.session[LAST_SEEN_AT] == signed_in
        clock.shift(dt.timedelta(seconds=20))
        client.get(DASHBOARD)
        assert client.session[LAST_SEEN_AT] == signed_in + 70
        assert client.session[SIGNED_IN_AT] == signed_in


def test_a_busy_session_still_ends_twelve_hours_after_signing_in(client, staff):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(staff)
        for _ in range(12 * 3):
            clock.shift(dt.timedelta(minutes=20))
            assert client.get(DASHBOARD).status_code == 200
        clock.shift(dt.timedelta(minutes=1))
        response = client.get(DASHBOARD, follow=True)
        assert response.redirect_chain[0][0] == "/accounts/login/?next=/dashboard/"
        assert "because you signed in more than 12 hours ago" in response.content.decode()


def test_the_limits_come_from_settings(client, staff, settings):
    settings.SESSION_IDLE_MINUTES = 5
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(staff)
        clock.shift(dt.timedelta(minutes=6))
        assert client.get(DASHBOARD).status_code == 302


def test_an_expired_session_on_the_login_page_shows_the_form_and_the_reason(client, staff):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(staff)
        clock.shift(dt.timedelta(hours=1))
        response = client.get(reverse("login"))
        assert response.status_code == 200
        assert "signed out after 30 minutes of inactivity" in response.content.decode()
        assert SESSION_KEY not in client.session


def test_signing_in_through_the_form_starts_the_clock(client, lead):
    with time_machine.travel(START, tick=False):
        client.post(reverse("login"), {"username": "lee.lead", "password": PASSWORD})
        assert client.session[SIGNED_IN_AT] == int(START.timestamp())


def test_a_copied_session_cookie_stops_working_after_sign_out(client, staff):
    client.force_login(staff)
    cookie = client.cookies["sessionid"].value
    assert client.get(DASHBOARD).status_code == 200
    client.post(reverse("logout"))

    assert not Session.objects.filter(session_key=cookie).exists()
    thief = Client()
    thief.cookies["sessionid"] = cookie
    assert thief.get(DASHBOARD).status_code == 302


def test_changing_the_password_signs_out_every_other_session(staff):
    here, elsewhere = Client(), Client()
    here.force_login(staff)
    elsewhere.force_login(staff)
    assert elsewhere.get(DASHBOARD).status_code == 200

    new = "a quiet river under stone"
    response = here.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response["Location"] == reverse("password_change_done")
    assert here.get(DASHBOARD).status_code == 200
    response = elsewhere.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
