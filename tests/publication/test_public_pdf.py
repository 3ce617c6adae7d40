"""
The public PDF of a publication: made once from its snapshot by a worker, marked OFFICIAL
(never the internal marking), tagged PDF/UA-1; served at the quarter's address once
ready; a PDF that failed never stops the public pages, and staff try it again.
"""

import datetime
import io
import subprocess

import pikepdf
import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader

from publication import public_pdf, tasks
from publication.models import Publication, PublicReport
from vawg_tracker.pdf import RenderedPdf
from vawg_tracker.produced import ProductionState

from ..factories import ActionFactory
from .test_snapshot import MARKERS, PROVIDER, Q1, Q2

pytestmark = pytest.mark.django_db
FAKE_PDF = b"%PDF-1.7\n%fake\n"


def _text(content):
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def renders(monkeypatch):
    """Each publication the worker rendered (a small fake PDF each time)."""
    rendered = []

    def fake(publication):
        rendered.append(publication.pk)
        return RenderedPdf(FAKE_PDF, 3, "f" * 64)

    monkeypatch.setattr(public_pdf, "render_public_pdf", fake)
    return rendered


@pytest.fixture
def sent(monkeypatch):
    """The ids of the public PDFs queued for a worker."""
    queued = []
    monkeypatch.setattr(tasks.render_pdf, "delay", queued.append)
    return queued


@pytest.fixture
def publication(world, staff):
    return Publication.publish(world.plan, Q2, by=staff)


def _run(public_report):
    """The worker's task, run here."""
    tasks.render_pdf.apply(args=[public_report.pk])
    public_report.refresh_from_db()


def _ready(publication):
    publication.public_report.succeed(
        name="x.pdf", content=ContentFile(FAKE_PDF), sha256="f" * 64, pages=3
    )
    return publication.public_report


def _pdf_url(publication):
    return reverse("public:report_pdf", args=[publication.plan_id, publication.quarter])


def _page_url(publication):
    return reverse("public:publication", args=[publication.plan_id, publication.quarter])


# --- Made once -----------------------------------------------------------------------------


def test_publishing_queues_the_public_pdf_once_it_has_committed(
    world, staff, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publication = Publication.publish(world.plan, Q2, by=staff)
        assert sent == []  # not before the commit: the worker would not find the row
    public_report = PublicReport.objects.get()
    assert public_report.publication == publication
    assert public_report.state == ProductionState.PENDING
    assert sent == [public_report.pk]


def test_the_pdf_is_produced_once_however_often_the_task_runs(publication, renders, settings):
    public_report = publication.public_report
    _run(public_report)
    _run(public_report)  # delivered again (a retry, a duplicate): the claim stops it
    assert renders == [publication.pk]
    assert (public_report.state, public_report.attempts) == (ProductionState.READY, 1)
    assert (public_report.pages, public_report.size) == (3, len(FAKE_PDF))
    assert public_report.file.name == (
        f"public/{publication.plan_id}/{Q2.slug}/{publication.pk}.pdf"
    )
    files = sorted(settings.REPORTS_ROOT.rglob("*.pdf"))
    assert [path.relative_to(settings.REPORTS_ROOT).as_posix() for path in files] == [
        public_report.file.name
    ]


def test_a_failure_is_recorded_with_its_error(publication, monkeypatch):
    def broken(publication):
        raise RuntimeError("fonts missing")

    monkeypatch.setattr(public_pdf, "render_public_pdf", broken)
    monkeypatch.setattr(tasks, "MAX_RETRIES", 0)
    public_report = publication.public_report
    _run(public_report)
    assert public_report.state == ProductionState.FAILED
    assert public_report.error == "RuntimeError: fonts missing"
    assert public_report.attempts == 1
    assert not public_report.file


def test_a_failure_is_retried_and_the_retry_makes_it(publication, monkeypatch):
    calls = []

    def fails_once(publication):
        calls.append(publication.pk)
        if len(calls) == 1:
            raise OSError("disk full")
        return RenderedPdf(FAKE_PDF, 3, "f" * 64)

    monkeypatch.setattr(public_pdf, "render_public_pdf", fails_once)
    public_report = publication.public_report
    _run(public_report)  # run eagerly, the retry runs at once
    assert (public_report.state, public_report.attempts) == (ProductionState.READY, 2)
    assert public_report.error == ""


def test_staff_try_a_failed_pdf_again_and_it_is_made(
    client, staff, publication, renders, sent, django_capture_on_commit_callbacks
):
    public_report = publication.public_report
    public_report.fail("RuntimeError: fonts missing", retry=False)
    client.force_login(staff)
    detail = client.get(reverse("publication:detail", args=[publication.pk])).content.decode()
    assert "Failed" in detail
    assert "RuntimeError: fonts missing" in detail
    assert "Try again" in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("publication:retry_pdf", args=[publication.pk]))
    assert response.status_code == 302
    public_report.refresh_from_db()
    assert (public_report.state, public_report.error) == (ProductionState.PENDING, "")
    assert sent == [public_report.pk]
    _run(public_report)
    assert public_report.state == ProductionState.READY
    detail = client.get(reverse("publication:detail", args=[publication.pk])).content.decode()
    assert "Ready" in detail
    assert _pdf_url(publication) in detail
    # Only a failed one is tried again.
    again = client.post(reverse("publication:retry_pdf", args=[publication.pk]))
    assert again.status_code == 404


