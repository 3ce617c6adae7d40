from django import forms

from plans.dashboard import plan_quarters
from plans.models import ActionPlan
from vawg_tracker.quarters import Quarter
from vawg_tracker.widgets import FastSelect


class RequestForm(forms.Form):
    plan = forms.ModelChoiceField(
        queryset=ActionPlan.objects.only("id", "title"), widget=FastSelect, empty_label=None
    )
    quarter = forms.TypedChoiceField(coerce=Quarter.parse, widget=FastSelect)
    draft = forms.BooleanField(
        required=False,
        initial=True,
        label="A draft",
        help_text="Marked DRAFT on every page. A quarter that has not ended can only have drafts.",
    )

    def __init__(self, *args, may_request_final, **kwargs):
        super().__init__(*args, **kwargs)
        plan = ActionPlan.objects.active().first() or ActionPlan.objects.first()
        quarters = plan_quarters(plan) if plan else [Quarter.current()]
        self.fields["quarter"].choices = [(str(q), str(q)) for q in quarters]
        self.may_request_final = may_request_final
        if not may_request_final:
            self.fields["draft"].disabled = True
            self.fields["draft"].help_text = "Commissioners may request drafts."

    def clean(self):
        cleaned = super().clean()
        quarter = cleaned.get("quarter")
        if not self.may_request_final:
            cleaned["draft"] = True
        if quarter and not cleaned.get("draft") and not quarter.has_ended():
            self.add_error("draft", f"{quarter} has not ended yet: request a draft instead.")
        return cleaned
