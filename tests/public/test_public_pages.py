"""
A publication's own pages: one per pledge, outcome, action and indicator, read from the
snapshot (the live records may change; the page does not), each at a stable address
under its plan and quarter, 404 once withdrawn, nothing internal on any of them. And how
caches may ask again about a public page cheaply: ETag, Last-Modified, 304.
"""

import datetime
import re

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.utils.http import http_date

from publication.models import Publication

from ..factories import ActionFactory
from ..publication.test_snapshot import MARKERS, Q1, Q2

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(world, staff):
    """The world's Q2 published, its indicator measuring the action's pledge and outcome."""
    indicator = world.plan.strategy.outcomes.get().indicators.model.objects.get(
        name="Calls answered within 10 seconds"
    )
    indicator.pledges.add(world.pledges.get())
    indicator.outcomes.add(world.outcomes.get())
    return Publication.publish(world.plan, Q2, by=staff)


def base(publication):
    return f"/public/{publication.plan_id}/{publication.quarter.slug}/"


def links(page, prefix):
    return sorted(set(re.findall(rf'href="({re.escape(prefix)}[^"]+)"', page)))


def get_page(client, path, django_assert_num_queries):
    # When the publication was published (Last-Modified); the publication.
    with django_assert_num_queries(2):
        response = client.get(path)
    assert response.status_code == 200, path
    page = response.content.decode()
    assert [name for name, marker in MARKERS.items() if marker in page] == []
    assert "OFFICIAL-SENSITIVE" not in page
    return page


def test_the_publication_links_a_page_for_each_pledge_outcome_action_and_indicator(
    client, published
):
    page = client.get(base(published)).content.decode()
    assert links(page, base(published)) == [
        f"{base(published)}actions/2-1/",
        f"{base(published)}funding/",
        f"{base(published)}indicators/calls-answered-within-10-seconds/",
        f"{base(published)}outcomes/1/",
        f"{base(published)}pledges/five-point-plan/3/",
        f"{base(published)}you-told-us/",  # You told us — we did
    ]


def test_the_pledge_page_shows_its_actions_and_how_it_is_measured(
    client, published, django_assert_num_queries
):
    page = get_page(
        client, f"{base(published)}pledges/five-point-plan/3/", django_assert_num_queries
    )
    assert "<h1>Specialist training</h1>" in page
    assert "Five-point plan on women&#x27;s safety, pledge 3" in page
    assert "2.1 Train every call handler" in page
    assert "At risk" in page
    assert "40% complete" in page
    assert "PUBLIC-SUMMARY-OK" in page
    assert "<svg" in page
    assert "<caption" in page
    assert f'href="{base(published)}indicators/calls-answered-within-10-seconds/"' in page


def test_the_outcome_page_shows_the_actions_serving_it(
    client, published, django_assert_num_queries
):
    page = get_page(client, f"{base(published)}outcomes/1/", django_assert_num_queries)
    assert "<h1>Safer</h1>" in page
    assert "2.1 Train every call handler" in page
    assert "Calls answered within 10 seconds" in page


def test_the_action_page_shows_its_public_summary_status_pledges_and_outcomes(
    client, published, django_assert_num_queries
):
    page = get_page(client, f"{base(published)}actions/2-1/", django_assert_num_queries)
    assert "<h1>Train every call handler</h1>" in page
    assert "PUBLIC-SUMMARY-OK: call handlers are being trained." in page
    assert "At risk" in page
    assert "40%" in page
    assert f'Last signed-off update</dt><dd class="col-sm-8">{Q1}' in page
    assert f'href="{base(published)}pledges/five-point-plan/3/"' in page
    assert f'href="{base(published)}outcomes/1/"' in page


def test_an_action_with_nothing_signed_off_says_no_update_is_published(
    client, world, staff, django_assert_num_queries
):
    ActionFactory(plan=world.plan, reference="2.2", title="Not reported yet")
    publication = Publication.publish(world.plan, Q2, by=staff)
    page = get_page(client, f"{base(publication)}actions/2-2/", django_assert_num_queries)
    assert "No update published" in page
    assert "No update on this action has been signed off yet" in page
    assert "At risk" not in page


def test_the_indicator_page_has_its_trend_chart_and_a_table_of_its_numbers(
    client, published, django_assert_num_queries
):
    page = get_page(
        client,
        f"{base(published)}indicators/calls-answered-within-10-seconds/",
        django_assert_num_queries,
    )
    assert "<h1>Calls answered within 10 seconds</h1>" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-trend"' in page
    table = page[page.index("<table") : page.index("</table>")]
    assert f'<th scope="row">{Q1}</th><td>80.25 %</td>' in table
    assert f'<th scope="row">{Q2}</th><td>82 % (provisional)</td>' in table
    assert "99" not in table  # a value after the quarter published is not in it
    assert "Baseline" in table
    assert "71.5 %" in table
    assert "Target" in table
    assert "PUBLIC-NOTE-OK" in page
    # The quarter's target, the RAG against it in words, and the trajectory to the quarter.
    assert 'Target for 2026/27 Q2</dt><dd class="col-sm-8">83 %</dd>' in page
    assert '<span class="status-badge rag-amber">Within tolerance</span>' in page
    assert "chart-trajectory" in page
    targets = page[page.index('id="targets-caption"') :]
    assert f'<th scope="row">{Q2}</th><td>83 %</td>' in targets
    assert "95" not in targets  # a target after the quarter published is not in it
    assert f'href="{base(published)}pledges/five-point-plan/3/"' in page


