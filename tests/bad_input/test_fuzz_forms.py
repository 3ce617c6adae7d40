"""
Bad input never causes a server error: every form and filter in the project, and every
query parameter a view reads, gets 200 generated examples through the real view, as a
user whose role may use it. Each answer must be below 500 and no exception may escape.

Examples mix values shaped as each field expects (Hypothesis' ``from_field``) with hostile
ones (NUL and control characters, astral and right-to-left text, 10,000-character
strings, markup, huge and negative numbers, NaN, impossible dates and quarters), repeated
parameters and unknown ones. The examples are the same on every run (the "ci" profile in
tests/conftest.py); HYPOTHESIS_PROFILE=explore draws new ones.

A form or filter class that no target below covers fails
test_every_form_and_filter_is_fuzzed; a query parameter a view reads that no target
sends fails test_every_query_parameter_a_view_reads_is_fuzzed.
"""

import importlib
import inspect
import pkgutil
import re
from dataclasses import dataclass, field
from pathlib import Path

import django_filters
import pytest
from django import forms
from django.conf import settings as django_settings
from django.contrib.auth.forms import PasswordChangeForm
from django.core.files.base import ContentFile
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import given, settings
from hypothesis import strategies as st

from activities.forms import ActivityForm, ReturnForm
from funding.forms import (
    AwardForm,
    AwardOutputForm,
    AwardYearForm,
    FundingFilterForm,
    FundingSourceForm,
    ReturnSpendReturnForm,
    SpendReturnForm,
)
from funding.models import Award, SpendReturn
from onboarding.forms import ConfirmForm, IndicatorValuesUploadForm, PlanUploadForm
from onboarding.models import PendingImport, UploadKind
from onboarding.template import actions_csv
from partners.forms import InviteForm, OrganisationForm
from plans.filters import ActionFilter
from plans.forms import (
    ActionForm,
    ActionPlanForm,
    BreakdownPartForm,
    BreakdownVersionForm,
    IndicatorValueForm,
    LeadSpecialistForm,
    MilestoneCompleteForm,
    MilestoneForm,
    MilestoneMoveForm,
    ProgressUpdateForm,
    ReturnUpdateForm,
    VersionedForm,
)
from plans.models import Action
from publication.forms import PublishForm
from recommendations.filters import RecommendationFilter
from recommendations.forms import RecommendationForm, SourceForm, UpdateForm
from recommendations.models import Recommendation
from reports.dashboard import plan_quarters
from reports.forms import DashboardForm, PlanQuarterForm, RequestForm
from reports.models import Report, ReportKind
from risks.filters import RiskFilter
from risks.forms import MitigationForm, RiskForm, RiskReviewForm
from risks.models import Risk
from vawg_tracker.accounts.forms import CodeForm, EmailPreferenceForm, SignInForm
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter
from vawg_tracker.review import ReviewCommentForm

from ..factories import (
    ActionFactory,
    ActivityFactory,
    FocusAreaFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    LeadSpecialistFactory,
    MilestoneFactory,
    OutcomeFactory,
    PartnerMembershipFactory,
    PledgeFactory,
    ViolenceFormFactory,
)
from ..funding.factories import AwardFactory
from ..fuzzing import assert_no_server_error, form_data, send
from ..personas import make_person
from ..recommendations.factories import RecommendationFactory
from ..risks.factories import RiskFactory

PROJECT_PACKAGES = (
    "plans",
    "partners",
    "pledges",
    "reports",
    "publication",
    "funding",
    "onboarding",
    "risks",
    "recommendations",
    "vawg_tracker",
)


@dataclass
class World:
    people: dict
    ids: dict
    plan: object = None
    organisation: object = None


