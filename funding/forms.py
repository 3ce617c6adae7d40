"""
Forms for the money: staff keeping funding sources and awards (an award's amount for each
financial year and its outputs as formsets), the partner's spend return, and staff
returning one. They validate only.
"""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from partners.models import PartnerOrganisation
from plans.forms import VersionedForm
from plans.personal_data import personal_data_error
from pledges.models import Pledge
from vawg_tracker.forms import DateInput, ManyObjectsField
from vawg_tracker.limits import LONG_TEXT
from vawg_tracker.money import pounds
from vawg_tracker.quarters import Quarter
from vawg_tracker.review import ReviewCommentForm
from vawg_tracker.widgets import FastSelect, FastSelectMultiple

from .models import (
    MOST_PER_YEAR,
    Award,
    AwardOutput,
    AwardYear,
    FundingSource,
    financial_year_label,
)

# What an output field may hold: AwardOutput.target's and ReturnOutput.achieved's size.
MOST_ACHIEVED = Decimal("999999999.9")


MONEY_ERRORS = {
    "max_decimal_places": "Give pounds and pence: at most 2 decimal places.",
    "max_digits": "Enter at most £100,000,000.",
    "max_whole_digits": "Enter at most £100,000,000.",
    "invalid": "Enter an amount in pounds and pence, like 12500.00.",
}


# --- Staff keeping funding sources and awards ---------------------------------------------


class FundingSourceForm(VersionedForm):
    class Meta:
        model = FundingSource
        fields = [
            "name",
            "funder",
            "kind",
            "ring_fenced",
            "ring_fenced_for",
            "reporting_frequency",
            "ends_on",
            "conditions",
        ]
        widgets = {"ends_on": DateInput(), "conditions": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"unique": "A funding source of that name already exists."}}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("ring_fenced_for") and not cleaned.get("ring_fenced"):
            self.add_error(
                "ring_fenced_for", "Say what it is ring-fenced for only if it is ring-fenced."
            )
        return cleaned


