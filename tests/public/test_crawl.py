"""
An anonymous crawl of the public site: starting at /public/ and following every link that
stays on it, every page, open-data file (CSV, JSON) and PDF answers 200, and none of them
holds anything internal. The snapshot world (tests/publication/test_snapshot.py) seeds a
distinctive marker into every internal field: narratives, reasons, next steps, risks, an
update not signed off, review comments, descriptions, activity titles and places, the
partner's name, evidence, people's names and emails, a milestone, a value's note, an
unpublished indicator; and for funding, an award's internal purpose, a source's
conditions, variance notes, the comments staff accepted and returned a return with,
withdrawn and planned awards and their providers, and the spend of a return returned for
changes and of one awaiting review (distinctive numbers, as text and as shown); and for
recommendations, an owner's name, a reason for not accepting one, a source's notes, an
update's note and its evidence file, and a recommendation not marked public. None may
reach the public, in any form.
"""

import re
import subprocess
from urllib.parse import urldefrag, urljoin

import pytest
from django.contrib.auth import get_user_model

from publication import tasks
from publication.models import Publication

from ..publication.test_snapshot import MARKERS, Q1, Q2

pytestmark = pytest.mark.django_db

LINK = re.compile(r'(?:href|src)="([^"]+)"')
# The unsigned Q2 update said 90% complete; the signed-off Q1 one, 40%.
FORBIDDEN = ["OFFICIAL-SENSITIVE", "90% complete", *MARKERS.values()]


def text_of(response):
    """What a reader gets from the response, as text (a PDF's text by pdftotext)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"] == "application/pdf":
        return subprocess.run(
            ["pdftotext", "-", "-"], input=body, capture_output=True, check=True
        ).stdout.decode()
    return body.decode("utf-8-sig")


def crawl(client, start="/public/", read=text_of):
    """{path: (response, text)} for every public address reachable from ``start``, its text
    as ``read`` gives it."""
    seen, queue = {}, [start]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        response = client.get(path)
        text = read(response)
        seen[path] = (response, text)
        if response["Content-Type"].startswith("text/html"):
            for link in LINK.findall(text):
                target = urldefrag(urljoin(path, link.replace("&amp;", "&")))[0]
                if target.startswith("/public/") and target not in seen:
                    queue.append(target)
    return seen


@pytest.fixture
def published_world(world, staff):
    """Q1 and Q2 published, each with its public PDF made (as the worker would)."""
    publications = [Publication.publish(world.plan, q, by=staff) for q in (Q1, Q2)]
    for publication in publications:
        tasks.render_pdf.apply(args=[publication.public_report.pk])
    return publications[-1]


def test_every_public_page_is_reached_answers_200_and_holds_nothing_internal(
    client, published_world
):
    pages = crawl(client)
    statuses = {path: response.status_code for path, (response, _) in pages.items()}
    assert [path for path, status in statuses.items() if status != 200] == []
    base = f"/public/{published_world.plan_id}/"
    for kind in ("pledges/", "outcomes/", "actions/", "indicators/"):
        assert any(kind in path for path in pages if path.startswith(base)), kind
    assert "/public/past/" in pages
    assert f"{base}{published_world.quarter.slug}/report.pdf" in pages  # the public PDF
    assert "/public/data/" in pages  # the data dictionary
    for name in ("actions", "pledges", "outcomes", "indicators", "indicator-values", "funding"):
        assert f"/public/data/{published_world.quarter.slug}/{name}.csv" in pages
    for quarter in (Q1, Q2):
        assert f"{base}{quarter.slug}/funding/" in pages  # each quarter's Funding page
        # "You told us — we did": the public recommendations, what was done, the actions.
        _, told = pages[f"{base}{quarter.slug}/you-told-us/"]
        for public in ("PUBLIC-RECOMMENDATION-OK", "PUBLIC-WE-DID-OK", "PUBLIC-SOURCE-OK"):
            assert public in told
        assert "PUBLIC-NOT-ACCEPTED-OK" in told
    assert f"/public/data/{published_world.quarter.slug}/publication.json" in pages
    assert "/public/accessibility/" in pages

    people = [
        value
        for user in get_user_model().objects.all()
        for value in (user.username, user.email, user.get_full_name())
        if value
    ]
    leaks = {
        path: [word for word in FORBIDDEN + people if word in text]
        for path, (_, text) in pages.items()
    }
    assert {path: words for path, words in leaks.items() if words} == {}


def test_the_crawl_would_catch_a_leak(client, published_world, world):
    """The crawl is not blind: an internal word put into a public field is found."""
    snapshot = published_world.snapshot
    snapshot["actions"][0]["public_summary"] = MARKERS["narrative"]
    Publication.objects.filter(pk=published_world.pk).update(snapshot=snapshot)
    pages = crawl(client)
    assert [path for path, (_, text) in pages.items() if MARKERS["narrative"] in text]


def test_the_crawl_would_catch_uncounted_spend_reaching_the_funding_page_and_csv(
    client, published_world
):
    """Nor is it blind to money: a returned return's spend put into the published
    funding is found on the Funding page (as shown) and in funding.csv (as a number)."""
    funding = published_world.funding
    funding["providers"][0]["awards"][0]["spent"] = MARKERS["returned_spend"]
    Publication.objects.filter(pk=published_world.pk).update(funding=funding)
    pages = crawl(client)
    base = f"/public/{published_world.plan_id}/{Q2.slug}/"
    leaks = {path for path, (_, text) in pages.items() for word in FORBIDDEN if word in text}
    assert leaks == {
        f"{base}funding/",
        f"/public/data/{Q2.slug}/funding.csv",
        f"/public/data/{Q2.slug}/publication.json",
    }


def _links_only(response):
    """The text of a page (for its links); a file's is not read."""
    return text_of(response) if response["Content-Type"].startswith("text/html") else ""


# What a HEAD answer must say as its GET does: a link checker or cache judges by these.
SAME_HEADERS = ("Content-Type", "Content-Length", "Content-Disposition", "ETag", "Last-Modified")


def test_every_public_address_answers_head_as_get_without_the_body(client, published_world):
    """Link checkers and uptime monitors ask with HEAD: every page, open-data file and PDF
    the crawl reaches answers it 200, with its GET's headers and no body; OPTIONS is 405
    saying which methods are answered."""
    pages = crawl(client, read=_links_only)
    assert len(pages) > 20
    assert any(path.endswith(".pdf") for path in pages)
    failures = []
    for path, (got, _) in sorted(pages.items()):
        head = client.head(path)
        if head.status_code != 200:
            failures.append(f"HEAD {path}: {head.status_code}")
            continue
        body = b"".join(head.streaming_content) if head.streaming else head.content
        differ = [h for h in SAME_HEADERS if head.get(h) != got.get(h)]
        if body or differ:
            failures.append(f"HEAD {path}: {len(body)} bytes; unlike GET: {differ}")
        options = client.options(path)
        if (options.status_code, options.get("Allow")) != (405, "GET, HEAD"):
            failures.append(f"OPTIONS {path}: {options.status_code} {options.get('Allow')!r}")
    assert failures == []
