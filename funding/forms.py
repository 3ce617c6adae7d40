from django import forms

from partners.models import PartnerOrganisation
from pledges.models import Pledge
from vawg_tracker.quarters import Quarter
from vawg_tracker.widgets import FastSelect

from .models import AwardYear, FundingSource, financial_year_label

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
