"""The actions as a spreadsheet (vawg_tracker.downloads makes it safe to open in Excel)."""

from collections import defaultdict

from django.utils import timezone

from vawg_tracker.downloads import csv_response

from .models import Status

ACTION_COLUMNS = [
    "Reference",
    "Title",
    "Plan",
    "Pledges",
    "Lead specialist",
    "Status",
    "Percent complete",
    "Start date",
    "Due date",
    "Last updated",
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
    updated = timezone.localtime(updated).strftime("%Y-%m-%d %H:%M")
    row = [reference, title, plan, pledges.get(pk, ""), lead, Status(status).label, percent]
    return [*row, start or "", due or "", updated]


def actions_csv_response(actions):
    """The actions, one row each, with their pledges."""
    values = actions.prefetch_related(None).values_list(*ROW_FIELDS)

    def rows():
        pledges = _pledges_by_action(actions)
        for row in values.iterator(chunk_size=2000):
            yield _action_row(row, pledges)

    return csv_response("actions", ACTION_COLUMNS, rows())
