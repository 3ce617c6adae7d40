"""
Every page of the staff workspace runs the same number of queries at 10 actions and at
1,000 actions. The counts are pinned; the comment above each names its queries.

Every signed-in page starts with the same four: the session, the user, the user's own
permissions and their groups' permissions ("sign-in" below).
"""

from django.test import TestCase
from django.urls import reverse

from demo.scale_data import generate
from plans.models import Action, ActionPlan, Indicator, IndicatorValue, Outcome
from pledges.models import Pledge
from vawg_tracker.accounts.models import Role

from ..personas import make_person
from . import NAV

SIGN_IN = 4 + NAV  # and the navigation's count of what the person owes

EXPECTED = {
    # sign-in; the active plan; the pledge set its actions deliver most; the plan's newest
    # progress update and decision (the key of the figures kept in the cache, which
    # tests/reports/test_dashboard_kept.py pins when read from it); where the plan's
    # actions stood at the quarter's end and a quarter earlier (one ranked read of their
    # updates); the actions; overdue milestones; the
    # set's pledges; which pledges each action delivers; the strategy's outcomes; which
    # outcomes each action serves; key indicators; their values; their targets (for the
    # RAG against target); latest updates;
    # verified partner activity in the quarter by kind; the filter form's choices
    # (plans, pledge sets, focus areas); the funding card (staff may read funding:
    # funding.summary's year totals, spent to date, the returns overdue counted in one
    # aggregate); open risks past their review date; open recommendations past their due
    # date, with sources and owners.
    "reports:dashboard": SIGN_IN + 23,
    # sign-in; count of matching actions; the filter form's choices (plans, pledges,
    # focus areas, outcomes, forms of VAWG, lead specialists, partners); the page of
    # actions with plan and lead; their pledges with their sets.
    "plans:action_list": SIGN_IN + 10,
    # sign-in; the audit log's insert (export); every action's pledges with their sets;
    # the actions with plan and lead (streamed, one query).
    "plans:action_export": SIGN_IN - NAV + 3,  # a download: no navigation
    # sign-in; the action with plan, plan lead, strategy, lead, focus area; its pledges
    # (with sets), outcomes, forms of VAWG, partners; its updates with authors;
    # milestones; partners' activities with their organisations; the awards that fund it
    # with source, organisation and total over their years (one query: the scale data
    # gives the action an award); the open risks that threaten it, with owners; the
    # recommendations it delivers, with sources; indicators of its pledges; the latest
    # value of each.
    "plans:action_detail": SIGN_IN + 13,
    # sign-in; the pledge with its set; count of its actions; a page of them; the open
    # risks that threaten it, with owners.
    "plans:pledge_detail": SIGN_IN + 4,
    # sign-in; the outcome with its strategy; the strategy's active plan; where the plan's
    # actions serving the outcome stood (one ranked read of their updates); the actions; their
    # overdue milestones; the outcome's indicators; their values; their targets; the
    # form's plans.
    "reports:outcome_detail": SIGN_IN + 9,
    # sign-in; the plans with lead, strategy and action counts.
    "plans:plan_list": SIGN_IN + 1,
    # sign-in; the plan; its actions counted by status; overdue count; count of its
    # actions; a page of them with leads.
    "plans:plan_detail": SIGN_IN + 5,
    # sign-in; count of lead specialists; a page of them with their counts.
    "plans:lead_list": SIGN_IN + 2,
    # sign-in; the lead specialist; their actions by status; overdue count; the plans
    # they lead; count of their actions; a page of them with plans.
    "plans:lead_detail": SIGN_IN + 6,
    # sign-in; count of indicators; a page of them; their values; their targets.
    "plans:indicator_list": SIGN_IN + 4,
    # sign-in; the indicator; its values with who entered them; its targets by quarter;
    # the latest value's breakdown (its parts).
    "plans:indicator_detail": SIGN_IN + 4,
    # sign-in; the value with its indicator; the version of its breakdown (the latest
    # history id of its parts); the form's parts; the parts as saved now (their sum check).
    "plans:indicator_value_breakdown": SIGN_IN + 4,
    # sign-in; the form's choices: plans, pledges, focus areas, outcomes, forms of VAWG,
    # lead specialists, partners.
    "plans:action_create": SIGN_IN + 7,
    # sign-in; the action; its current pledges, outcomes, forms of VAWG and partners;
    # its version (latest history id); the form's seven lists of choices.
    "plans:action_edit": SIGN_IN + 13,
    # sign-in; the form's choices: strategies, lead specialists.
    "plans:plan_create": SIGN_IN + 2,
    # sign-in; the plan; its version; strategies; lead specialists.
    "plans:plan_edit": SIGN_IN + 4,
    # sign-in; forms of VAWG; users with the lead specialist role.
    "plans:lead_create": SIGN_IN + 2,
    # sign-in; the lead specialist; their specialisms; their version; forms of VAWG;
    # users with the lead specialist role.
    "plans:lead_edit": SIGN_IN + 5,
    # sign-in; the milestone with its action, plan and leads.
    "plans:milestone_move": SIGN_IN + 1,
}


