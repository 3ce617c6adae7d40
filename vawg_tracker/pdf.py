"""
HTML to PDF with WeasyPrint, the one way every PDF the service makes is produced: tagged
PDF/UA-1 (with each table header's scope), from HTML that may fetch nothing but the
project's own static files (and the data: URLs charts are drawn in): no other files, no
network. Templates link their CSS as ``vawg-static:<path>``.
"""

import hashlib
import io
from dataclasses import dataclass

import pikepdf
import pydyf
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_SCHEME = "vawg-static:"
MIME_TYPES = {"css": "text/css", "svg": "image/svg+xml"}


def _cached_page_references(pdf):
    """
    pydyf rebuilds the tuple of every page's reference each time it is asked, and
    WeasyPrint asks once per tagged element: quadratic in a long tagged report (about
    2 s of 11 for 500 actions). Same answer, built once per page count.
    """
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_page_references")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__["_page_references"] = cached
    return cached[1]


if isinstance(getattr(pydyf.PDF, "page_references", None), property):
    pydyf.PDF.page_references = property(_cached_page_references)


class FetchRefused(ValueError):
    pass


class StaticFilesOnly(URLFetcher):
    """data: URLs, and vawg-static:<path> for the project's own static files. Nothing else."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(STATIC_SCHEME):
            path = finders.find(url.removeprefix(STATIC_SCHEME).lstrip("/"))
            if path:
                with open(path, "rb") as file:
                    content_type = MIME_TYPES.get(path.rsplit(".", 1)[-1], "")
                    return URLFetcherResponse(url, file.read(), {"Content-Type": content_type})
        raise FetchRefused(f"A PDF may not fetch {url[:80]!r}")


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int
    sha256: str


def _struct_elements(node, within=()):
    if isinstance(node, pikepdf.Array):
        for kid in node:
            yield from _struct_elements(kid, within)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        yield node, within
        if "/K" in node:
            yield from _struct_elements(node.K, (*within, str(node.S)))


def scope_table_headers(content):
    """
    Give every table header cell its /Scope (Column in a table head, Row elsewhere), so
    assistive technology can tell which cells a header describes: WeasyPrint tags <th>
    as TH but does not carry the scope attribute over.
    """
    with pikepdf.open(io.BytesIO(content)) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        for element, within in _struct_elements(tree.K if tree is not None else pikepdf.Array()):
            if element.S != "/TH":
                continue
            scope = pikepdf.Name.Column if "/THead" in within else pikepdf.Name.Row
            attributes = element.get("/A")
            if not isinstance(attributes, pikepdf.Dictionary):
                attributes = pikepdf.Dictionary(O=pikepdf.Name.Table)
                element.A = attributes
            attributes.Scope = scope
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def _layout(html):
    """The PDF as WeasyPrint writes it, and its page count."""
    rendered = HTML(string=html, url_fetcher=StaticFilesOnly(), base_url=STATIC_SCHEME).render()
    buffer = io.BytesIO()
    rendered.write_pdf(buffer, pdf_variant="pdf/ua-1")
    return buffer.getvalue(), len(rendered.pages)


def render_pdf_from_html(html):
    """The finished PDF of ``html``: tagged PDF/UA-1, its headers scoped, with its hash."""
    # The laid-out pages are let go before the finishing pass: the two never need to be
    # in memory together (most of a long report's peak).
    content, pages = _layout(html)
    content = scope_table_headers(content)
    return RenderedPdf(content, pages, hashlib.sha256(content).hexdigest())
