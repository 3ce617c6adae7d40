"""
A publication's funding: the office's money for the financial year of the published
quarter, as funding.summary adds it up (the Funding page's own headline), per provider
each award with its spend to date and outputs from accepted returns only. Never a
variance note, a review comment, an award's internal purpose, a return not accepted, or
an award planned or withdrawn.
"""

import datetime
import json
from decimal import Decimal

import pytest

from funding.models import ReturnEventKind, ReturnState, SpendReturn
from funding.summary import FundingSummary
from publication.models import Publication
from publication.snapshot import build_funding, funding_changed
from vawg_tracker.quarters import Quarter

from .test_snapshot import MARKERS, PROVIDER, Q1, Q2

pytestmark = pytest.mark.django_db

PUBLISHED_ON = datetime.date(2026, 11, 2)
FUNDING_MARKERS = [
    "award_purpose",
    "source_conditions",
    "variance_note",
    "accept_comment",
    "returned_variance_note",
    "return_comment",
    "withdrawn_award",
    "withdrawn_provider",
    "planned_award",
    "planned_provider",
    "returned_spend",
    "returned_spend_shown",
    "submitted_spend",
    "submitted_spend_shown",
]


def funding_of(world, quarter=Q2):
    return build_funding(quarter, published_on=PUBLISHED_ON)


def test_the_snapshot_holds_the_years_funding_with_the_funding_pages_headline(world):
    funding = funding_of(world)
    assert funding["financial_year"] == 2026
    assert funding["financial_year_label"] == "2026/27"
    assert funding["headline"] == FundingSummary(2026).headline == "£40,000 awarded in 2026/27"
    assert funding["awarded"] == "40000.00"
    assert funding["spent"] == "10000.00"  # the accepted Q1 return only
    assert funding["as_at"] == "2026-11-02"
    assert funding["by_source"] == [
        {
            "name": "Ministry of Justice: ring-fenced IDVA allocation",
            "ring_fenced": True,
            "awarded": "40000.00",
        }
    ]
    (provider,) = funding["providers"]
    assert provider["name"] == PROVIDER
    assert provider["awarded"] == "40000.00"
    (award,) = provider["awards"]
    assert award == {
        "reference": "VAWG-2026-0007",
        "purpose": "Independent domestic violence advisers",  # the title, not the purpose
        "kind": "Grant",
        "source": "Ministry of Justice: ring-fenced IDVA allocation",
        "ring_fenced": True,
        "starts_on": "2026-04-01",
        "ends_on": "2027-03-31",
        "amount": "40000.00",
        "spent": "10000.00",
        "outputs": [
            # Achieved: the accepted return's 35, not the returned (61) or submitted (44).
            {"name": "People supported", "target": "100.0", "achieved": "35.0"},
            {"name": "IDVA posts (FTE)", "target": "2.0", "achieved": "2.0"},
        ],
    }


def test_the_funding_is_for_the_financial_year_of_the_published_quarter(world):
    assert funding_of(world, Q1)["financial_year_label"] == "2026/27"
    earlier = funding_of(world, Quarter(2025, 4))
    assert earlier["financial_year_label"] == "2025/26"
    assert earlier["headline"] == "£0 awarded in 2025/26"
    assert earlier["providers"] == []
    assert earlier["by_source"] == []


def test_accepting_a_return_moves_spend_to_date_by_exactly_its_spend(world, staff):
    returned = SpendReturn.objects.get(state=ReturnState.RETURNED)
    before = Decimal(funding_of(world)["spent"])
    returned.move(
        to=ReturnState.ACCEPTED,
        allowed_from=[ReturnState.RETURNED],
        user=staff,
        event=ReturnEventKind.ACCEPTED,
    )
    after = funding_of(world)
    assert Decimal(after["spent"]) - before == Decimal(MARKERS["returned_spend"])
    (award,) = after["providers"][0]["awards"]
    assert award["outputs"][0]["achieved"] == "96.0"  # 35 + 61


def test_no_note_comment_purpose_or_uncounted_award_is_in_the_funding(world):
    text = json.dumps(funding_of(world))
    assert [name for name in FUNDING_MARKERS if MARKERS[name] in text] == []
    assert "55555" not in text  # the withdrawn and planned awards' money


def test_the_funding_is_plain_json_with_money_as_text(world):
    funding = funding_of(world)
    assert json.loads(json.dumps(funding)) == funding
    award = funding["providers"][0]["awards"][0]
    assert all(isinstance(award[key], str) for key in ("amount", "spent"))


def test_publishing_freezes_the_funding_beside_the_snapshot(world, staff):
    publication = Publication.publish(world.plan, Q2, by=staff)
    assert publication.funding == funding_of(world) | {"as_at": publication.funding["as_at"]}
    assert "funding" not in publication.snapshot  # the pages that do not show it skip it


def test_the_preview_says_when_the_funding_changed_but_not_merely_its_day(world):
    first = build_funding(Q2, published_on=PUBLISHED_ON)
    next_day = build_funding(Q2, published_on=datetime.date(2026, 11, 3))
    assert not funding_changed(first, next_day)
    changed = json.loads(json.dumps(next_day))
    changed["spent"] = "1.00"
    assert funding_changed(first, changed)
    assert not funding_changed(None, first)  # a first publication: all of it is new
