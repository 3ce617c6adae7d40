"""
A publication never changes, so the public site draws its HTML once and keeps it: the
second reader of a page costs the query for the snapshot and no drawing. A newer or a
withdrawn publication is never hidden behind a kept copy.
"""

import pytest

from public import views
from publication.models import Publication

from ..publication.test_snapshot import Q1, Q2

pytestmark = pytest.mark.django_db


def test_a_publication_is_drawn_once_and_shown_from_then_on(client, world, staff, monkeypatch):
    publication = Publication.publish(world.plan, Q2, by=staff)
    first = client.get("/public/").content.decode()
    # Had the drawing run again, the page would now say the summary has gone.
    drawn = []
    monkeypatch.setattr(
        views.PublishedPlan, "status_chart", lambda self: drawn.append(1) or "REDRAWN"
    )
    again = client.get(f"/public/{publication.plan_id}/{Q2.slug}/").content.decode()
    assert drawn == []
    assert "PUBLIC-SUMMARY-OK" in again
    assert first.count("PUBLIC-SUMMARY-OK") == again.count("PUBLIC-SUMMARY-OK")


def test_a_newer_or_withdrawn_publication_is_never_hidden_by_a_kept_copy(client, world, staff):
    earlier = Publication.publish(world.plan, Q1, by=staff)
    assert f"Progress to the end of {Q1}" in client.get("/public/").content.decode()
    later = Publication.publish(world.plan, Q2, by=staff)
    page = client.get("/public/").content.decode()
    assert f"Progress to the end of {Q2}" in page
    assert later.withdraw(by=staff)
    page = client.get("/public/").content.decode()
    assert f"Progress to the end of {Q1}" in page
    assert earlier.withdraw(by=staff)
    assert "Nothing has been published yet" in client.get("/public/").content.decode()


def test_a_publications_funding_tables_are_drawn_once(client, world, staff):
    publication = Publication.publish(world.plan, Q2, by=staff)
    url = f"/public/{publication.plan_id}/{Q2.slug}/funding/"
    first = client.get(url).content.decode()
    # Had the tables been drawn again, they would now show the changed figure.
    funding = publication.funding
    funding["providers"][0]["awards"][0]["spent"] = "1.23"
    Publication.objects.filter(pk=publication.pk).update(funding=funding)
    again = client.get(url).content.decode()
    assert "£1.23" not in again
    assert again.count("£10,000.00") == first.count("£10,000.00") > 0


# --- Whole answers kept: a quarter's open data and a publication's pages -------------------


@pytest.mark.parametrize(
    "address",
    [
        "/public/data/{quarter}/funding.csv",
        "/public/data/{quarter}/actions.csv",
        "/public/data/{quarter}/publication.json",
        "/public/{plan}/{quarter}/funding/",
        "/public/{plan}/{quarter}/",
        "/public/{plan}/{quarter}/outcomes/1/",
    ],
)
@pytest.mark.parametrize("first_asked_with", ["get", "head"])
def test_a_heavy_public_answer_is_kept_whole_and_the_next_reader_costs_one_query(
    client, world, staff, address, first_asked_with, django_assert_num_queries
):
    publication = Publication.publish(world.plan, Q2, by=staff)
    url = address.format(plan=publication.plan_id, quarter=Q2.slug)
    first = getattr(client, first_asked_with)(url)
    assert first.status_code == 200
    # Only when it last changed is read: the answer is the kept one, byte for byte.
    with django_assert_num_queries(1):
        again = client.get(url)
    assert again.status_code == 200
    # A HEAD's answer loses its body only on its way out: what it kept is the whole one.
    assert len(again.content) == int(first["Content-Length"]) > 0
    assert again.content == first.content or first_asked_with == "head"
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]
    assert again.get("Content-Disposition") == first.get("Content-Disposition")
    assert again["ETag"]


def test_a_kept_answer_gives_way_to_a_newer_publication_or_a_withdrawal(client, world, staff):
    url = f"/public/data/{Q2.slug}/actions.csv"
    publication = Publication.publish(world.plan, Q2, by=staff)
    assert client.get(url).status_code == 200
    assert publication.withdraw(by=staff)
    assert client.get(url).status_code == 404
    Publication.publish(world.plan, Q2, by=staff)
    assert client.get(url).status_code == 200


def test_a_signed_in_readers_answer_is_not_kept(client, world, staff, django_assert_num_queries):
    publication = Publication.publish(world.plan, Q2, by=staff)
    url = f"/public/{publication.plan_id}/{Q2.slug}/funding/"
    client.force_login(staff)
    client.get(url)
    client.logout()
    # The anonymous reader after them still has the page built for them: 2 queries.
    with django_assert_num_queries(2):
        assert client.get(url).status_code == 200
