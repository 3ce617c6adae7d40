"""A small plan worth reporting on, for the report tests; waiting for a worker."""

import datetime
import time

from django.db import OperationalError

from plans.models import Status
from vawg_tracker.quarters import Quarter

from .factories import (
    ActionFactory,
    ActionPlanFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PledgeFactory,
    PledgeSetFactory,
)

Q2 = Quarter(2026, 2)


def plan_worth_reporting(author, *, title="Merseyside VAWG action plan"):
    pledge_set = PledgeSetFactory()
    pledges = [
        PledgeFactory(pledge_set=pledge_set, number=1, title="Integrated local action plan"),
        PledgeFactory(pledge_set=pledge_set, number=2, title="Specialist units and advisers"),
        PledgeFactory(pledge_set=pledge_set, number=3, title="Specialist training"),
    ]
    plan = ActionPlanFactory(
        title=title,
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2027, 3, 31),
    )
    on_track = ActionFactory(
        plan=plan, reference="1.1", title="Lead specialist appointed", pledges=[pledges[0]]
    )
    off_track = ActionFactory(
        plan=plan, reference="2.1", title="Serial perpetrator pilot", pledges=[pledges[1]]
    )
    ActionFactory(plan=plan, reference="3.1", title="Officer training", pledges=[pledges[2]])
    on_track.record_progress(
        author=author,
        period=Q2,
        status=Status.ON_TRACK,
        percent_complete=60,
        narrative="Plan published; <b>not bold</b> & escaped.",
    )
    off_track.record_progress(
        author=author,
        period=Q2,
        status=Status.OFF_TRACK,
        percent_complete=20,
        narrative="Two partners have not signed.",
        reason="Information-sharing protocol unsigned.",
        next_steps="Escalate to the strategic board.",
    )
    indicator = IndicatorFactory(name="People turned away from refuges", baseline_value=230)
    indicator.pledges.add(pledges[1])
    IndicatorValueFactory(indicator=indicator, period=Q2.previous(), value=190)
    IndicatorValueFactory(indicator=indicator, period=Q2, value=176)
    return plan


def wait_for(condition, seconds=60):
    """Whether ``condition()`` came true within ``seconds`` (a worker thread is at it)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OperationalError as error:
            # SQLite's shared in-memory test database locks whole tables while the
            # worker thread writes; read again. (PostgreSQL, in CI, never gets here.)
            if "locked" not in str(error):
                raise
        time.sleep(0.25)
    return False