def test_the_sweep_queues_again_a_pdf_whose_worker_died_or_whose_message_was_lost(
    world, staff, sent, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_STALE_AFTER = 360
    long_ago = datetime.datetime(2026, 11, 2, 9, tzinfo=datetime.UTC)
    with time_machine.travel(long_ago):
        died = Publication.publish(world.plan, Q1, by=staff).public_report
        lost = Publication.publish(world.plan, Q2, by=staff).public_report
        assert died.claim()  # a worker took it, and died
    fresh = Publication.publish(world.plan, Q1.previous(), by=staff).public_report
    with django_capture_on_commit_callbacks(execute=True):
        assert public_pdf.recover_stalled() == 2
    assert sorted(sent) == sorted([died.pk, lost.pk])
    died.refresh_from_db()
    assert died.state == ProductionState.PENDING
    assert fresh.pk not in sent


# --- What the public sees -------------------------------------------------------------------


def test_a_ready_pdf_is_linked_from_its_quarter_and_downloads_named_for_it(
    client, publication, django_assert_num_queries
):
    _ready(publication)
    page = client.get(_page_url(publication)).content.decode()
    assert f'href="{_pdf_url(publication)}"' in page
    assert "being prepared" not in page
    # When the quarter last changed (Last-Modified); the live publication's ready PDF.
    with django_assert_num_queries(2):
        response = client.get(_pdf_url(publication))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="vawg-public-report-{publication.plan_id}-2026-27-Q2.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == FAKE_PDF


@pytest.mark.parametrize("state", [ProductionState.PENDING, ProductionState.FAILED])
def test_a_pdf_not_ready_is_not_found_and_the_pages_still_work(client, publication, state):
    PublicReport.objects.filter(publication=publication).update(state=state, error="Boom")
    page = client.get(_page_url(publication))
    assert page.status_code == 200
    assert "The PDF is being prepared" in page.content.decode()
    assert "Boom" not in page.content.decode()
    assert client.get(reverse("public:home")).status_code == 200
    assert client.get(reverse("public:past")).status_code == 200
    assert client.get(_pdf_url(publication)).status_code == 404


def test_a_withdrawn_publications_pdf_is_not_found(client, staff, publication):
    _ready(publication)
    assert client.get(_pdf_url(publication)).status_code == 200
    assert publication.withdraw(by=staff)
    assert client.get(_pdf_url(publication)).status_code == 404


def test_a_ready_pdf_whose_file_is_gone_is_not_found(client, publication):
    public_report = _ready(publication)
    public_report.file.storage.delete(public_report.file.name)
    assert client.get(_pdf_url(publication)).status_code == 404


# --- The document ---------------------------------------------------------------------------


@pytest.fixture
def pdf(world, publication):
    ActionFactory(plan=world.plan, reference="9.1", title="Open a second refuge")
    # Published before the action existed: the PDF shows the snapshot, not the records.
    return public_pdf.render_public_pdf(Publication.objects.get(pk=publication.pk))


@pytest.fixture
def pdf_with_unpublished_action(world, staff):
    ActionFactory(plan=world.plan, reference="9.1", title="Open a second refuge")
    publication = Publication.publish(world.plan, Q2, by=staff)
    return public_pdf.render_public_pdf(publication)


def test_the_pdf_says_what_was_published_marked_official(pdf, world, settings):
    assert settings.PROTECTIVE_MARKING == "OFFICIAL-SENSITIVE"  # the internal marking
    text = _text(pdf.content)
    words = " ".join(text.split())  # table cells wrap lines
    assert world.plan.title in text
    assert "2026/27 Q2" in text
    assert "What this document is" in text
    assert "2.1 Train every call handler" in words
    assert "PUBLIC-SUMMARY-OK: call handlers are being trained." in words
    assert "At risk, 40%" in words  # Q1's signed-off update, not Q2's unsigned one
    assert "Pledge 3: Specialist training" in words
    assert "Outcome 1: Safer" in words
    assert "Calls answered within 10 seconds" in words
    assert "PUBLIC-NOTE-OK" in words
    assert "80.25" in words  # the indicator's values, quarter by quarter
    assert "Training delivered 1 35 3" in words  # partners' totals by kind
    assert "Open a second refuge" not in words  # not in the snapshot
    reader = PdfReader(io.BytesIO(pdf.content))
    for number, page in enumerate(reader.pages, start=1):
        assert page.extract_text().count("OFFICIAL") >= 2, number  # top and bottom


def test_the_pdf_holds_nothing_internal(pdf, settings):
    text = _text(pdf.content)
    words = " ".join(text.split())
    assert "OFFICIAL-SENSITIVE" not in text
    assert "SENSITIVE" not in text
    leaked = [name for name, marker in MARKERS.items() if marker in text or marker in words]
    assert leaked == []


def test_an_action_with_no_update_signed_off_says_so(pdf_with_unpublished_action):
    words = " ".join(_text(pdf_with_unpublished_action.content).split())
    assert "9.1 Open a second refuge No update published" in words


def test_the_pdf_is_tagged_pdf_ua_1_with_title_language_and_bookmarks(pdf, world):
    reader = PdfReader(io.BytesIO(pdf.content))
    assert reader.metadata.title == f"{world.plan.title}: public progress report, 2026/27 Q2"
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert {"Contents", "What this document is", "Summary", "Indicators"} <= set(titles)
    with pikepdf.open(io.BytesIO(pdf.content)) as document:
        with document.open_metadata() as metadata:
            assert metadata.get("pdfuaid:part") == "1"
        assert "/StructTreeRoot" in document.Root
        assert document.Root.MarkInfo.Marked
        assert str(document.Root.Lang) == "en-GB"


def test_the_pdf_passes_a_pdf_ua_checker(pdf, tmp_path):
    import pdfua

    path = tmp_path / "public.pdf"
    path.write_bytes(pdf.content)
    report = pdfua.validate(str(path))
    findings = [(f.rule_id, f.severity.name, f.message[:100]) for f in report.findings]
    assert findings == []


def _pdftotext(content):
    """The PDF's text as a reader's tool gets it (poppler's pdftotext), spaces collapsed."""
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


def test_the_pdf_has_the_funding_section_from_the_snapshot(pdf, world):
    from funding.summary import FundingSummary

    words = _pdftotext(pdf.content)
    assert "Funding in 2026/27" in words
    assert f"{FundingSummary(2026).headline}." in words  # the Funding page's own words
    assert "Spent to date: £10,000.00 of £40,000.00" in words
    # pdftotext reads a table's cells in its own order: each figure, not each row.
    assert "Ministry of Justice: ring-fenced IDVA allocation Yes" in words
    assert "Total £40,000.00" in words
    assert f"{PROVIDER}: awards in 2026/27 (£40,000.00)" in words
    assert "Independent domestic violence advisers (VAWG-2026-0007)" in words
    assert "£40,000.00 £10,000.00" in words  # the award's amount and its spend to date
    assert "People supported: 35 of 100" in words
    assert "IDVA posts (FTE): 2 of 2" in words
    reader = PdfReader(io.BytesIO(pdf.content))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Funding in 2026/27" in titles
    leaked = [name for name, marker in MARKERS.items() if marker in words]
    assert leaked == []


def test_a_pdf_of_a_publication_made_before_funding_has_no_funding_section(publication):
    Publication.objects.filter(pk=publication.pk).update(funding=None)
    words = _pdftotext(
        public_pdf.render_public_pdf(Publication.objects.get(pk=publication.pk)).content
    )
    assert "Funding in" not in words
    assert "Appendix: every action" in words
