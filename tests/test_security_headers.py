"""What a real page response tells the browser about framing, sniffing, referrers and scripts."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


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
    response = client.get(reverse("plans:dashboard") if signed_in else reverse("login"))
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
