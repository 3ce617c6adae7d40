"""
Every admin page runs the same number of queries at 10 and at 1,000 actions: the
changelist (plain and with facets), the change page and, where it has inlines, the add
page of every registered model, as a superuser and as PCC staff. The counts are pinned;
the comment above the important ones names their queries.

Beside the scale data (demo/scale_data.py), each size has its own number of the rows the
scale data does not make (activities with events and evidence, sign-off reviews,
reminders, audit events, memberships, devices, sign-in records) and of the children shown
inline (an indicator's values, a value's breakdown, an organisation's members, an award's
years and outputs, a spend return's outputs and review steps, a risk's mitigations and
reviews): 2 at 10 actions, 20 at 1,000.
A page that runs a query per row or per inline form shows it as a different count.

Every admin page starts with the same two queries, the session and the user ("sign-in"
below); PCC staff's pages run two more, for their permissions.
"""

import datetime

import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import ClockedSchedule, IntervalSchedule, SolarSchedule
from django_otp.plugins.otp_totp.models import TOTPDevice

from activities.models import ActivityEvent
from api.models import ApiToken
from demo.scale_data import generate
from funding.models import (
    Award,
    AwardOutput,
    AwardYear,
    FundingSource,
    ReturnEvent,
    ReturnOutput,
    SpendReturn,
)
from partners.models import PartnerMembership, PartnerOrganisation
from plans.models import (
    Action,
    ActionPlan,
    Dimension,
    IndicatorBreakdown,
    IndicatorValue,
    Milestone,
    ProgressReview,
    ProgressUpdate,
    QuarterEvent,
    ReviewDecision,
    Status,
)
from recommendations.models import Recommendation, RecommendationEvidence, RecommendationUpdate
from risks.models import Mitigation, Risk, RiskReview
from rounds.models import Reminder, ReturnedNotice
from vawg_tracker.accounts.models import Role
from vawg_tracker.audit.models import AuditEvent
from vawg_tracker.quarters import Quarter
from vawg_tracker.system.models import WorkerHeartbeat

from ..factories import ActivityFactory, EvidenceFactory, IndicatorFactory
from ..personas import make_person

SIGN_IN = 2  # the session, the user (a superuser needs no permission query)
STAFF_PERMISSIONS = 2  # PCC staff's own permissions, and their role's (once a request)

