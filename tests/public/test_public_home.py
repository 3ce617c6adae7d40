"""
The public home: each plan's current publication, read from its snapshot. Nothing internal
reaches it: the snapshot world of tests/publication seeds a marker into every internal
field, and none may appear.
"""

import pytest

from publication.models import Publication
from vawg_tracker.quarters import Quarter

from ..publication.test_snapshot import MARKERS, Q1, Q2

pytestmark = pytest.mark.django_db
HOME = "/public/"


def test_before_anything_is_published_the_home_says_so(client, django_assert_num_queries):
    # When anything was last published or withdrawn (Last-Modified); the current
    # publication of each plan.
    with django_assert_num_queries(2):
        response = client.get(HOME)
    assert response.status_code == 200
    assert "Nothing has been published yet" in response.content.decode()


def test_the_home_shows_the_published_quarter_and_nothing_internal(
    client,
    staff,
    world,
    django_assert_num_queries,
):
    Publication.publish(world.plan, Q2, by=staff)
    with django_assert_num_queries(2):
        response = client.get(HOME)
    page = response.content.decode()
    assert response.status_code == 200
    assert world.plan.title in page
    assert f"Progress to the end of {Q2}" in page
    assert "2.1 Train every call handler" in page
    assert "PUBLIC-SUMMARY-OK" in page
    assert "At risk" in page  # Q1's signed-off status, not Q2's unsigned update
    assert "40% complete" in page
    assert "Calls answered within 10 seconds" in page
    assert "PUBLIC-NOTE-OK" in page
    assert "What this page is" in page
    assert "<svg" in page  # the status chart
    assert "<caption" in page  # with its table of numbers
    leaked = [name for name, marker in MARKERS.items() if marker in page]
    assert leaked == []
    assert "OFFICIAL-SENSITIVE" not in page
    assert staff.username not in page


def test_withdrawing_the_quarter_shows_the_one_before(client, staff, world):
    earlier = Publication.publish(world.plan, Q1, by=staff)
    later = Publication.publish(world.plan, Q2, by=staff)
    assert f"Progress to the end of {Q2}" in client.get(HOME).content.decode()
    assert later.withdraw(by=staff)
    page = client.get(HOME).content.decode()
    assert f"Progress to the end of {Q1}" in page
    assert f"Progress to the end of {Q2}" not in page
    assert earlier.plan.title in page


def test_one_snapshot_per_plan_whatever_the_number_of_publications(
    client,
    staff,
    world,
    django_assert_num_queries,
):
    Publication.publish(world.plan, Q1, by=staff)
    Publication.publish(world.plan, Q2, by=staff)
    with django_assert_num_queries(2):
        page = client.get(HOME).content.decode()
    assert page.count('<h2 id="plan-') == 1


def test_each_published_quarter_has_its_own_stable_page_until_withdrawn(
    client, staff, world, django_assert_num_queries
):
    earlier = Publication.publish(world.plan, Q1, by=staff)
    Publication.publish(world.plan, Q2, by=staff)
    address = f"/public/{world.plan.pk}/{Q1.slug}/"
    with django_assert_num_queries(2):  # when it was published; the publication
        response = client.get(address)
    page = response.content.decode()
    assert response.status_code == 200
    assert f"progress to the end of {Q1}" in page
    assert f"Progress to the end of {Q2}" not in page
    assert [name for name, marker in MARKERS.items() if marker in page] == []
    home = client.get(HOME).content.decode()
    assert f'href="/public/{world.plan.pk}/{Q2.slug}/"' in home  # the latest links its page
    assert earlier.withdraw(by=staff)
    assert client.get(address).status_code == 404
    assert client.get(f"/public/{world.plan.pk}/{Quarter(2030, 1).slug}/").status_code == 404


def test_every_quarter_published_is_listed_and_a_withdrawn_one_is_not(
    client, staff, world, django_assert_num_queries
):
    first = Publication.publish(world.plan, Q1, by=staff)
    Publication.publish(world.plan, Q2, by=staff)
    with django_assert_num_queries(2):
        page = client.get("/public/past/").content.decode()
    assert f'href="/public/{world.plan.pk}/{Q1.slug}/"' in page
    assert f'href="/public/{world.plan.pk}/{Q2.slug}/"' in page
    assert first.withdraw(by=staff)
    page = client.get("/public/past/").content.decode()
    assert f'href="/public/{world.plan.pk}/{Q1.slug}/"' not in page
    assert f'href="/public/{world.plan.pk}/{Q2.slug}/"' in page


def test_publishing_withdrawing_and_publishing_again_shows_one_snapshot_at_a_time(
    client, staff, world
):
    first = Publication.publish(world.plan, Q2, by=staff)
    assert client.get(HOME).content.decode().count('<h2 id="plan-') == 1
    assert first.withdraw(by=staff)
    assert "Nothing has been published yet" in client.get(HOME).content.decode()
    world.public_summary = "REPUBLISHED-SUMMARY: rewritten before publishing again."
    world.save()
    Publication.publish(world.plan, Q2, by=staff)
    page = client.get(HOME).content.decode()
    assert page.count('<h2 id="plan-') == 1
    assert "REPUBLISHED-SUMMARY" in page
    assert "PUBLIC-SUMMARY-OK" not in page  # the withdrawn snapshot's summary is gone
    address = f"/public/{world.plan.pk}/{Q2.slug}/"
    assert "REPUBLISHED-SUMMARY" in client.get(address).content.decode()
    assert Publication.objects.live().count() == 1