@pytest.fixture
def world(db):
    """One of everything the forms point at, and a person for each role."""
    lead_user = make_person(Role.LEAD_SPECIALIST, username="lee.lead")
    lead = LeadSpecialistFactory(user=lead_user)
    action = ActionFactory(plan__lead=lead, lead=lead, pledges=[PledgeFactory(number=1)])
    FocusAreaFactory(strategy=action.plan.strategy)
    OutcomeFactory(strategy=action.plan.strategy)
    ViolenceFormFactory()
    people = {
        "staff": make_person(Role.PCC_STAFF, username="sam.staff", is_staff=True),
        "lead": lead_user,
        "commissioner": make_person(Role.COMMISSIONER, username="cam.commissioner"),
        "partner": make_person(Role.PARTNER, username="pat.partner"),
        "anonymous": None,
    }
    update = action.record_progress(
        author=lead_user,
        period=Quarter(2026, 2),
        status="on_track",
        percent_complete=10,
        narrative="Started.",
    )
    membership = PartnerMembershipFactory(user=people["partner"])
    action.delivery_partners.add(membership.organisation)
    activity = ActivityFactory(action=action, organisation=membership.organisation)
    award = AwardFactory(organisation=membership.organisation)
    returns = {
        state: SpendReturn.objects.create(
            award=award, period=period, spend=1, state=state, created_by=people["partner"]
        )
        for state, period in zip(
            ("accepted", "returned", "submitted"),
            Quarter.range(Quarter(2024, 1), Quarter(2024, 3)),
            strict=True,
        )
    }
    indicator = IndicatorFactory()
    value = IndicatorValueFactory(indicator=indicator, period=Quarter(2026, 1))
    Report.objects.create(plan=action.plan, period=Quarter(2026, 1), kind=ReportKind.QUARTERLY)
    failed = Report.objects.create(
        plan=action.plan, period=Quarter(2025, 4), kind=ReportKind.QUARTERLY, state="failed"
    )
    failed.file.save("r.pdf", ContentFile(b"%PDF-1.7"), save=False)
    ids = {
        "action": action.pk,
        "pledge": action.pledges.get().pk,
        "outcome": OutcomeFactory(strategy=action.plan.strategy).pk,
        "milestone": MilestoneFactory(action=action).pk,
        "plan": action.plan.pk,
        "lead": lead.pk,
        "indicator": indicator.pk,
        "value": value.pk,
        "update": update.pk,
        "activity": activity.pk,
        "organisation": membership.organisation.pk,
        "award": award.pk,
        "risk": RiskFactory(owner=lead, actions=[action]).pk,
        "recommendation": RecommendationFactory(owner=lead, actions=[action]).pk,
        **{f"{state}_return": r.pk for state, r in returns.items()},
    }
    return World(people, ids, plan=action.plan, organisation=membership.organisation)


@dataclass
class Target:
    """A form or filter, the view that uses it, and who uses it there."""

    name: str
    covers: tuple
    role: str
    method: str
    url: object  # world -> path
    fields: object  # world -> {name: form field}
    extra: tuple = field(default=())  # other parameters the view reads
    # Share of the profile's max_examples (200): a form served by two views gets half in
    # each; a view that reads one parameter and no form, a quarter.
    share: float = 1.0


def _fields(form_class, **kwargs):
    return lambda w: form_class(**{k: v(w) for k, v in kwargs.items()}).fields


def _filter_fields(w):
    return ActionFilter(queryset=Action.objects.all()).form.fields


def _award_fields(w):
    """The award's fields, and the first row and management fields of each formset."""
    fields = dict(AwardForm().fields)
    for prefix, row_form in (("years", AwardYearForm), ("outputs", AwardOutputForm)):
        management = forms.formsets.ManagementForm().fields
        fields.update({f"{prefix}-{name}": field for name, field in management.items()})
        fields.update({f"{prefix}-0-{name}": field for name, field in row_form().fields.items()})
    return fields


def _risk_fields(w):
    """The risk's fields, and the first row and management fields of its mitigations."""
    fields = dict(RiskForm().fields)
    management = forms.formsets.ManagementForm().fields
    fields.update({f"mitigations-{name}": field for name, field in management.items()})
    fields.update({f"mitigations-0-{name}": f for name, f in MitigationForm().fields.items()})
    return fields


def _breakdown_fields(w):
    """The version, and the first row and management fields of the value's parts."""
    fields = dict(BreakdownVersionForm().fields)
    management = forms.formsets.ManagementForm().fields
    fields.update({f"parts-{name}": field for name, field in management.items()})
    fields.update({f"parts-0-{name}": f for name, f in BreakdownPartForm().fields.items()})
    return fields


def _risk_filter_fields(w):
    return RiskFilter(queryset=Risk.objects.all()).form.fields


def _recommendation_filter_fields(w):
    return RecommendationFilter(queryset=Recommendation.objects.all()).form.fields


def _source_of(w):
    return Recommendation.objects.get(pk=w.ids["recommendation"]).source_id


def _recommendation_fields(w):
    """A new recommendation's fields (the edit form has them all but the status)."""
    return RecommendationForm().fields


