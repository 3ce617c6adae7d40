"""
Totals reconcile: awards, their years and returns crossing a financial-year boundary,
summed here by hand from the database, row by row, agree to the penny with the Funding
page, its CSV, the dashboard's funding card and the quarterly report's PDF, for each
financial year. A withdrawn and a planned award, a submitted and a returned return, and
an accepted return a correction replaced, count nowhere.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from funding.models import (
    COUNTED_STATUSES,
    AwardStatus,
    AwardYear,
    ReturnState,
    SpendReturn,
)
from funding.summary import headline
from reports.rendering import render_pdf
from vawg_tracker.money import pounds
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, PartnerOrganisationFactory, PledgeFactory
from .builders import make_award, make_return, make_source, people_output

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_november_2026():
    with time_machine.travel(datetime.datetime(2026, 11, 21, 12, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def world(staff):
    idva = make_source("Ministry of Justice: IDVA/ISVA allocation", ring_fenced=True)
    own = make_source("PCC: own budget")
    by_and_for = PartnerOrganisationFactory(
        name="Sisters Together", by_and_for=True, specialist_vawg=True, size_band="small"
    )
    large = PartnerOrganisationFactory(name="Big Provider", size_band="major")
    one, two = PledgeFactory(number=1), PledgeFactory(number=2)
    first = ActionFactory(reference="2.2", pledges=[one])
    second = ActionFactory(plan=first.plan, reference="2.3", pledges=[one, two])
    crossing = make_award(
        idva,
        by_and_for,
        years={2025: "40000.10", 2026: "80000.45"},
        starts_on=datetime.date(2025, 10, 1),
        ends_on=datetime.date(2027, 3, 31),
        actions=[first, second],
        outputs=people_output("200"),
    )
    make_return(crossing, Quarter(2025, 4), "10000.33", by=staff, achieved={"People supported": 12})
    wrong = make_return(
        crossing, Quarter(2026, 1), "20000.01", by=staff, achieved={"People supported": 30}
    )
    make_return(
        crossing,
        Quarter(2026, 1),
        "19500.99",
        by=staff,
        corrects=wrong,
        achieved={"People supported": 28},
    )
    make_return(crossing, Quarter(2026, 2), "5000.00", by=staff, state=ReturnState.SUBMITTED)
    this_year = make_award(own, large, years={2026: "12345.67"}, actions=[first])
    make_return(this_year, Quarter(2026, 1), "3000.00", by=staff, state=ReturnState.RETURNED)
    make_return(this_year, Quarter(2026, 2), "2222.22", by=staff)
    withdrawn = make_award(own, large, years={2026: "99999.99"}, status=AwardStatus.WITHDRAWN)
    make_return(withdrawn, Quarter(2026, 1), "777.77", by=staff)
    make_award(idva, by_and_for, years={2026: "55555.55"}, status=AwardStatus.PLANNED)
    return first.plan


def by_hand(year):
    """Awarded and spent in the year, added up here one row at a time."""
    awarded = Decimal("0")
    for award_year in AwardYear.objects.select_related("award"):
        if award_year.financial_year == year and award_year.award.status in COUNTED_STATUSES:
            awarded += award_year.amount
    returns = list(SpendReturn.objects.select_related("award"))
    replaced = {r.corrects_id for r in returns if r.corrects_id and r.state == ReturnState.ACCEPTED}
    spent = Decimal("0")
    for spend_return in returns:
        if (
            spend_return.state == ReturnState.ACCEPTED
            and spend_return.pk not in replaced
            and spend_return.award.status in COUNTED_STATUSES
            and spend_return.period.year == year
        ):
            spent += spend_return.spend
    return awarded, spent


def pdf_text(plan, quarter):
    pdf = render_pdf(plan, quarter)
    reader = PdfReader(io.BytesIO(pdf.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_hand_sums_are_the_ones_expected(world):
    # 80,000.45 + 12,345.67; the correction 19,500.99 + 2,222.22.
    assert by_hand(2026) == (Decimal("92346.12"), Decimal("21723.21"))
    assert by_hand(2025) == (Decimal("40000.10"), Decimal("10000.33"))


@pytest.mark.parametrize(("year", "quarter"), [(2026, Quarter(2026, 1)), (2025, Quarter(2025, 4))])
def test_page_csv_dashboard_and_pdf_agree_with_the_database_to_the_penny(
    client, staff, world, year, quarter
):
    awarded, spent = by_hand(year)
    client.force_login(staff)

    page = client.get(reverse("funding:overview"), {"year": year})
    summary = page.context["summary"]
    assert (summary.awarded, summary.spent) == (awarded, spent)
    html = page.content.decode()
    assert f'data-testid="awarded">{pounds(awarded)}<' in html
    assert f'data-testid="spent">{pounds(spent)}<' in html
    assert headline(year, awarded) in html
    assert sum(row["awarded"] for row in summary.by_source) == awarded
    assert sum(row["awarded"] for row in summary.by_organisation) == awarded
    assert sum(award.awarded for award in summary.awards) == awarded
    assert sum(award.spent for award in summary.awards) == spent

    download = client.get(reverse("funding:export"), {"year": year, "format": "csv"})
    rows = list(
        csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig")))
    )
    assert sum(Decimal(row["Awarded in the year (£)"]) for row in rows) == awarded
    assert sum(Decimal(row["Spent to date (£)"]) for row in rows) == spent

    dashboard = client.get(reverse("reports:dashboard"), {"quarter": str(quarter)})
    card = dashboard.context["board"].funding
    assert (card.year, card.awarded, card.spent) == (year, awarded, spent)
    assert pounds(awarded) in dashboard.content.decode()

    text = pdf_text(world, quarter)
    assert headline(year, awarded) in text  # word for word as on the page
    assert f"{pounds(awarded)} to the penny" in text
    assert (
        f"Spent to date, from accepted spend returns for {summary.label}: {pounds(spent)}" in text
    )
    for row in summary.by_source:
        assert pounds(row["awarded"]) in text
