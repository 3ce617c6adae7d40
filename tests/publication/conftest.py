import pytest

from plans.models import ProgressReview, ReviewDecision, Status
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory

# The snapshot tests' world: a plan with a marker string in every internal field.
from .test_snapshot import world  # noqa: F401


@pytest.fixture
def action(db, staff, lead):
    """An action of a plan whose 2026/27 Q1 update someone else signed off: ready to publish."""
    action = ActionFactory(reference="1.1", public_summary="Under way.")
    update = action.record_progress(
        author=lead,
        period=Quarter(2026, 1),
        status=Status.ON_TRACK,
        percent_complete=25,
        narrative="x",
    )
    ProgressReview.decide(update, decision=ReviewDecision.SIGNED_OFF, by=staff)
    return action
