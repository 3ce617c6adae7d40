"""What a real page response tells the browser about framing, sniffing, referrers and scripts."""

import pytest
from django.urls import reverse

from ..factories import ActivityFactory, EvidenceFactory
from ..urlwalk import all_urls

pytestmark = pytest.mark.django_db


def cache_directives(response):
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}


def policy(response):
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.mark.parametrize("signed_in", [False, True])
def test_pages_forbid_inline_script_framing_and_sniffing(client, staff, signed_in):
    if signed_in:
        client.force_login(staff)
    response = client.get(reverse("reports:dashboard") if signed_in else reverse("login"))
    assert response.status_code == 200

    csp = policy(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_https_responses_carry_hsts_in_production(client, settings):
    # The production values (settings default them on when DEBUG is off).
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_the_two_factor_set_up_page_has_no_inline_script_or_style(client, partner):
    client.force_login(partner)
    client.post(reverse("two_factor_start"))
    page = client.get(reverse("two_factor")).content.decode()
    assert " style=" not in page
    assert "<script>" not in page
    assert page.count("<script") == 1  # Bootstrap's bundle, from our static files


# --- Nothing OFFICIAL-SENSITIVE stays in a cache --------------------------------------------
# Every page, export and download a signed-in person gets, by role and URL, is checked in
# tests/permissions/test_permission_matrix.py; these cover the admin, the pages before
# signing in and the downloads that set their own headers.


# The partner organisation's admin form warns about URLField's default scheme (not ours to
# change here); this test is about headers.
@pytest.mark.filterwarnings("ignore:The default scheme will be changed")
def test_every_admin_page_is_private_and_never_stored(client, superuser):
    client.force_login(superuser)
    stored = []
    pages = ("index", "app_list", "_changelist", "_add", "_change", "_history", "_delete")
    for path, pattern in all_urls(path="1"):  # object ids in the admin are <path:…>
        if path.startswith("/admin/") and (pattern.name or "").endswith(pages):
            response = client.get(path)
            if not {"private", "no-store"} <= cache_directives(response):
                stored.append(f"{path} ({response.status_code}): {response.get('Cache-Control')}")
    assert stored == []


@pytest.mark.parametrize("path", ["/accounts/login/", "/", "/dashboard/", "/healthz"])
def test_answers_before_signing_in_are_not_stored_either(client, path):
    # The sign-in page carries a CSRF token and, after a failure, the username typed;
    # the redirects to it name the page asked for. /healthz keeps Django's never_cache.
    assert {"private", "no-store"} <= cache_directives(client.get(path))


def test_a_download_keeps_its_own_headers(client, partner):
    organisation = partner.partner_membership.organisation
    evidence = EvidenceFactory(activity=ActivityFactory(organisation=organisation))
    client.force_login(partner)
    response = client.get(reverse("activities:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
