"""
The public site says a second member of staff checked a publication only when its record
says one did (prepared by one, approved by another: four eyes, issue 32), on the home, the
quarter's page and its PDF; a publication one person made says nothing of a second check.
From the record, never from FOUR_EYES as it is set today: a quarter published with four eyes
off keeps its honest wording after it is turned on, and the reverse.
"""

import pytest

from publication.models import Publication, PublicationRequest
from publication.public_pdf import render_html

from ..publication.test_snapshot import Q2

pytestmark = pytest.mark.django_db

SECOND_CHECK = "a second checked it and approved it before it was published"


def _public_texts(client, publication):
    quarter = f"/public/{publication.plan_id}/{publication.quarter.slug}/"
    return [
        client.get("/public/").content.decode(),
        client.get(quarter).content.decode(),
        render_html(publication),
    ]


@pytest.mark.parametrize("four_eyes", [True, False])
def test_a_publication_two_people_made_says_a_second_checked_it(
    client, settings, world, staff, other_staff, four_eyes
):
    prepared = PublicationRequest.prepare(world.plan, Q2, by=staff)
    publication = prepared.approve(by=other_staff)
    settings.FOUR_EYES = four_eyes  # what the setting says later changes nothing
    assert publication.second_check
    for text in _public_texts(client, publication):
        assert SECOND_CHECK in text


@pytest.mark.parametrize("four_eyes", [True, False])
def test_a_publication_one_person_made_claims_no_second_check(
    client, settings, world, staff, four_eyes
):
    publication = Publication.publish(world.plan, Q2, by=staff)
    settings.FOUR_EYES = four_eyes
    assert not publication.second_check
    for text in _public_texts(client, publication):
        assert SECOND_CHECK not in text
        assert "second member of staff" not in text
