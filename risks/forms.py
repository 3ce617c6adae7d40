"""The register's forms: a risk with its mitigations, and a review. They validate; the
views and Risk.review act."""

from django import forms
from django.utils import timezone

from plans.forms import VersionedForm
from plans.models import Action, LeadSpecialist
from vawg_tracker.forms import DateInput, ManyObjectsField, PlausibleDates
from vawg_tracker.limits import SHORT_TEXT
from vawg_tracker.widgets import FastSelect, FastSelectMultiple

from .models import HIGHEST, LOWEST, Mitigation, Risk

SCALE_CHOICES = [(n, str(n)) for n in range(LOWEST, HIGHEST + 1)]


class RiskForm(VersionedForm):
    class Meta:
        model = Risk
        fields = [
            "title",
            "description",
            "category",
            "owner",
            "likelihood",
            "impact",
            "target_score",
            "status",
            "next_review",
            "actions",
            "pledges",
        ]
        field_classes = {"actions": ManyObjectsField, "pledges": ManyObjectsField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "owner": FastSelect,
            "likelihood": forms.Select(choices=SCALE_CHOICES),
            "impact": forms.Select(choices=SCALE_CHOICES),
            "target_score": forms.NumberInput(attrs={"min": 1, "max": 25}),
            "next_review": DateInput(),
            "actions": FastSelectMultiple,
            "pledges": FastSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = Action.objects.select_related("plan")
        self.fields["actions"].label_from_instance = lambda a: f"{a.plan}: {a}"
        pledges = self.fields["pledges"]
        pledges.queryset = pledges.queryset.select_related("pledge_set")
        pledges.label_from_instance = lambda p: f"{p.pledge_set}: {p}"


class MitigationForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Mitigation
        fields = ["text", "owner", "due_on", "done_on"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "owner": FastSelect,
            "due_on": DateInput(),
            "done_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = LeadSpecialist.objects.only("id", "name")


# Up to 10 mitigations on the risk's form, one empty to fill in; none deleted (one no longer
# pursued is marked done, and the risk's history keeps it).
Mitigations = forms.inlineformset_factory(
    Risk,
    Mitigation,
    form=MitigationForm,
    extra=1,
    can_delete=False,
    max_num=10,
    validate_max=True,
)


class RiskReviewForm(PlausibleDates, forms.Form):
    likelihood = forms.TypedChoiceField(
        choices=SCALE_CHOICES, coerce=int, help_text="1 (rare) to 5 (almost certain)."
    )
    impact = forms.TypedChoiceField(
        choices=SCALE_CHOICES, coerce=int, help_text="1 (negligible) to 5 (severe)."
    )
    comment = forms.CharField(
        label="What has changed?",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the review: why the scores are what they are now.",
    )
    next_review = forms.DateField(label="Next review date", widget=DateInput())
    # The latest review the reviewer had seen when the form was drawn (0: none).
    seen_review_id = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean_next_review(self):
        next_review = self.cleaned_data["next_review"]
        if next_review <= timezone.localdate():
            raise forms.ValidationError("The next review is after today.")
        return next_review
