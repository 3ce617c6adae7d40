"""
funding.summary, the one read side for money: what counts in a financial year's totals
(counted awards' amounts for that year; counted returns' spend in its quarters), how an
award is counted by pledge and by action, ring-fenced shares, cost per person supported,
and which returns are overdue.
"""

import datetime
from decimal import Decimal

import pytest

from funding.models import AwardStatus, OutputKind, ReturnState
from funding.summary import FundingSummary, headline
from partners.models import SizeBand
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, PartnerOrganisationFactory, PledgeFactory
from .builders import make_award, make_return, make_source, people_output

pytestmark = pytest.mark.django_db
Q1, Q2, Q3, Q4 = (Quarter(2026, n) for n in range(1, 5))


@pytest.fixture
def sources():
    return {
        "idva": make_source("Ministry of Justice: IDVA/ISVA allocation", ring_fenced=True),
        "pcc": make_source("PCC: own budget"),
    }


@pytest.fixture
def organisations():
    return {
        "by_and_for": PartnerOrganisationFactory(
            name="Sisters Together", by_and_for=True, specialist_vawg=True, size_band="small"
        ),
        "small": PartnerOrganisationFactory(
            name="Small Refuge", specialist_vawg=True, size_band=SizeBand.MEDIUM
        ),
        "large": PartnerOrganisationFactory(name="Big Provider", size_band=SizeBand.MAJOR),
    }


def test_only_counted_awards_amounts_for_the_year_are_awarded(sources, organisations):
    org = organisations["large"]
    make_award(sources["pcc"], org, years={2026: "1000.10", 2027: "5000.00"})
    make_award(sources["pcc"], org, years={2026: "200.00"}, status=AwardStatus.ENDED)
    make_award(sources["pcc"], org, years={2026: "300.00"}, status=AwardStatus.PLANNED)
    make_award(sources["pcc"], org, years={2026: "400.00"}, status=AwardStatus.WITHDRAWN)
    make_award(sources["pcc"], org, years={2025: "700.00"})
    summary = FundingSummary(2026)
    assert summary.awarded == Decimal("1200.10")
    assert summary.award_count == 2
    assert summary.headline == "£1,200 awarded in 2026/27"
    assert FundingSummary(2027).awarded == Decimal("5000.00")


def test_the_headline_is_whole_pounds_with_the_financial_year():
    assert headline(2026, Decimal("1234567.50")) == "£1,234,568 awarded in 2026/27"
    assert headline(2029, Decimal("0")) == "£0 awarded in 2029/30"


def test_ring_fenced_money_and_the_share_reaching_by_and_for_and_small_specialists(
    sources, organisations
):
    make_award(sources["idva"], organisations["by_and_for"], years={2026: "250.00"})
    make_award(sources["idva"], organisations["small"], years={2026: "250.00"})
    make_award(sources["idva"], organisations["large"], years={2026: "500.00"})
    make_award(sources["pcc"], organisations["by_and_for"], years={2026: "1000.00"})
    summary = FundingSummary(2026)
    assert summary.ring_fenced == Decimal("1000.00")
    assert summary.not_ring_fenced == Decimal("1000.00")
    assert summary.by_and_for == Decimal("250.00")
    assert summary.by_and_for_share == Decimal("25.0")
    # By and for (small) and the medium specialist: both small specialist providers.
    assert summary.small_specialist == Decimal("500.00")
    assert summary.small_specialist_share == Decimal("50.0")
    assert [(r["award__source__name"], r["awarded"]) for r in summary.by_source] == [
        ("Ministry of Justice: IDVA/ISVA allocation", Decimal("1000.00")),
        ("PCC: own budget", Decimal("1000.00")),
    ]
    by_org = {r["award__organisation__name"]: r["awarded"] for r in summary.by_organisation}
    assert by_org == {
        "Sisters Together": Decimal("1250.00"),
        "Small Refuge": Decimal("250.00"),
        "Big Provider": Decimal("500.00"),
    }
    assert FundingSummary(2026, ring_fenced=False).awarded == Decimal("1000.00")
    assert FundingSummary(2026, organisation=organisations["small"]).awarded == Decimal("250")


