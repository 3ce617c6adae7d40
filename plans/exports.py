"""The actions as a spreadsheet, CSV or XLSX (vawg_tracker.downloads makes both safe to
open in Excel): one set of columns and rows for both."""

from collections import defaultdict

from vawg_tracker.downloads import Column, download_response

from .models import Status

ACTION_COLUMNS = [
    Column("Reference", width=12),
    Column("Title", width=50),
    Column("Plan", width=30),
    Column("Pledges", width=50),
    Column("Lead specialist", width=24),
    Column("Status", width=14),
    "Percent complete",
    "Start date",
    "Due date",
    Column("Last updated", width=17),
]


ROW_FIELDS = [
    "pk",
    "reference",
    "title",
    "plan__title",
    "lead__name",
    "status",
    "percent_complete",
    "start_date",
    "due_date",
    "updated_at",
]


def _pledges_by_action(actions):
    """{action id: "Five-point plan: 1. …; …"} for the actions, in one query."""
    links = (
        actions.pledge_links()
        .order_by("pledge__pledge_set__title", "pledge__number")
        .values_list(
            "action_id",
            "pledge__pledge_set__short_title",
            "pledge__pledge_set__title",
            "pledge__number",
            "pledge__title",
        )
    )
    labels = defaultdict(list)
    for action_id, short_title, title, number, pledge in links:
        labels[action_id].append(f"{short_title or title}: {number}. {pledge}")
    return {action_id: "; ".join(names) for action_id, names in labels.items()}


def _action_row(values, pledges):
    pk, reference, title, plan, lead, status, percent, start, due, updated = values
    row = [reference, title, plan, pledges.get(pk, ""), lead, Status(status).label, percent]
    return [*row, start, due, updated]


def actions_response(actions, file_format):
    """The actions, one row each, with their pledges, as CSV or XLSX."""
    values = actions.prefetch_related(None).values_list(*ROW_FIELDS)

    def rows():
        pledges = _pledges_by_action(actions)
        for row in values.iterator(chunk_size=2000):
            yield _action_row(row, pledges)

    return download_response(file_format, "actions", ACTION_COLUMNS, rows(), sheet="Actions")