# The award's formsets' row ids (an edit sends them back).
AWARD_ROW_IDS = ("years-0-id", "years-0-award", "outputs-0-id", "outputs-0-award")


def _with_an_authenticator_to_confirm(user):
    """The code form's page, with an app being set up (so the form is checked)."""
    TOTPDevice.objects.get_or_create(user=user, confirmed=False, defaults={"name": "fuzz"})
    return reverse("two_factor_confirm")


def _url(name, key=None):
    return lambda w: reverse(name, args=[w.ids[key]] if key else [])


def _no_fields(w):
    return {}


_plan = lambda w: w.plan  # noqa: E731
_quarters = lambda w: plan_quarters(w.plan)  # noqa: E731
_organisation = lambda w: w.organisation  # noqa: E731


def _award(w):
    return Award.objects.get(pk=w.ids["award"])


def _return_form_fields(**kwargs):
    def fields(w):
        award = _award(w)
        if kwargs.get("fixed"):
            return SpendReturnForm(award=award, period=Quarter(2024, 1)).fields
        return SpendReturnForm(award=award, periods=award.ended_quarters()).fields

    return fields


def _pending_import(w):
    """A kept upload of the plan (its Actions header only) to confirm, whose preview
    found names the tracker lacks: the tick box is checked."""
    pending = PendingImport.keep(
        user=w.people["staff"],
        data=actions_csv(),
        kind=UploadKind.PLAN,
        plan=w.plan,
        has_missing=True,
    )
    return reverse("onboarding:confirm", args=[pending.token])


