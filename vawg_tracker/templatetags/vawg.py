"""
The template filters and tags every app's pages share, loaded with ``{% load vawg %}``
(settings.TEMPLATES names the library): people's names, quantities and pounds, dates,
form fields with Bootstrap's classes, and a table's own scrolling region. Tags about one
app's records live in that app (plans_tags: statuses and indicators).
"""

from decimal import Decimal

from django import template
from django.utils.html import format_html

from vawg_tracker import four_eyes
from vawg_tracker.money import pounds

register = template.Library()


@register.filter(name="pounds")
def pounds_filter(value, pence=True):
    """{{ award.amount|pounds }}: £1,234.50; {{ total|pounds:False }}: £1,235."""
    return pounds(value, pence=pence not in (False, "False", "false", "0", 0))


@register.filter
def add_class(field, css_class):
    """Render a bound form field with an extra CSS class."""
    return field.as_widget(attrs={"class": css_class})


@register.filter
def may_decide(user, submitter_id):
    """``request.user|may_decide:update.author_id``: not their own submission (four eyes)."""
    return four_eyes.may_decide(user, submitter_id)


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


@register.filter
def css_string(text):
    """Text for a CSS string literal (a PDF's marking): no quote or backslash can end it."""
    return "".join(ch for ch in str(text) if ch not in '"\\\n\r')