def test_an_award_counts_once_under_each_pledge_its_actions_deliver(sources, organisations):
    one, two = PledgeFactory(number=1), PledgeFactory(number=2)
    first = ActionFactory(pledges=[one])
    second = ActionFactory(plan=first.plan, pledges=[one, two])
    both = make_award(
        sources["pcc"], organisations["large"], years={2026: "100.00"}, actions=[first, second]
    )
    make_award(sources["pcc"], organisations["large"], years={2026: "10.00"}, actions=[first])
    make_award(sources["pcc"], organisations["large"], years={2026: "1.00"})
    summary = FundingSummary(2026)
    assert [(p.number, p.awarded, p.awards) for p in summary.by_pledge] == [
        (1, Decimal("110.00"), 2),
        (2, Decimal("100.00"), 1),
    ]
    by_action = {r["award__actions__id"]: r["awarded"] for r in summary.by_action}
    assert by_action == {first.pk: Decimal("110.00"), second.pk: Decimal("100.00")}
    filtered = FundingSummary(2026, pledge=two)
    assert filtered.awarded == Decimal("100.00")
    assert [award.pk for award in filtered.awards] == [both.pk]


def test_spend_counts_accepted_returns_in_the_year_and_a_correction_replaces(
    sources, organisations, staff
):
    award = make_award(
        sources["pcc"],
        organisations["large"],
        years={2025: "900.00", 2026: "1000.00"},
        starts_on=datetime.date(2025, 10, 1),
    )
    make_return(award, Quarter(2025, 4), "300.00", by=staff)  # last year
    wrong = make_return(award, Q1, "100.00", by=staff)
    make_return(award, Q1, "120.50", by=staff, corrects=wrong)
    make_return(award, Q2, "999.00", by=staff, state=ReturnState.SUBMITTED)
    make_return(award, Q3, "888.00", by=staff, state=ReturnState.RETURNED)
    summary = FundingSummary(2026)
    assert summary.spent == Decimal("120.50")
    assert summary.awards[0].spent == Decimal("120.50")
    assert FundingSummary(2025).spent == Decimal("300.00")


def test_outputs_against_targets_and_cost_per_person_supported(sources, organisations, staff):
    outputs = {**people_output("100"), "Sessions run": (OutputKind.SESSIONS, "20")}
    award = make_award(sources["pcc"], organisations["large"], years={2026: "900"}, outputs=outputs)
    no_people = make_award(sources["pcc"], organisations["small"], years={2026: "50"})
    make_return(award, Q1, "300.00", by=staff, achieved={"People supported": "30"})
    make_return(
        award, Q2, "400.00", by=staff, achieved={"People supported": "10", "Sessions run": "4"}
    )
    make_return(no_people, Q1, "50.00", by=staff)
    summary = FundingSummary(2026)
    assert summary.outputs == [
        {
            "kind": OutputKind.PEOPLE_SUPPORTED,
            "label": "People supported",
            "target": Decimal("100.0"),
            "achieved": Decimal("40.0"),
        },
        {
            "kind": OutputKind.SESSIONS,
            "label": "Sessions",
            "target": Decimal("20.0"),
            "achieved": Decimal("4.0"),
        },
    ]
    by_reference = {a.pk: a for a in summary.awards}
    assert by_reference[award.pk].cost_per_person == Decimal("17.50")  # £700 / 40
    assert by_reference[no_people.pk].people is None
    assert by_reference[no_people.pk].cost_per_person is None
    assert summary.cost_per_person == Decimal("17.50")


def test_a_return_is_overdue_once_its_quarter_ended_more_than_the_due_days_ago(
    sources, organisations, staff, settings
):
    settings.FUNDING_RETURN_DUE_DAYS = 30
    award = make_award(sources["pcc"], organisations["large"], years={2026: "100"})
    later = make_award(
        sources["pcc"],
        organisations["small"],
        years={2026: "100"},
        starts_on=datetime.date(2026, 7, 1),
    )
    make_award(sources["pcc"], organisations["small"], years={2026: "1"}, status="withdrawn")
    on_the_due_day = FundingSummary(2026, today=datetime.date(2026, 7, 30))
    assert on_the_due_day.overdue == []
    day_after = FundingSummary(2026, today=datetime.date(2026, 7, 31))
    assert [(o.award.pk, o.quarter, o.due) for o in day_after.overdue] == [
        (award.pk, Q1, datetime.date(2026, 7, 30))
    ]
    returned = make_return(award, Q1, "10", by=staff, state=ReturnState.RETURNED)
    assert len(FundingSummary(2026, today=datetime.date(2026, 7, 31)).overdue) == 1
    returned.state = ReturnState.SUBMITTED  # amended and resubmitted
    returned.save()
    assert FundingSummary(2026, today=datetime.date(2026, 7, 31)).overdue == []
    in_november = FundingSummary(2026, today=datetime.date(2026, 11, 1))
    assert [(o.award.pk, o.quarter) for o in in_november.overdue] == [
        (award.pk, Q2),
        (later.pk, Q2),
    ]
    # The dashboard's count, made in the database, says the same every day, filtered or
    # not, a return sent back to be amended still overdue.
    make_return(later, Q2, "5", by=staff, state=ReturnState.RETURNED)
    for day in ("2026-07-30", "2026-07-31", "2026-11-01", "2027-06-01"):
        for filters in ({}, {"organisation": organisations["small"]}):
            summary = FundingSummary(2026, today=datetime.date.fromisoformat(day), **filters)
            count = FundingSummary(2026, today=summary.today, **filters).overdue_count
            assert count == len(summary.overdue), (day, filters)
    assert FundingSummary(2026, today=datetime.date(2027, 6, 1)).overdue_count == 6