TARGETS = [
    Target(
        "record progress",
        (ProgressUpdateForm,),
        "lead",
        "POST",
        _url("plans:record_progress", "action"),
        _fields(ProgressUpdateForm, plan=_plan),
    ),
    Target(
        "action page",
        (),
        "lead",
        "GET",
        _url("plans:action_detail", "action"),
        _no_fields,
        extra=("period",),
        share=0.25,
    ),
    Target(
        "add a milestone",
        (MilestoneForm,),
        "staff",
        "POST",
        _url("plans:milestone_add", "action"),
        _fields(MilestoneForm),
    ),
    Target(
        "move a milestone",
        (MilestoneMoveForm,),
        "lead",
        "POST",
        _url("plans:milestone_move", "milestone"),
        _fields(MilestoneMoveForm),
    ),
    Target(
        "complete a milestone",
        (MilestoneCompleteForm,),
        "lead",
        "POST",
        _url("plans:milestone_complete", "milestone"),
        _fields(MilestoneCompleteForm),
    ),
    Target(
        "record an indicator value",
        (IndicatorValueForm,),
        "staff",
        "POST",
        _url("plans:indicator_value_add", "indicator"),
        _fields(IndicatorValueForm),
    ),
    Target(
        "break a value down",
        (BreakdownVersionForm, BreakdownPartForm),
        "staff",
        "POST",
        _url("plans:indicator_value_breakdown", "value"),
        _breakdown_fields,
    ),
    Target(
        "new action",
        (ActionForm,),
        "staff",
        "POST",
        _url("plans:action_create"),
        _fields(ActionForm),
        share=0.5,
    ),
    Target(
        "edit an action",
        (ActionForm, VersionedForm),
        "staff",
        "POST",
        _url("plans:action_edit", "action"),
        _fields(ActionForm),
        share=0.5,
    ),
    Target(
        "new action plan",
        (ActionPlanForm,),
        "staff",
        "POST",
        _url("plans:plan_create"),
        _fields(ActionPlanForm),
        share=0.5,
    ),
    Target(
        "edit an action plan",
        (ActionPlanForm, VersionedForm),
        "staff",
        "POST",
        _url("plans:plan_edit", "plan"),
        _fields(ActionPlanForm),
        share=0.5,
    ),
    Target(
        "new lead specialist",
        (LeadSpecialistForm,),
        "staff",
        "POST",
        _url("plans:lead_create"),
        _fields(LeadSpecialistForm),
        share=0.5,
    ),
    Target(
        "edit a lead specialist",
        (LeadSpecialistForm, VersionedForm),
        "staff",
        "POST",
        _url("plans:lead_edit", "lead"),
        _fields(LeadSpecialistForm),
        share=0.5,
    ),
    Target(
        "dashboard",
        (DashboardForm,),
        "commissioner",
        "GET",
        _url("reports:dashboard"),
        _fields(DashboardForm, plan=_plan, quarters=_quarters),
    ),
    Target(
        "outcome page",
        (PlanQuarterForm,),
        "commissioner",
        "GET",
        _url("reports:outcome_detail", "outcome"),
        _fields(PlanQuarterForm, plan=_plan, quarters=_quarters),
        extra=("page",),
    ),
    Target(
        "action list",
        (ActionFilter,),
        "commissioner",
        "GET",
        _url("plans:action_list"),
        _filter_fields,
        extra=("page",),
        share=0.5,
    ),
    Target(
        "action export",
        (ActionFilter,),
        "staff",
        "GET",
        _url("plans:action_export"),
        _filter_fields,
        extra=("format",),
        share=0.5,
    ),
    Target(
        "funding page",
        (FundingFilterForm,),
        "commissioner",
        "GET",
        _url("funding:overview"),
        _fields(FundingFilterForm),
        share=0.5,
    ),
    Target(
        "funding download",
        (FundingFilterForm,),
        "staff",
        "GET",
        _url("funding:export"),
        _fields(FundingFilterForm),
        extra=("format",),
        share=0.5,
    ),
    Target(
        "new funding source",
        (FundingSourceForm, VersionedForm),
        "staff",
        "POST",
        _url("funding:source_create"),
        _fields(FundingSourceForm),
        share=0.5,
    ),
    Target(
        "edit a funding source",
        (FundingSourceForm, VersionedForm),
        "staff",
        "POST",
        lambda w: reverse(
            "funding:source_edit", args=[Award.objects.get(pk=w.ids["award"]).source_id]
        ),
        _fields(FundingSourceForm),
        share=0.5,
    ),
    Target(
        "new award",
        (AwardForm, AwardYearForm, AwardOutputForm),
        "staff",
        "POST",
        _url("funding:award_create"),
        _award_fields,
        share=0.5,
    ),
    Target(
        "edit an award",
        (AwardForm, AwardYearForm, AwardOutputForm),
        "staff",
        "POST",
        _url("funding:award_edit", "award"),
        _award_fields,
        extra=AWARD_ROW_IDS,
        share=0.5,
    ),
    Target(
        "activities download",
        (),
        "partner",
        "GET",
        _url("activities:activity_export"),
        _no_fields,
        extra=("format",),
        share=0.25,
    ),
    Target(
        "return an update",
        (ReturnUpdateForm,),
        "staff",
        "POST",
        _url("plans:update_return", "update"),
        _fields(ReturnUpdateForm),
        extra=("next",),
    ),
    Target(
        "sign off an update",
        (),
        "staff",
        "POST",
        _url("plans:update_sign_off", "update"),
        _no_fields,
        extra=("next",),
        share=0.25,
    ),
    Target(
        "log an activity",
        (ActivityForm,),
        "partner",
        "POST",
        _url("activities:activity_create"),
        _fields(ActivityForm, organisation=_organisation),
        share=0.5,
    ),
    Target(
        "the activity form, opened for an action",
        (),
        "partner",
        "GET",
        _url("activities:activity_create"),
        _no_fields,
        extra=("action",),
        share=0.25,
    ),
    Target(
        "change an activity",
        (ActivityForm,),
        "partner",
        "POST",
        _url("activities:activity_edit", "activity"),
        _fields(ActivityForm, organisation=_organisation),
        share=0.5,
    ),
    Target(
        "return an activity",
        (ReturnForm, ReviewCommentForm),
        "staff",
        "POST",
        _url("activities:activity_return", "activity"),
        _fields(ReturnForm),
    ),
    Target(
        "submit a spend return",
        (SpendReturnForm,),
        "partner",
        "POST",
        _url("funding_portal:return_submit", "award"),
        _return_form_fields(),
        share=0.34,
    ),
    Target(
        "amend and resubmit a spend return",
        (SpendReturnForm,),
        "partner",
        "POST",
        _url("funding_portal:return_amend", "returned_return"),
        _return_form_fields(fixed=True),
        share=0.33,
    ),
    Target(
        "correct an accepted spend return",
        (SpendReturnForm,),
        "partner",
        "POST",
        _url("funding_portal:return_correct", "accepted_return"),
        _return_form_fields(fixed=True),
        share=0.33,
    ),
    Target(
        "return a spend return",
        (ReturnSpendReturnForm,),
        "staff",
        "POST",
        _url("funding:return_return", "submitted_return"),
        _fields(ReturnSpendReturnForm),
    ),
    Target(
        "new organisation",
        (OrganisationForm,),
        "staff",
        "POST",
        _url("partners:organisation_create"),
        _fields(OrganisationForm),
        share=0.5,
    ),
    Target(
        "edit an organisation",
        (OrganisationForm,),
        "staff",
        "POST",
        _url("partners:organisation_edit", "organisation"),
        _fields(OrganisationForm),
        share=0.5,
    ),
    Target(
        "invite a partner user",
        (InviteForm,),
        "staff",
        "POST",
        _url("partners:member_invite", "organisation"),
        _fields(InviteForm),
    ),
    Target(
        "request a report (staff)",
        (RequestForm,),
        "staff",
        "POST",
        _url("reports:request"),
        _fields(RequestForm, may_request_final=lambda w: True),
        share=0.5,
    ),
    Target(
        "request a report (commissioner)",
        (RequestForm,),
        "commissioner",
        "POST",
        _url("reports:request"),
        _fields(RequestForm, may_request_final=lambda w: False),
        share=0.5,
    ),
    Target(
        "preview a publication",
        (PublishForm,),
        "staff",
        "GET",
        _url("publication:publish"),
        _fields(PublishForm),
        share=0.5,
    ),
    Target(
        "publish a quarter",
        (PublishForm,),
        "staff",
        "POST",
        _url("publication:publish"),
        _fields(PublishForm),
        share=0.5,
    ),
    Target(
        "upload a plan to import",
        (PlanUploadForm,),
        "staff",
        "POST",
        _url("onboarding:upload"),
        _fields(PlanUploadForm),
    ),
    Target(
        "upload indicator values to import",
        (IndicatorValuesUploadForm,),
        "staff",
        "POST",
        _url("onboarding:upload_indicator_values"),
        _fields(IndicatorValuesUploadForm),
    ),
    Target(
        "confirm an import",
        (ConfirmForm,),
        "staff",
        "POST",
        _pending_import,
        _fields(ConfirmForm),
        share=0.5,
    ),
    Target(
        "new risk",
        (RiskForm, MitigationForm),
        "staff",
        "POST",
        _url("risks:create"),
        _risk_fields,
        share=0.5,
    ),
    Target(
        "edit a risk",
        (RiskForm, MitigationForm, VersionedForm),
        "staff",
        "POST",
        _url("risks:edit", "risk"),
        _risk_fields,
        share=0.5,
    ),
    Target(
        "review a risk",
        (RiskReviewForm,),
        "lead",
        "POST",
        _url("risks:review", "risk"),
        _fields(RiskReviewForm),
    ),
    Target(
        "risk register",
        (RiskFilter,),
        "commissioner",
        "GET",
        _url("risks:register"),
        _risk_filter_fields,
        extra=("page",),
    ),
    Target(
        "new recommendation",
        (RecommendationForm,),
        "staff",
        "POST",
        _url("recommendations:create"),
        _recommendation_fields,
        share=0.5,
    ),
    Target(
        "the recommendation form, opened for a source",
        (),
        "staff",
        "GET",
        _url("recommendations:create"),
        _no_fields,
        extra=("source",),
        share=0.25,
    ),
    Target(
        "edit a recommendation",
        (RecommendationForm, VersionedForm),
        "staff",
        "POST",
        _url("recommendations:edit", "recommendation"),
        _recommendation_fields,
        share=0.5,
    ),
    Target(
        "new recommendation source",
        (SourceForm,),
        "staff",
        "POST",
        _url("recommendations:source_create"),
        _fields(SourceForm),
        share=0.5,
    ),
    Target(
        "edit a recommendation source",
        (SourceForm,),
        "staff",
        "POST",
        lambda w: reverse("recommendations:source_edit", args=[_source_of(w)]),
        _fields(SourceForm),
        share=0.5,
    ),
    Target(
        "update a recommendation",
        (UpdateForm,),
        "lead",
        "POST",
        _url("recommendations:update", "recommendation"),
        _fields(UpdateForm),
    ),
    Target(
        "recommendations list",
        (RecommendationFilter,),
        "commissioner",
        "GET",
        _url("recommendations:list"),
        _recommendation_filter_fields,
        extra=("page",),
    ),
    Target(
        "sign in",
        (SignInForm,),
        "anonymous",
        "POST",
        _url("login"),
        _fields(SignInForm),
        extra=("next",),
    ),
    Target(
        "two-factor code",
        (CodeForm,),
        "lead",
        "POST",
        lambda w: _with_an_authenticator_to_confirm(w.people["lead"]),
        _fields(CodeForm),
    ),
    Target(
        "admin sign-in redirect",
        (),
        "anonymous",
        "GET",
        _url("admin:login"),
        _no_fields,
        extra=("next",),
        share=0.25,
    ),
    Target(
        "email choice on the account page",
        (EmailPreferenceForm,),
        "lead",
        "POST",
        _url("account"),
        _fields(EmailPreferenceForm),
    ),
    Target(
        "change password",
        (PasswordChangeForm,),
        "lead",
        "POST",
        _url("password_change"),
        lambda w: PasswordChangeForm(user=w.people["lead"]).fields,
    ),
    Target(
        "the partner's page",
        (),
        "partner",
        "GET",
        _url("activities:home"),
        _no_fields,
        extra=("page",),
        share=0.25,
    ),
    Target(
        "paged lists",
        (),
        "staff",
        "GET",
        lambda w: None,  # each example picks one: see _paged_urls
        _no_fields,
        extra=("page",),
        share=0.25,
    ),
]

