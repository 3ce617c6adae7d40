"""Small builders for funding records in tests: sources, awards with their years and
outputs, and spend returns with what they achieved."""

import datetime
import itertools
from decimal import Decimal

from funding.models import (
    Award,
    AwardOutput,
    AwardStatus,
    AwardYear,
    FundingKind,
    OutputKind,
    ReportingFrequency,
    ReturnOutput,
    ReturnState,
    SpendReturn,
)
from vawg_tracker.quarters import Quarter

from .factories import AwardFactory, FundingSourceFactory

_references = itertools.count(1)


def make_source(
    name,
    *,
    ring_fenced=False,
    kind=FundingKind.CENTRAL_GOVERNMENT,
    reporting_frequency=ReportingFrequency.QUARTERLY,
):
    return FundingSourceFactory(
        name=name,
        funder=name.split(":")[0],
        kind=kind,
        ring_fenced=ring_fenced,
        ring_fenced_for="IDVA and ISVA posts" if ring_fenced else "",
        reporting_frequency=reporting_frequency,
    )


def make_award(
    source,
    organisation,
    *,
    years,
    status=AwardStatus.ACTIVE,
    starts_on=datetime.date(2026, 4, 1),
    ends_on=datetime.date(2027, 3, 31),
    actions=(),
    outputs=None,
    title="Advocacy service",
):
    """AwardFactory in the shape these tests read best: ``years``: {2026: "125000.00",
    …}; ``outputs``: {name: (OutputKind, target)}, none when not given."""
    return AwardFactory(
        reference=f"T-{next(_references):04d}",
        title=title,
        source=source,
        organisation=organisation,
        status=status,
        starts_on=starts_on,
        ends_on=ends_on,
        amounts=years,
        outputs=outputs or False,
        actions=list(actions),
    )


def people_output(target="100"):
    return {"People supported": (OutputKind.PEOPLE_SUPPORTED, target)}


def make_return(
    award, quarter, spend, *, by, state=ReturnState.ACCEPTED, achieved=None, corrects=None
):
    """``achieved``: {output name: amount}."""
    spend_return = SpendReturn.objects.create(
        award=award,
        period=quarter,
        spend=Decimal(spend),
        state=state,
        corrects=corrects,
        created_by=by,
    )
    outputs = {output.name: output for output in award.outputs.all()}
    for name, amount in (achieved or {}).items():
        ReturnOutput.objects.create(
            spend_return=spend_return, output=outputs[name], achieved=Decimal(amount)
        )
    return spend_return


def bulk_awards(count, *, by, actions, organisations, sources):
    """``count`` active awards across the sources and organisations, each 2025-10-01 to
    2027-03-31 with amounts for 2025 and 2026, paying for one of the actions, a people
    supported output, and an accepted 2026/27 Q1 return: in a handful of bulk inserts."""
    awards = Award.objects.bulk_create(
        Award(
            reference=f"B-{index:05d}",
            title=f"Service {index}",
            source=sources[index % len(sources)],
            organisation=organisations[index % len(organisations)],
            status=AwardStatus.ACTIVE,
            starts_on=datetime.date(2025, 10, 1),
            ends_on=datetime.date(2027, 3, 31),
        )
        for index in range(count)
    )
    AwardYear.objects.bulk_create(
        AwardYear(award=award, financial_year=year, amount=Decimal(1000 + index) + Decimal("0.25"))
        for index, award in enumerate(awards)
        for year in (2025, 2026)
    )
    Award.actions.through.objects.bulk_create(
        Award.actions.through(award=award, action=actions[index % len(actions)])
        for index, award in enumerate(awards)
    )
    outputs = AwardOutput.objects.bulk_create(
        AwardOutput(
            award=award, name="People supported", kind=OutputKind.PEOPLE_SUPPORTED, target=50
        )
        for award in awards
    )
    returns = SpendReturn.objects.bulk_create(
        SpendReturn(
            award=award,
            period=Quarter(2026, 1),
            spend=Decimal("250.10"),
            state=ReturnState.ACCEPTED,
            created_by=by,
        )
        for award in awards
    )
    ReturnOutput.objects.bulk_create(
        ReturnOutput(spend_return=spend_return, output=output, achieved=10)
        for spend_return, output in zip(returns, outputs, strict=True)
    )
    return awards
