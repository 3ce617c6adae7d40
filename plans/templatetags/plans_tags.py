from decimal import Decimal

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


@register.filter
def add_class(field, css_class):
    """Render a bound form field with an extra CSS class."""
    return field.as_widget(attrs={"class": css_class})


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


@register.filter
def person(user):
    """A user's name as the pages show it: full name, else username, else a dash."""
    if user is None:
        return "—"
    return user.get_full_name() or user.username


@register.filter
def quantity(value):
    """A measured value without needless decimals: 45.50 → 45.5, 176.00 → 176."""
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    text = format(value.normalize(), "f") if value != value.to_integral() else f"{value:,.0f}"
    return text


@register.simple_tag
def status_badge(status):
    """A status in its colour: {% status_badge action.status %}."""
    status = Status(status)
    return format_html('<span class="status-badge status-{}">{}</span>', status.value, status.label)


@register.simple_block_tag
def scroll_region(content, caption_id):
    """
    A wide table's own scrolling area, so the page never scrolls sideways on a narrow
    screen: focusable (keyboard users scroll it with the arrow keys) and named by the
    table's caption, which carries ``caption_id``.

        {% scroll_region "plans-caption" %}
          <table>…<caption id="plans-caption">…</caption>…</table>
        {% endscroll_region %}
    """
    return format_html(
        '<div class="table-responsive" role="region" tabindex="0" aria-labelledby="{}">{}</div>',
        caption_id,
        content,
    )


@register.filter
def form_control(field):
    """A bound field with Bootstrap's class for its kind of widget."""
    selects = ("select", "fastselect", "fastselectmultiple", "selectmultiple")
    css = "form-select" if field.widget_type in selects else "form-control"
    if field.errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": css})


@register.filter
def form_check(field):
    return field.as_widget(attrs={"class": "form-check-input"})


@register.filter
def day(value):
    """21 Nov 2026 (the UK short date), quickly: long tables show one per row."""
    return f"{value.day} {value:%b %Y}" if value else "—"
