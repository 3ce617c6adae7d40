"""
Money follows its funder (issue 32): a funding source's reporting frequency sets which
quarters an award owes a spend return for. Quarterly: every quarter. Every six months: Q2
and Q4, each return covering its half-year. Annually: Q4, covering the year. An award
starting or ending part-way through a period owes the return for that period, at the
period's last quarter. The Funding page's overdue list and count, the dashboard's card,
the partner's Our funding, the return form and the update round's digest all follow the
same rule, and the model refuses a return for a quarter nobody is chased for.

The award is 2024/25's (every quarter has ended): £40,000 for the year.
"""

import datetime
import itertools
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from funding.models import Award, FundingSource, ReportingFrequency, SpendReturn
from funding.summary import FundingSummary
from partners.access import membership_of
from rounds.round import Round
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, ActionPlanFactory, PartnerOrganisationFactory
from .builders import make_award, make_return, make_source

pytestmark = pytest.mark.django_db
F = ReportingFrequency
Q1, Q2, Q3, Q4 = (Quarter(2024, number) for number in range(1, 5))
SUBMIT = "funding_portal:return_submit"


def an_award(frequency, organisation=None, **dates):
    source = FundingSource.objects.filter(reporting_frequency=frequency).first() or make_source(
        f"Fund reporting {frequency}", reporting_frequency=frequency
    )
    return make_award(
        source,
        organisation or PartnerOrganisationFactory(),
        years={2024: "40000.00"},
        starts_on=dates.get("starts_on", datetime.date(2024, 4, 1)),
        ends_on=dates.get("ends_on", datetime.date(2025, 3, 31)),
        outputs={"People supported": ("people_supported", 100)},
    )


def overdue(award, day):
    summary = FundingSummary(2024, today=day, organisation=award.organisation)
    listed = [str(late.quarter) for late in summary.overdue]
    assert summary.overdue_count == len(listed)  # the dashboard's count, made in SQL
    return listed


@pytest.mark.parametrize(
    ("frequency", "owed"),
    [
        (F.QUARTERLY, [Q1, Q2, Q3, Q4]),
        (F.HALF_YEARLY, [Q2, Q4]),
        (F.ANNUALLY, [Q4]),
    ],
)
def test_a_source_sets_the_quarters_its_awards_owe_returns_for(frequency, owed):
    award = an_award(frequency)
    assert award.reporting_quarters() == owed
    owing = [q for q in (Q1, Q2, Q3, Q4) if Award.objects.owing_return(q).filter(pk=award.pk)]
    assert owing == owed


def test_a_half_yearly_award_is_not_overdue_in_the_quarter_between_its_returns(staff, settings):
    settings.FUNDING_RETURN_DUE_DAYS = 30
    half_yearly = an_award(F.HALF_YEARLY)
    quarterly = an_award(F.QUARTERLY)
    # Q1's returns were due on 30 July 2024: the quarterly award's is overdue, the
    # half-yearly one owes nothing until its half-year ends.
    assert overdue(quarterly, datetime.date(2024, 8, 1)) == ["2024/25 Q1"]
    assert overdue(half_yearly, datetime.date(2024, 8, 1)) == []
    # After Q2: the half-year's return is overdue, recorded against Q2.
    assert overdue(half_yearly, datetime.date(2024, 11, 1)) == ["2024/25 Q2"]
    # A year on, Q3 is never overdue; Q4 (the second half-year) is.
    assert overdue(half_yearly, datetime.date(2025, 6, 1)) == ["2024/25 Q2", "2024/25 Q4"]
    make_return(half_yearly, Q2, "20000.00", by=staff)
    assert overdue(half_yearly, datetime.date(2025, 6, 1)) == ["2024/25 Q4"]


def test_an_annual_award_is_overdue_only_for_the_year(settings):
    settings.FUNDING_RETURN_DUE_DAYS = 30
    annual = an_award(F.ANNUALLY)
    assert overdue(annual, datetime.date(2025, 3, 1)) == []
    assert overdue(annual, datetime.date(2025, 6, 1)) == ["2024/25 Q4"]


def test_an_award_ending_part_way_through_a_half_year_makes_its_final_return_with_it(
    settings,
):
    settings.FUNDING_RETURN_DUE_DAYS = 30
    award = an_award(F.HALF_YEARLY, ends_on=datetime.date(2024, 6, 30))  # ends in Q1
    assert award.reporting_quarters() == [Q2]
    assert award.return_name(Q2) == "2024/25 Q1–Q2"
    assert overdue(award, datetime.date(2024, 10, 30)) == []
    assert overdue(award, datetime.date(2024, 10, 31)) == ["2024/25 Q2"]
    starting_late = an_award(F.ANNUALLY, starts_on=datetime.date(2025, 1, 6))  # in Q4
    assert starting_late.reporting_quarters() == [Q4]


