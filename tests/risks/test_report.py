"""The quarterly report's Top risks come from the register first: open risks by score at
the quarter's end, highest first, each with its mitigations and its trend since the
quarter before; then the actions off track or at risk, as before."""

import datetime
import io

import pytest
import time_machine
from django.utils import timezone
from pypdf import PdfReader

from plans.models import Status
from reports.rendering import render_pdf
from risks.models import RiskReview, RiskStatus
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, LeadSpecialistFactory
from .factories import MitigationFactory, RiskFactory

pytestmark = pytest.mark.django_db
QUARTER = Quarter(2026, 2)  # July to September 2026
NOW = datetime.datetime(2026, 11, 21, 12, tzinfo=datetime.UTC)
EARLY = timezone.make_aware(datetime.datetime(2026, 1, 5, 9))
IN_THE_QUARTER = timezone.make_aware(datetime.datetime(2026, 8, 14, 9))


def _text(pdf):
    reader = PdfReader(io.BytesIO(pdf.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _top_risks(text):
    start = text.index("Top risks")
    return text[start : text.index("Delivery against", start)]


def test_the_report_lists_the_highest_scored_risk_first_with_its_mitigation(lead):
    action = ActionFactory(reference="2.2", title="IDVA posts")
    action.record_progress(author=lead, period=QUARTER, status=Status.OFF_TRACK,
                           percent_complete=20, narrative="-", reason="Posts vacant.")  # fmt: skip
    cliff = RiskFactory(title="Funding cliff for IDVA posts", likelihood=4, impact=5,
                        created_at=EARLY)  # fmt: skip
    owner = LeadSpecialistFactory(name="Alex Demo")
    MitigationFactory(risk=cliff, text="Bid to the Ministry for the posts", owner=owner)
    RiskReview.objects.create(
        risk=cliff, reviewed_by=lead, reviewed_at=IN_THE_QUARTER,
        likelihood_before=3, impact_before=5, likelihood_after=4, impact_after=5, comment="-",
    )  # fmt: skip
    RiskFactory(title="Data sharing with health", likelihood=3, impact=3, created_at=EARLY)
    RiskFactory(title="Closed risk", likelihood=5, impact=5, status=RiskStatus.CLOSED,
                created_at=EARLY)  # fmt: skip
    RiskFactory(title="Recorded after the quarter", likelihood=5, impact=5)
    with time_machine.travel(NOW):
        top = _top_risks(_text(render_pdf(action.plan, QUARTER)))

    assert top.index("Funding cliff for IDVA posts") < top.index("Data sharing with health")
    assert "Funding cliff for IDVA posts (score 20, up from 15; Lead" in top
    assert "Mitigation: Bid to the Ministry for the posts (Alex Demo, due 1 Feb 2027)." in top
    assert "Closed risk" not in top
    assert "Recorded after the quarter" not in top
    # Then the exception list, as before.
    assert top.index("Data sharing with health") < top.index("2.2 IDVA posts")
    assert "Posts vacant." in top
