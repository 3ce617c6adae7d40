"""The quarterly PDF: what it says, how it is marked, and that it is accessible."""

import datetime
import io

import pikepdf
import pytest
import time_machine
from pypdf import PdfReader

from reports.content import QuarterlyReport
from reports.rendering import render_pdf
from vawg_tracker.pdf import FetchRefused, StaticFilesOnly
from vawg_tracker.quarters import Quarter

from ..factories import MilestoneFactory
from ..reporting import Q2, plan_worth_reporting

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(staff):
    return plan_worth_reporting(staff)


@pytest.fixture
def pdf(plan):
    return render_pdf(plan, Q2)


def _text(content):
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_report_says_what_the_plan_delivered_in_the_quarter(pdf, plan):
    text = _text(pdf.content)
    assert "Merseyside VAWG action plan" in text
    assert "2026/27 Q2" in text
    assert "1 July – 30 September 2026" in text
    for pledge in (
        "Integrated local action plan",
        "Specialist units and advisers",
        "Specialist training",
    ):
        assert pledge in text
    assert "2.1 Serial perpetrator pilot" in text
    assert "Information-sharing protocol unsigned." in text
    assert "Escalate to the strategic board." in text
    assert "People turned away from refuges" in text


def test_every_page_carries_the_marking_and_its_number(pdf, settings):
    reader = PdfReader(io.BytesIO(pdf.content))
    assert pdf.pages == len(reader.pages) > 5
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert text.count(settings.PROTECTIVE_MARKING) >= 2, number  # top and bottom
        assert f"Page {number} of {pdf.pages}" in text


def test_the_marking_comes_from_settings(plan, settings):
    settings.PROTECTIVE_MARKING = "OFFICIAL"
    text = _text(render_pdf(plan, Q2).content)
    assert "OFFICIAL" in text
    assert "OFFICIAL-SENSITIVE" not in text


def test_text_people_typed_is_printed_as_text_not_markup(pdf):
    words = " ".join(_text(pdf.content).split())  # table cells wrap lines
    assert "Plan published; <b>not bold</b> & escaped." in words


def test_the_pdf_has_a_title_author_subject_language_and_bookmarks(pdf, settings):
    reader = PdfReader(io.BytesIO(pdf.content))
    assert reader.metadata.title == "Merseyside VAWG action plan: progress report, 2026/27 Q2"
    assert reader.metadata.author == settings.OFFICE_NAME
    assert "2026/27 Q2" in reader.metadata.subject
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert {"Contents", "Executive summary", "Indicators", "Appendix: every action"} <= set(titles)
    with pikepdf.open(io.BytesIO(pdf.content)) as document:
        assert str(document.Root.Lang) == "en-GB"
        assert document.Root.MarkInfo.Marked


def test_the_pdf_passes_a_pdf_ua_checker(pdf, tmp_path):
    import pdfua

    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.content)
    report = pdfua.validate(str(path))
    findings = [(f.rule_id, f.severity.name, f.message[:100]) for f in report.findings]
    assert findings == []


def test_every_chart_has_a_text_alternative(pdf):
    with pikepdf.open(io.BytesIO(pdf.content)) as document:
        figures = []

        def walk(node):
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                if node.S == "/Figure":
                    figures.append(node)
                if "/K" in node:
                    walk(node.K)

        walk(document.Root.StructTreeRoot.K)
    assert figures
    assert all(str(figure.get("/Alt", "")).strip() for figure in figures)
    assert any("Off track 1" in str(figure.Alt) for figure in figures)


def test_a_final_report_has_no_draft_mark(pdf):
    assert "DRAFT" not in _text(pdf.content)


def test_a_draft_says_so_on_every_page(plan):
    pdf = render_pdf(plan, Quarter(2026, 3), draft=True)
    text = _text(pdf.content)
    assert "DRAFT: the quarter is not closed" in text
    with pikepdf.open(io.BytesIO(pdf.content)) as document:
        # The watermark is the pages' background image, on every page.
        assert all(
            "/XObject" in str(page.Resources.keys()) or page.Resources for page in document.pages
        )


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "http://example.org/x.css", "https://cdn.example/x.png"]
)
def test_the_renderer_fetches_nothing_but_our_static_files(url):
    with pytest.raises(FetchRefused):
        StaticFilesOnly().fetch(url)
    assert StaticFilesOnly().fetch("vawg-static:reports/report.css").read().startswith(b"/*")


def test_a_draft_does_not_count_milestones_not_yet_due_as_missed(plan):
    action = plan.actions.get(reference="1.1")
    MilestoneFactory(action=action, title="Late", due_date=datetime.date(2026, 10, 15))
    MilestoneFactory(action=action, title="Not yet due", due_date=datetime.date(2026, 12, 15))
    with time_machine.travel(datetime.datetime(2026, 11, 21, 12, tzinfo=datetime.UTC)):
        report = QuarterlyReport(plan, Quarter(2026, 3), draft=True)
    assert [milestone.title for milestone in report.milestones_missed] == ["Late"]
    assert report.milestones_due == 2