class PageQueries:
    actions = None

    @classmethod
    def setUpTestData(cls):
        generate(cls.actions)
        cls.staff = make_person(Role.PCC_STAFF, username="sam.staff", is_staff=True)
        plan = ActionPlan.objects.active().first()
        cls.action = Action.objects.filter(plan=plan).order_by("pk").first()
        cls.ids = {
            "plans:action_detail": cls.action.pk,
            "plans:action_edit": cls.action.pk,
            "plans:pledge_detail": Pledge.objects.order_by("pk").first().pk,
            "reports:outcome_detail": Outcome.objects.order_by("pk").first().pk,
            "plans:plan_detail": plan.pk,
            "plans:plan_edit": plan.pk,
            "plans:lead_detail": cls.action.lead_id,
            "plans:lead_edit": cls.action.lead_id,
            "plans:indicator_detail": Indicator.objects.order_by("pk").first().pk,
            "plans:indicator_value_breakdown": IndicatorValue.objects.order_by("pk").first().pk,
            "plans:milestone_move": cls.action.milestones.order_by("pk").first().pk,
        }

    def assert_page_queries(self, name, query=None):
        self.client.force_login(self.staff)
        url = reverse(name, args=[self.ids[name]] if name in self.ids else [])
        with self.assertNumQueries(EXPECTED[name]):
            response = self.client.get(url, query or {})
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200

    def test_dashboard(self):
        self.assert_page_queries("reports:dashboard")

    def test_action_list(self):
        self.assert_page_queries("plans:action_list")

    def test_action_export(self):
        self.assert_page_queries("plans:action_export")

    def test_action_export_as_excel(self):
        # The same queries as the CSV: the workbook is written from the same rows.
        self.assert_page_queries("plans:action_export", {"format": "xlsx"})

    def test_action_detail(self):
        self.assert_page_queries("plans:action_detail")

    def test_pledge_detail(self):
        self.assert_page_queries("plans:pledge_detail")

    def test_outcome_detail(self):
        self.assert_page_queries("reports:outcome_detail")

    def test_plan_list(self):
        self.assert_page_queries("plans:plan_list")

    def test_plan_detail(self):
        self.assert_page_queries("plans:plan_detail")

    def test_lead_list(self):
        self.assert_page_queries("plans:lead_list")

    def test_lead_detail(self):
        self.assert_page_queries("plans:lead_detail")

    def test_indicator_list(self):
        self.assert_page_queries("plans:indicator_list")

    def test_indicator_detail(self):
        self.assert_page_queries("plans:indicator_detail")

    def test_indicator_value_breakdown(self):
        self.assert_page_queries("plans:indicator_value_breakdown")

    def test_action_create(self):
        self.assert_page_queries("plans:action_create")

    def test_action_edit(self):
        self.assert_page_queries("plans:action_edit")

    def test_plan_create(self):
        self.assert_page_queries("plans:plan_create")

    def test_plan_edit(self):
        self.assert_page_queries("plans:plan_edit")

    def test_lead_create(self):
        self.assert_page_queries("plans:lead_create")

    def test_lead_edit(self):
        self.assert_page_queries("plans:lead_edit")

    def test_milestone_move(self):
        self.assert_page_queries("plans:milestone_move")

    def test_the_action_list_filtered_by_status_and_pledge(self):
        self.client.force_login(self.staff)
        pledge = self.action.pledges.order_by("pk").first()
        query = f"?status={self.action.status}&status=off_track&pledge={pledge.pk}&sort=due"
        url = reverse("plans:action_list") + query
        # As the plain list, plus one to look up the chosen pledge: filters add
        # conditions, not queries.
        with self.assertNumQueries(EXPECTED["plans:action_list"] + 1):
            response = self.client.get(url)
        assert response.context["page"].paginator.count > 0  # rows were listed


class TestPagesAt10Actions(PageQueries, TestCase):
    actions = 10


class TestPagesAt1000Actions(PageQueries, TestCase):
    actions = 1000


def test_every_workspace_page_has_a_pinned_query_count():
    from ..permissions.test_permission_matrix import EXPECTED as MATRIX
    from .test_round_page_queries import EXPECTED as ROUND_PAGES

    # The workspace: plans' and the round's pages, and the read side's pages that show
    # the plan (the dashboard and the outcome page, in reports since issue 15).
    read_side = {"reports:dashboard", "reports:outcome_detail"}
    gets = {name for name in MATRIX if name.startswith(("plans:", "rounds:")) or name in read_side}
    post_only = {"plans:record_progress", "plans:milestone_add", "plans:milestone_complete"}
    post_only |= {"plans:indicator_value_add", "plans:update_sign_off", "plans:update_return"}
    post_only |= {"rounds:remind_now"}
    assert gets - post_only == set(EXPECTED) | {name for _, name in ROUND_PAGES}
