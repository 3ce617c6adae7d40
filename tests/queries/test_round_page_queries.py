"""
The update-round pages ("My updates", round status, the sign-off queue) run the same
number of queries at 10 and at 1,000 actions, however many are due, overdue or waiting.

The clock is frozen on 20 December 2026: the 2026/27 Q3 round is open (it opened on the
17th) and the Q2 round has closed, so every page has something due and something
overdue to show. "sign-in" is the session, the user and the user's permissions (four).
"""

import datetime

import time_machine
from django.test import TestCase
from django.urls import reverse

from demo.scale_data import generate
from partners.models import PartnerOrganisation
from plans.models import Action, ActionPlan, ProgressUpdate
from rounds.round import Rounds, rounds_on
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from ..factories import PartnerMembershipFactory
from ..personas import make_person

SIGN_IN = 4
FROZEN = datetime.datetime(2026, 12, 20, 9, tzinfo=datetime.UTC)

EXPECTED = {
    # sign-in; the active plans; a partner membership (none: they are a lead specialist);
    # the lead's actions missing an update in the open rounds; those missing in the
    # closed rounds (overdue); their returned updates not yet amended; their risks past
    # their review date; their recommendations past their due date, with sources.
    ("lead", "rounds:my_updates"): SIGN_IN + 7,
    # sign-in; the active plans; the partner's membership with its organisation; its
    # actions with no activity logged in the open rounds; in the closed rounds; returned
    # updates (none: partners do not record them).
    ("partner", "rounds:my_updates"): SIGN_IN + 5,
    # sign-in; the active plans; each plan's actions counted, updated and signed off (one
    # query); lead specialists with updates missing; partners with activities missing.
    ("staff", "rounds:round_status"): SIGN_IN + 4,
    # sign-in; count of updates awaiting sign-off; a page of them with action, plan and
    # author.
    ("staff", "plans:sign_off_queue"): SIGN_IN + 2,
}


class RoundPageQueries:
    actions = None

    @classmethod
    def setUpTestData(cls):
        generate(cls.actions)
        plan = ActionPlan.objects.active().order_by("pk").first()
        due = Rounds(rounds_on(FROZEN.date())).missing_updates().order_by("pk").first()
        organisation = PartnerOrganisation.objects.filter(actions__plan=plan).first()
        cls.people = {
            "staff": make_person(Role.PCC_STAFF, username="sam.staff", is_staff=True),
            "lead": due.lead.user,
            "partner": make_person(Role.PARTNER, username="ana.partner"),
        }
        PartnerMembershipFactory(user=cls.people["partner"], organisation=organisation)

    def assert_page_queries(self, role, name):
        self.client.force_login(self.people[role])
        with self.assertNumQueries(EXPECTED[role, name]):
            response = self.client.get(reverse(name))
        assert response.status_code == 200
        return response

    def test_my_updates_for_a_lead_specialist(self):
        response = self.assert_page_queries("lead", "rounds:my_updates")
        due = [s for s in response.context["sections"] if s["state"] == "due"]
        assert due
        assert all(s["round"].quarter == Quarter(2026, 3) for s in due)

    def test_my_updates_for_a_partner(self):
        response = self.assert_page_queries("partner", "rounds:my_updates")
        assert response.context["sections"]  # the organisation has actions to log against

    def test_round_status(self):
        response = self.assert_page_queries("staff", "rounds:round_status")
        assert sum(row["total"] for row in response.context["rows"]) > 0

    def test_sign_off_queue(self):
        response = self.assert_page_queries("staff", "plans:sign_off_queue")
        waiting = ProgressUpdate.objects.awaiting_sign_off().count()
        assert response.context["page"].paginator.count == waiting > 0


@time_machine.travel(FROZEN, tick=False)
class TestRoundPagesAt10Actions(RoundPageQueries, TestCase):
    actions = 10


@time_machine.travel(FROZEN, tick=False)
class TestRoundPagesAt1000Actions(RoundPageQueries, TestCase):
    actions = 1000


def test_the_1000_action_data_set_spreads_over_more_than_one_active_plan(db):
    """The pinned counts mean something only if more than one plan is asked about."""
    with time_machine.travel(FROZEN, tick=False):
        generate(20)
    plans = ActionPlan.objects.active()
    assert plans.count() > 1
    assert all(Action.objects.filter(plan=plan).exists() for plan in plans)
