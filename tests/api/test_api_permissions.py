"""
The API's permission matrix: every endpoint × every role × GET, POST, PUT, PATCH and
DELETE, with each person's own token. The same roles as the pages
(tests/permissions/test_permission_matrix.py): staff, lead specialists and commissioners
read delivery and reports; partners read their own organisation's activities and nothing
else; someone without a role reads nothing; no credentials is 401. Nothing is written:
a write from someone who may read is 405.
"""

import pytest
from django.urls import reverse

from api.models import ApiToken
from plans.models import Action
from vawg_tracker.audit.models import AuditEvent

from ..permissions import test_permission_matrix as matrix

world = matrix.world  # one of everything, and a person for each role

ROLES = ["anonymous", "staff", "lead", "commissioner", "partner", "other_partner", "outsider"]
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
WRITES = METHODS[1:]

READERS = {"staff", "lead", "commissioner"}
DELIVERY = ["plan", "action", "progress_update", "milestone", "indicator", "pledge", "outcome"]


def expected(endpoint, kind, role, method):
    if role == "anonymous":
        return 401
    if endpoint == "activity":
        # A partner's own organisation's; another organisation's id is not found (a
        # write is refused before any lookup, as not allowed).
        if role in READERS or role in ("partner", "other_partner"):
            if method != "GET":
                return 405
            return 404 if (role, kind) == ("other_partner", "detail") else 200
        return 403
    if role in READERS:
        return 200 if method == "GET" else 405
    return 403


ENDPOINTS = [
    (name, kind) for name in [*DELIVERY, "report", "activity"] for kind in ("list", "detail")
]


@pytest.mark.parametrize("role", ROLES)
def test_every_endpoint_answers_each_role_and_method_as_the_table_says(client, world, role):
    people, ids = world
    headers = {}
    if role != "anonymous":
        _, secret = ApiToken.issue(people[role], "tool")
        headers = {"HTTP_AUTHORIZATION": f"Token {secret}"}
    failures, checked = [], 0
    for name, kind in ENDPOINTS:
        view = f"api:{name}-{kind}"
        url = reverse(view, args=[ids[view]] if kind == "detail" else [])
        for method in METHODS:
            response = client.generic(method, url, "{}", "application/json", **headers)
            want = expected(name, kind, role, method)
            checked += 1
            if response.status_code != want:
                failures.append(f"{method} {view}: {response.status_code}, expected {want}")
            assert response["Content-Type"].startswith("application/json")
    assert failures == []
    assert checked == len(ENDPOINTS) * len(METHODS)


def test_no_endpoint_changes_anything_whatever_is_sent(client, world):
    people, ids = world
    _, secret = ApiToken.issue(people["staff"], "tool")
    action = Action.objects.get(pk=ids["api:action-detail"])
    url = reverse("api:action-detail", args=[action.pk])
    for method in WRITES:
        response = client.generic(
            method,
            url,
            '{"title": "Changed"}',
            "application/json",
            HTTP_AUTHORIZATION=f"Token {secret}",
        )
        assert response.status_code == 405
    action.refresh_from_db()
    assert action.title != "Changed"


def test_partner_a_token_is_404_on_partner_b_activity_and_it_is_audited(client, world):
    people, ids = world
    _, secret = ApiToken.issue(people["other_partner"], "tool")
    activity_id = ids["api:activity-detail"]
    response = client.get(
        reverse("api:activity-detail", args=[activity_id]), HTTP_AUTHORIZATION=f"Token {secret}"
    )
    assert response.status_code == 404
    listed = client.get(reverse("api:activity-list"), HTTP_AUTHORIZATION=f"Token {secret}")
    assert listed.json()["count"] == 0  # nothing of another organisation's in the list
    event = AuditEvent.objects.get(kind="not_found")
    assert event.user == people["other_partner"]
    assert (event.object_type, event.object_id) == ("activities.activity", str(activity_id))


def test_partner_token_lists_its_own_organisation_s_activities(client, world):
    people, ids = world
    _, secret = ApiToken.issue(people["partner"], "tool")
    listed = client.get(reverse("api:activity-list"), HTTP_AUTHORIZATION=f"Token {secret}")
    assert [row["id"] for row in listed.json()["results"]] == [ids["api:activity-detail"]]


def test_a_refusal_is_in_the_audit_log(client, world):
    people, _ = world
    _, secret = ApiToken.issue(people["partner"], "tool")
    response = client.get(reverse("api:action-list"), HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(kind="forbidden", user=people["partner"]).exists()


@pytest.mark.parametrize("number", ["0", "-1", "abc", "1.5", "%00", "100000000000000000000", "2"])
def test_a_page_that_is_not_there_is_404_on_every_list(client, world, number):
    people, _ = world
    _, secret = ApiToken.issue(people["staff"], "tool")
    failures = []
    for name, kind in ENDPOINTS:
        if kind == "list":
            url = f"{reverse(f'api:{name}-list')}?page={number}"
            status = client.get(url, HTTP_AUTHORIZATION=f"Token {secret}").status_code
            if status != 404:
                failures.append(f"{name}: {status}")
    assert failures == []


def test_lists_come_in_pages_of_50_and_at_most_500(client, world):
    people, _ = world
    _, secret = ApiToken.issue(people["staff"], "tool")
    auth = {"HTTP_AUTHORIZATION": f"Token {secret}"}
    body = client.get(reverse("api:action-list"), **auth).json()
    assert set(body) == {"count", "next", "previous", "results"}
    from api.pagination import Pages

    assert (Pages.page_size, Pages.max_page_size) == (50, 500)
    assert client.get(reverse("api:action-list") + "?page_size=100000", **auth).status_code == 200


def test_actions_filter_as_the_actions_list_does(client, world):
    people, ids = world
    _, secret = ApiToken.issue(people["staff"], "tool")
    auth = {"HTTP_AUTHORIZATION": f"Token {secret}"}
    action = Action.objects.get(pk=ids["api:action-detail"])
    url = reverse("api:action-list")
    assert client.get(f"{url}?status={action.status}", **auth).json()["count"] == 1
    other = "off_track" if action.status != "off_track" else "on_track"
    assert client.get(f"{url}?status={other}", **auth).json()["count"] == 0
    assert client.get(f"{url}?q={action.reference}", **auth).json()["count"] == 1
    assert client.get(f"{url}?plan=99999999", **auth).status_code == 400
