"""Spreadsheet exports: CSV that opens safely in Excel."""

import csv
from collections import defaultdict

from django.http import StreamingHttpResponse
from django.utils import timezone

from .models import Action, Status

# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

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


def safe_cell(value):
    """Text a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def _action_row(action, pledges):
    updated = timezone.localtime(action.updated_at).strftime("%Y-%m-%d %H:%M")
    return [
        action.reference,
        action.title,
        action.plan.title,
        pledges,
        action.lead.name,
        Status(action.status).label,
        action.percent_complete,
        action.start_date or "",
        action.due_date or "",
        updated,
    ]


def _pledges_by_action(actions):
    """{action id: "Five-point plan: 1. …; …"} for the actions, in one query."""
    links = (
        Action.pledges.through.objects.filter(action__in=actions.values("pk"))
        .select_related("pledge__pledge_set")
        .order_by("pledge__pledge_set__title", "pledge__number")
    )
    labels = defaultdict(list)
    for link in links:
        labels[link.action_id].append(f"{link.pledge.pledge_set}: {link.pledge}")
    return {action_id: "; ".join(names) for action_id, names in labels.items()}


def actions_csv_response(actions):
    """The actions as a UTF-8 CSV (with a byte-order mark, for Excel), streamed."""
    writer = csv.writer(_Echo())
    actions = actions.prefetch_related(None).select_related("plan", "lead")

    def rows():
        pledges = _pledges_by_action(actions)
        yield "\ufeff"
        yield writer.writerow(ACTION_COLUMNS)
        for action in actions.iterator(chunk_size=1000):
            row = _action_row(action, pledges.get(action.pk, ""))
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="vawg-actions-{stamp}.csv"'
    return response
