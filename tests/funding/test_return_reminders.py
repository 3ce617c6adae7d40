"""
Spend returns owed for the round's quarter join the partner's update-round digest: on
awards to its organisation that pay for one of the plan's actions, until a return is
submitted or accepted (one returned for changes is still owed).

The round is 2026/27 Q3 (1 October to 31 December 2026): it opens on 17 December and the
last-chance digest goes on 7 January 2027.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail

from funding.models import ReturnState, SpendReturn
from rounds import tasks
from rounds.round import Round
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, ActionPlanFactory, PartnerMembershipFactory
from ..personas import make_person
from .factories import AwardFactory

pytestmark = pytest.mark.django_db
Q3 = Quarter(2026, 3)


def run_schedule(day):
    at = datetime.datetime.combine(day, datetime.time(7), tzinfo=datetime.UTC)
    with time_machine.travel(at, tick=False):
        tasks.send_round_reminders()


@pytest.fixture
def world():
    plan = ActionPlanFactory()
    action = ActionFactory(plan=plan, reference="2.2", title="IDVA and ISVA posts")
    pat = make_person(Role.PARTNER, username="pat.partner")
    organisation = PartnerMembershipFactory(user=pat).organisation
    award = AwardFactory(
        organisation=organisation,
        reference="VAWG-2026-004",
        title="Ring-fenced ISVA posts",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
        amounts={2026: Decimal("80000.00")},
    )
    award.actions.add(action)
    # Another organisation's award, and one that pays for nothing in this plan.
    AwardFactory(reference="VAWG-2026-900", starts_on=award.starts_on, ends_on=award.ends_on)
    AwardFactory(
        organisation=organisation,
        reference="VAWG-2026-901",
        starts_on=award.starts_on,
        ends_on=award.ends_on,
    )
    return {"plan": plan, "pat": pat, "award": award}


def digests_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_a_return_owed_joins_the_partners_digest(world):
    run_schedule(datetime.date(2026, 12, 17))
    (digest,) = digests_to(world["pat"])
    assert "Spend returns for 2026/27 Q3 are due" in digest.body
    assert "VAWG-2026-004 Ring-fenced ISVA posts" in digest.body
    assert "VAWG-2026-900" not in digest.body
    assert "VAWG-2026-901" not in digest.body
    assert "/partners/funding/" in digest.body
    html = digest.alternatives[0][0]
    assert "VAWG-2026-004 Ring-fenced ISVA posts" in html


def test_a_submitted_return_is_no_longer_owed_but_a_returned_one_is(world, staff):
    spend_return = SpendReturn.submit(
        award=world["award"],
        period=Q3,
        spend=Decimal("20000.00"),
        variance_note="",
        achieved={},
        user=world["pat"],
    )
    round_ = Round(world["plan"], Q3)
    assert round_.returns_due_by_person() == {}
    run_schedule(datetime.date(2026, 12, 17))
    assert digests_to(world["pat"]) == []
    spend_return.move(
        to=ReturnState.RETURNED, allowed_from=["submitted"], user=staff, event="returned"
    )
    assert round_.returns_due_by_person() == {world["pat"]: [world["award"]]}
    run_schedule(datetime.date(2027, 1, 7))
    (digest,) = digests_to(world["pat"])
    assert "VAWG-2026-004" in digest.body
