"""
Malformed addresses are 400 or 404, never a server error: every URL in the URL conf with
ids that do not exist or do not fit in 64 bits, and with hostile query strings (bad and
huge page numbers, repeated and unknown parameters, invalid percent-encoding, NUL).

Every paged list answers a page that is not a number, or does not exist, with 404, as
Django's generic list views do (vawg_tracker/paging.py).

The admin's lists answer a bad value for any of their filters, date drill-down or search
with their list, Django's "?e=1" page or 400; its autocomplete with a list, 400, 403 or
404. Run them on PostgreSQL too: it refuses text that SQLite stores (NUL).
Each registered changelist and each autocomplete field is found from the admin itself, so
a new one is fuzzed without a line here.
"""

import pytest
from django.contrib import admin as django_admin
from django.contrib.admin import FieldListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.paginator import Page
from django.test import RequestFactory
from django.urls import reverse

from ..permissions import test_permission_matrix as matrix
from ..personas import make_person
from ..urlwalk import all_urls

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
    path = f"/rounds/{ids['rounds:remind_now'][0]}/{quarter}/remind/"
    assert client.post(path).status_code in (302, 404)


def _who_may(method, name):
    """A role that gets past the access check with this method, if any."""
    for role, status in EXPECTED[name][method].items():
        if status not in (LOGIN, 401, 403, 405):
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
    assert {"plans:action_list", "activities:home", "reports:archive"} <= {n for n, _ in paged}
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


# --- The admin's list filters and autocomplete ------------------------------------------------

BAD_FILTER_VALUES = ["abc", "-1", str(10**40), "\x00", "", "1.5", "x" * 10_001, "é" * 4_000]
DATE_PARTS = ("year", "month", "day")


def _admins():
    return sorted(django_admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def _list_filter_parameters(model_admin, request):
    """The query parameters each of the admin's list filters reads, whatever the data."""
    model, parameters = model_admin.model, []
    for list_filter in model_admin.get_list_filter(request):
        if isinstance(list_filter, type):  # a SimpleListFilter (or other ListFilter) class
            spec = list_filter(request, {}, model, model_admin)
        else:
            path, filter_class = (
                list_filter
                if isinstance(list_filter, list | tuple)
                else (list_filter, FieldListFilter.create)
            )
            field = get_fields_from_path(model, path)[-1]
            spec = filter_class(field, request, {}, model, model_admin, field_path=path)
        parameters += spec.expected_parameters()
    return parameters


def _changelist_parameters(superuser):
    """
    Each registered changelist with every query parameter it reads: its list filters', the
    date hierarchy's and search's.
    """
    request = RequestFactory().get("/admin/")
    request.user = superuser
    for model, model_admin in _admins():
        parameters = _list_filter_parameters(model_admin, request)
        if model_admin.date_hierarchy:
            parameters += [f"{model_admin.date_hierarchy}__{part}" for part in DATE_PARTS]
        if model_admin.get_search_fields(request):
            parameters.append(SEARCH_VAR)
        opts = model._meta
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), parameters


@pytest.fixture
def admin_world(world):
    """The matrix's world (one of everything), a superuser and every changelist's parameters."""
    people, ids = world
    people["superuser"] = make_person(None, username="ada.admin", is_staff=True, is_superuser=True)
    return people, list(_changelist_parameters(people["superuser"]))


def test_the_admin_fuzz_reaches_every_list_filter(admin_world):
    _, changelists = admin_world
    parameters = dict(changelists)
    assert "pledge" in parameters["/admin/plans/action/"]
    assert "action__plan__id__exact" in parameters["/admin/plans/milestone/"]
    assert {"at__year", "at__gte", "q"} <= set(parameters["/admin/audit/auditevent/"])
    assert len(changelists) == len(django_admin.site._registry)


@pytest.mark.parametrize("facets", [False, True], ids=["plain", "facets"])
@pytest.mark.parametrize("value", BAD_FILTER_VALUES, ids=lambda v: repr(v[:10]))
def test_a_bad_admin_list_filter_value_is_never_a_server_error(client, admin_world, value, facets):
    people, changelists = admin_world
    client.force_login(people["superuser"])
    client.raise_request_exception = False  # collect every failure, not just the first
    failures = []
    for path, parameters in changelists:
        for parameter in parameters:
            query = {parameter: value, **({"_facets": "1"} if facets else {})}
            status = client.get(path, query).status_code
            # A filter value Django cannot use sends the list back to itself with ?e=1.
            if status not in (200, 302, 400):
                failures.append(f"{path}?{parameter}={value[:20]!r}: {status}")
    assert not failures, "\n".join(failures)


def _autocomplete_fields():
    """(app label, model name, field name) for every autocomplete field in the admin."""
    for model, model_admin in _admins():
        for inline in model_admin.inlines:
            for name in inline.autocomplete_fields:
                yield inline.model._meta.app_label, inline.model._meta.model_name, name
        for name in model_admin.autocomplete_fields:
            yield model._meta.app_label, model._meta.model_name, name


@pytest.mark.parametrize("value", BAD_FILTER_VALUES, ids=lambda v: repr(v[:10]))
def test_a_bad_admin_autocomplete_term_is_never_a_server_error(client, admin_world, value):
    people, _ = admin_world
    fields = list(_autocomplete_fields())
    assert ("plans", "action", "pledges") in fields
    url = reverse("admin:autocomplete")
    client.raise_request_exception = False
    failures = []
    for role in ("superuser", "staff"):
        client.force_login(people[role])
        for app_label, model_name, field_name in fields:
            sent = {"app_label": app_label, "model_name": model_name, "field_name": field_name}
            for query in ({**sent, "term": value}, {**sent, "term": "a", "page": value}):
                response = client.get(url, query)
                if response.status_code not in (200, 400, 403, 404):
                    failures.append(f"{role} {query!r:.200}: {response.status_code}")
                elif response.status_code == 200:
                    assert set(response.json()) == {"results", "pagination"}
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("field", ["app_label", "model_name", "field_name"])
@pytest.mark.parametrize("value", BAD_FILTER_VALUES, ids=lambda v: repr(v[:10]))
def test_a_bad_admin_autocomplete_source_is_never_a_server_error(client, superuser, field, value):
    client.force_login(superuser)
    query = {"app_label": "plans", "model_name": "action", "field_name": "pledges", "term": "a"}
    response = client.get(reverse("admin:autocomplete"), {**query, field: value})
    # Django's answer to a source it does not know; ours to a NUL (vawg_tracker/admin_site.py)
    assert response.status_code in (400, 403)
