"""
What the API shows of each record: what its page shows a reader, and no more. The one
person named is a plan's or an action's lead specialist (``lead``: their record's name, as
the pages show it); nobody else's name or email (authors, who signed off or entered a
value, who logged an activity) leaves through here (tests/api/test_api_names.py).
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from activities.models import Activity
from plans.indicators import IndicatorCard, Rag
from plans.models import (
    Action,
    ActionPlan,
    Indicator,
    IndicatorBreakdown,
    IndicatorTarget,
    IndicatorValue,
    Milestone,
    Outcome,
    ProgressUpdate,
)
from pledges.models import Pledge, PledgeSet
from reports.models import Report, ReportState


@extend_schema_field(OpenApiTypes.STR)
class QuarterField(serializers.Field):
    """A financial quarter as its slug: "2026-27-q3"."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return value.slug


class PlanSerializer(serializers.ModelSerializer):
    strategy = serializers.CharField(source="strategy.title", read_only=True)
    lead = serializers.CharField(source="lead.name", read_only=True)

    class Meta:
        model = ActionPlan
        fields = ["id", "title", "strategy", "lead", "period_start", "period_end", "state"]


class PledgeSetSerializer(serializers.ModelSerializer):
    class Meta:
        model = PledgeSet
        fields = ["id", "title", "short_title", "source", "published_on", "description"]


class PledgeSerializer(serializers.ModelSerializer):
    pledge_set = PledgeSetSerializer(read_only=True)

    class Meta:
        model = Pledge
        fields = ["id", "number", "title", "commitment", "pledge_set"]


class OutcomeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outcome
        fields = ["id", "number", "title", "description"]


class ActionSerializer(serializers.ModelSerializer):
    lead = serializers.CharField(source="lead.name", read_only=True, allow_null=True)
    pledges = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    outcomes = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "plan",
            "reference",
            "title",
            "description",
            "focus_area",
            "lead",
            "start_date",
            "due_date",
            "status",
            "percent_complete",
            "pledges",
            "outcomes",
            "updated_at",
        ]


class ProgressUpdateSerializer(serializers.ModelSerializer):
    period = QuarterField()
    sign_off = serializers.CharField(
        read_only=True, allow_null=True, help_text="signed_off, returned, or null: not yet decided"
    )

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "action",
            "period",
            "status",
            "percent_complete",
            "narrative",
            "next_steps",
            "risks_and_issues",
            "reason",
            "created_at",
            "sign_off",
        ]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "action", "title", "due_date", "completed_on"]


class IndicatorBreakdownSerializer(serializers.ModelSerializer):
    value = serializers.DecimalField(
        source="figure", max_digits=14, decimal_places=2, read_only=True
    )

    class Meta:
        model = IndicatorBreakdown
        fields = ["dimension", "category", "value"]


class IndicatorValueSerializer(serializers.ModelSerializer):
    """A value with where it comes from, whether it is provisional, and its parts by
    dimension (local authority area, sex, ethnicity), which may not sum to it."""

    period = QuarterField()
    breakdown = IndicatorBreakdownSerializer(source="parts", many=True, read_only=True)

    class Meta:
        model = IndicatorValue
        fields = ["period", "value", "note", "source", "provisional", "breakdown"]


class IndicatorTargetSerializer(serializers.ModelSerializer):
    period = QuarterField(source="quarter")

    class Meta:
        model = IndicatorTarget
        fields = ["period", "value"]


class AgainstTargetSerializer(serializers.Serializer):
    """The latest value against its quarter's target (plans.indicators.rag_against_target)."""

    period = serializers.CharField(
        allow_null=True, help_text="The latest value's quarter (null: no value)."
    )
    target = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, help_text="Its quarter's target."
    )
    rag = serializers.ChoiceField(
        choices=Rag.choices, help_text="Red, amber, green, or none (no value or no target)."
    )
    words = serializers.CharField(help_text='The RAG in words, e.g. "Within tolerance".')
    provisional = serializers.BooleanField(help_text="Whether the latest value is provisional.")


class IndicatorSerializer(serializers.ModelSerializer):
    values = IndicatorValueSerializer(many=True, read_only=True)
    trajectory = IndicatorTargetSerializer(source="targets", many=True, read_only=True)
    against_target = serializers.SerializerMethodField()
    pledges = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    outcomes = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    @extend_schema_field(AgainstTargetSerializer)
    def get_against_target(self, indicator):
        card = IndicatorCard(
            indicator, list(indicator.values.all()), targets=list(indicator.targets.all())
        )
        rag, latest = card.against_target, card.latest
        return AgainstTargetSerializer(
            {
                "period": latest.period.slug if latest else None,
                "target": card.target,
                "rag": rag.status.value,
                "words": rag.words,
                "provisional": rag.provisional,
            }
        ).data

    class Meta:
        model = Indicator
        fields = [
            "id",
            "name",
            "description",
            "unit",
            "direction",
            "baseline_value",
            "baseline_period",
            "target_value",
            "target_period",
            "tolerance",
            "frequency",
            "data_source",
            "pledges",
            "outcomes",
            "values",
            "trajectory",
            "against_target",
        ]


class ReportSerializer(serializers.ModelSerializer):
    period = QuarterField()
    download_url = serializers.SerializerMethodField(
        help_text="The PDF (with the same token); null until it is ready."
    )

    class Meta:
        model = Report
        fields = [
            "id",
            "plan",
            "period",
            "kind",
            "state",
            "superseded",
            "pages",
            "size",
            "sha256",
            "created_at",
            "finished_at",
            "download_url",
        ]

    def get_download_url(self, report) -> str | None:
        if report.state != ReportState.READY:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("api:report-download", args=[report.pk])
        )


class ActivitySerializer(serializers.ModelSerializer):
    period = QuarterField()
    organisation = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "action",
            "organisation",
            "kind",
            "title",
            "description",
            "started_on",
            "ended_on",
            "period",
            "people_reached",
            "sessions",
            "hours",
            "area",
            "state",
        ]
