from django import forms
from django.db.models import Max, Min
from django.utils import timezone

from vawg_tracker.quarters import Quarter
from vawg_tracker.widgets import FastSelect

from .access import publishable_plans
from .models import publishable


def ended_quarters(plans, today=None):
    """Every quarter that has ended within the plans' periods, newest first."""
    last_ended = Quarter.for_date(today or timezone.localdate()).previous()
    # Query: the earliest start and the latest end of the plans.
    span = plans.aggregate(first=Min("period_start"), last=Max("period_end"))
    if span["first"] is None:
        return []
    first, last = Quarter.for_date(span["first"]), Quarter.for_date(span["last"])
    return list(reversed(list(Quarter.range(first, min(last, last_ended)))))


class PublishForm(forms.Form):
    """Which plan's quarter to publish: a quarter that has ended, within the plan's period."""

    plan = forms.ModelChoiceField(queryset=None, empty_label=None, widget=FastSelect)
    quarter = forms.TypedChoiceField(
        coerce=Quarter.parse,
        widget=FastSelect,
        help_text="Only a quarter that has ended can be published.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plans = publishable_plans()
        self.fields["plan"].queryset = plans
        self.fields["quarter"].choices = [(str(q), str(q)) for q in ended_quarters(plans)]

    def clean(self):
        cleaned = super().clean()
        plan, quarter = cleaned.get("plan"), cleaned.get("quarter")
        if plan and quarter and (reason := publishable(plan, quarter, timezone.localdate())):
            self.add_error("quarter", reason)
        return cleaned