PAGED = [
    ("plans:action_list", None),
    ("plans:pledge_detail", "pledge"),
    ("reports:outcome_detail", "outcome"),
    ("plans:plan_detail", "plan"),
    ("plans:lead_list", None),
    ("plans:lead_detail", "lead"),
    ("plans:indicator_list", None),
    ("plans:sign_off_queue", None),
    ("activities:review_queue", None),
    ("partners:organisation_list", None),
    ("reports:archive", None),
    ("publication:list", None),
    ("funding:overview", None),
    ("funding:source_list", None),
    ("risks:register", None),
    ("recommendations:list", None),
]


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_bad_input_never_causes_a_server_error(client, world, target):
    person = world.people[target.role]
    if person is not None:
        client.force_login(person)
    payloads = form_data(target.fields(world), target.extra)

    @settings(max_examples=round(settings.default.max_examples * target.share))
    @given(data=st.data())
    def each_example(data):
        url = target.url(world)
        if url is None:  # a paged list: draw which
            name, key = data.draw(st.sampled_from(PAGED), label="list")
            url = reverse(name, args=[world.ids[key]] if key else [])
        payload = data.draw(payloads, label="data")
        response = send(client, target.method, url, payload)
        assert_no_server_error(response, target.method, url, payload)

    each_example()


