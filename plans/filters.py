import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from partners.models import PartnerOrganisation
from pledges.models import Pledge
from vawg_tracker.forms import DateInput
from vawg_tracker.quarters import Quarter
from vawg_tracker.widgets import FastSelect

from .models import (
    Action,
    ActionPlan,
    FocusArea,
    LeadSpecialist,
    Outcome,
    Status,
    ViolenceForm,
)


class PledgeChoiceFilter(django_filters.ModelChoiceFilter):
    """Pledges named with their set: two sets both have a pledge 1."""

    def __init__(self, **kwargs):
        super().__init__(
            field_name="pledges",
            queryset=Pledge.objects.select_related("pledge_set").only(
                "id", "number", "title", "pledge_set__title", "pledge_set__short_title"
            ),
            distinct=True,
            widget=FastSelect,
            **kwargs,
        )

    @property
    def field(self):
        field = super().field
        field.label_from_instance = lambda pledge: f"{pledge.pledge_set}: {pledge}"
        return field


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    plan = django_filters.ModelChoiceFilter(
        queryset=ActionPlan.objects.only("id", "title"), widget=FastSelect
    )
    pledge = PledgeChoiceFilter(label="Pledge")
    focus_area = django_filters.ModelChoiceFilter(
        queryset=FocusArea.objects.only("id", "title").order_by("strategy_id", "number"),
        widget=FastSelect,
    )
    outcome = django_filters.ModelChoiceFilter(
        field_name="outcomes",
        queryset=Outcome.objects.only("id", "title").order_by("strategy_id", "number"),
        distinct=True,
        label="Outcome",
        widget=FastSelect,
    )
    violence_form = django_filters.ModelChoiceFilter(
        field_name="violence_forms",
        queryset=ViolenceForm.objects.only("id", "name"),
        distinct=True,
        label="Form of VAWG",
        widget=FastSelect,
    )
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, widget=forms.CheckboxSelectMultiple
    )
    lead = django_filters.ModelChoiceFilter(
        queryset=LeadSpecialist.objects.only("id", "name"),
        label="Lead specialist",
        widget=FastSelect,
    )
    partner = django_filters.ModelChoiceFilter(
        field_name="delivery_partners",
        queryset=PartnerOrganisation.objects.only("id", "name"),
        distinct=True,
        label="Delivery partner",
        widget=FastSelect,
    )
    due_after = django_filters.DateFilter(
        field_name="due_date", lookup_expr="gte", label="Due on or after", widget=DateInput()
    )
    due_before = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label="Due on or before", widget=DateInput()
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="Overdue", widget=forms.CheckboxInput
    )
    stale = django_filters.BooleanFilter(
        method="filter_stale",
        label="No update this quarter",
        widget=forms.CheckboxInput,
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("reference", "reference"),
            ("title", "title"),
            ("status", "status"),
            ("percent_complete", "percent"),
            ("due_date", "due"),
            ("lead__name", "lead"),
            ("updated_at", "updated"),
        ),
        label="Sort by",
    )

    class Meta:
        model = Action
        fields = []

    def search(self, queryset, name, value):
        words = value.split()[:10]
        for word in words:
            queryset = queryset.filter(
                Q(reference__icontains=word)
                | Q(title__icontains=word)
                | Q(description__icontains=word)
            )
        return queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate()) if value else queryset

    def filter_stale(self, queryset, name, value):
        return queryset.stale(Quarter.current()) if value else queryset
