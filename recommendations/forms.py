"""The tracker's forms: a source, a recommendation, and an update (with its status and
evidence files). They validate; the views and Recommendation.record_update act."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from activities.evidence import check_evidence
from activities.forms import MultipleFileField
from plans.forms import VersionedForm
from plans.models import Action, LeadSpecialist
from plans.personal_data import personal_data_error
from vawg_tracker.forms import DateInput, ManyObjectsField, PlausibleDates
from vawg_tracker.limits import SHORT_TEXT
from vawg_tracker.widgets import FastSelect, FastSelectMultiple

from .models import Recommendation, RecommendationSource, RecommendationStatus


class SourceForm(VersionedForm):
    class Meta:
        model = RecommendationSource
        fields = ["kind", "title", "published_on", "reference", "notes", "is_demo"]
        widgets = {"published_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}


class RecommendationForm(VersionedForm):
    """A new recommendation starts accepted, in progress or not accepted; afterwards its
    status moves only with an update (UpdateForm), which records who, when and how."""

    class Meta:
        model = Recommendation
        fields = [
            "source",
            "number",
            "text",
            "owner",
            "due_on",
            "status",
            "reason",
            "actions",
            "is_public",
            "public_summary",
        ]
        field_classes = {"actions": ManyObjectsField}
        widgets = {
            "source": FastSelect,
            "text": forms.Textarea(attrs={"rows": 4}),
            "owner": FastSelect,
            "due_on": DateInput(),
            "reason": forms.Textarea(attrs={"rows": 2}),
            "actions": FastSelectMultiple,
            "public_summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = RecommendationSource.objects.only("id", "title")
        self.fields["owner"].queryset = LeadSpecialist.objects.only("id", "name")
        self.fields["actions"].queryset = Action.objects.select_related("plan")
        self.fields["actions"].label_from_instance = lambda a: f"{a.plan}: {a}"
        if self.instance.pk:
            del self.fields["status"]
        else:
            self.fields["status"].choices = [
                choice
                for choice in RecommendationStatus.choices
                if choice[0] != RecommendationStatus.IMPLEMENTED
            ]
            self.fields[
                "status"
            ].help_text = "It is marked implemented later, with an update saying how."

    def clean(self):
        cleaned = super().clean()
        for name in ("text", "public_summary"):
            problem = personal_data_error(cleaned.get(name, ""))
            if problem:
                self.add_error(name, problem)
        return cleaned


class UpdateForm(PlausibleDates, forms.Form):
    status = forms.ChoiceField(choices=RecommendationStatus.choices, label="Status now")
    note = forms.CharField(
        label="What was done?",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Kept with the update. To mark it implemented, say how; if it is not "
        "accepted, say why.",
    )
    happened_on = forms.DateField(label="Date", widget=DateInput())
    evidence = MultipleFileField(required=False, label="Evidence files (optional)")
    # The latest update the person had seen when the form was drawn (0: none).
    seen_update_id = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = filesizeformat(settings.EVIDENCE_MAX_BYTES)
        self.fields["evidence"].help_text = (
            f"PDF, PNG, JPEG, Word, Excel or CSV, up to {limit} each: a report, minutes, a "
            "training log. Nothing that names victims or the people you worked with."
        )

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return day

    def clean_note(self):
        note = self.cleaned_data["note"]
        problem = personal_data_error(note)
        if problem:
            raise forms.ValidationError(problem)
        return note

    def clean_evidence(self):
        checked, errors = [], []
        for upload in self.cleaned_data.get("evidence") or []:
            try:
                checked.append(check_evidence(upload))
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return checked