def _project_classes():
    """Every form and filter class defined in the project's own modules."""
    importlib.import_module(django_settings.ROOT_URLCONF)  # first: it registers the URL converters
    for package in PROJECT_PACKAGES:
        root = importlib.import_module(package)
        for module in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
            if not re.search(r"\.(migrations|wsgi|asgi)\b", module.name):
                importlib.import_module(module.name)
    found = set()
    for base in (forms.BaseForm, django_filters.FilterSet):
        pending = [base]
        while pending:
            cls = pending.pop()
            pending.extend(cls.__subclasses__())
            if cls.__module__.split(".")[0] in PROJECT_PACKAGES:
                found.add(cls)
    return found


def test_every_form_and_filter_is_fuzzed():
    covered = {cls for target in TARGETS for cls in target.covers}
    missing = sorted(cls.__qualname__ for cls in _project_classes() - covered)
    assert missing == [], "add a Target for these in tests/bad_input/test_fuzz_forms.py"


# `request.GET.get("x")`, `request.GET["x"]`, `request.POST.get("x")` in our views.
_PARAM = re.compile(r"request\.(GET|POST)(?:\.get\(|\[)\s*[\"']([^\"']+)[\"']")


def test_every_query_parameter_a_view_reads_is_fuzzed():
    read = set()
    for package in PROJECT_PACKAGES:
        folder = Path(importlib.import_module(package).__path__[0])
        for path in folder.rglob("*.py"):
            if "migrations" not in path.parts:
                read |= {name for _, name in _PARAM.findall(path.read_text())}
    fuzzed = {name for target in TARGETS for name in target.extra}
    assert read, "the pattern no longer finds parameters: fix _PARAM"
    assert sorted(read - fuzzed) == [], "add these parameters to a Target's extra"


def test_the_fuzz_targets_name_real_forms():
    # Guards the guard: a target covering a class that is not a form proves nothing.
    for target in TARGETS:
        for cls in target.covers:
            assert inspect.isclass(cls)
            assert issubclass(cls, forms.BaseForm | django_filters.FilterSet)
