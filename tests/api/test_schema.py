"""
The OpenAPI 3 schema at /api/schema/ is valid by drf-spectacular's own validation, and
generating it gives no warning or error; /api/docs/ is Swagger UI on that schema, from our
own static files (drf-spectacular-sidecar's), with no inline script and nothing from
another site (our CSP stays as it is; tests/browser/test_api_docs.py runs it in Chromium).
"""

import json
import re

import pytest
from django.urls import reverse
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.validation import validate_schema

from api.models import ApiToken

ENDPOINTS = [
    "actions",
    "activities",
    "indicators",
    "milestones",
    "outcomes",
    "plans",
    "pledges",
    "progress-updates",
    "reports",
]


def test_the_schema_validates_with_no_warnings_or_errors(client, staff):
    GENERATOR_STATS.reset()
    _, secret = ApiToken.issue(staff, "tool")
    response = client.get(reverse("api:schema"), HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    schema = json.loads(response.content)
    validate_schema(schema)  # raises on an invalid schema
    assert not GENERATOR_STATS, f"{GENERATOR_STATS._warn_cache} {GENERATOR_STATS._error_cache}"
    paths = set(schema["paths"])
    assert paths == {f"/api/v1/{name}/" for name in ENDPOINTS} | {
        f"/api/v1/{name}/{{id}}/" for name in ENDPOINTS
    } | {"/api/v1/reports/{id}/download/"}
    download = schema["paths"]["/api/v1/reports/{id}/download/"]["get"]
    assert list(download["responses"]["200"]["content"]) == ["application/pdf"]
    methods = {method for operations in schema["paths"].values() for method in operations}
    assert methods == {"get"}  # read-only
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    # The actions list's filters, from the same FilterSet as the page.
    parameters = {p["name"] for p in schema["paths"]["/api/v1/actions/"]["get"]["parameters"]}
    assert {"q", "plan", "pledge", "status", "lead", "partner", "overdue", "sort"} <= parameters


def test_the_docs_page_is_swagger_ui_from_our_static_files_on_the_schema(client, partner):
    client.force_login(partner)
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-schema-url="{reverse("api:schema")}"' in html  # Swagger UI reads it
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing from elsewhere
    scripts = re.findall(r"<script([^>]*)>", html)
    assert [re.search(r'src="/static/([^"]+)"', attributes)[1] for attributes in scripts] == [
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "api/docs.js",
        "bootstrap/js/bootstrap.bundle.min.js",  # the site's own, as on every page
    ]  # no inline script: each has a src
    assert "<style" not in html
    assert " style=" not in html
    csp = response["Content-Security-Policy"]
    # Directives in any order (the header's order is not fixed): each one's sources.
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "unsafe" not in csp


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        (None, "application/vnd.oai.openapi+json"),
        ("*/*", "application/vnd.oai.openapi+json"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "application/vnd.oai.openapi+json"),
        ("application/vnd.oai.openapi+json", "application/vnd.oai.openapi+json"),
        ("application/json", "application/json"),
        ("application/json, text/plain, */*", "application/json"),
    ],
)
def test_the_schema_is_json_for_a_client_that_asks_for_json(client, staff, accept, content_type):
    """OpenAPI's own JSON type by default, as before; application/json to a client asking for
    it (it was 406). Both are the same document."""
    _, secret = ApiToken.issue(staff, "tool")
    headers = {"HTTP_AUTHORIZATION": f"Token {secret}"}
    if accept:
        headers["HTTP_ACCEPT"] = accept
    response = client.get(reverse("api:schema"), **headers)
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == content_type
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/actions/" in schema["paths"]


def test_a_type_the_schema_is_not_given_in_is_still_refused(client, staff):
    _, secret = ApiToken.issue(staff, "tool")
    response = client.get(
        reverse("api:schema"), HTTP_AUTHORIZATION=f"Token {secret}", HTTP_ACCEPT="application/yaml"
    )
    assert response.status_code == 406
