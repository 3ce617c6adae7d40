"""
Personal API tokens: made, named and revoked by their owner on /api/tokens/, shown once,
kept only as a hash, refused once expired or revoked, "last used" kept (at most one write a
minute), and their making, revoking and use from a new address in the audit log. A person
has at most API_MAX_TOKENS_PER_USER live tokens, and all of them and their session share
one throttle.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken, TooManyTokens, hash_secret
from vawg_tracker.audit.models import AuditEvent


def database_dump():
    """Every row of every table, as text."""
    quote = connection.ops.quote_name
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608
            rows.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(rows)


def _auth(secret):
    return {"HTTP_AUTHORIZATION": f"Token {secret}"}


def _make_on_the_page(client, person, name="Power BI"):
    client.force_login(person)
    response = client.post(reverse("api:token_create"), {"name": name})
    assert response.status_code == 200
    return response, response.context["secret"]


def test_a_token_is_shown_once_and_kept_only_as_a_hash(client, staff):
    response, secret = _make_on_the_page(client, staff)
    assert secret.encode() in response.content
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.prefix) == (staff, "Power BI", secret[:8])
    assert token.key_hash == hash_secret(secret) != secret
    assert secret not in database_dump()
    listing = client.get(reverse("api:token_list"))
    assert b"Power BI" in listing.content
    assert secret.encode() not in listing.content
    assert secret[:8].encode() in listing.content
    assert AuditEvent.objects.filter(kind="api_token_created", user=staff).count() == 1


def test_a_token_expires_after_api_token_days(client, staff, settings):
    settings.API_TOKEN_DAYS = 7
    _make_on_the_page(client, staff)
    token = ApiToken.objects.get()
    assert token.expires_at - token.created_at == pytest.approx(
        timedelta(days=7), abs=timedelta(seconds=5)
    )


def test_a_token_reads_as_its_owner_with_token_or_bearer(client, staff):
    _, secret = ApiToken.issue(staff, "tool")
    assert client.get(reverse("api:plan-list"), **_auth(secret)).status_code == 200
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get(reverse("api:plan-list"), **bearer).status_code == 200


@pytest.mark.parametrize(
    "header", ["Token nonsense", "Token", "Token a b", "Bearer " + "x" * 500, "Token \u00e9"]
)
def test_a_wrong_token_is_401(client, staff, header):
    ApiToken.issue(staff, "tool")
    response = client.get(reverse("api:plan-list"), HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_an_expired_token_is_refused_with_401(client, staff):
    token, secret = ApiToken.issue(staff, "tool")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("api:plan-list"), **_auth(secret)).status_code == 401


def test_a_revoked_token_is_refused_with_401(client, staff):
    _, secret = _make_on_the_page(client, staff)
    token = ApiToken.objects.get()
    client.logout()
    assert client.get(reverse("api:plan-list"), **_auth(secret)).status_code == 200
    client.force_login(staff)
    response = client.post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    client.logout()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(reverse("api:plan-list"), **_auth(secret)).status_code == 401
    assert AuditEvent.objects.filter(kind="api_token_revoked", user=staff).count() == 1


def test_a_token_of_an_inactive_user_is_refused(client, staff):
    _, secret = ApiToken.issue(staff, "tool")
    staff.is_active = False
    staff.save()
    assert client.get(reverse("api:plan-list"), **_auth(secret)).status_code == 401


def test_only_its_owner_revokes_a_token(client, staff, commissioner):
    token, _ = ApiToken.issue(staff, "Sam's spreadsheet")
    client.force_login(commissioner)
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert AuditEvent.objects.filter(kind="not_found", user=commissioner).exists()
    # Not in their list either.
    assert b"spreadsheet" not in client.get(reverse("api:token_list")).content


def test_someone_without_a_role_cannot_make_a_token(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("api:token_list")).status_code == 403
    assert client.post(reverse("api:token_create"), {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_a_partner_may_make_a_token(client, partner):
    _, secret = _make_on_the_page(client, partner)
    client.logout()
    assert client.get(reverse("api:activity-list"), **_auth(secret)).status_code == 200


def test_last_used_is_written_at_most_once_a_minute_from_one_address(client, staff):
    token, secret = ApiToken.issue(staff, "tool")
    client.get(reverse("api:plan-list"), **_auth(secret))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    assert token.last_used_ip == "127.0.0.1"
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("api:plan-list"), **_auth(secret))
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get(reverse("api:plan-list"), **_auth(secret))
    token.refresh_from_db()
    assert token.last_used_at > first


def test_use_from_a_new_address_is_in_the_audit_log(client, staff):
    token, secret = ApiToken.issue(staff, "tool")
    client.get(reverse("api:plan-list"), **_auth(secret))
    client.get(reverse("api:plan-list"), **_auth(secret))
    client.get(reverse("api:plan-list"), REMOTE_ADDR="192.0.2.7", **_auth(secret))
    events = AuditEvent.objects.filter(kind="api_token_new_ip").order_by("pk")
    assert [(e.user, e.object_id) for e in events] == [(staff, str(token.pk))] * 2
    token.refresh_from_db()
    assert token.last_used_ip == "192.0.2.7"


def test_a_persons_tokens_and_session_share_one_throttle(client, staff, commissioner, settings):
    """Issue 31: the rate was per token, and anyone may make tokens: now it is per person."""
    settings.API_THROTTLE_RATE = "3/minute"
    cache.clear()
    _, secret = ApiToken.issue(staff, "tool")
    _, other = ApiToken.issue(staff, "another tool")
    url = reverse("api:plan-list")
    statuses = [client.get(url, **_auth(s)).status_code for s in (secret, other, secret, other)]
    assert statuses == [200, 200, 200, 429]
    assert client.get(url, **_auth(secret)).status_code == 429
    client.force_login(staff)
    assert client.get(url).status_code == 429  # their session too
    client.logout()
    _, theirs = ApiToken.issue(commissioner, "tool")
    assert client.get(url, **_auth(theirs)).status_code == 200  # someone else's budget
    cache.clear()


def test_a_persons_session_counts_toward_their_tokens_throttle(client, staff, settings):
    settings.API_THROTTLE_RATE = "2/minute"
    cache.clear()
    _, secret = ApiToken.issue(staff, "tool")
    client.force_login(staff)
    assert client.get(reverse("api:plan-list")).status_code == 200
    client.logout()
    url = reverse("api:plan-list")
    assert [client.get(url, **_auth(secret)).status_code for _ in range(2)] == [200, 429]
    cache.clear()


# --- How many tokens a person may have --------------------------------------------------------


def test_a_person_may_have_at_most_api_max_tokens_per_user_live(client, staff, settings):
    settings.API_MAX_TOKENS_PER_USER = 2
    _make_on_the_page(client, staff, "one")
    _make_on_the_page(client, staff, "two")
    response = client.post(reverse("api:token_create"), {"name": "three"})
    assert response.status_code == 200
    assert "secret" not in response.context
    page = response.content.decode()
    assert "You already have 2 live API tokens, the most one person may have." in page
    assert 'value="three"' in page  # what they typed, kept
    assert ApiToken.objects.filter(user=staff).count() == 2
    assert AuditEvent.objects.filter(kind="api_token_created").count() == 2
    with pytest.raises(TooManyTokens):
        ApiToken.issue(staff, "three")
    assert "You may have 2 live at once" in client.get(reverse("api:token_list")).content.decode()


def test_a_revoked_or_expired_token_frees_its_place(client, staff, settings):
    settings.API_MAX_TOKENS_PER_USER = 2
    first, _ = ApiToken.issue(staff, "one")
    second, _ = ApiToken.issue(staff, "two")
    client.force_login(staff)
    assert client.post(reverse("api:token_revoke", args=[first.pk])).status_code == 302
    _make_on_the_page(client, staff, "three")
    ApiToken.objects.filter(pk=second.pk).update(expires_at=timezone.now())
    _make_on_the_page(client, staff, "four")
    assert ApiToken.objects.filter(user=staff).live().count() == 2
    assert ApiToken.objects.filter(user=staff).count() == 4


def test_another_persons_tokens_do_not_count(client, staff, commissioner, settings):
    settings.API_MAX_TOKENS_PER_USER = 1
    ApiToken.issue(commissioner, "theirs")
    _make_on_the_page(client, staff, "mine")


def test_a_session_without_its_two_factor_code_does_not_read_the_api(client, staff, settings):
    settings.REQUIRE_TWO_FACTOR = True
    client.force_login(staff)  # signed in with a password only: no code this session
    assert client.get(reverse("api:plan-list")).status_code == 401
    _, secret = ApiToken.issue(staff, "tool")
    client.logout()
    assert client.get(reverse("api:plan-list"), **_auth(secret)).status_code == 200


def test_the_account_page_links_to_the_tokens_of_those_with_a_role(client, lead, outsider):
    client.force_login(lead)
    assert reverse("api:token_list").encode() in client.get(reverse("password_change")).content
    client.force_login(outsider)
    assert reverse("api:token_list").encode() not in client.get(reverse("password_change")).content


def test_a_superuser_revokes_anyone_s_token_in_the_admin(client, superuser, staff):
    token, secret = ApiToken.issue(staff, "tool")
    client.force_login(superuser)
    changelist = reverse("admin:api_apitoken_changelist")
    listing = client.get(changelist)
    assert listing.status_code == 200
    assert secret.encode() not in listing.content
    response = client.post(
        changelist, {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(kind="api_token_revoked", user=superuser).count() == 1
    client.logout()
    assert client.get(reverse("api:plan-list"), **_auth(secret)).status_code == 401


def test_pcc_staff_do_not_see_tokens_in_the_admin(client, staff):
    client.force_login(staff)
    assert client.get(reverse("admin:api_apitoken_changelist")).status_code == 403