# A superuser's count on each page; PCC staff's is STAFF_PERMISSIONS more. None: nobody may
# open it (activities are logged in the partner portal, not added here).
EXPECTED = {
    "activities.Activity changelist": SIGN_IN + 4,
    "activities.Activity changelist with facets": SIGN_IN + 10,
    # sign-in; the activity; its events with their users; its evidence with who uploaded it;
    # the content types of evidence and activity; its action, organisation and creator.
    "activities.Activity change": SIGN_IN + 8,
    "activities.Activity add": None,
    "activities.ActivityEvent changelist": SIGN_IN + 3,
    "activities.ActivityEvent change": SIGN_IN + 4,
    "activities.Evidence changelist": SIGN_IN + 3,
    "activities.Evidence change": SIGN_IN + 4,
    # sign-in; the count; a page of tokens with their users (never their secrets).
    "api.ApiToken changelist": SIGN_IN + 2,
    "api.ApiToken changelist with facets": SIGN_IN + 3,
    # sign-in; the token; its content type (the history link); its user.
    "api.ApiToken change": SIGN_IN + 3,
    "audit.AuditEvent changelist": SIGN_IN + 4,
    "audit.AuditEvent changelist with facets": SIGN_IN + 6,
    "audit.AuditEvent change": SIGN_IN + 2,
    "auth.Group changelist": SIGN_IN + 3,
    "auth.Group change": SIGN_IN + 4,
    "auth.User changelist": SIGN_IN + 4,
    "auth.User changelist with facets": SIGN_IN + 12,
    "auth.User change": SIGN_IN + 6,
    "axes.AccessAttempt changelist": SIGN_IN + 6,
    "axes.AccessAttempt changelist with facets": SIGN_IN + 9,
    "axes.AccessAttempt change": SIGN_IN + 3,
    "axes.AccessFailureLog changelist": SIGN_IN + 6,
    "axes.AccessFailureLog changelist with facets": SIGN_IN + 9,
    "axes.AccessFailureLog change": SIGN_IN + 2,
    "axes.AccessLog changelist": SIGN_IN + 6,
    "axes.AccessLog changelist with facets": SIGN_IN + 9,
    "axes.AccessLog change": SIGN_IN + 2,
    "django_celery_beat.ClockedSchedule changelist": SIGN_IN + 3,
    "django_celery_beat.ClockedSchedule change": SIGN_IN + 3,
    "django_celery_beat.ClockedSchedule add": SIGN_IN + 1,
    "django_celery_beat.CrontabSchedule changelist": SIGN_IN + 3,
    "django_celery_beat.CrontabSchedule change": SIGN_IN + 4,
    "django_celery_beat.CrontabSchedule add": SIGN_IN + 1,
    "django_celery_beat.IntervalSchedule changelist": SIGN_IN + 3,
    # django-celery-beat's own page, on the test's own interval, which no periodic task
    # uses (beat's own intervals, used by tasks, look the schedule up again for each task on it).
    "django_celery_beat.IntervalSchedule change": SIGN_IN + 3,
    "django_celery_beat.IntervalSchedule add": SIGN_IN + 1,
    "django_celery_beat.PeriodicTask changelist": SIGN_IN + 6,
    "django_celery_beat.PeriodicTask changelist with facets": SIGN_IN + 11,
    "django_celery_beat.PeriodicTask change": SIGN_IN + 7,
    "django_celery_beat.SolarSchedule changelist": SIGN_IN + 3,
    "django_celery_beat.SolarSchedule change": SIGN_IN + 3,
    "django_celery_beat.SolarSchedule add": SIGN_IN + 1,
    # sign-in; the source filter's choices; two counts; the page with source and organisation.
    "funding.Award changelist": SIGN_IN + 4,
    # As the plain list, then for each of the three filters the source choices again and
    # one aggregate counting every choice.
    "funding.Award changelist with facets": SIGN_IN + 10,
    # sign-in; the award; its actions (the form's initial value); its years (with the
    # award, which names each row); its outputs; the content type; the autocomplete boxes'
    # chosen source and organisation.
    "funding.Award change": SIGN_IN + 7,
    "funding.Award add": SIGN_IN + 1,
    "funding.FundingSource changelist": SIGN_IN + 3,
    "funding.FundingSource changelist with facets": SIGN_IN + 5,
    "funding.FundingSource change": SIGN_IN + 2,
    "funding.SpendReturn changelist": SIGN_IN + 4,
    "funding.SpendReturn changelist with facets": SIGN_IN + 8,
    # sign-in; the return; its outputs with the award's outputs; its review steps with who
    # took them (and the return and award, which name each row); its award; the content
    # type; who made it. Read only: nobody adds a return here.
    "funding.SpendReturn change": SIGN_IN + 6,
    "funding.SpendReturn add": None,
    "otp_totp.TOTPDevice changelist": SIGN_IN + 3,
    "otp_totp.TOTPDevice changelist with facets": SIGN_IN + 6,
    "otp_totp.TOTPDevice change": SIGN_IN + 3,
    "partners.PartnerMembership changelist": SIGN_IN + 3,
    "partners.PartnerMembership changelist with facets": SIGN_IN + 4,
    "partners.PartnerMembership change": SIGN_IN + 6,
    "partners.PartnerOrganisation changelist": SIGN_IN + 3,
    # As the plain list, then one aggregate for each of its five filters (kind, by and for,
    # specialist, size, active).
    "partners.PartnerOrganisation changelist with facets": SIGN_IN + 8,
    # sign-in; the organisation; its members with their users (read-only rows; new members
    # are added in rows of their own, which load nothing); the content type.
    "partners.PartnerOrganisation change": SIGN_IN + 3,
    "partners.PartnerOrganisation add": SIGN_IN + 1,
    # sign-in; the list filters' choices (plans, focus areas, pledges with their sets, lead
    # specialists); count of the filtered actions; count of all; the page with plan and lead.
    "plans.Action changelist": SIGN_IN + 7,
    # As the plain list, then one aggregate for each of its five filters counting every
    # choice. (Django builds the filters again for each; their choices are looked up once.)
    "plans.Action changelist with facets": SIGN_IN + 12,
    # sign-in; the action; its pledges, outcomes, forms of VAWG and partners (the form's
    # initial values); its progress updates with action and author; its milestones; the
    # content type (history link); each autocomplete box's chosen values: plan, pledges,
    # focus area, outcomes, forms of VAWG, lead, partners.
    "plans.Action change": SIGN_IN + 15,
    # sign-in; the content type. (Every list is an autocomplete box: nothing is loaded.)
    "plans.Action add": SIGN_IN + 1,
    "plans.ActionPlan changelist": SIGN_IN + 4,
    "plans.ActionPlan changelist with facets": SIGN_IN + 6,
    "plans.ActionPlan change": SIGN_IN + 4,
    "plans.FocusArea changelist": SIGN_IN + 4,
    "plans.FocusArea changelist with facets": SIGN_IN + 4,
    "plans.FocusArea change": SIGN_IN + 3,
    "plans.Indicator changelist": SIGN_IN + 4,
    # sign-in; the pledge filter's choices; two counts; the page with value counts; then for
    # each of the three filters the pledge choices again and one aggregate of its counts.
    "plans.Indicator changelist with facets": SIGN_IN + 10,
    # sign-in; the indicator; its pledges and outcomes; its targets (and the indicator,
    # which names each row); its values with who entered them (and the indicator); the
    # content type.
    "plans.Indicator change": SIGN_IN + 6,
    "plans.Indicator add": SIGN_IN + 1,
    # sign-in; the indicator filter's choices; two counts; the page with indicators.
    # sign-in; two counts; the page with each part's value and indicator.
    "plans.IndicatorBreakdown changelist": SIGN_IN + 3,
    "plans.IndicatorBreakdown changelist with facets": SIGN_IN + 4,
    # sign-in; the part; its value (the title); the content type; the autocomplete box's
    # chosen value.
    "plans.IndicatorBreakdown change": SIGN_IN + 4,
    "plans.IndicatorTarget changelist": SIGN_IN + 4,
    "plans.IndicatorTarget changelist with facets": SIGN_IN + 6,
    "plans.IndicatorTarget change": SIGN_IN + 4,
    "plans.IndicatorValue changelist": SIGN_IN + 4,
    "plans.IndicatorValue changelist with facets": SIGN_IN + 6,
    # sign-in; the value; its breakdown's parts (with the value and indicator, which name
    # each row); the indicator (the page's title); the content type (the history link);
    # the autocomplete box's chosen indicator; who entered it.
    "plans.IndicatorValue change": SIGN_IN + 6,
    # sign-in; the content type (for the form with its breakdown inline).
    "plans.IndicatorValue add": SIGN_IN + 1,
    "plans.LeadSpecialist changelist": SIGN_IN + 3,
    "plans.LeadSpecialist change": SIGN_IN + 5,
    # sign-in; the plan filter's choices; two counts; the page with actions.
    "plans.Milestone changelist": SIGN_IN + 4,
    "plans.Milestone changelist with facets": SIGN_IN + 6,
    "plans.Milestone change": SIGN_IN + 3,
    "plans.Outcome changelist": SIGN_IN + 4,
    "plans.Outcome changelist with facets": SIGN_IN + 4,
    "plans.Outcome change": SIGN_IN + 3,
    "plans.ProgressReview changelist": SIGN_IN + 3,
    "plans.ProgressReview changelist with facets": SIGN_IN + 4,
    "plans.ProgressReview change": SIGN_IN + 5,
    # sign-in; the plan filter's choices; two counts; the page with action and author.
    "plans.ProgressUpdate changelist": SIGN_IN + 4,
    "plans.ProgressUpdate changelist with facets": SIGN_IN + 8,
    "plans.ProgressUpdate change": SIGN_IN + 4,
    # sign-in; two counts; the page with each event's plan and who made it.
    "plans.QuarterEvent changelist": SIGN_IN + 3,
    "plans.QuarterEvent changelist with facets": SIGN_IN + 4,
    # sign-in; the event; its plan and who made it (read-only fields); the content type.
    "plans.QuarterEvent change": SIGN_IN + 4,
    "plans.Strategy changelist": SIGN_IN + 3,
    # sign-in; the strategy; its outcomes; its focus areas; the content type.
    "plans.Strategy change": SIGN_IN + 4,
    "plans.Strategy add": SIGN_IN + 1,
    "plans.ViolenceForm changelist": SIGN_IN + 3,
    "plans.ViolenceForm change": SIGN_IN + 2,
    "pledges.Pledge changelist": SIGN_IN + 4,
    "pledges.Pledge changelist with facets": SIGN_IN + 6,
    "pledges.Pledge change": SIGN_IN + 3,
    "pledges.PledgeSet changelist": SIGN_IN + 3,
    "pledges.PledgeSet change": SIGN_IN + 3,
    "pledges.PledgeSet add": SIGN_IN + 1,
    "recommendations.Recommendation changelist": SIGN_IN + 3,
    "recommendations.Recommendation changelist with facets": SIGN_IN + 6,
    # sign-in; the recommendation; its actions (the form's initial value); its updates
    # with who recorded them (read-only rows); the content type; the autocomplete
    # boxes' chosen source, owner and actions.
    "recommendations.Recommendation change": SIGN_IN + 7,
    "recommendations.Recommendation add": SIGN_IN + 1,
    "recommendations.RecommendationEvidence changelist": SIGN_IN + 3,
    "recommendations.RecommendationEvidence change": SIGN_IN + 5,
    "recommendations.RecommendationSource changelist": SIGN_IN + 3,
    "recommendations.RecommendationSource changelist with facets": SIGN_IN + 5,
    "recommendations.RecommendationSource change": SIGN_IN + 2,
    "recommendations.RecommendationUpdate changelist": SIGN_IN + 3,
    "recommendations.RecommendationUpdate change": SIGN_IN + 4,
    # sign-in; two counts; the page with each risk's owner.
    "risks.Risk changelist": SIGN_IN + 3,
    # As the plain list, then one aggregate for each of its two filters.
    "risks.Risk changelist with facets": SIGN_IN + 5,
    # sign-in; the risk; its actions and pledges (the form's initial values); its
    # mitigations with their owners and its reviews with who made them (read-only rows);
    # the content type; the autocomplete boxes' chosen owner, actions and pledges.
    "risks.Risk change": SIGN_IN + 9,
    "risks.Risk add": SIGN_IN + 1,
    "risks.RiskReview changelist": SIGN_IN + 3,
    "risks.RiskReview change": SIGN_IN + 4,
    "rounds.Reminder changelist": SIGN_IN + 4,
    "rounds.Reminder changelist with facets": SIGN_IN + 8,
    "rounds.Reminder change": SIGN_IN + 4,
    # sign-in; two counts; a page of notices with their users.
    "rounds.ReturnedNotice changelist": SIGN_IN + 3,
    # As the plain list, and a count for each choice of the two filters.
    "rounds.ReturnedNotice changelist with facets": SIGN_IN + 5,
    # sign-in; the notice; its user; the content type (the history link).
    "rounds.ReturnedNotice change": SIGN_IN + 3,
    "system.WorkerHeartbeat changelist": SIGN_IN + 3,
    "system.WorkerHeartbeat change": SIGN_IN + 2,
}

