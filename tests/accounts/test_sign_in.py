"""Signing in and out, and changing one's password."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from ..personas import PASSWORD


def test_signing_in_lands_on_the_role_start_page(client, lead):
    response = client.post(
        reverse("login"), {"username": "lee.lead", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/dashboard/"
    assert response.status_code == 200
    assert client.session[SESSION_KEY] == str(lead.pk)


def test_signing_in_returns_to_the_page_asked_for(client, commissioner):
    response = client.post(
        reverse("login") + "?next=/dashboard/",
        {"username": "cam.commissioner", "password": PASSWORD, "next": "/dashboard/"},
    )
    assert response["Location"] == "/dashboard/"


def test_signing_in_never_redirects_off_site(client, commissioner):
    response = client.post(
        reverse("login"),
        {"username": "cam.commissioner", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_wrong_password_is_refused_with_a_message_and_keeps_the_username(client, lead):
    response = client.post(reverse("login"), {"username": "lee.lead", "password": "wrong"})
    assert response.status_code == 200
    assert b"do not match an active account" in response.content
    assert b'value="lee.lead"' in response.content
    assert SESSION_KEY not in client.session


def test_inactive_users_cannot_sign_in(client, lead):
    lead.is_active = False
    lead.save(update_fields=["is_active"])
    client.post(reverse("login"), {"username": "lee.lead", "password": PASSWORD})
    assert SESSION_KEY not in client.session


def test_sign_out_is_a_post_and_ends_the_session(client, staff):
    client.force_login(staff)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert SESSION_KEY not in client.session
    assert client.get(reverse("reports:dashboard")).status_code == 302


def test_password_change_needs_the_old_password_and_a_long_new_one(client, partner):
    client.force_login(partner)
    url = reverse("password_change")
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"}
    )
    assert response.status_code == 200
    assert b"at least 12 characters" in response.content

    new = "plum orchard lantern 42"
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response["Location"] == reverse("password_change_done")
    partner.refresh_from_db()
    assert partner.check_password(new)


@pytest.mark.django_db
def test_every_page_has_its_own_title(client, staff):
    assert b"<title>Sign in \xc2\xb7 VAWG Tracker</title>" in client.get(reverse("login")).content
    client.force_login(staff)
    assert b"<title>Dashboard \xc2\xb7 VAWG Tracker</title>" in client.get("/dashboard/").content
    assert b"<title>Change your password" in client.get(reverse("password_change")).content


def test_pages_load_bootstrap_from_our_own_static_files(client):
    page = client.get(reverse("login")).content.decode()
    assert 'href="/static/bootstrap/css/bootstrap.min.css"' in page
    assert 'src="/static/bootstrap/js/bootstrap.bundle.min.js"' in page
    assert "cdn" not in page.lower()
    assert 'href="#main"' in page  # skip link


@pytest.mark.django_db
def test_the_public_sent_to_sign_in_from_the_root_find_the_public_site(client):
    """/ still sends a signed-out visitor to the staff sign-in page (staff bookmarks rely on
    it), which offers the public site to anyone who came for the published reports."""
    response = client.get("/", follow=True)
    assert response.redirect_chain == [(reverse("login") + "?next=/", 302)]
    assert response.status_code == 200
    links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', response.content.decode())
    assert (reverse("public:home"), "visit the public site") in links
    assert client.get(reverse("public:home")).status_code == 200
