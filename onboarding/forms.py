"""The upload forms and the confirmation's tick box. They validate only: the views read
the file (onboarding.preview) and keep it (models.PendingImport)."""

from django import forms

from plans.models import ActionPlan, Strategy
from vawg_tracker.widgets import FastSelect

from .reading import MAX_BYTES, MAX_ROWS

LIMITS = (
    f"An Excel workbook (.xlsx) or a CSV of one of the template's sheets; at most "
    f"{MAX_BYTES // 1024 // 1024} MB and {MAX_ROWS:,} rows."
)
CREATE_MISSING = "Create the lead specialists and partners the tracker does not have yet"


class SpreadsheetField(forms.FileField):
    """A file within the importer's limits: not empty, not over MAX_BYTES. What it holds
    is told by its content when it is read, never by its name."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Filled template")
        kwargs.setdefault("help_text", LIMITS)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))
        super().__init__(allow_empty_file=True, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload is None:
            return upload
        if upload.size == 0:
            raise forms.ValidationError(
                "The file is empty. Choose the filled template (.xlsx) or a CSV.", code="empty"
            )
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The file is over the limit of {MAX_BYTES // 1024 // 1024} MB (it is "
                f"{upload.size / 1024 / 1024:.1f} MB). Split it, or leave out what is not "
                "needed.",
                code="too_big",
            )
        return upload


class PlanUploadForm(forms.Form):
    file = SpreadsheetField()
    plan = forms.ModelChoiceField(
        ActionPlan.objects.select_related("strategy").order_by("title", "pk"),
        required=False,
        label="Into an existing plan",
        empty_label="(none: a new plan)",
        widget=FastSelect,
        help_text="Its actions are matched by reference: what differs is changed, the rest "
        "added. Nothing is deleted.",
    )
    title = forms.CharField(
        max_length=200,
        required=False,
        label="Or the title of a new plan",
        help_text="It starts as a draft, led by the first action's lead specialist.",
    )
    strategy = forms.ModelChoiceField(
        Strategy.objects.all(),
        required=False,
        label="The new plan's strategy",
        empty_label=None,
        widget=FastSelect,
    )
    create_missing = forms.BooleanField(required=False, label=CREATE_MISSING)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        strategies = list(Strategy.objects.all()[:2])
        if len(strategies) < 2:
            # One strategy (or none): nothing to choose.
            del self.fields["strategy"]
        self.only_strategy = strategies[0] if len(strategies) == 1 else None

    def clean(self):
        cleaned = super().clean()
        plan, title = cleaned.get("plan"), " ".join(cleaned.get("title", "").split())
        cleaned["title"] = title
        if plan and title:
            self.add_error("title", "Choose an existing plan or give a new title, not both.")
        elif not plan and not title and "plan" not in self.errors:
            self.add_error("title", "Give the new plan a title, or choose an existing plan.")
        elif title and ActionPlan.objects.filter(title__iexact=title).exists():
            self.add_error(
                "title", "A plan already has this title: choose it from the list instead."
            )
        if not plan and "strategy" not in self.fields:
            cleaned["strategy"] = self.only_strategy
            if self.only_strategy is None:
                raise forms.ValidationError("A new plan needs a strategy: add one first.")
        return cleaned


class IndicatorValuesUploadForm(forms.Form):
    file = SpreadsheetField(
        label="Indicator values",
        help_text=f"The template's “Indicator values” sheet: rows of indicator, quarter, "
        f"value and note, or one column per quarter. {LIMITS}",
    )


class ConfirmForm(forms.Form):
    create_missing = forms.BooleanField(required=False, label=CREATE_MISSING)

    def __init__(self, *args, has_missing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_missing = has_missing

    def clean(self):
        cleaned = super().clean()
        if self.has_missing and not cleaned.get("create_missing"):
            self.add_error(
                "create_missing",
                "Tick the box to create them, or add them in the tracker and upload again.",
            )
        return cleaned