# Pages PCC staff may not open (403): user accounts, security records, the audit log,
# worker state, sign-off decisions, reminders and returned notices, two kinds of schedule, and the
# recommendations tracker and the risk register (each kept on its own pages; their admin
# is a superuser's).
STAFF_MAY_NOT_OPEN = (
    "api.",
    "audit.",
    "auth.",
    "axes.",
    "otp_totp.",
    "system.",
    "django_celery_beat.ClockedSchedule",
    "django_celery_beat.SolarSchedule",
    "django_celery_beat.CrontabSchedule add",
    "django_celery_beat.IntervalSchedule add",
    "plans.ProgressReview",
    "plans.QuarterEvent",
    "recommendations.",
    "risks.",
    "rounds.Reminder",
    "rounds.ReturnedNotice",
)


def _pages():
    """(page name, url name, args, query) of every admin page this module pins."""
    for model, model_admin in sorted(
        admin.site._registry.items(), key=lambda item: item[0]._meta.label
    ):
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        yield f"{opts.label} changelist", f"{prefix}_changelist", None, ""
        if model_admin.list_filter:
            yield f"{opts.label} changelist with facets", f"{prefix}_changelist", None, "_facets=1"
        yield f"{opts.label} change", f"{prefix}_change", model, ""
        if model_admin.inlines:
            yield f"{opts.label} add", f"{prefix}_add", None, ""


