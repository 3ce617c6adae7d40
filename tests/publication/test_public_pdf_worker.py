"""
The public PDF through a real Celery worker on the configured broker (Redis in CI):
publishing queues it on commit, and the worker makes it once.
"""

import io
import time

import pytest
from pypdf import PdfReader

from publication import tasks
from publication.models import Publication, PublicReport
from vawg_tracker.produced import ProductionState

from ..reporting import wait_for
from .test_snapshot import Q2

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_publishing_has_a_worker_make_the_public_pdf_once(world, staff, worker, settings):
    publication = Publication.publish(world.plan, Q2, by=staff)
    assert wait_for(lambda: PublicReport.objects.get().state == ProductionState.READY)
    public_report = PublicReport.objects.get()
    assert public_report.publication == publication
    assert public_report.attempts == 1
    with public_report.file.open("rb") as file:
        text = PdfReader(io.BytesIO(file.read())).pages[0].extract_text()
    assert world.plan.title in text
    # Delivered again: the claim stops it.
    tasks.render_pdf.delay(public_report.pk)
    time.sleep(3)
    assert len(list(settings.REPORTS_ROOT.rglob("*.pdf"))) == 1
    assert PublicReport.objects.get().sha256 == public_report.sha256
