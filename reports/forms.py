from django import forms

from plans.lifecycle import QuarterCycle
from plans.models import ActionPlan, FocusArea
from pledges.models import PledgeSet
from vawg_tracker.quarters import Quarter
from vawg_tracker.widgets import FastSelect

from .dashboard import default_plan, plan_quarters


class RequestForm(forms.Form):
    plan = forms.ModelChoiceField(
        queryset=ActionPlan.objects.only("id", "title"), widget=FastSelect, empty_label=None
    )
    quarter = forms.TypedChoiceField(coerce=Quarter.parse, widget=FastSelect)
    draft = forms.BooleanField(
        required=False,
        initial=True,
        label="A draft",
        help_text="Marked DRAFT on every page. A quarter that is not closed can only have drafts.",
    )

    def __init__(self, *args, may_request_final, **kwargs):
        super().__init__(*args, **kwargs)
        plan = default_plan()
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
        plan = cleaned.get("plan")
        if quarter and plan and not cleaned.get("draft"):
            if not quarter.has_ended():
                self.add_error("draft", f"{quarter} has not ended yet: request a draft instead.")
            elif not QuarterCycle(plan, quarter).is_closed():
                self.add_error(
                    "draft",
                    f"{quarter} is not closed yet: its final report is made when it closes. "
                    "Request a draft, or close the quarter from the update round page.",
                )
        return cleaned


class PlanQuarterForm(forms.Form):
    """Which plan, and which of its quarters, a page shows: read from the query string."""

    plan = forms.ModelChoiceField(
        queryset=ActionPlan.objects.all(), required=False, widget=FastSelect
    )
    quarter = forms.TypedChoiceField(coerce=Quarter.parse, required=False, widget=FastSelect)

    def __init__(self, *args, plan, quarters, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plans is not None:
            self.fields["plan"].queryset = plans
        self.fields["plan"].empty_label = None
        self.fields["quarter"].choices = [(str(q), str(q)) for q in quarters]


class DashboardForm(PlanQuarterForm):
    """The dashboard's filters: plan, quarter, pledge set and focus area."""

    pledge_set = forms.ModelChoiceField(
        queryset=None, required=False, label="Pledges", widget=FastSelect
    )
    focus_area = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="All", widget=FastSelect
    )

    def __init__(self, *args, plan, quarters, **kwargs):
        super().__init__(*args, plan=plan, quarters=quarters, **kwargs)
        self.fields["pledge_set"].queryset = PledgeSet.objects.all()
        self.fields["pledge_set"].empty_label = None
        self.fields["focus_area"].queryset = FocusArea.objects.filter(strategy_id=plan.strategy_id)