class AdminQueries:
    actions = None

    @classmethod
    def setUpTestData(cls):
        generate(cls.actions)
        n = 2 if cls.actions <= 10 else 20
        cls.superuser = make_person(None, username="ada.admin", is_staff=True, is_superuser=True)
        cls.staff = make_person(Role.PCC_STAFF, username="sam.staff", is_staff=True)
        plan = ActionPlan.objects.active().first()
        action = Action.objects.filter(plan=plan).order_by("pk").first()
        organisation = PartnerOrganisation.objects.order_by("pk").first()
        activities = [
            ActivityFactory(action=action, organisation=organisation, created_by=cls.staff)
            for _ in range(n)
        ]
        activity = activities[0]
        ActivityEvent.objects.bulk_create(
            ActivityEvent(activity=activity, kind="submitted", user=cls.staff) for _ in range(n)
        )
        for _ in range(n):
            EvidenceFactory(activity=activity)
        Milestone.objects.bulk_create(
            Milestone(action=action, title=f"Step {i}", due_date=datetime.date(2026, 12, 31))
            for i in range(n)
        )
        ProgressUpdate.objects.bulk_create(
            ProgressUpdate(
                action=action,
                period=Quarter(2000 + i, 1),
                author=cls.staff,
                status=Status.ON_TRACK,
                percent_complete=10,
                narrative="On track.",
            )
            for i in range(n)
        )
        indicator = IndicatorFactory()
        IndicatorValue.objects.bulk_create(
            IndicatorValue(
                indicator=indicator, period=Quarter(2000 + i, 1), value=i, entered_by=cls.staff
            )
            for i in range(n)
        )
        broken_down = indicator.values.order_by("period").first()
        IndicatorBreakdown.objects.bulk_create(
            IndicatorBreakdown(
                value=broken_down,
                dimension=Dimension.LOCAL_AUTHORITY,
                category=f"Area {i}",
                figure=i,
            )
            for i in range(n)
        )
        reviewer = make_person(Role.PCC_STAFF, username="ola.other", is_staff=True)
        ProgressReview.objects.bulk_create(  # by someone else than their author (four eyes)
            ProgressReview(update=update, decision=ReviewDecision.SIGNED_OFF, reviewed_by=reviewer)
            for update in ProgressUpdate.objects.order_by("pk")[:n]
        )
        Reminder.objects.bulk_create(
            Reminder(user=cls.staff, plan=plan, period=Quarter(2026, 3), kind="manual")
            for _ in range(n)
        )
        QuarterEvent.objects.bulk_create(
            QuarterEvent(plan=plan, quarter=Quarter(2000 + i, 1), kind="closed", by=cls.staff)
            for i in range(n)
        )
        ReturnedNotice.objects.bulk_create(
            ReturnedNotice(user=cls.staff, subject="activity", decision_id=i) for i in range(n)
        )
        with override_settings(API_MAX_TOKENS_PER_USER=n):  # n tokens, all live
            for i in range(n):
                ApiToken.issue(cls.staff, f"Tool {i}")
        AuditEvent.objects.bulk_create(
            AuditEvent(kind="sign_in", user=cls.staff, username="sam.staff") for _ in range(n)
        )
        users = [make_person(Role.PARTNER, username=f"pat.partner{i}") for i in range(n)]
        PartnerMembership.objects.bulk_create(
            PartnerMembership(user=user, organisation=organisation) for user in users
        )
        TOTPDevice.objects.bulk_create(TOTPDevice(user=user, name="phone") for user in users)
        now = timezone.now()
        WorkerHeartbeat.objects.bulk_create(
            WorkerHeartbeat(name=f"worker{i}", last_seen=now) for i in range(n)
        )
        sign_in = {"user_agent": "test", "ip_address": "127.0.0.1", "http_accept": "*/*"}
        for i in range(n):
            sign_in.update(username=f"pat.partner{i}", path_info="/sign-in/")
            AccessAttempt.objects.create(
                **sign_in, get_data="", post_data="", failures_since_start=1
            )
            AccessLog.objects.create(**sign_in)
            AccessFailureLog.objects.create(**sign_in)
        ClockedSchedule.objects.create(clocked_time=now)
        SolarSchedule.objects.create(event="sunrise", latitude=53.4, longitude=-3.0)
        # Its own interval, not the first there is (a migration's, used by a beat task).
        interval, _ = IntervalSchedule.objects.get_or_create(every=1, period="days")
        award = Award.objects.create(
            reference="ADMIN-1",
            title="Inline children",
            source=FundingSource.objects.order_by("pk").first(),
            organisation=organisation,
            starts_on=datetime.date(2000, 4, 1),
            ends_on=datetime.date(2000 + n, 3, 31),
        )
        AwardYear.objects.bulk_create(
            AwardYear(award=award, financial_year=2000 + i, amount=i) for i in range(n)
        )
        outputs = AwardOutput.objects.bulk_create(
            AwardOutput(award=award, name=f"Output {i}", kind="sessions", target=i)
            for i in range(n)
        )
        spend_return = SpendReturn.objects.create(
            award=award, period=Quarter(1999, 1), spend=1, created_by=cls.staff
        )
        ReturnOutput.objects.bulk_create(
            ReturnOutput(spend_return=spend_return, output=output, achieved=1) for output in outputs
        )
        ReturnEvent.objects.bulk_create(
            ReturnEvent(spend_return=spend_return, kind="submitted", user=cls.staff)
            for _ in range(n)
        )
        recommendation = Recommendation.objects.order_by("pk").first()
        updates = RecommendationUpdate.objects.bulk_create(
            RecommendationUpdate(
                recommendation=recommendation,
                recorded_by=cls.staff,
                happened_on=datetime.date(2026, 1, 1),
                status_before="accepted",
                status_after="in_progress",
                note="Begun.",
            )
            for _ in range(n)
        )
        RecommendationEvidence.objects.bulk_create(
            RecommendationEvidence(
                update=update,
                file=f"evidence/2026/01/{i}.pdf",
                original_name="minutes.pdf",
                extension="pdf",
                content_type="application/pdf",
                size=100,
                sha256="0" * 64,
                uploaded_by=cls.staff,
            )
            for i, update in enumerate(updates)
        )
        risk = Risk.objects.order_by("pk").first()
        owner = risk.owner
        Mitigation.objects.bulk_create(
            Mitigation(risk=risk, text=f"Step {i}", owner=owner, due_on=datetime.date(2026, 6, 30))
            for i in range(n)
        )
        RiskReview.objects.bulk_create(
            RiskReview(
                risk=risk,
                reviewed_by=cls.staff,
                likelihood_before=3,
                impact_before=3,
                likelihood_after=3,
                impact_after=2,
                comment="Reviewed.",
            )
            for _ in range(n)
        )
        # The object each change page opens: the one with the inline children, else the first.
        cls.objects = {
            Award: award,
            SpendReturn: spend_return,
            Action: action,
            PartnerOrganisation: organisation,
            type(activity): activity,
            type(indicator): indicator,
            IndicatorValue: broken_down,
            User: cls.staff,
            IntervalSchedule: interval,
            Recommendation: recommendation,
            Risk: risk,
        }

    def _object(self, model):
        if model in self.objects:
            return self.objects[model]
        return model._default_manager.order_by("pk").first()

    def measure(self, person):
        """
        {page: queries} for every page, None where the person may not open it. The clock
        stands still meanwhile: the session notes its last request at most once a minute
        (3 queries), and the walk through every page can take longer than that.
        """
        with time_machine.travel(timezone.now(), tick=False):
            return self._measure(person)

    def _measure(self, person):
        self.client.force_login(person)
        counts = {}
        for page, name, model, query in _pages():
            args = []
            if model is not None:
                obj = self._object(model)
                assert obj is not None, f"no {model._meta.label} to open"
                args = [obj.pk]
            url = reverse(name, args=args) + (f"?{query}" if query else "")
            ContentType.objects.clear_cache()  # the same, whichever page came first
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            if response.status_code == 403:
                counts[page] = None
            else:
                assert response.status_code == 200, f"{page}: {response.status_code}"
                counts[page] = len(queries)
        return counts

    def test_every_admin_page_runs_its_pinned_queries_as_a_superuser(self):
        assert self.measure(self.superuser) == EXPECTED

    def test_every_admin_page_runs_its_pinned_queries_as_pcc_staff(self):
        expected = {
            page: None
            if count is None or page.startswith(STAFF_MAY_NOT_OPEN)
            else count + STAFF_PERMISSIONS
            for page, count in EXPECTED.items()
        }
        assert self.measure(self.staff) == expected

    def test_every_admin_page_is_pinned(self):
        assert [page for page, *_ in _pages()] == list(EXPECTED)


class TestAdminAt10Actions(AdminQueries, TestCase):
    actions = 10


class TestAdminAt1000Actions(AdminQueries, TestCase):
    actions = 1000
