"""
The Funding page (/funding/): staff and commissioners read where a financial year's money
went, narrowed by filters in the URL, and download the awards as CSV or Excel with the
same filters; lead specialists, partners and people without a role are refused.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from funding.models import AwardStatus
from vawg_tracker.audit.models import AuditEvent
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, PartnerOrganisationFactory, PledgeFactory
from ..selects import selected
from .builders import make_award, make_return, make_source, people_output

pytestmark = pytest.mark.django_db
URL = reverse("funding:overview")
EXPORT = reverse("funding:export")


@pytest.fixture
def money(staff):
    ring_fenced = make_source("Ministry of Justice: IDVA/ISVA allocation", ring_fenced=True)
    own = make_source("PCC: own budget")
    refuge = PartnerOrganisationFactory(name="Refuge North", by_and_for=True, size_band="small")
    advice = PartnerOrganisationFactory(name="Advice Line", size_band="large")
    pledge = PledgeFactory(number=2, title="Specialist advisers")
    action = ActionFactory(reference="2.2", title="IDVA posts", pledges=[pledge])
    idva = make_award(
        ring_fenced, refuge, years={2026: "1234567.89"}, actions=[action], outputs=people_output()
    )
    make_award(own, advice, years={2026: "1000.00"})
    make_award(own, advice, years={2026: "50000.00"}, status=AwardStatus.PLANNED)
    make_return(
        idva,
        Quarter(2026, 1),
        "100000.00",
        by=staff,
        achieved={"People supported": "40"},
    )
    return {"idva": idva, "refuge": refuge, "advice": advice, "pledge": pledge, "own": own}


def test_staff_read_the_years_totals(client, staff, money):
    client.force_login(staff)
    response = client.get(URL, {"year": 2026})
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary.awarded == Decimal("1235567.89")
    assert summary.spent == Decimal("100000.00")
    page = response.content.decode()
    assert "£1,235,568 awarded in 2026/27" in page
    assert "£1,234,567.89" in page  # by source, by organisation, by pledge, the award
    assert "Ministry of Justice: IDVA/ISVA allocation" in page
    assert "Refuge North" in page
    assert "2.2 IDVA posts" in page
    assert "£2,500.00" in page  # cost per person supported: £100,000 / 40
    assert "appears under each" in page  # how pledges count an award
    assert 'href="/funding/"' in page  # the navigation's link


def test_commissioners_read_it_too_and_nobody_else(client, commissioner, lead, partner, outsider):
    client.force_login(commissioner)
    assert client.get(URL).status_code == 200
    assert client.get(EXPORT).status_code == 200
    for person in (lead, partner, outsider):
        client.force_login(person)
        assert client.get(URL).status_code == 403
        assert client.get(EXPORT).status_code == 403
    client.force_login(lead)
    assert 'href="/funding/"' not in client.get(reverse("reports:dashboard")).content.decode()


def test_the_filters_narrow_every_figure(client, staff, money):
    client.force_login(staff)
    by_org = client.get(URL, {"year": 2026, "organisation": money["advice"].pk})
    assert by_org.context["summary"].awarded == Decimal("1000.00")
    not_ring_fenced = client.get(URL, {"year": 2026, "ring_fenced": "no"})
    assert not_ring_fenced.context["summary"].awarded == Decimal("1000.00")
    by_pledge = client.get(URL, {"year": 2026, "pledge": money["pledge"].pk})
    assert by_pledge.context["summary"].awarded == Decimal("1234567.89")
    by_source = client.get(URL, {"year": 2026, "source": money["own"].pk})
    assert by_source.context["summary"].spent == Decimal("0.00")
    # A year with no money and not this one is not offered: the page shows this year's.
    with time_machine.travel(datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)):
        other_year = client.get(URL, {"year": 2031})
    assert other_year.context["summary"].year == 2026
    assert "were not understood" in other_year.content.decode()


@pytest.mark.parametrize("query", [{}, {"year": ""}, {"year": "banana"}, {"year": 2031}])
def test_the_year_select_shows_the_year_the_page_shows(client, staff, money, query):
    """With no year asked for, or one not understood, the page shows this financial year's
    figures and its select has that year selected: not the first year offered (2027/28 here,
    a later year with money), which a browser shows when no option is selected."""
    make_award(money["own"], money["advice"], years={2027: "500.00", 2025: "20.00"})
    client.force_login(staff)
    with time_machine.travel(datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)):
        response = client.get(URL, query)
    assert response.context["summary"].year == 2026
    chosen = selected(response)
    assert chosen["year"] == ["2026"]
    assert chosen["source"] == chosen["organisation"] == chosen["pledge"] == [""]  # All
    page = response.content.decode()
    assert '<option value="2027">2027/28</option>' in page  # offered first, not selected
    assert ("were not understood" in page) == (query.get("year") in ("banana", 2031))


def test_the_selects_show_the_filters_asked_for(client, staff, money):
    client.force_login(staff)
    query = {"year": 2026, "source": money["own"].pk, "ring_fenced": "no"}
    chosen = selected(client.get(URL, query))
    assert chosen["year"] == ["2026"]
    assert chosen["source"] == [str(money["own"].pk)]
    assert chosen["ring_fenced"] == ["no"]


@pytest.mark.parametrize(
    "query",
    [
        {"year": "banana"},
        {"year": "99999999999999999999"},
        {"source": "x"},
        {"organisation": "-1"},
        {"ring_fenced": "maybe"},
        {"pledge": "1.5"},
        {"page": "nine"},
    ],
)
def test_a_filter_not_understood_is_left_out_and_said_so(client, staff, money, query):
    client.force_login(staff)
    response = client.get(URL, query)
    if "page" in query:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert "were not understood" in response.content.decode()


def test_the_csv_has_the_pages_awards_with_the_same_filters(client, staff, money):
    client.force_login(staff)
    response = client.get(EXPORT, {"format": "csv", "year": 2026})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="vawg-funding-2026-')
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["Reference"] for row in rows] == [a.reference for a in [money["idva"]]] + [
        rows[1]["Reference"]
    ]
    idva = rows[0]
    assert idva["Awarded in the year (£)"] == "1234567.89"
    assert idva["Spent to date (£)"] == "100000.00"
    assert idva["People supported"] == "40.0"
    assert idva["Cost per person supported (£)"] == "2500.00"
    assert idva["By and for"] == "Yes"
    assert sum(Decimal(row["Awarded in the year (£)"]) for row in rows) == Decimal("1235567.89")
    filtered = client.get(EXPORT, {"format": "csv", "year": 2026, "ring_fenced": "no"})
    text = b"".join(filtered.streaming_content).decode("utf-8-sig")
    assert [row["Partner organisation"] for row in csv.DictReader(io.StringIO(text))] == [
        "Advice Line"
    ]
    assert AuditEvent.objects.filter(kind="export").count() == 2


def test_the_xlsx_has_the_same_rows_with_numbers_as_numbers(client, staff, money):
    client.force_login(staff)
    response = client.get(EXPORT, {"format": "xlsx", "year": 2026})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Reference"
    assert len(rows) == 3
    assert Decimal(str(rows[1][13])) == Decimal("1234567.89")
    # Money in pounds and pence, dates as dates, the header frozen above them.
    assert sheet["N2"].number_format == "£#,##0.00"
    assert sheet["K2"].is_date
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 40


def test_a_download_in_another_format_is_not_found(client, staff):
    client.force_login(staff)
    assert client.get(EXPORT, {"format": "pdf"}).status_code == 404


def test_overdue_returns_are_listed(client, staff, money):
    client.force_login(staff)
    with time_machine.travel(datetime.datetime(2026, 11, 15, 12, tzinfo=datetime.UTC)):
        response = client.get(URL, {"year": 2026})
    overdue = [(o.award.reference, str(o.quarter)) for o in response.context["summary"].overdue]
    advice = response.context["summary"].awards[1].reference
    # The IDVA award returned Q1 but not Q2; the other award returned neither.
    assert overdue == [
        (advice, "2026/27 Q1"),
        (money["idva"].reference, "2026/27 Q2"),
        (advice, "2026/27 Q2"),
    ]
    assert "Returns overdue (3)" in response.content.decode()
