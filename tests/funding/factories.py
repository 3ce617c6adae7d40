"""Funding records for tests: a source, and an award with its years and outputs."""

import datetime
from decimal import Decimal

import factory

from funding.models import (
    Award,
    AwardOutput,
    AwardStatus,
    AwardYear,
    FundingKind,
    FundingSource,
    OutputKind,
)

from ..factories import PartnerOrganisationFactory


class FundingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingSource

    name = factory.Sequence(lambda n: f"Victim services grant {n}")
    funder = "Ministry of Justice"
    kind = FundingKind.CENTRAL_GOVERNMENT


class AwardFactory(factory.django.DjangoModelFactory):
    """
    An active award for 2024/25 (every quarter has ended): £40,000 for the year (a
    quarter's share is £10,000), with two outputs, "People supported" (target 100) and
    "IDVA posts (FTE)" (target 2).
    """

    class Meta:
        model = Award
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"VAWG-2024-{n:04d}")
    title = "IDVA service"
    source = factory.SubFactory(FundingSourceFactory)
    organisation = factory.SubFactory(PartnerOrganisationFactory)
    status = AwardStatus.ACTIVE
    starts_on = datetime.date(2024, 4, 1)
    ends_on = datetime.date(2025, 3, 31)

    @factory.post_generation
    def amounts(self, create, extracted, **kwargs):
        """{financial year: amount} (text or Decimal)."""
        if create:
            for year, amount in (extracted or {2024: Decimal("40000.00")}).items():
                AwardYear.objects.create(award=self, financial_year=year, amount=Decimal(amount))

    @factory.post_generation
    def outputs(self, create, extracted, **kwargs):
        """{name: (OutputKind, target)}; False for none; the two above when not given."""
        if not create or extracted is False:
            return
        outputs = extracted or {
            "People supported": (OutputKind.PEOPLE_SUPPORTED, 100),
            "IDVA posts (FTE)": (OutputKind.POSTS, 2),
        }
        for name, (kind, target) in outputs.items():
            AwardOutput.objects.create(award=self, name=name, kind=kind, target=Decimal(target))

    @factory.post_generation
    def actions(self, create, extracted, **kwargs):
        if create and extracted:
            self.actions.set(extracted)
