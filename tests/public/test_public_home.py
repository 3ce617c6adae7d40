"""
The public home: each plan's current publication, read from its snapshot. Nothing internal
reaches it: the snapshot world of tests/publication seeds a marker into every internal
field, and none may appear.
"""

import pytest

from publication.models import Publication

from ..publication.test_snapshot import MARKERS, Q1, Q2

pytestmark = pytest.mark.django_db
HOME = "/public/"


def test_before_anything_is_published_the_home_says_so(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # the current publication of each plan
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
    with django_assert_num_queries(1):
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
    with django_assert_num_queries(1):
        page = client.get(HOME).content.decode()
    assert page.count('<h2 id="plan-') == 1
