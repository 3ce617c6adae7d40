from django import template

from plans.models import Status
from plans.templatetags.plans_tags import quantity

register = template.Library()
register.filter("quantity", quantity)


@register.filter
def css_string(text):
    """Text for a CSS string literal: no quote or backslash can end it early."""
    return "".join(ch for ch in str(text) if ch not in '"\\\n\r')


@register.filter
def chunks(items, size):
    """Long tables in pieces: WeasyPrint lays out many short tables faster than one long."""
    items = list(items)
    return [items[start : start + int(size)] for start in range(0, len(items), int(size))]


@register.filter
def last_reference(chunk):
    return chunk[-1].reference


@register.filter
def status_rows(counts):
    """(Status, count) for every status, in order."""
    return [(status, counts.get(status, 0)) for status in Status]
