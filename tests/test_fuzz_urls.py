"""
Malformed addresses are 400 or 404, never a server error: every URL in the URL conf with
ids that do not exist or do not fit in 64 bits, and with hostile query strings (bad and
huge page numbers, repeated and unknown parameters, invalid percent-encoding, NUL).

Every paged list answers a page that is not a number, or does not exist, with 404, as
Django's generic list views do (vawg_tracker/paging.py).
"""

import pytest
from django.core.paginator import Page
from django.urls import reverse

from . import test_permission_matrix as matrix
from .personas import make_person
from .urlwalk import all_urls

EXPECTED, LOGIN = matrix.EXPECTED, matrix.LOGIN
world = matrix.world  # one of everything, and a person for each role

BAD_IDS = ["0", "999999", "2147483648", "9223372036854775808", "99999999999999999999", "9" * 40]
BAD_QUARTERS = ["9998-99-q4", "1900-01-q1", "1899-00-q4", "2026-28-q1", "0000-01-q1"]

QUERIES = [
    "page=0",
    "page=-1",
    "page=abc",
    "page=100000000000000000000",
    "page=1.5",
    "page=%00",
    "page=1&page=2",
    "page=",
    "nonsense=1&another=%F0%9F%92%A9",
    "x=%zz&%zz=1&%=%",
    "q=%00&plan=%00&quarter=%00&period=%00&action=%00&next=%00&sort=%00&status=%00",
    "q=%E2%28%A1&plan=%FF%FE",
    "plan=99999999999999999999&pledge_set=-1&focus_area=1e400&lead=NaN&partner=0x1",
    "quarter=9998/99+Q4&period=9998-99-q4&due_after=99999-01-01&due_before=0000-00-00",
    "sort=-nonexistent&sort=title&status=x&status=&overdue=maybe&stale=%00",
    "action=99999999999999999999",
    "next=%0d%0aSet-Cookie:%20x=1&next=//example.invalid",
    "q=" + "%3Cscript%3E" * 2000,
]


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_an_id_that_does_not_exist_is_never_a_server_error(client, world, bad_id):
    people, _ = world
    people["superuser"] = make_person(None, username="ada.admin", is_staff=True, is_superuser=True)
    failures = []
    for path, _ in all_urls(int=bad_id):
        if bad_id not in path:
            continue
        for role in ("superuser", "staff", "partner"):
            client.force_login(people[role])
            for method in ("get", "post"):
                status = getattr(client, method)(path).status_code
                # The admin sends a missing object back to its list (302).
                allowed = {403, 404, 405} | ({302} if path.startswith("/admin/") else set())
                if status not in allowed:
                    failures.append(f"{role} {method.upper()} {path}: {status}")
    assert failures == []


@pytest.mark.parametrize("quarter", BAD_QUARTERS)
def test_a_quarter_in_the_address_that_does_not_exist_is_never_a_server_error(
    client, world, quarter
):
    people, ids = world
    client.force_login(people["staff"])
    path = f"/rounds/{ids['plans:remind_now'][0]}/{quarter}/remind/"
    assert client.post(path).status_code in (302, 404)


def _who_may(method, name):
    """A role that gets past the access check with this method, if any."""
    for role, status in EXPECTED[name][method].items():
        if status not in (LOGIN, 403, 405):
            return role
    return None


@pytest.mark.parametrize("query", QUERIES)
def test_a_malformed_query_string_is_never_a_server_error(client, world, query):
    people, ids = world
    failures = []
    for name in EXPECTED:
        url = _url(name, ids)
        for method in ("GET", "POST"):
            role = _who_may(method, name)
            if role is None:
                continue
            client.logout()
            if role != "anonymous":
                client.force_login(people[role])
            send = client.get if method == "GET" else client.post
            response = send(f"{url}?{query}")
            if response.status_code >= 500:
                failures.append(f"{role} {method} {name}: {response.status_code}")
    assert failures == []


def _url(name, ids):
    args = ids.get(name, ())
    return reverse(name, args=args if isinstance(args, tuple) else [args])


def _paged_lists(client, people, ids):
    """The pages that show a list a page at a time (their context holds a Page)."""
    paged = []
    for name in EXPECTED:
        role = _who_may("GET", name)
        if role in (None, "anonymous"):
            continue
        client.force_login(people[role])
        response = client.get(_url(name, ids))
        if isinstance(response.context, list):  # several templates
            contexts = response.context
        else:
            contexts = [response.context] if response.context else []
        values = [v for context in contexts for d in context.dicts for v in d.values()]
        if any(isinstance(value, Page) for value in values):
            paged.append((name, people[role]))
    return paged


# ("page" would be pytest-playwright's fixture.)
@pytest.mark.parametrize("number", ["0", "-1", "abc", "1.5", "%00", "100000000000000000000", "2"])
def test_a_page_that_is_not_there_is_404_on_every_list(client, world, number):
    people, ids = world
    paged = _paged_lists(client, people, ids)
    assert {"plans:action_list", "partners:home", "reports:archive"} <= {n for n, _ in paged}
    failures = []
    for name, person in paged:
        client.force_login(person)
        status = client.get(f"{_url(name, ids)}?page={number}").status_code
        if status != 404:
            failures.append(f"{name}?page={number}: {status}")
    assert failures == []


@pytest.mark.parametrize("number", ["1", "last", ""])
def test_the_first_and_last_pages_are_there_on_every_list(client, world, number):
    people, ids = world
    for name, person in _paged_lists(client, people, ids):
        client.force_login(person)
        assert client.get(f"{_url(name, ids)}?page={number}").status_code == 200, name


@pytest.mark.parametrize(
    "query",
    ["q=%00", "q=a%00b&o=99", "p=99999999999999999999", "e=1&all=%00", "strategy__id__exact=%00"],
)
def test_an_admin_list_with_a_malformed_query_string_is_never_a_server_error(client, db, query):
    client.force_login(make_person(None, username="ada.admin", is_staff=True, is_superuser=True))
    failures, checked = [], 0
    for path, pattern in all_urls():
        if path.startswith("/admin/") and pattern.name and pattern.name.endswith("_changelist"):
            checked += 1
            status = client.get(f"{path}?{query}").status_code
            if status >= 500:
                failures.append(f"{path}?{query}: {status}")
    assert failures == []
    assert checked > 10
