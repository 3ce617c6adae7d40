"""
The update-round pages ("My updates", round status, the sign-off queue) run the same
number of queries at 10 and at 1,000 actions, however many are due, overdue or waiting.

The clock is frozen on 20 December 2026: the 2026/27 Q3 round is open (it opened on the
17th) and the Q2 round has closed, so every page has something due and something
overdue to show. "sign-in" is the session, the user and the user's permissions (four).
"""

import datetime
from unittest import mock

import time_machine
from django.contrib.auth.models import User
from django.test import TestCase
from django.urls import reverse

from demo.scale_data import generate
from partners.models import PartnerOrganisation
from plans.lifecycle import QuarterCycle, first_open_quarter
from plans.models import Action, ActionPlan, ProgressUpdate
from rounds import inbox
from rounds.round import Rounds, rounds_on
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from ..factories import PartnerMembershipFactory
from ..personas import make_person
from . import NAV

SIGN_IN = 4
FROZEN = datetime.datetime(2026, 12, 20, 9, tzinfo=datetime.UTC)

EXPECTED = {
    # sign-in; the inbox (the navigation's, shared with the page); then a page
    # of each kind a lead can owe: updates returned, overdue and due, milestones due,
    # risks to review, recommendations overdue.
    ("lead", "rounds:my_updates"): SIGN_IN + NAV + 6,
    # sign-in; the inbox; a page of each kind a partner can owe: activities returned,
    # spend returns returned, overdue and due, activities overdue and due for the round.
    ("partner", "rounds:my_updates"): SIGN_IN + NAV + 6,
    # sign-in; the inbox; a page of each kind staff decide on (updates to sign off,
    # activities to verify, spend returns to review), and of the six a lead owes (staff
    # record progress, and may lead an action).
    ("staff", "rounds:my_updates"): SIGN_IN + NAV + 3 + 6,
    # sign-in; the navigation's count; the active plans; each plan's actions counted,
    # updated and signed off (one query); lead specialists with updates missing; partners
    # with activities missing.
    ("staff", "rounds:round_status"): SIGN_IN + NAV + 4,
    # sign-in; the navigation's count; count of updates awaiting sign-off; a page of them
    # with action, plan and author.
    ("staff", "plans:sign_off_queue"): SIGN_IN + NAV + 2,
    # sign-in; the navigation's count; the plan; the actions with no update for the
    # quarter, with their leads; the updates for it awaiting sign-off, with their actions.
    ("staff", "rounds:close_quarter"): SIGN_IN + NAV + 3,
    # sign-in; the navigation's count; the plan; the quarter's closings and reopenings.
    ("staff", "rounds:reopen_quarter"): SIGN_IN + NAV + 2,
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

    def assert_page_queries(self, role, name, args=None):
        self.client.force_login(self.people[role])
        with self.assertNumQueries(EXPECTED[role, name]):
            response = self.client.get(reverse(name, args=args))
        assert response.status_code == 200
        return response

    def test_my_updates_for_a_lead_specialist(self):
        response = self.assert_page_queries("lead", "rounds:my_updates")
        (due,) = [g for g in response.context["groups"] if g.kind.name == "update_due"]
        assert due.items
        assert all(f"?period={Quarter(2026, 3).slug}#" in item.link for item in due.items)

    def test_my_updates_for_a_partner(self):
        response = self.assert_page_queries("partner", "rounds:my_updates")
        kinds = {g.kind.name for g in response.context["groups"]}
        assert "activity_due" in kinds  # the organisation has actions to log against

    def test_my_updates_for_staff(self):
        response = self.assert_page_queries("staff", "rounds:my_updates")
        (sign_off,) = [g for g in response.context["groups"] if g.kind.name == "sign_off"]
        assert sign_off.count == ProgressUpdate.objects.awaiting_sign_off().count() > 0

    def test_the_navigation_count_is_one_query(self):
        """Once the round calendar is kept (as in service, after the first page; see
        conftest.py), the count is one query whatever the data."""
        today = FROZEN.date()
        for role in ("lead", "partner", "staff"):
            person = User.objects.get(pk=self.people[role].pk)
            person.get_all_permissions()  # loaded at sign-in, with the session
            with mock.patch.object(inbox, "CALENDAR_SECONDS", 300):
                inbox.round_calendar()
                with self.assertNumQueries(1):
                    owed = inbox.Inbox(person, today).count()
            assert owed > 0
            self.client.force_login(person)
            page = self.client.get(reverse("rounds:my_updates")).content.decode()
            assert f'data-testid="inbox-count">{owed}<' in page

    def test_round_status(self):
        response = self.assert_page_queries("staff", "rounds:round_status")
        assert sum(row["total"] for row in response.context["rows"]) > 0

    def test_closing_a_quarter(self):
        """The page lists every action still missing its update: one query however many."""
        plan = ActionPlan.objects.active().order_by("pk").first()
        quarter = first_open_quarter(plan)  # the plan's earliest, long ended
        assert quarter.has_ended(FROZEN.date())
        response = self.assert_page_queries("staff", "rounds:close_quarter", [plan.pk, quarter])
        assert not response.context["refusal"], response.context["refusal"]

    def test_reopening_a_quarter(self):
        plan = ActionPlan.objects.active().order_by("pk").first()
        quarter = first_open_quarter(plan)
        QuarterCycle(plan, quarter).close(today=FROZEN.date())
        response = self.assert_page_queries("staff", "rounds:reopen_quarter", [plan.pk, quarter])
        assert len(response.context["events"]) == 1

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
