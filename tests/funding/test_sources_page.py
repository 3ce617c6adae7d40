"""
The funding sources page (/funding/sources/): every source, whether or not any award of
the year draws on it, with what its counted awards come to this financial year and in
all years; staff may edit each, commissioners only read, and nobody else gets in (the
permission matrix holds the rest).
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from funding.models import AwardStatus, FundingSource

from ..factories import PartnerOrganisationFactory
from .builders import make_award, make_source

pytestmark = pytest.mark.django_db
URL = reverse("funding:source_list")
# 2026/27, the financial year the page counts.
TODAY = datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture
def sources():
    refuge = PartnerOrganisationFactory(name="Refuge North")
    grant = make_source("Ministry of Justice: IDVA/ISVA allocation", ring_fenced=True)
    own = make_source("PCC: own budget")
    idle = make_source("Home Office: Domestic Abuse Perpetrator fund")
    idle.ends_on = datetime.date(2025, 3, 31)
    idle.save()
    make_award(grant, refuge, years={2025: "1000.00", 2026: "2500.50"})
    make_award(grant, refuge, years={2026: "99.50"}, status=AwardStatus.ENDED)
    make_award(grant, refuge, years={2026: "70000.00"}, status=AwardStatus.PLANNED)
    make_award(grant, refuge, years={2026: "80000.00"}, status=AwardStatus.WITHDRAWN)
    make_award(own, refuge, years={2024: "400.00"})
    return {"grant": grant, "own": own, "idle": idle}


def _rows(response):
    return {source.name: source for source in response.context["page"].object_list}


@time_machine.travel(TODAY)
def test_every_source_is_listed_with_its_counted_money(client, staff, sources):
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 200
    rows = _rows(response)
    assert list(rows) == sorted(rows)  # by name
    grant = rows["Ministry of Justice: IDVA/ISVA allocation"]
    # Planned and withdrawn awards are not counted.
    assert (grant.counted_awards, grant.awarded_in_year, grant.awarded_in_all) == (
        2,
        Decimal("2600.00"),
        Decimal("3600.00"),
    )
    own = rows["PCC: own budget"]
    assert (own.counted_awards, own.awarded_in_year) == (1, 0)
    assert own.awarded_in_all == Decimal("400.00")
    idle = rows["Home Office: Domestic Abuse Perpetrator fund"]
    assert (idle.counted_awards, idle.awarded_in_year, idle.awarded_in_all) == (0, 0, 0)
    page = response.content.decode()
    assert "Awarded in 2026/27" in page
    assert "£2,600.00" in page
    assert "£3,600.00" in page
    assert "Yes: IDVA and ISVA posts" in page
    assert "31 Mar 2025 (ended)" in page
    # Each name opens its awards for the year on the Funding page.
    overview = reverse("funding:overview")
    assert f'href="{overview}?year=2026&amp;source={sources["idle"].pk}"' in page


@time_machine.travel(TODAY)
def test_the_funding_page_links_here_and_a_listed_source_opens_there(client, staff, sources):
    client.force_login(staff)
    assert f'href="{URL}"' in client.get(reverse("funding:overview")).content.decode()
    response = client.get(reverse("funding:overview"), {"year": 2026, "source": sources["own"].pk})
    assert response.status_code == 200
    assert response.context["form"].cleaned_data["source"] == sources["own"]


@time_machine.travel(TODAY)
def test_staff_may_edit_and_add_sources_commissioners_only_read(
    client, staff, commissioner, sources
):
    edit = reverse("funding:source_edit", args=[sources["idle"].pk])
    client.force_login(staff)
    page = client.get(URL).content.decode()
    assert f'href="{edit}"' in page
    assert f'href="{reverse("funding:source_create")}"' in page
    client.force_login(commissioner)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Home Office: Domestic Abuse Perpetrator fund" in page
    assert f'href="{edit}"' not in page
    assert reverse("funding:source_create") not in page


@time_machine.travel(TODAY)
def test_a_long_list_is_paged(client, staff):
    FundingSource.objects.bulk_create(
        FundingSource(name=f"Source {n:03d}", funder="Funder", kind="other") for n in range(60)
    )
    client.force_login(staff)
    first = client.get(URL)
    assert len(first.context["page"].object_list) == 50
    last = client.get(URL, {"page": "last"})
    assert [s.name for s in last.context["page"].object_list][-1] == "Source 059"
    assert client.get(URL, {"page": 9}).status_code == 404
