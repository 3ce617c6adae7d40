from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html

from plans import charts
from plans.indicators import IndicatorCard
from plans.models import Status
from vawg_tracker.templatetags.vawg import scroll_region

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
def indicator_chart(indicator, values, targets=()):
    """The full trend chart of an indicator's values and target trajectory, with its table
    of numbers."""
    card = IndicatorCard(indicator, list(values), targets=list(targets))
    legend = charts.trajectory_legend() if card.targets else ""
    return card.trend() + legend + card.trend_table()


@register.simple_tag
def indicator_card(indicator, values, quarters=8, targets=None):
    """Latest value, target, better/worse than baseline, RAG against the quarter's target
    (when ``targets`` are given) and a sparkline."""
    card = IndicatorCard(indicator, list(values), targets=list(targets or []))
    # A sparkline's <desc> describes it (first and latest values, against the baseline);
    # the card beside it gives the numbers.
    recent = IndicatorCard(indicator, card.values[-quarters:], targets=card.targets)
    return render_to_string(
        "plans/includes/indicator_summary.html",
        {
            "indicator": indicator,
            "latest": card.latest,
            "better": card.better_than_baseline,
            "chart": recent.trend(compact=True),
            "against_target": card.against_target if targets is not None else None,
            "target": card.target,
            "trajectory": bool(recent.targets),
        },
    )


@register.simple_tag
def breakdown_chart(breakdown, indicator, period):
    """A breakdown's parts as horizontal bars, with their table of numbers (the parts,
    their sum and the whole) shown beside it."""
    parts = [(part.category, part.figure) for part in breakdown.parts]
    label = f"{indicator.name}, {period}: by {breakdown.dimension.label.lower()}"
    chart = charts.part_bars(parts, label=label, unit=indicator.unit, note=breakdown.words)
    caption_id = f"breakdown-{breakdown.dimension.value}-caption"
    table = charts.part_table(
        parts,
        caption=f"{label} ({indicator.unit})",
        total=breakdown.total,
        whole=breakdown.whole,
        caption_id=caption_id,
    )
    return chart + scroll_region(table, caption_id)


@register.simple_tag
def trajectory_legend():
    return charts.trajectory_legend()


@register.simple_tag
def rag_badge(status, words, provisional=False):
    """A RAG against target in its colour and in words: {% rag_badge card.against_target.status
    card.against_target.words %}."""
    return format_html(
        '<span class="status-badge rag-{}">{}</span>{}',
        status,
        words,
        format_html(' <span class="badge text-bg-light border">provisional</span>')
        if provisional
        else "",
    )


@register.simple_tag
def status_badge(status):
    """A status in its colour: {% status_badge action.status %}."""
    status = Status(status)
    return format_html('<span class="status-badge status-{}">{}</span>', status.value, status.label)
