"""
The public Funding page of a published quarter and its open data, funding.csv: the
office's money for the quarter's financial year as it was published (the snapshot), per
provider each award with its spend to date and outputs against targets; 404 once the
publication is withdrawn, and for a publication frozen before funding was published.
"""

import csv
import io
import re

import pytest

from public.open_data import FUNDING
from publication.models import Publication

from ..publication.test_snapshot import MARKERS, PROVIDER, Q2

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(world, staff):
    return Publication.publish(world.plan, Q2, by=staff)


def funding_url(publication):
    return f"/public/{publication.plan_id}/{publication.quarter.slug}/funding/"


def words(html):
    """The page's text, tags dropped and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_funding_page_shows_the_headline_sources_and_each_providers_awards(
    client, published, django_assert_num_queries
):
    # When the publication was published (Last-Modified); the publication.
    with django_assert_num_queries(2):
        response = client.get(funding_url(published))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    page = response.content.decode()
    text = words(page)
    assert "<h1>Funding in 2026/27</h1>" in page
    assert "£40,000 awarded in 2026/27." in text
    assert "Spent to date: £10,000.00 of £40,000.00" in text
    assert "Ministry of Justice: ring-fenced IDVA allocation Yes £40,000.00" in text
    assert f'<h2 class="h5 mt-4" id="provider-public-advocacy-service-test">{PROVIDER}</h2>' in (
        page
    )
    assert (
        "Independent domestic violence advisers VAWG-2026-0007 · Grant, 1 Apr 2026 to "
        "31 Mar 2027 Ministry of Justice: ring-fenced IDVA allocation (ring-fenced) "
        "£40,000.00 £10,000.00 People supported: 35 of 100 IDVA posts (FTE): 2 of 2" in text
    )
    assert "Total awarded £40,000.00" in text
    assert "not only this plan" in text
    assert [name for name, marker in MARKERS.items() if marker in page] == []


def test_its_tables_have_captions_and_header_scopes_in_labelled_scroll_regions(client, published):
    page = client.get(funding_url(published)).content.decode()
    tables = re.findall(r"<table.*?</table>", page, re.S)
    assert len(tables) == 2  # by source, and the one provider
    for table in tables:
        caption = re.search(r'<caption id="([^"]+)">', table)
        assert caption, table[:80]
        assert f'role="region" tabindex="0" aria-labelledby="{caption[1]}"' in page
        assert "<th>" not in table  # every header cell has its scope
        assert 'scope="col"' in table
        assert 'scope="row"' in table


def test_the_quarter_page_links_its_funding_page(client, published):
    page = client.get(f"/public/{published.plan_id}/{Q2.slug}/").content.decode()
    assert f'href="{funding_url(published)}"' in page
    assert "£40,000 awarded in 2026/27" in words(page)


def test_a_withdrawn_publications_funding_page_is_gone(client, published, staff):
    assert client.get(funding_url(published)).status_code == 200
    assert published.withdraw(by=staff)
    assert client.get(funding_url(published)).status_code == 404
    assert client.get(f"/public/data/{Q2.slug}/funding.csv").status_code == 404


def test_a_publication_made_before_funding_was_published_has_no_funding_page(client, published):
    Publication.objects.filter(pk=published.pk).update(funding=None)
    assert client.get(funding_url(published)).status_code == 404
    page = client.get(f"/public/{published.plan_id}/{Q2.slug}/").content.decode()
    assert funding_url(published) not in page
    rows = list(csv.reader(io.StringIO(csv_text(client))))
    assert rows == [FUNDING.header]


def csv_text(client):
    response = client.get(f"/public/data/{Q2.slug}/funding.csv")
    assert response.status_code == 200
    return response.content.decode("utf-8-sig")  # kept whole (not streamed) for readers


def test_funding_csv_has_a_row_per_award_output_from_accepted_returns(client, published, world):
    header, *rows = csv.reader(io.StringIO(csv_text(client)))
    assert header == [
        "plan_id",
        "plan_title",
        "publication_quarter",
        "provider",
        "reference",
        "purpose",
        "source",
        "ring_fenced",
        "financial_year",
        "amount",
        "spend_to_date",
        "as_at",
        "output",
        "target",
        "achieved",
    ]
    award = [
        str(world.plan.pk),
        world.plan.title,
        str(Q2),
        PROVIDER,
        "VAWG-2026-0007",
        "Independent domestic violence advisers",
        "Ministry of Justice: ring-fenced IDVA allocation",
        "yes",
        "2026/27",
        "40000.00",
        "10000.00",
        published.funding["as_at"],
    ]
    assert rows == [
        award + ["People supported", "100.0", "35.0"],
        award + ["IDVA posts (FTE)", "2.0", "2.0"],
    ]


def test_an_award_without_outputs_has_one_row_with_its_output_columns_empty(client, published):
    funding = published.funding
    funding["providers"][0]["awards"][0]["outputs"] = []
    Publication.objects.filter(pk=published.pk).update(funding=funding)
    header, *rows = csv.reader(io.StringIO(csv_text(client)))
    (row,) = rows
    assert dict(zip(header, row, strict=True))["amount"] == "40000.00"
    assert row[-3:] == ["", "", ""]


def test_only_the_pages_that_show_the_funding_load_it(client, published):
    """The funding (every award of the year) can outweigh the rest of a publication: the
    home and the quarter's other pages leave it unloaded."""
    base = f"/public/{published.plan_id}/{Q2.slug}/"
    home = client.get("/public/").context["plans"]
    assert [plan.publication.get_deferred_fields() for plan in home] == [{"funding"}]
    for path in (base, f"{base}actions/2-1/", f"{base}outcomes/1/"):
        page = client.get(path).context["page"]
        assert page.publication.get_deferred_fields() == {"funding"}, path
    assert client.get(funding_url(published)).context["page"].publication.funding
