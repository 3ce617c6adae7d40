"""
Where each action stood at a quarter's end, as the read side (reports.progress) works it out
from one ranked read of the updates (ProgressUpdateQuerySet.standing), agrees with what
ActionQuerySet.as_at annotates in SQL (the action list's filters): status, percent, reason,
the status a quarter earlier, whether it was updated in the quarter and whether it rests on
an update awaiting sign-off. Histories cover every case: no update; only earlier quarters;
two updates in one quarter (the later counts); a returned update (it does not count); a
signed-off one; an update for a later quarter (not yet counted).
"""

import datetime

import pytest
import time_machine

from plans.models import ProgressReview, ReviewDecision, Status
from reports.progress import Progress
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, ActionPlanFactory
from ..personas import make_person

pytestmark = pytest.mark.django_db

Q1, Q2, Q3 = Quarter(2026, 1), Quarter(2026, 2), Quarter(2026, 3)
FIELDS = ["status_at", "percent_at", "reason_at", "status_before", "updated_in_quarter"]
FIELDS += ["awaiting_sign_off"]


@pytest.fixture
def plan():
    lead = make_person(Role.LEAD_SPECIALIST, username="lee.lead")
    staff = make_person(Role.PCC_STAFF, username="sam.staff")
    plan = ActionPlanFactory()
    at = datetime.datetime(2026, 11, 21, 9, tzinfo=datetime.UTC)

    def record(action, period, status, percent, decision=None):
        nonlocal at
        at += datetime.timedelta(minutes=1)  # each update later than the one before
        with time_machine.travel(at, tick=False):
            update = action.record_progress(
                author=lead,
                period=period,
                status=status,
                percent_complete=percent,
                narrative="Synthetic.",
                reason="A reason." if status in (Status.AT_RISK, Status.OFF_TRACK) else "",
            )
            if decision:
                ProgressReview.decide(update, decision=decision, by=staff, comment="Amend.")

    def action(reference):
        return ActionFactory(plan=plan, reference=reference, start_date=datetime.date(2026, 4, 1))

    action("1")  # never updated
    earlier_only = action("2")
    record(earlier_only, Q1, Status.ON_TRACK, 10, ReviewDecision.SIGNED_OFF)
    record(earlier_only, Q2, Status.AT_RISK, 30)
    twice = action("3")
    record(twice, Q2, Status.ON_TRACK, 20, ReviewDecision.SIGNED_OFF)
    record(twice, Q3, Status.OFF_TRACK, 25)
    record(twice, Q3, Status.ON_TRACK, 45, ReviewDecision.SIGNED_OFF)
    returned = action("4")
    record(returned, Q2, Status.AT_RISK, 50, ReviewDecision.SIGNED_OFF)
    record(returned, Q3, Status.COMPLETED, 100, ReviewDecision.RETURNED)
    ahead = action("5")
    record(ahead, Q2, Status.ON_TRACK, 60)
    record(ahead, Q3, Status.ON_TRACK, 70, ReviewDecision.SIGNED_OFF)
    only_returned = action("6")
    record(only_returned, Q3, Status.ON_TRACK, 15, ReviewDecision.RETURNED)
    return plan


@pytest.mark.parametrize("quarter", [Q1, Q2, Q3], ids=str)
def test_the_read_side_agrees_with_the_sql_annotations(plan, quarter):
    expected = {
        row["reference"]: {field: row[field] for field in FIELDS}
        for row in plan.actions.as_at(quarter).values("reference", *FIELDS)
    }
    progress = Progress(plan, quarter, today=datetime.date(2026, 12, 31))
    got = {
        action.reference: {field: getattr(action, field) for field in FIELDS}
        for action in progress.actions
    }
    assert got == expected


def test_the_rows_say_what_each_history_means(plan):
    rows = {action.reference: action for action in Progress(plan, Q3).actions}
    summary = {ref: tuple(getattr(rows[ref], field) for field in FIELDS) for ref in rows}
    assert summary == {
        "1": (Status.NOT_STARTED, 0, "", Status.NOT_STARTED, False, False),
        "2": (Status.AT_RISK, 30, "A reason.", Status.AT_RISK, False, True),
        "3": (Status.ON_TRACK, 45, "", Status.ON_TRACK, True, False),
        "4": (Status.AT_RISK, 50, "A reason.", Status.AT_RISK, False, False),
        "5": (Status.ON_TRACK, 70, "", Status.ON_TRACK, True, False),
        "6": (Status.NOT_STARTED, 0, "", Status.NOT_STARTED, False, False),
    }
