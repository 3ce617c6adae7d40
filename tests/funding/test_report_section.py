"""The quarterly report's Funding section lists at most the 25 longest-overdue returns,
and says so, however many there are: the Funding page lists every one."""

import datetime
import io

import pytest
import time_machine
from pypdf import PdfReader

from reports.rendering import render_pdf
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, PartnerOrganisationFactory
from .builders import bulk_awards, make_source

pytestmark = pytest.mark.django_db


def _text(pdf):
    reader = PdfReader(io.BytesIO(pdf.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.mark.parametrize(("count", "listed", "says_so"), [(3, 3, False), (30, 25, True)])
def test_the_report_lists_at_most_25_overdue_returns(staff, count, listed, says_so):
    action = ActionFactory(reference="2.2")
    # Each award's 2026/27 Q1 return is in; its Q2 return, due 30 October, is not.
    bulk_awards(
        count,
        by=staff,
        actions=[action],
        organisations=[PartnerOrganisationFactory(name="Refuge Trust")],
        sources=[make_source("PCC: own budget")],
    )
    with time_machine.travel(datetime.datetime(2026, 11, 21, 12, tzinfo=datetime.UTC)):
        text = _text(render_pdf(action.plan, Quarter(2026, 2)))

    assert f"Returns overdue ({count})" in text
    assert text.count(": 2026/27 Q2, due 30 Oct 2026") == listed
    assert ("The 25 longest overdue are listed here" in text) is says_so
