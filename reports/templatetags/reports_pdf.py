from django import template

from plans.models import Status

register = template.Library()


@register.filter
def chunks(items, size):
    """Long tables in pieces: WeasyPrint lays out many short tables faster than one long."""
    items = list(items)
    return [items[start : start + int(size)] for start in range(0, len(items), int(size))]


@register.filter
def status_rows(counts):
    """(Status, count) for every status, in order."""
    return [(status, counts.get(status, 0)) for status in Status]


@register.filter
def status_text(counts):
    """ "12 on track, 3 at risk, 1 off track": the statuses that have actions, in order."""
    parts = [f"{counts[status]} {status.label.lower()}" for status in Status if counts.get(status)]
    return ", ".join(parts) or "no actions"


@register.filter
def trend(tally):
    """ "2 better, 1 worse" than the quarter before, or "No change"."""
    parts = [f"{n} {word}" for n, word in ((tally.better, "better"), (tally.worse, "worse")) if n]
    return ", ".join(parts) or "No change"


@register.filter
def percent(value):
    return "—" if value is None else f"{value}%"


@register.filter
def by_status(actions):
    """(Status, [actions]) for each status the actions have, in the order they come."""
    groups = {}
    for action in actions:
        groups.setdefault(action.status_at, []).append(action)
    return list(groups.items())
