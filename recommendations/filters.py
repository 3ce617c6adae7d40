"""The tracker's filters, in the URL so a filtered list can be shared."""

import django_filters
from django.utils import timezone

from plans.models import LeadSpecialist
from vawg_tracker.widgets import FastSelect

from .models import Recommendation, RecommendationSource, RecommendationStatus, SourceKind


class RecommendationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        field_name="source__kind",
        choices=SourceKind.choices,
        label="Kind of source",
        empty_label="Any kind",
    )
    source = django_filters.ModelChoiceFilter(
        queryset=RecommendationSource.objects.only("id", "title"), widget=FastSelect
    )
    status = django_filters.ChoiceFilter(
        choices=RecommendationStatus.choices, empty_label="Any status"
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=LeadSpecialist.objects.only("id", "name"), widget=FastSelect
    )
    overdue = django_filters.ChoiceFilter(
        choices=[("yes", "Overdue only")],
        method="only_overdue",
        label="Due date",
        empty_label="Any due date",
    )

    class Meta:
        model = Recommendation
        fields = ["kind", "source", "status", "owner", "overdue"]

    def only_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate()) if value == "yes" else queryset
