"""Recommendations for tests: ``RecommendationFactory(status="in_progress")``, with its
source and owner made too."""

import datetime

import factory

from recommendations.models import Recommendation, RecommendationSource, SourceKind

from ..factories import LeadSpecialistFactory


class RecommendationSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecommendationSource

    kind = SourceKind.INSPECTION
    title = factory.Sequence(lambda n: f"Inspection report {n}")
    published_on = datetime.date(2026, 3, 1)
    reference = factory.Sequence(lambda n: f"INS-{n}")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    source = factory.SubFactory(RecommendationSourceFactory)
    number = factory.Sequence(lambda n: f"R{n}")
    text = factory.Sequence(lambda n: f"The office should do thing {n}.")
    owner = factory.SubFactory(LeadSpecialistFactory)
    due_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=90))

    @factory.post_generation
    def actions(self, create, extracted, **kwargs):
        if create and extracted:
            self.actions.set(extracted)
