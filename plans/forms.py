"""Forms for the staff workspace. They validate; views and models act."""

from django import forms
from django.contrib.auth.models import User
from django.utils import timezone

from vawg_tracker.accounts.models import Role
from vawg_tracker.forms import DateInput, ManyObjectsField, PlausibleDates
from vawg_tracker.limits import SHORT_TEXT
from vawg_tracker.quarters import Quarter
from vawg_tracker.widgets import FastSelect, FastSelectMultiple

from .lifecycle import recording_quarters
from .models import (
    Action,
    ActionPlan,
    IndicatorBreakdown,
    IndicatorValue,
    LeadSpecialist,
    Milestone,
    ProgressUpdate,
    Status,
)


def reporting_quarters(plan=None, today=None):
    """The quarters progress may be reported for, newest first (plans.lifecycle)."""
    return recording_quarters(plan, today) or [Quarter.for_date(today or timezone.localdate())]


class ProgressUpdateForm(forms.ModelForm):
    period = forms.TypedChoiceField(
        label="Reporting quarter",
        coerce=Quarter.parse,
        help_text="The quarter this update reports on.",
    )
    # The latest update the author had seen when the form was drawn (0: none).
    seen_update_id = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = ProgressUpdate
        fields = [
            "period",
            "status",
            "percent_complete",
            "reason",
            "narrative",
            "next_steps",
            "risks_and_issues",
            "seen_update_id",
        ]
        labels = {"reason": "Reason (required when at risk or off track)"}
        help_texts = {
            "narrative": "What happened this quarter. Write about the work, not about people.",
            "reason": "What is blocking it, and what would put it back on track.",
        }
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 4}),
            "next_steps": forms.Textarea(attrs={"rows": 2}),
            "risks_and_issues": forms.Textarea(attrs={"rows": 2}),
            "reason": forms.Textarea(attrs={"rows": 2}),
            "percent_complete": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        quarters = reporting_quarters(plan)
        self.fields["period"].choices = [(str(q), str(q)) for q in quarters]
        self.fields["period"].initial = str(quarters[0])
        if plan is not None and plan.locked_through is not None:
            self.fields["period"].help_text = (
                f"Quarters up to {plan.locked_through} are closed: their final report has "
                f"been made. Record later news against {plan.locked_through.next()} or after."
            )
        self.fields["status"].choices = Status.choices

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status and Status(status).needs_reason and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Give a reason when an action is at risk or off track.")
        return cleaned

    def validate_constraints(self, exclude=None):
        # The reason check above says the same, on the right field.
        exclude = {*(exclude or ()), "reason"}
        super().validate_constraints(exclude=exclude)


class MilestoneForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date"]
        widgets = {"due_date": DateInput()}


class MilestoneMoveForm(PlausibleDates, forms.Form):
    due_date = forms.DateField(label="New due date", widget=DateInput())
    reason = forms.CharField(
        label="Why is it moving?", max_length=100, help_text="Kept in the milestone's history."
    )


class MilestoneCompleteForm(PlausibleDates, forms.Form):
    completed_on = forms.DateField(label="Completed on", widget=DateInput())

    def clean_completed_on(self):
        completed_on = self.cleaned_data["completed_on"]
        if completed_on > timezone.localdate():
            raise forms.ValidationError("A milestone cannot be completed in the future.")
        return completed_on


class IndicatorValueForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = IndicatorValue
        fields = ["period", "value", "source", "provisional", "note"]

    def _get_validation_exclusions(self):
        # The indicator is set by the view, not the form: still check "one value per
        # indicator and quarter" here, so a duplicate is a form error, not a crash.
        exclude = super()._get_validation_exclusions()
        exclude.discard("indicator")
        return exclude


class BreakdownVersionForm(forms.Form):
    """The version of the value's breakdown the user saw (IndicatorValue.breakdown_version)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)


class BreakdownPartForm(forms.ModelForm):
    class Meta:
        model = IndicatorBreakdown
        fields = ["dimension", "category", "figure"]
        help_texts = {"category": "e.g. Wirral, Female."}


# A value's parts: up to 60 (five areas, two sexes, ethnic groups...), three empty rows to
# fill in; a part taken out is deleted (its history keeps it).
BreakdownParts = forms.inlineformset_factory(
    IndicatorValue,
    IndicatorBreakdown,
    form=BreakdownPartForm,
    extra=3,
    can_delete=True,
    max_num=60,
    validate_max=True,
)


class VersionedForm(PlausibleDates, forms.ModelForm):
    """
    Carries the version of the object the user saw (its latest history record), so that
    saving over someone else's later change is noticed instead of silent.
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.current_version()


class ActionForm(VersionedForm):
    class Meta:
        model = Action
        fields = [
            "plan",
            "reference",
            "title",
            "description",
            "public_summary",
            "pledges",
            "focus_area",
            "outcomes",
            "violence_forms",
            "lead",
            "delivery_partners",
            "start_date",
            "due_date",
        ]
        field_classes = dict.fromkeys(
            ["pledges", "outcomes", "violence_forms", "delivery_partners"], ManyObjectsField
        )
        widgets = {
            "start_date": DateInput(),
            "due_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "public_summary": forms.Textarea(attrs={"rows": 3}),
            "plan": FastSelect,
            "focus_area": FastSelect,
            "lead": FastSelect,
            "pledges": FastSelectMultiple,
            "outcomes": FastSelectMultiple,
            "violence_forms": FastSelectMultiple,
            "delivery_partners": FastSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pledges"].queryset = self.fields["pledges"].queryset.select_related(
            "pledge_set"
        )
        self.fields["pledges"].label_from_instance = lambda p: f"{p.pledge_set}: {p}"
        self.fields["focus_area"].queryset = self.fields["focus_area"].queryset.select_related(
            "strategy"
        )
        self.fields["delivery_partners"].queryset = self.fields[
            "delivery_partners"
        ].queryset.active()


class ActionPlanForm(VersionedForm):
    class Meta:
        model = ActionPlan
        fields = ["strategy", "title", "lead", "period_start", "period_end", "state", "description"]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "strategy": FastSelect,
            "lead": FastSelect,
        }


class LeadSpecialistForm(VersionedForm):
    class Meta:
        model = LeadSpecialist
        fields = ["name", "job_title", "organisation", "email", "specialisms", "user"]
        labels = {"user": "Login"}
        widgets = {"user": FastSelect}
        field_classes = {"specialisms": ManyObjectsField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            groups__name=Role.LEAD_SPECIALIST, is_active=True
        ).order_by("username")
        self.fields[
            "user"
        ].help_text = (
            "Their login, if they record progress themselves (users with the lead specialist role)."
        )
        self.fields["specialisms"].widget = forms.CheckboxSelectMultiple()
        self.fields["specialisms"].queryset = self.fields["specialisms"].queryset.all()


class ReturnUpdateForm(forms.Form):
    comment = forms.CharField(
        label="What needs changing?",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The author sees this and submits an amended update.",
    )
