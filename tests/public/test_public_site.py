"""
The public site's frame: the accessibility statement, robots.txt, and how caches and
search engines are told what they may keep and index.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

STATEMENT = "/public/accessibility/"


def test_the_accessibility_statement_is_public_and_says_how_to_report_a_problem(
    client, settings, django_assert_num_queries
):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "access@pcc.example.invalid"
    assert reverse("public:accessibility") == STATEMENT
    with django_assert_num_queries(0):
        response = client.get(STATEMENT)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Accessibility statement</h1>" in page
    assert "WCAG) version 2.2 at level AA" in page
    assert 'href="mailto:access@pcc.example.invalid"' in page
    assert "Enforcement procedure" in page
    assert settings.OFFICE_NAME in page


def test_nothing_internal_is_on_a_public_page(client, staff):
    for who in (None, staff):
        if who:
            client.force_login(who)
        page = client.get(STATEMENT).content.decode()
        assert "OFFICIAL-SENSITIVE" not in page
        assert "/dashboard/" not in page  # no internal navigation
        assert "/accounts/logout/" not in page
        assert "<script" not in page  # works without JavaScript
        assert staff.username not in page


def test_an_anonymous_readers_copy_may_be_cached_for_five_minutes(client):
    response = client.get(STATEMENT)
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=300"}
    assert "X-Robots-Tag" not in response


def test_a_signed_in_persons_copy_is_never_stored(client, staff):
    client.force_login(staff)
    response = client.get(STATEMENT)
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives


def test_robots_may_read_the_public_site_and_nothing_else(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Allow: /public/",
        "Disallow: /",
    ]


@pytest.mark.parametrize("path", ["/robots.txt", "/public/", STATEMENT, "/public/data/"])
def test_head_is_answered_as_get_is_without_the_body(client, path):
    """Link checkers and uptime monitors ask with HEAD (issue 31: they were told 405)."""
    got, head = client.get(path), client.head(path)
    assert head.status_code == 200
    assert head.content == b""
    for header in ("Content-Type", "Content-Length", "ETag", "Cache-Control"):
        assert head.get(header) == got.get(header), header
    assert int(head["Content-Length"]) == len(got.content) > 0


@pytest.mark.parametrize("path", ["/robots.txt", "/public/", STATEMENT])
def test_a_head_with_the_etag_it_was_given_is_304(client, path):
    etag = client.head(path)["ETag"]
    assert client.head(path, headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.parametrize("path", ["/robots.txt", "/public/", STATEMENT])
def test_options_and_writes_are_405_naming_get_and_head(client, path):
    for method in ("options", "post", "put", "delete"):
        response = getattr(client, method)(path)
        assert response.status_code == 405, method
        assert response["Allow"] == "GET, HEAD"
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["/accounts/login/", "/dashboard/", "/healthz", "/nowhere/"])
def test_every_answer_outside_the_public_site_says_noindex(client, path):
    response = client.get(path)
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_a_post_to_a_public_page_is_refused_and_not_cached(client):
    response = client.post(STATEMENT)
    assert response.status_code == 405
    assert "no-store" in response["Cache-Control"]
