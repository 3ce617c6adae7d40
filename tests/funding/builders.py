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
    FundingSource,
    OutputKind,
    ReturnOutput,
    ReturnState,
    SpendReturn,
)

_references = itertools.count(1)


def make_source(name, *, ring_fenced=False, kind=FundingKind.CENTRAL_GOVERNMENT):
    return FundingSource.objects.create(
        name=name,
        funder=name.split(":")[0],
        kind=kind,
        ring_fenced=ring_fenced,
        ring_fenced_for="IDVA and ISVA posts" if ring_fenced else "",
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
    """``years``: {2026: "125000.00", …}; ``outputs``: {name: (OutputKind, target)}."""
    award = Award.objects.create(
        reference=f"T-{next(_references):04d}",
        title=title,
        source=source,
        organisation=organisation,
        status=status,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    for year, amount in years.items():
        AwardYear.objects.create(award=award, financial_year=year, amount=Decimal(amount))
    award.actions.set(actions)
    for name, (kind, target) in (outputs or {}).items():
        AwardOutput.objects.create(award=award, name=name, kind=kind, target=Decimal(target))
    return award


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
