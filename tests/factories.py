"""Small factories for the delivery model. Each makes what it needs and no more."""

import datetime
import io

import factory
import pikepdf

from activities.models import Activity, ActivityKind, Evidence
from partners.models import OrganisationKind, PartnerMembership, PartnerOrganisation
from plans.models import (
    Action,
    ActionPlan,
    FocusArea,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    LeadSpecialist,
    Milestone,
    Outcome,
    PlanState,
    Strategy,
    ViolenceForm,
)
from pledges.models import Pledge, PledgeSet
from vawg_tracker.quarters import Quarter


def pdf_bytes(pages=1):
    """A real PDF (made with pikepdf) with that many blank pages: evidence checks open it."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


class PledgeSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PledgeSet
        django_get_or_create = ("title",)

    title = "Five-point plan on women's safety"
    short_title = "Five-point plan"
    source = "Test source"


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge
        django_get_or_create = ("pledge_set", "number")

    pledge_set = factory.SubFactory(PledgeSetFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda pledge: f"Pledge {pledge.number}")
    commitment = "A published commitment."


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    kind = OrganisationKind.SPECIALIST_CHARITY


class PartnerMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerMembership

    organisation = factory.SubFactory(PartnerOrganisationFactory)


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy
        django_get_or_create = ("title",)

    title = "VAWG strategy"
    area = "Merseyside"
    period_start = datetime.date(2024, 4, 1)
    period_end = datetime.date(2028, 3, 31)


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    strategy = factory.SubFactory(StrategyFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Outcome {n}")


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    strategy = factory.SubFactory(StrategyFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Focus area {n}")


class ViolenceFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ViolenceForm
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Form of VAWG {n}")


class LeadSpecialistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadSpecialist

    name = factory.Sequence(lambda n: f"Lead {n} Demo")
    job_title = "VAWG lead specialist"
    organisation = "Office of the Police and Crime Commissioner"
    email = factory.Sequence(lambda n: f"lead{n}@example.invalid")


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    strategy = factory.SubFactory(StrategyFactory)
    title = factory.Sequence(lambda n: f"Action plan {n}")
    lead = factory.SubFactory(LeadSpecialistFactory)
    period_start = datetime.date(2025, 4, 1)
    period_end = datetime.date(2027, 3, 31)
    state = PlanState.ACTIVE


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    plan = factory.SubFactory(ActionPlanFactory)
    reference = factory.Sequence(lambda n: f"1.{n + 1}")
    title = factory.Sequence(lambda n: f"Action {n}")
    lead = factory.SelfAttribute("plan.lead")
    start_date = datetime.date(2025, 4, 1)
    due_date = datetime.date(2027, 3, 31)

    @factory.post_generation
    def pledges(self, create, extracted, **kwargs):
        if create:
            self.pledges.set(extracted if extracted is not None else [PledgeFactory(number=1)])


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    action = factory.SubFactory(ActionFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_date = datetime.date(2026, 12, 31)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "people"
    direction = "lower"


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    value = 10


class IndicatorTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorTarget

    indicator = factory.SubFactory(IndicatorFactory)
    value = 10


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    action = factory.SubFactory(ActionFactory)
    organisation = factory.SubFactory(PartnerOrganisationFactory)
    kind = ActivityKind.TRAINING
    title = factory.Sequence(lambda n: f"Training session {n}")
    started_on = datetime.date(2026, 10, 14)
    period = factory.LazyAttribute(lambda activity: Quarter.for_date(activity.started_on))
    people_reached = 20
    sessions = 1
    created_by = factory.SubFactory("tests.personas.UserFactory")


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    activity = factory.SubFactory(ActivityFactory)
    file = factory.django.FileField(data=b"%PDF-1.4\n%synthetic\n", filename="agenda.pdf")
    original_name = "agenda.pdf"
    extension = "pdf"
    content_type = "application/pdf"
    size = 20
    sha256 = "0" * 64
    uploaded_by = factory.SelfAttribute("activity.created_by")