def test_the_python_rule_and_the_sql_rule_agree():
    """Award.owes_return and AwardQuerySet.owing_return, for awards starting and ending in
    every quarter of two years, mid-quarter and on its bounds, under each frequency."""
    quarters = list(Quarter.range(Quarter(2024, 1), Quarter(2025, 4)))
    days = [d for q in quarters for d in (q.start, q.start + datetime.timedelta(days=40), q.end)]
    organisation = PartnerOrganisationFactory()
    awards = [
        an_award(frequency, organisation, starts_on=start, ends_on=end)
        for frequency in F
        for start, end in itertools.combinations(days[::2], 2)
    ]
    awards = list(Award.objects.select_related("source").filter(pk__in=[a.pk for a in awards]))
    for quarter in [Quarter(2023, 4), *quarters, Quarter(2026, 1)]:
        in_python = {a.pk for a in awards if a.owes_return(quarter)}
        in_sql = set(Award.objects.owing_return(quarter).values_list("pk", flat=True))
        assert in_python == in_sql, quarter


def test_our_funding_shows_only_the_half_years_due(client, partner):
    award = an_award(F.HALF_YEARLY, membership_of(partner).organisation)
    client.force_login(partner)
    text = client.get(reverse("funding_portal:home")).content.decode()
    assert text.count("<strong>Due</strong>") == 2
    assert "<td>2024/25 Q1–Q2</td>" in text
    assert "<td>2024/25 Q3–Q4</td>" in text
    assert "<td>2024/25 Q1</td>" not in text
    assert "Returns every six months" in text
    form = client.get(reverse(SUBMIT, args=[award.pk])).context["form"]
    assert [label for _, label in form.fields["period"].choices][1:] == [
        "2024/25 Q3–Q4: 1 October 2024 – 31 March 2025",
        "2024/25 Q1–Q2: 1 April – 30 September 2024",
    ]


def data(award, quarter, spend):
    (output,) = award.outputs.all()
    return {"period": quarter.slug, "spend": spend, f"output_{output.pk}": "40"}


def test_the_form_refuses_a_quarter_between_returns_and_takes_the_half_year(client, partner):
    award = an_award(F.HALF_YEARLY, membership_of(partner).organisation)
    client.force_login(partner)
    url = reverse(SUBMIT, args=[award.pk])
    refused = client.post(url, data(award, Q1, "10000.00"))
    assert refused.status_code == 400
    assert "Select a valid choice" in refused.content.decode()
    assert not SpendReturn.objects.exists()
    # The half-year's spend is held to half the year's amount: £20,000 needs no note.
    taken = client.post(url, data(award, Q2, "20000.00"))
    assert taken.status_code == 302
    assert SpendReturn.objects.get().period == Q2
    above = client.post(url, data(award, Q4, "20000.01"))
    assert above.status_code == 400
    assert "above a half-year&#x27;s share of this award" in above.content.decode()


def test_the_model_refuses_a_return_for_a_quarter_the_source_does_not_report_in(partner):
    award = an_award(F.HALF_YEARLY, membership_of(partner).organisation)
    kwargs = {"award": award, "spend": Decimal(1), "variance_note": "", "achieved": {}}
    with pytest.raises(ValidationError) as refused:
        SpendReturn.submit(period=Q3, user=partner, **kwargs)
    assert refused.value.message_dict["period"] == [
        "Fund reporting half_yearly asks for returns every six months: 2024/25 Q3 is "
        "reported in the return for 2024/25 Q4, not on its own."
    ]
    with pytest.raises(ValidationError):
        SpendReturn.submit(period=Quarter(2025, 2), user=partner, **kwargs)  # after it ends
    assert not SpendReturn.objects.exists()
    SpendReturn.submit(period=Q4, user=partner, **kwargs)
    assert SpendReturn.objects.count() == 1


def test_the_digest_asks_for_a_half_yearly_return_only_at_the_half_years_end(partner):
    plan = ActionPlanFactory()
    award = an_award(F.HALF_YEARLY, membership_of(partner).organisation)
    award.actions.add(ActionFactory(plan=plan))
    assert Round(plan, Q1).returns_due_by_person() == {}
    assert Round(plan, Q3).returns_due_by_person() == {}
    assert Round(plan, Q2).returns_due_by_person() == {partner: [award]}
    assert Round(plan, Q4).returns_due_by_person() == {partner: [award]}


def test_the_funding_page_and_dashboard_follow_the_frequency(client, staff, settings):
    settings.FUNDING_RETURN_DUE_DAYS = 30
    ActionFactory()  # a plan for the dashboard
    half_yearly = an_award(F.HALF_YEARLY)
    make_return(half_yearly, Q2, "20000.00", by=staff)
    client.force_login(staff)
    with time_machine.travel(datetime.datetime(2024, 12, 1, 12, tzinfo=datetime.UTC)):
        funding = client.get(reverse("funding:overview"), {"year": 2024}).content.decode()
        board = client.get(reverse("reports:dashboard")).content.decode()
    # Q2's return is in, Q3 has not ended, and Q1 owes none: nothing is overdue (a
    # quarterly award would be overdue for Q1).
    assert "Returns overdue (0)" in funding
    assert 'Returns overdue</dt><dd class="col-sm-7 col-lg-9">0</dd>' in board
    with time_machine.travel(datetime.datetime(2025, 5, 1, 12, tzinfo=datetime.UTC)):
        funding = client.get(reverse("funding:overview"), {"year": 2024}).content.decode()
    assert "Returns overdue (1)" in funding
    assert "2024/25 Q3–Q4, due 30 Apr 2025" in funding
