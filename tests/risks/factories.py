"""Risks for tests: ``RiskFactory(likelihood=4, impact=5)``, with its owner made too."""

import datetime

import factory

from risks.models import Category, Mitigation, Risk

from ..factories import LeadSpecialistFactory


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Risk {n}")
    description = "What could happen, and what it would stop."
    category = Category.FUNDING
    owner = factory.SubFactory(LeadSpecialistFactory)
    likelihood = 3
    impact = 3
    target_score = 4
    next_review = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=60))

    @factory.post_generation
    def actions(self, create, extracted, **kwargs):
        if create and extracted:
            self.actions.set(extracted)

    @factory.post_generation
    def pledges(self, create, extracted, **kwargs):
        if create and extracted:
            self.pledges.set(extracted)


class MitigationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mitigation

    risk = factory.SubFactory(RiskFactory)
    text = factory.Sequence(lambda n: f"Mitigation {n}")
    owner = factory.LazyAttribute(lambda m: m.risk.owner)
    due_on = datetime.date(2027, 2, 1)