class AwardForm(VersionedForm):
    """An award's own fields; its amounts by year and its outputs are the formsets below."""

    class Meta:
        model = Award
        fields = [
            "reference",
            "title",
            "purpose",
            "source",
            "organisation",
            "kind",
            "status",
            "starts_on",
            "ends_on",
            "actions",
        ]
        labels = {"actions": "Actions it pays for"}
        field_classes = {"actions": ManyObjectsField}
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "source": FastSelect,
            "organisation": FastSelect,
            "actions": FastSelectMultiple,
        }
        error_messages = {"reference": {"unique": "An award with that reference already exists."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = self.fields["actions"].queryset.select_related("plan")
        self.fields["actions"].label_from_instance = lambda a: f"{a.plan}: {a}"

    def clean_purpose(self):
        purpose = self.cleaned_data["purpose"]
        problem = personal_data_error(purpose)
        if problem:
            raise forms.ValidationError(problem)
        return purpose

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "An award cannot end before it starts.")
        return cleaned


class AwardYearForm(forms.ModelForm):
    class Meta:
        model = AwardYear
        fields = ["financial_year", "amount"]
        labels = {"financial_year": "Financial year", "amount": "Amount (£)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        amount = self.fields["amount"]
        amount.error_messages.update(MONEY_ERRORS)
        amount.validators = [
            MinValueValidator(0, message="An amount cannot be negative."),
            MaxValueValidator(MOST_PER_YEAR, message="An award-year is at most £100,000,000."),
        ]
        amount.widget.attrs.update({"step": "0.01", "min": 0, "inputmode": "decimal"})
        self.fields["financial_year"].help_text = "The year it starts in: 2026 for 2026/27."
        self.fields["financial_year"].error_messages.update(
            {
                "min_value": "Enter a year from 2000.",
                "max_value": "Enter a year up to 2100.",
                "invalid": "Enter the year it starts in, like 2026.",
            }
        )


class AwardOutputForm(forms.ModelForm):
    class Meta:
        model = AwardOutput
        fields = ["name", "kind", "target"]
        labels = {"target": "Target over the award"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        target.validators = [
            MinValueValidator(0, message="A target cannot be negative."),
            MaxValueValidator(MOST_ACHIEVED),
        ]
        target.error_messages.update(
            {
                "max_decimal_places": "At most 1 decimal place.",
                "max_digits": "Enter a smaller number.",
                "max_whole_digits": "Enter a smaller number.",
                "invalid": "Enter a number, like 3 or 1.5.",
            }
        )


class _AwardPartsFormSet(forms.BaseInlineFormSet):
    """
    An award's rows of one kind, each told apart by one field (``unique_field``): the
    same value twice is an error on the second row, in words, not a database error.
    """

    unique_field = None
    duplicate_message = ""

    def kept_forms(self):
        """The rows that will be saved: filled in (or saved before) and not deleted."""
        return [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not self._should_delete_form(form)
        ]

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.kept_forms():
            value = form.cleaned_data.get(self.unique_field)
            if value is None:
                continue
            key = value.casefold() if isinstance(value, str) else value
            if key in seen:
                form.add_error(self.unique_field, self.duplicate_message)
            seen.add(key)
        self.clean_rows()

    def clean_rows(self):
        """Further checks of the kept rows, for a formset that has them."""


class AwardYearFormSet(_AwardPartsFormSet):
    unique_field = "financial_year"
    duplicate_message = "This award already has an amount for that year."

    def clean_rows(self):
        """Each year falls within the award's dates (when they are known and valid)."""
        award = self.instance
        if not (award.starts_on and award.ends_on) or award.ends_on < award.starts_on:
            return
        first, last = award.first_year, award.last_year
        for form in self.kept_forms():
            year = form.cleaned_data.get("financial_year")
            if year is not None and not first <= year <= last:
                form.add_error(
                    "financial_year",
                    f"The award runs in {financial_year_label(first)} to "
                    f"{financial_year_label(last)}: give an amount for one of those years.",
                )


class AwardOutputFormSet(_AwardPartsFormSet):
    unique_field = "name"
    duplicate_message = "This award already has an output of that name."


def _award_rows(model, form, formset):
    """Up to 20 rows of one kind on the award's form, two empty ones to fill in."""
    return forms.inlineformset_factory(
        Award,
        model,
        form=form,
        formset=formset,
        extra=2,
        can_delete=False,  # staff do not delete: an amount becomes £0, an award is withdrawn
        max_num=20,
        validate_max=True,
    )


AwardYears = _award_rows(AwardYear, AwardYearForm, AwardYearFormSet)
AwardOutputs = _award_rows(AwardOutput, AwardOutputForm, AwardOutputFormSet)


# --- The partner's spend return -------------------------------------------------------------


def output_field_name(output):
    return f"output_{output.pk}"


class SpendReturnForm(forms.Form):
    """
    A return for an award: the quarter (a new return only: one of ``periods``, the
    award's ended reporting quarters with no return, Award.due_quarters; for a source
    reporting every six months or annually the return covers the half-year or the year
    that quarter ends), spend, what was achieved against each output, and a variance
    note, required when spend is above the share of its financial year's amount the
    return covers or above what is left of it (Award.variance_reason).

    ``periods``: the quarters to choose from (a new return), or ``period``: the quarter
    of the return being amended or corrected. ``version``: the version of the return the
    partner saw, when amending (a change made meanwhile is noticed, not overwritten).
    """

    period = forms.ChoiceField(label="Quarter", required=True)
    spend = forms.DecimalField(
        label="Spend in the quarter (£)",
        max_digits=12,
        decimal_places=2,
        validators=[
            MinValueValidator(0, message="Spend cannot be negative."),
            MaxValueValidator(MOST_PER_YEAR, message="Spend cannot be more than £100,000,000."),
        ],
        error_messages={
            "max_decimal_places": "Give pounds and pence: at most 2 decimal places.",
            "invalid": "Enter an amount in pounds and pence, like 12500.00.",
        },
        widget=forms.NumberInput(attrs={"step": "0.01", "min": 0, "inputmode": "decimal"}),
    )
    variance_note = forms.CharField(
        label="Variance note",
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why spend or outputs differ from the plan. Required when spend is above "
        "the share of the year's award the return covers (a quarter's, or a half-year's or "
        "the year's if the funder asks less often) or above what is left of it. Never "
        "anyone's personal details.",
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)

    def __init__(self, *args, award, periods=None, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.award = award
        self.fixed_period = period
        # What one return covers: a quarter, or the half-year or year its source asks for.
        covers = award.quarters_covered(period) if period else award.frequency.quarters_per_return
        span = {1: "quarter", 2: "half-year", 4: "year"}[covers]
        self.fields["spend"].label = f"Spend in the {span} (£)"
        if period is not None:
            del self.fields["period"]
        else:
            self.fields["period"].choices = [("", "Choose a quarter")] + [
                (q.slug, award.return_label(q)) for q in reversed(periods or [])
            ]
        self.outputs = list(award.outputs.all())
        for output in self.outputs:
            self.fields[output_field_name(output)] = forms.DecimalField(
                label=f"{output.name}: achieved in the {span}",
                help_text=f"Target over the award: {output.target.normalize():,f}.",
                max_digits=10,
                decimal_places=1,
                validators=[
                    MinValueValidator(0, message="What was achieved cannot be negative."),
                    MaxValueValidator(MOST_ACHIEVED),
                ],
                error_messages={
                    "max_decimal_places": "At most 1 decimal place.",
                    "invalid": "Enter a number, like 3 or 1.5.",
                },
                widget=forms.NumberInput(attrs={"step": "0.1", "min": 0}),
            )

    def clean_period(self):
        return Quarter.parse(self.cleaned_data["period"])

    def quarter(self):
        return self.fixed_period or self.cleaned_data.get("period")

    def clean(self):
        cleaned = super().clean()
        problem = personal_data_error(cleaned.get("variance_note", ""))
        if problem:
            self.add_error("variance_note", problem)
        quarter, spend = self.quarter(), cleaned.get("spend")
        if quarter is not None and spend is not None and not cleaned.get("variance_note"):
            reason = self.award.variance_reason(quarter, spend)
            if reason:
                self.add_error("variance_note", reason)
        return cleaned

    def achieved(self):
        """{AwardOutput: achieved} from the cleaned data."""
        return {o: self.cleaned_data[output_field_name(o)] for o in self.outputs}

    def share_text(self):
        """The quarter's share and what is left of the year, for the page (amend/correct)."""
        if self.fixed_period is None:
            return ""
        quarter = self.fixed_period
        return (
            f"{self.award.share_name(quarter).capitalize()} share of the award for "
            f"{quarter.financial_year}: "
            f"{pounds(self.award.quarter_share(quarter))}; left of the year: "
            f"{pounds(self.award.remaining_for(quarter))}."
        )


class ReturnSpendReturnForm(ReviewCommentForm):
    """Returning a spend return for changes (the shared form: the comment is required)."""

    def clean_comment(self):
        comment = self.cleaned_data["comment"]
        problem = personal_data_error(comment)
        if problem:
            raise forms.ValidationError(problem)
        return comment


RING_FENCED = [("", "All money"), ("yes", "Ring-fenced only"), ("no", "Not ring-fenced")]


class FundingFilterForm(forms.Form):
    """The Funding page's filters, read from the query string: a financial year, and
    optionally a source, an organisation, ring-fenced or not, a pledge."""

    year = forms.TypedChoiceField(
        coerce=int, required=False, label="Financial year", widget=FastSelect
    )
    source = forms.ModelChoiceField(
        queryset=FundingSource.objects.only("id", "name"),
        required=False,
        empty_label="All sources",
        label="Funding source",
        widget=FastSelect,
    )
    organisation = forms.ModelChoiceField(
        queryset=PartnerOrganisation.objects.only("id", "name"),
        required=False,
        empty_label="All organisations",
        label="Partner organisation",
        widget=FastSelect,
    )
    ring_fenced = forms.ChoiceField(
        choices=RING_FENCED, required=False, label="Ring-fenced", widget=FastSelect
    )
    pledge = forms.ModelChoiceField(
        queryset=Pledge.objects.select_related("pledge_set").only(
            "id", "number", "title", "pledge_set__title", "pledge_set__short_title"
        ),
        required=False,
        empty_label="All pledges",
        label="Pledge",
        widget=FastSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Query: the years that have amounts, and this one.
        years = set(AwardYear.objects.values_list("financial_year", flat=True).distinct())
        years.add(Quarter.current().year)
        self.fields["year"].choices = [
            (year, financial_year_label(year)) for year in sorted(years, reverse=True)
        ]
        self.fields["pledge"].label_from_instance = lambda pledge: f"{pledge.pledge_set}: {pledge}"

    def chosen(self):
        """The filters understood (a value not understood is left out, its error shown),
        as FundingSummary's arguments."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        ring_fenced = {"yes": True, "no": False}.get(data.get("ring_fenced") or "")
        year = data.get("year") or Quarter.current().year
        if not data.get("year"):
            # The select shows the year the page shows, this one, when none was asked for or
            # the one asked for was not understood (its error stays): with no option
            # selected, a browser would show the first year offered, a later one.
            self.data = self.data.copy()
            self.data["year"] = year
        return {
            "year": year,
            "source": data.get("source"),
            "organisation": data.get("organisation"),
            "ring_fenced": ring_fenced,
            "pledge": data.get("pledge"),
        }