@pytest.mark.parametrize(
    "tail",
    [
        "pledges/five-point-plan/9/",
        "pledges/no-such-set/3/",
        "outcomes/9/",
        "actions/9-9/",
        "indicators/no-such-indicator/",
    ],
)
def test_what_the_publication_does_not_hold_is_not_found(client, published, tail):
    assert client.get(base(published) + tail).status_code == 404


def test_a_withdrawn_publications_pages_are_gone(client, published, staff):
    pages = [
        f"{base(published)}pledges/five-point-plan/3/",
        f"{base(published)}outcomes/1/",
        f"{base(published)}actions/2-1/",
        f"{base(published)}indicators/calls-answered-within-10-seconds/",
    ]
    assert [client.get(path).status_code for path in pages] == [200] * 4
    assert published.withdraw(by=staff)
    assert [client.get(path).status_code for path in pages] == [404] * 4


def test_the_pages_show_the_snapshot_not_the_live_records(client, published, world):
    world.title = "Renamed after publishing"
    world.public_summary = "Rewritten after publishing"
    world.save()
    page = client.get(f"{base(published)}actions/2-1/").content.decode()
    assert "Train every call handler" in page
    assert "Rewritten after publishing" not in page


# --- Asking again: ETag, Last-Modified, 304 ------------------------------------------------


@pytest.mark.parametrize(
    "tail", ["", "pledges/five-point-plan/3/", "indicators/calls-answered-within-10-seconds/"]
)
def test_a_public_page_says_when_it_changed_and_answers_304_when_it_has_not(
    client, published, django_assert_num_queries, tail
):
    path = base(published) + tail
    response = client.get(path)
    assert response["Last-Modified"] == http_date(published.published_at.timestamp())
    assert response["ETag"].startswith('"')
    assert "Set-Cookie" not in response  # a shared cache may keep it
    with django_assert_num_queries(1):  # when it was published, and nothing more
        again = client.get(path, headers={"If-Modified-Since": response["Last-Modified"]})
    assert again.status_code == 304
    assert again.content == b""
    assert {d.strip() for d in again["Cache-Control"].split(",")} == {"public", "max-age=300"}
    # Rendered again, the page is the same to the byte (its charts too): the ETag holds.
    by_etag = client.get(path, headers={"If-None-Match": response["ETag"]})
    assert by_etag.status_code == 304
    changed = client.get(path, headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200


def test_the_home_changes_when_a_quarter_is_published_or_withdrawn(client, world, staff):
    start = datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        first = Publication.publish(world.plan, Q1, by=staff)
    seen = client.get("/public/")
    assert seen["Last-Modified"] == http_date(start.timestamp())
    since = {"If-Modified-Since": seen["Last-Modified"]}
    assert client.get("/public/", headers=since).status_code == 304
    with time_machine.travel(start + datetime.timedelta(hours=1), tick=False):
        second = Publication.publish(world.plan, Q2, by=staff)
    assert client.get("/public/", headers=since).status_code == 200
    since = {"If-Modified-Since": client.get("/public/")["Last-Modified"]}
    with time_machine.travel(start + datetime.timedelta(hours=2), tick=False):
        assert second.withdraw(by=staff)  # the public sees the first again: a change
    response = client.get("/public/", headers=since)
    assert response.status_code == 200
    assert f"Progress to the end of {first.quarter}" in response.content.decode()


def test_a_signed_in_persons_copy_is_still_never_stored(client, published, staff):
    client.force_login(staff)
    response = client.get(f"{base(published)}actions/2-1/")
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_the_quarter_page_changes_when_its_pdf_is_ready(client, published):
    path = base(published)
    before = client.get(path)
    assert "The PDF is being prepared" in before.content.decode()
    since = {"If-Modified-Since": before["Last-Modified"]}
    assert client.get(path, headers=since).status_code == 304
    ready_at = datetime.datetime(2030, 1, 1, 9, tzinfo=datetime.UTC)
    with time_machine.travel(ready_at, tick=False):
        published.public_report.succeed(
            name="p.pdf", content=ContentFile(b"%PDF-1.7"), sha256="0" * 64, pages=1
        )
    after = client.get(path, headers=since)
    assert after.status_code == 200
    assert after["Last-Modified"] == http_date(ready_at.timestamp())
    assert "Download this quarter's report as a PDF" in after.content.decode()


def test_you_told_us_we_did_shows_public_recommendations_and_links_their_actions(
    client, published, django_assert_num_queries
):
    page = get_page(client, f"{base(published)}you-told-us/", django_assert_num_queries)
    assert "You told us — we did" in page
    assert "PUBLIC-RECOMMENDATION-OK Map the services." in page
    assert "PUBLIC-WE-DID-OK We mapped them." in page
    assert "Implemented" in page
    assert "Not accepted" in page
    assert f'href="{base(published)}actions/2-1/"' in page
