"""Forms for the partner portal and for staff who verify. They validate only."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.template.defaultfilters import filesizeformat

from plans.models import Action
from plans.personal_data import personal_data_error
from vawg_tracker.forms import DateInput, PlausibleDates
from vawg_tracker.review import ReviewCommentForm
from vawg_tracker.widgets import FastSelect

from .evidence import check_evidence
from .models import Activity

GUARDED_FIELDS = ("title", "description", "area")
INTEGER_MAX = 2_147_483_647


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ActivityForm(PlausibleDates, forms.ModelForm):
    evidence = MultipleFileField(
        required=False,
        label="Evidence files (optional)",
    )

    class Meta:
        model = Activity
        fields = [
            "action",
            "kind",
            "title",
            "started_on",
            "ended_on",
            "people_reached",
            "sessions",
            "hours",
            "area",
            "description",
        ]
        labels = {"action": "Action it delivers"}
        help_texts = {
            "description": "What you did and for whom, in general terms and counts: "
            "“two sessions for year 9 pupils”, not names.",
            "people_reached": "A count, not names.",
        }
        widgets = {
            "action": FastSelect,
            "started_on": DateInput(),
            "ended_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "hours": forms.NumberInput(attrs={"step": "0.5", "min": 0}),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # PostgreSQL's integer range on every database: SQLite would take up to 2**63 and
        # then fail to add them up on the organisation's page.
        for name in ("people_reached", "sessions"):
            self.fields[name].max_value = INTEGER_MAX
            self.fields[name].validators.append(MaxValueValidator(INTEGER_MAX))
        self.fields["action"].queryset = (
            Action.objects.filter(delivery_partners=organisation)
            .only("id", "reference", "title")
            .order_by("reference")
        )
        limit = filesizeformat(settings.EVIDENCE_MAX_BYTES)
        self.fields["evidence"].help_text = (
            f"PDF, PNG, JPEG, Word, Excel or CSV, up to {limit} each: attendance counts, "
            "agendas, slides. Nothing that names the people you worked with."
        )
        if self.instance.pk:
            self.fields["evidence"].label = "Add evidence files (optional)"

    def clean(self):
        cleaned = super().clean()
        for name in GUARDED_FIELDS:
            problem = personal_data_error(cleaned.get(name, ""))
            if problem:
                self.add_error(name, problem)
        return cleaned

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


class ReturnForm(ReviewCommentForm):
    """Returning an activity for changes (the shared form: the comment is required)."""
