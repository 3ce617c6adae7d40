"""The public site's lookups: only what is published and not withdrawn is found."""

from django.db.models.fields.json import KT
from django.http import Http404

from publication.models import Publication, PublicReport
from vawg_tracker.accounts.access import LARGEST_ID, NotVisible
from vawg_tracker.produced import ProductionState

from .pages import PublishedPlan


def get_live_publication(plan_id, quarter, *, funding=False):
    """The plan's live publication of this quarter (at most one, by a constraint); 404 if
    there is none or it was withdrawn. Its funding is read only if asked for (it can
    outweigh the rest); otherwise only its headline and year, for the link to it."""
    try:
        if plan_id > LARGEST_ID:
            raise Publication.DoesNotExist
        # With its public PDF's state, for the link to it (a LEFT JOIN: one query).
        publications = Publication.objects.live().select_related("public_report")
        if not funding:
            publications = publications.defer("funding").annotate(
                funding_headline=KT("funding__headline"),
                funding_year_label=KT("funding__financial_year_label"),
            )
        return publications.get(plan_id=plan_id, quarter=quarter)
    except Publication.DoesNotExist:
        raise NotVisible(Publication, f"{plan_id}/{quarter.slug}") from None


def get_published_plan(plan_id, quarter, *, funding=False):
    """The live publication of the plan's quarter, arranged for its pages (or 404)."""
    return PublishedPlan(get_live_publication(plan_id, quarter, funding=funding))


def found(item, what):
    """A pledge, outcome, action or indicator the publication holds, or 404 (what is not
    in a live publication does not exist for the public)."""
    if item is None:
        raise Http404(f"No {what} in this publication.")
    return item


def changed_at(plan_id, quarter):
    """When the plan's published quarter last changed (its pages' Last-Modified), or None."""
    if plan_id > LARGEST_ID:
        return None
    return Publication.objects.changed_at(plan_id, quarter)


def get_quarter_publications(quarter, *, funding=False):
    """Every plan's live publication of this quarter, plans by title, as dicts of plan_id,
    published_at and snapshot, and funding if asked for (one query); 404 if there is
    none."""
    fields = ["plan_id", "published_at", "snapshot"] + (["funding"] if funding else [])
    publications = list(
        Publication.objects.live()
        .filter(quarter=quarter)
        .order_by("plan__title", "plan_id")
        .values(*fields)
    )
    if not publications:
        raise NotVisible(Publication, quarter.slug)
    return publications


def get_ready_public_pdf(plan_id, quarter):
    """The public PDF of the plan's live publication of this quarter, with the publication;
    404 if there is no such publication, it was withdrawn, or its PDF is not ready (still
    being made, or failed: the pages say so)."""
    try:
        if plan_id > LARGEST_ID:
            raise PublicReport.DoesNotExist
        # The file is all it serves: the publication's funding is left unloaded.
        reports = PublicReport.objects.select_related("publication").defer("publication__funding")
        return reports.get(
            publication__plan_id=plan_id,
            publication__quarter=quarter,
            publication__withdrawn_at__isnull=True,
            state=ProductionState.READY,
        )
    except PublicReport.DoesNotExist:
        raise NotVisible(PublicReport, f"{plan_id}/{quarter.slug}") from None
