"""
Every API endpoint runs the same number of queries at 10 and at 1,000 actions, list and
record alike. The counts are pinned; the comment above each names its queries.

Every request with a token starts with the same three ("token" below): the token with its
user, the user's own permissions and their groups' permissions. "Last used" is written at
most once a minute, so a token already used this minute adds nothing (the first request
of each test warms it).
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from api.models import ApiToken
from demo.scale_data import generate
from plans.models import Action, Indicator, Milestone, Outcome, ProgressUpdate
from pledges.models import Pledge
from reports.models import Report, ReportKind
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from ..factories import ActivityFactory, PartnerMembershipFactory
from ..personas import make_person
from . import NAV

TOKEN = 3

EXPECTED = {
    # token; count; a page of plans with strategy and lead.
    "api:plan-list": TOKEN + 2,
    "api:plan-detail": TOKEN + 1,
    # token; count; a page of actions with lead; their pledges; their outcomes.
    "api:action-list": TOKEN + 4,
    "api:action-detail": TOKEN + 3,
    # token; count; a page of updates with their sign-off decisions.
    "api:progress_update-list": TOKEN + 2,
    "api:progress_update-detail": TOKEN + 1,
    # token; count; a page of milestones.
    "api:milestone-list": TOKEN + 2,
    "api:milestone-detail": TOKEN + 1,
    # token; count; a page of indicators; their values; the values' breakdowns; their
    # targets (the trajectory, and the RAG); their pledges; their outcomes.
    "api:indicator-list": TOKEN + 7,
    "api:indicator-detail": TOKEN + 6,
    # token; count; a page of pledges with their sets.
    "api:pledge-list": TOKEN + 2,
    "api:pledge-detail": TOKEN + 1,
    # token; count; a page of outcomes.
    "api:outcome-list": TOKEN + 2,
    "api:outcome-detail": TOKEN + 1,
    # token; count; a page of reports.
    "api:report-list": TOKEN + 2,
    "api:report-detail": TOKEN + 1,
    # token; count; a page of activities with their organisations.
    "api:activity-list": TOKEN + 2,
    "api:activity-detail": TOKEN + 1,
}
# A partner's list: as above, and their membership first (which organisation is theirs).
PARTNER_ACTIVITIES = TOKEN + 3


class ApiQueries:
    actions = None

    @classmethod
    def setUpTestData(cls):
        generate(cls.actions)
        cls.staff = make_person(Role.PCC_STAFF, username="sam.staff", is_staff=True)
        cls.partner = make_person(Role.PARTNER, username="ana.partner")
        membership = PartnerMembershipFactory(user=cls.partner, organisation__name="Partner A")
        actions = list(Action.objects.order_by("pk"))
        first = ActivityFactory(action=actions[0], organisation=membership.organisation)
        Activity.objects.bulk_create(
            Activity(
                action=action,
                organisation=membership.organisation,
                kind=first.kind,
                title=f"Session {n}",
                started_on=first.started_on,
                period=first.period,
                people_reached=10,
                sessions=1,
                created_by=first.created_by,
            )
            for n, action in enumerate(actions[1:])
        )
        plan = actions[0].plan
        for number in (1, 2, 3):
            report = Report.objects.create(
                plan=plan, period=Quarter(2025, number), kind=ReportKind.QUARTERLY
            )
            report.succeed(name="r.pdf", content=ContentFile(b"%PDF-1.7"), sha256="0" * 64, pages=1)
        cls.ids = {
            "api:plan-detail": plan.pk,
            "api:action-detail": actions[0].pk,
            "api:progress_update-detail": ProgressUpdate.objects.order_by("pk").first().pk,
            "api:milestone-detail": Milestone.objects.order_by("pk").first().pk,
            "api:indicator-detail": Indicator.objects.order_by("pk").first().pk,
            "api:pledge-detail": Pledge.objects.order_by("pk").first().pk,
            "api:outcome-detail": Outcome.objects.order_by("pk").first().pk,
            "api:report-detail": report.pk,
            "api:activity-detail": first.pk,
        }
        cls.staff_secret = ApiToken.issue(cls.staff, "tool")[1]
        cls.partner_secret = ApiToken.issue(cls.partner, "tool")[1]

    def _get(self, name, secret, expected):
        url = reverse(name, args=[self.ids[name]] if name in self.ids else [])
        auth = {"HTTP_AUTHORIZATION": f"Token {secret}"}
        self.client.get(reverse("api:outcome-list"), **auth)  # "last used" written
        with self.assertNumQueries(expected):
            response = self.client.get(url, **auth)
        assert response.status_code == 200
        return response.json()

    def test_every_endpoint(self):
        for name, expected in EXPECTED.items():
            with self.subTest(name):
                body = self._get(name, self.staff_secret, expected)
                if name.endswith("-list"):
                    assert body["results"], name  # rows were listed

    def test_a_report_s_pdf(self):
        report = Report.objects.get(pk=self.ids["api:report-detail"])
        report.file.storage.save(report.file.name, ContentFile(b"%PDF-1.7"))  # this test's
        url = reverse("api:report-download", args=[report.pk])
        auth = {"HTTP_AUTHORIZATION": f"Token {self.staff_secret}"}
        self.client.get(reverse("api:outcome-list"), **auth)
        # token; the report; the audit record of the download.
        with self.assertNumQueries(TOKEN + 2):
            response = self.client.get(url, **auth)
        assert response.status_code == 200

    def test_a_partner_s_activities(self):
        body = self._get("api:activity-list", self.partner_secret, PARTNER_ACTIVITIES)
        assert body["count"] == self.actions

    def test_the_actions_filtered_by_status_and_pledge(self):
        action = Action.objects.get(pk=self.ids["api:action-detail"])
        pledge = action.pledges.order_by("pk").first()
        auth = {"HTTP_AUTHORIZATION": f"Token {self.staff_secret}"}
        url = f"{reverse('api:action-list')}?status={action.status}&pledge={pledge.pk}&sort=due"
        self.client.get(reverse("api:outcome-list"), **auth)
        # As the plain list, plus one to look up the chosen pledge.
        with self.assertNumQueries(EXPECTED["api:action-list"] + 1):
            response = self.client.get(url, **auth)
        assert response.json()["count"] > 0


class TestApiAt10Actions(ApiQueries, TestCase):
    actions = 10


class TestApiAt1000Actions(ApiQueries, TestCase):
    actions = 1000


def test_every_api_endpoint_has_a_pinned_query_count():
    from ..permissions.test_permission_matrix import EXPECTED as MATRIX

    endpoints = {name for name in MATRIX if name.startswith("api:") and name[4:].count("-")}
    # The PDF download has its own test above (it answers a file, not JSON).
    assert endpoints == set(EXPECTED) | {"api:report-download"}


SIGN_IN = 4  # the session, the user, their permissions, their groups' permissions

PAGES = {
    # sign-in; the navigation's count; the user's tokens.
    "api:token_list": SIGN_IN + NAV + 1,
    # sign-in; the navigation's count.
    "api:token_create": SIGN_IN + NAV,
    # sign-in; the navigation's count (Swagger UI in the browser reads the endpoints from
    # the schema).
    "api:docs": SIGN_IN + NAV,
}


class TestApiPages(TestCase):
    """The pages about the API: the same counts however many tokens and actions."""

    @classmethod
    def setUpTestData(cls):
        cls.staff = make_person(Role.PCC_STAFF, username="sam.staff", is_staff=True)
        # 30 tokens, the last API_MAX_TOKENS_PER_USER live (the most one may have).
        for n in range(30):
            token, _ = ApiToken.issue(cls.staff, f"Tool {n}")
            if n < 30 - settings.API_MAX_TOKENS_PER_USER:
                ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())

    def test_every_page(self):
        self.client.force_login(self.staff)
        for name, expected in PAGES.items():
            with self.subTest(name), self.assertNumQueries(expected):
                assert self.client.get(reverse(name)).status_code == 200


def test_every_api_page_has_a_pinned_query_count():
    from ..permissions.test_permission_matrix import EXPECTED as MATRIX

    pages = {name for name in MATRIX if name.startswith("api:") and not name[4:].count("-")}
    # The schema is the API's own answer (no page); revoking is a POST.
    assert pages - {"api:schema", "api:token_revoke"} == set(PAGES)
