from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html

from plans import charts
from plans.indicators import IndicatorCard
from plans.models import Status

register = template.Library()


@register.filter
def is_overdue(obj, today):
    """{% if action|is_overdue:today %}: for actions and milestones."""
    return obj.is_overdue(today)


@register.filter
def status_label(statuses, value):
    """{{ statuses|status_label:action.status_at }}: the label of a status value."""
    return Status(value).label


@register.simple_tag
def status_chart(counts, label):
    """A status bar with its table of numbers (visually hidden) as its text alternative."""
    return charts.status_bar(counts, label=label) + charts.status_table(counts, caption=label)


@register.inclusion_tag("plans/includes/status_legend.html")
def status_legend():
    return {"items": charts.status_legend()}


@register.simple_tag
def indicator_chart(indicator, values):
    """The full trend chart of an indicator's values, with its table of numbers."""
    card = IndicatorCard(indicator, list(values))
    return card.trend() + card.trend_table()


@register.simple_tag
def indicator_card(indicator, values, quarters=8):
    """Latest value, target, better/worse than baseline and a sparkline."""
    card = IndicatorCard(indicator, list(values))
    # A sparkline's <desc> describes it (first and latest values, against the baseline);
    # the card beside it gives the numbers.
    sparkline = IndicatorCard(indicator, card.values[-quarters:]).trend(compact=True)
    return render_to_string(
        "plans/includes/indicator_summary.html",
        {
            "indicator": indicator,
            "latest": card.latest,
            "better": card.better_than_baseline,
            "chart": sparkline,
        },
    )


@register.simple_tag
def status_badge(status):
    """A status in its colour: {% status_badge action.status %}."""
    status = Status(status)
    return format_html('<span class="status-badge status-{}">{}</span>', status.value, status.label)
