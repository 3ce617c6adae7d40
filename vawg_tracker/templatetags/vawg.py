"""
Template filters every app's pages share, loaded with ``{% load vawg %}`` (registered in
settings.TEMPLATES as the library "vawg").
"""

from django import template

from vawg_tracker.money import pounds

register = template.Library()


@register.filter(name="pounds")
def pounds_filter(value, pence=True):
    """{{ award.amount|pounds }}: £1,234.50; {{ total|pounds:False }}: £1,235."""
    return pounds(value, pence=pence not in (False, "False", "false", "0", 0))
