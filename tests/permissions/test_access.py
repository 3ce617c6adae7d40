"""Deny by default: who may open which page."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from ..urlwalk import all_urls

# The only pages anyone may open without signing in.
# (The set-password link is how a new partner user chooses a password; its token is the key.)
# The code step of signing in is public: its user is not signed in until the code is right.
PUBLIC_PATHS = {
    "/accounts/login/",
    "/accounts/login/code/",
    "/healthz",
    "/accounts/set-password/x/x/",
    "/robots.txt",
}
# ... and the public site: every page under /public/ is public, and nothing else is.
PUBLIC_SITE = "/public/"

# The API's endpoints and its schema take credentials with each request (a token, or the
# session): without any, 401 asking for a token, never the login page (a tool would follow
# it and read HTML). They are still not public: every one requires a capability.
CREDENTIALS_PER_REQUEST = ("/api/v1/", "/api/schema/")

pytestmark = pytest.mark.django_db


def _our_patterns():
    """Patterns whose views we wrote. The admin enforces its own rules (staff only)."""
    return [(path, pattern) for path, pattern in all_urls() if not path.startswith("/admin/")]


def test_every_view_states_who_may_use_it():
    missing = [
        path for path, pattern in _our_patterns() if not hasattr(pattern.callback, "access_rule")
    ]
    assert missing == [], "wrap these views in requires / any_signed_in_user / public"


def test_only_the_sign_in_pages_healthz_robots_and_the_public_site_are_public():
    public = {path for path, pattern in _our_patterns() if pattern.callback.access_rule == "public"}
    public_site = {path for path, _ in _our_patterns() if path.startswith(PUBLIC_SITE)}
    assert public_site, "the public site has pages"
    assert public == PUBLIC_PATHS | public_site


def test_the_admin_sign_in_page_sends_people_to_ours(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_requests_to_every_url_are_sent_to_the_login_page(client, method):
    login_path = reverse(settings.LOGIN_URL)
    checked = 0
    for path, _pattern in all_urls():
        if path in PUBLIC_PATHS or path.startswith(PUBLIC_SITE):
            continue
        if path.startswith(CREDENTIALS_PER_REQUEST):
            response = getattr(client, method)(path)
            assert response.status_code == 401, f"{method.upper()} {path}"
            assert response["WWW-Authenticate"].startswith("Token")
            checked += 1
            continue
        # The admin's pages send people to its sign-in page, which sends them to ours.
        response = getattr(client, method)(path, follow=True)
        assert response.redirect_chain, f"{method.upper()} {path} gave {response.status_code}"
        assert all(status == 302 for _, status in response.redirect_chain)
        last = response.redirect_chain[-1][0]
        assert urlsplit(last).path == login_path, f"{path} → {last}"
        assert response.status_code == 200
        checked += 1
    assert checked > 50  # the walk really covered the URL conf, admin included


def test_anonymous_visitor_sees_the_login_page(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Sign in to VAWG Tracker" in response.content


def test_healthz_needs_no_sign_in(client):
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("staff", "/dashboard/"),
        ("lead", "/dashboard/"),
        ("commissioner", "/dashboard/"),
        ("partner", "/partners/"),
        ("superuser", "/dashboard/"),
    ],
)
def test_home_sends_each_role_to_its_start_page(client, request, persona, expected):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == expected


def test_user_without_a_role_is_told_so_and_sees_nothing(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert b"Your account has no role yet" in response.content
    assert client.get(reverse("reports:dashboard")).status_code == 403
    assert client.get(reverse("activities:home")).status_code == 403


@pytest.mark.parametrize(
    ("persona", "dashboard", "partner_home"),
    [
        ("staff", 200, 403),
        ("lead", 200, 403),
        ("commissioner", 200, 403),
        ("partner", 403, 200),
        ("outsider", 403, 403),
        ("superuser", 200, 403),  # no organisation of their own
    ],
)
def test_each_role_reaches_only_its_own_pages(client, request, persona, dashboard, partner_home):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("reports:dashboard")).status_code == dashboard
    assert client.get(reverse("activities:home")).status_code == partner_home


@pytest.mark.parametrize("persona", ["lead", "partner", "commissioner", "outsider"])
def test_signed_in_users_without_admin_access_get_403_from_the_admin(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403


def test_staff_open_the_admin(client, staff):
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("staff", ["Dashboard", "Actions", "Admin"], ["Our organisation"]),
        ("lead", ["Dashboard", "Actions"], ["Admin", "Our organisation"]),
        ("commissioner", ["Dashboard", "Actions"], ["Admin", "Our organisation"]),
        ("partner", ["Our organisation"], ["Dashboard", "Actions", "Admin"]),
    ],
)
def test_navigation_shows_only_what_the_role_may_use(client, request, persona, shown, hidden):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("home"), follow=True).content.decode()
    nav = page.split("<header>", 1)[1].split("</header>", 1)[0]
    for label in shown:
        assert f">{label}</a>" in nav
    for label in hidden:
        assert f">{label}</a>" not in nav