def test_a_year_with_nothing_is_all_zeros():
    summary = FundingSummary(2030, today=datetime.date(2031, 6, 1))
    assert summary.awarded == summary.spent == Decimal("0.00")
    assert summary.by_and_for_share is None
    assert summary.cost_per_person is None
    assert summary.by_source == summary.by_pledge == summary.awards == summary.overdue == []


def test_posts_achieved_are_the_latest_returns_and_other_outputs_add_up(
    staff, sources, organisations, client
):
    """Posts are filled, not delivered: two posts filled in each quarter are two posts;
    people supported in each quarter add up. The Funding page, the award page and the
    public snapshot count them the same way."""
    outputs = {
        "IDVA posts (FTE)": (OutputKind.POSTS, "2"),
        "People supported": (OutputKind.PEOPLE_SUPPORTED, "100"),
    }
    award = make_award(
        sources["idva"], organisations["small"], years={2026: "9000.00"}, outputs=outputs
    )
    make_return(
        award,
        Q1,
        "2000.00",
        by=staff,
        achieved={"IDVA posts (FTE)": "1.5", "People supported": "20"},
    )
    make_return(
        award, Q2, "2000.00", by=staff, achieved={"IDVA posts (FTE)": "2", "People supported": "25"}
    )
    # A return not yet accepted counts for neither.
    waiting = {"IDVA posts (FTE)": "1", "People supported": "30"}
    make_return(award, Q3, "2000.00", by=staff, state=ReturnState.SUBMITTED, achieved=waiting)

    achieved = {row["kind"]: row["achieved"] for row in FundingSummary(2026).outputs}
    assert achieved == {
        OutputKind.POSTS: Decimal("2.0"),
        OutputKind.PEOPLE_SUPPORTED: Decimal("45.0"),
    }

    client.force_login(staff)
    rows = client.get(award.get_absolute_url()).context["outputs"]
    assert {row["output"].name: row["achieved"] for row in rows} == {
        "IDVA posts (FTE)": Decimal("2.0"),
        "People supported": Decimal("45.0"),
    }


def test_posts_are_the_latest_counted_return_of_the_year_a_correction_included(
    staff, sources, organisations
):
    """A year's posts are its latest counted return's: an accepted correction replaces the
    return it corrects, and a return for the next year's quarter does not hide this
    year's."""
    outputs = {
        "IDVA posts (FTE)": (OutputKind.POSTS, "2"),
        "People supported": (OutputKind.PEOPLE_SUPPORTED, "100"),
    }
    award = make_award(
        sources["idva"],
        organisations["small"],
        years={2026: "9000.00", 2027: "9000.00"},
        outputs=outputs,
    )
    make_return(award, Q1, "2000.00", by=staff, achieved={"IDVA posts (FTE)": "1.5"})
    q4 = make_return(
        award, Q4, "2000.00", by=staff, achieved={"IDVA posts (FTE)": "2", "People supported": "25"}
    )
    make_return(
        award,
        Q4,
        "2000.00",
        by=staff,
        corrects=q4,
        achieved={"IDVA posts (FTE)": "1.8", "People supported": "24"},
    )
    make_return(award, Quarter(2027, 1), "2000.00", by=staff, achieved={"IDVA posts (FTE)": "3"})

    achieved = {row["kind"]: row["achieved"] for row in FundingSummary(2026).outputs}
    assert achieved == {
        OutputKind.POSTS: Decimal("1.8"),
        OutputKind.PEOPLE_SUPPORTED: Decimal("24.0"),
    }
    assert {row["kind"]: row["achieved"] for row in FundingSummary(2027).outputs} == {
        OutputKind.POSTS: Decimal("3.0"),
        OutputKind.PEOPLE_SUPPORTED: Decimal("0.0"),
    }
