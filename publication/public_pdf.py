"""
A publication's public PDF: what the public site shows of it, as a tagged PDF/UA-1
document marked settings.PUBLIC_MARKING, read from the frozen snapshot only (never from
the live records). Made once per publication by a worker (publication.tasks), the same
way as the internal quarterly report (vawg_tracker.produced, vawg_tracker.pdf).
"""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse

from plans.charts import as_image, status_bar
from plans.models import Status
from vawg_tracker import produced
from vawg_tracker.pdf import render_pdf_from_html

from .models import PublicReport
from .published import PublishedQuarter

logger = logging.getLogger(__name__)


class PublicReportContent(PublishedQuarter):
    """Everything the public PDF shows of a publication, from its snapshot."""

    @property
    def office(self):
        return settings.OFFICE_NAME

    @property
    def marking(self):
        return settings.PUBLIC_MARKING

    @property
    def title(self):
        return f"{self.metadata['plan_title']}: public progress report, {self.metadata['quarter']}"

    @property
    def web_address(self):
        publication = self.publication
        path = reverse("public:publication", args=[publication.plan_id, publication.quarter])
        return settings.SITE_URL + path

    @property
    def status_rows(self):
        """(Status, how many actions) for every status, in order."""
        return [(status, self.status_counts.get(status, 0)) for status in Status]

    def status_chart(self):
        label = f"Where the actions stood at the end of {self.metadata['quarter']}"
        return as_image(status_bar(self.status_counts, label=label))


def render_html(publication):
    content = PublicReportContent(publication)
    return render_to_string("publication/pdf/public.html", {"report": content})


def render_public_pdf(publication):
    return render_pdf_from_html(render_html(publication))


def produce(public_report):
    """Render a public PDF this process has claimed, store it, mark it ready."""
    rendered = render_public_pdf(public_report.publication)
    public_report.succeed(
        name=public_report.download_name,
        content=ContentFile(rendered.content),
        sha256=rendered.sha256,
        pages=rendered.pages,
    )
    logger.info("public PDF %s ready: %s pages", public_report.pk, rendered.pages)


def recover_stalled():
    """Public PDFs whose worker died, or whose message was lost, go back in the queue."""
    return produced.recover_stalled(PublicReport.objects.all(), PublicReport.enqueue)
