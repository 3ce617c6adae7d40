"""
Turning a QuarterlyReport into a PDF with WeasyPrint: tagged PDF/UA-1, with metadata, a
contents page, bookmarks and page numbers; "DRAFT" across every page of a draft.

The WeasyPrint machinery (what it may fetch, the PDF/UA finishing pass) is
vawg_tracker.pdf, shared with the public PDF.
"""

from django.template.loader import render_to_string

from vawg_tracker.pdf import RenderedPdf, render_pdf_from_html

from .content import QuarterlyReport


def render_html(report):
    return render_to_string("reports/pdf/quarterly.html", {"report": report})


def render_pdf(plan, quarter, *, draft=False) -> RenderedPdf:
    return render_pdf_from_html(render_html(QuarterlyReport(plan, quarter, draft=draft)))
