"""The register's filters, in the URL so a filtered register can be shared."""

import django_filters

from plans.filters import PledgeChoiceFilter
from plans.models import LeadSpecialist
from vawg_tracker.widgets import FastSelect

from .models import Band, Category, Risk, RiskStatus


class RiskFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=RiskStatus.choices, empty_label="Any status")
    category = django_filters.ChoiceFilter(choices=Category.choices, empty_label="Any category")
    owner = django_filters.ModelChoiceFilter(
        queryset=LeadSpecialist.objects.only("id", "name"), widget=FastSelect
    )
    pledge = PledgeChoiceFilter(label="Pledge threatened")
    band = django_filters.ChoiceFilter(
        choices=Band.choices, method="in_band", label="Score", empty_label="Any score"
    )

    class Meta:
        model = Risk
        fields = ["status", "category", "owner", "pledge", "band"]

    def in_band(self, queryset, name, value):
        return queryset.in_band(value)
