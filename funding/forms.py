"""Forms for spend returns: the partner's return, and staff returning one. They validate only."""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from partners.models import PartnerOrganisation
from plans.personal_data import personal_data_error
from pledges.models import Pledge
from vawg_tracker.money import pounds
from vawg_tracker.quarters import Quarter
from vawg_tracker.review import ReviewCommentForm
from vawg_tracker.widgets import FastSelect

from .models import MOST_PER_YEAR, AwardYear, FundingSource, financial_year_label

# What an output field may hold: AwardOutput.target's and ReturnOutput.achieved's size.
MOST_ACHIEVED = Decimal("999999999.9")


def output_field_name(output):
    return f"output_{output.pk}"


class SpendReturnForm(forms.Form):
    """
    A quarter's return for an award: the quarter (a new return only: it must have ended
    and fall within the award), spend, what was achieved against each output, and a
    variance note, required when spend is above the quarter's share of its financial
    year's amount or above what is left of it (Award.variance_reason).

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
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why spend or outputs differ from the plan. Required when spend is above "
        "a quarter's share of the year's award or above what is left of it. Never "
        "anyone's personal details.",
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, award, periods=None, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.award = award
        self.fixed_period = period
        if period is not None:
            del self.fields["period"]
        else:
            self.fields["period"].choices = [("", "Choose a quarter")] + [
                (q.slug, q.long_label) for q in reversed(periods or [])
            ]
        self.outputs = list(award.outputs.all())
        for output in self.outputs:
            self.fields[output_field_name(output)] = forms.DecimalField(
                label=f"{output.name}: achieved in the quarter",
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
            f"A quarter's share of the award for {quarter.financial_year}: "
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
        return {
            "year": data.get("year") or Quarter.current().year,
            "source": data.get("source"),
            "organisation": data.get("organisation"),
            "ring_fenced": ring_fenced,
            "pledge": data.get("pledge"),
        }
