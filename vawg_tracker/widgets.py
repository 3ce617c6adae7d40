"""
Select widgets that draw their options in one pass.

Django draws each <option> through its own template and builds a dictionary for it
first, which costs tens of microseconds an option: a filter form with 200 partners spent
more time drawing options than finding actions. These give the same HTML (choices,
selected values, attributes) without either.
"""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    def use_required_attribute(self, initial):
        # Django reads the first choice to decide, which costs a query for model choices;
        # for those the field already knows whether it offers an empty first choice.
        if isinstance(self.choices, ModelChoiceIterator):
            needed = forms.Widget.use_required_attribute(self, initial)
            empty_first = self.choices.field.empty_label is not None
            return needed and (self.allow_multiple_selected or empty_first)
        return super().use_required_attribute(initial)

    def render(self, name, value, attrs=None, renderer=None):
        # A comprehension, not list(): list() asks a model iterator for its length first,
        # which is a COUNT query.
        choices = [choice for choice in self.choices]  # noqa: C416
        if any(isinstance(label, list | tuple) for _, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        selected = set(self.format_value(value))
        options = []
        for choice_value, label in choices:
            key = "" if choice_value is None else str(choice_value)
            options.append(
                f'<option value="{escape(key)}"{" selected" if key in selected else ""}>'
                f"{conditional_escape(label)}</option>"
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(final_attrs),
            mark_safe("".join(options)),  # noqa: S308
        )


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    pass
