"""
The API's endpoints (read-only, JSON, in pages) and the pages where people manage their
personal tokens.

Each endpoint names the capabilities its pages require (``required``: any one of them)
and lists what the pages show that user: partners see their own organisation's
activities, the readers of the plan everything. A record outside that list is 404.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import F, Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiJsonRenderer2
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound

from activities.access import visible_activities
from plans.filters import ActionFilter
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
from pledges.models import Pledge
from reports.models import Report, ReportState
from vawg_tracker import audit
from vawg_tracker.accounts.access import NotVisible, requires
from vawg_tracker.accounts.capabilities import Can
from vawg_tracker.produced import FileMissing, pdf_download

from . import access, serializers
from .models import ApiToken, TooManyTokens

# Anyone with a role: what each role's pages need (staff, lead specialists and
# commissioners read delivery; partners use the portal).
ANY_ROLE = (Can.VIEW_DELIVERY, Can.USE_PARTNER_PORTAL, Can.VIEW_REPORTS)


class Endpoint:
    """A read-only endpoint: who may read it (``required``), stated on its views too."""

    required = ()
    lookup_value_regex = r"[0-9]+"

    @classmethod
    def as_view(cls, *args, **kwargs):
        # Credentials come with each request (a token, or the session): not signed in is
        # 401 from DRF, not the login page.
        view = login_not_required(super().as_view(*args, **kwargs))
        view.access_rule = "requires " + " or ".join(cls.required)
        return view

    def get_object(self):
        pk = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        try:
            return access.get_listed(self.filter_queryset(self.get_queryset()), pk)
        except NotVisible as refusal:
            audit.record(
                audit.Kind.NOT_FOUND,
                self.request._request,
                user=self.request.user,
                object_type=refusal.object_type,
                object_id=refusal.object_id,
            )
            raise


class PlanViewSet(Endpoint, viewsets.ReadOnlyModelViewSet):
    """Action plans."""

    required = (Can.VIEW_DELIVERY,)
    serializer_class = serializers.PlanSerializer
    queryset = ActionPlan.objects.select_related("strategy", "lead").order_by("pk")


class ActionViewSet(Endpoint, viewsets.ReadOnlyModelViewSet):
    """Actions, filtered as the actions list is (the same query parameters)."""

    required = (Can.VIEW_DELIVERY,)
    serializer_class = serializers.ActionSerializer
    queryset = (
        Action.objects.select_related("lead")
        .prefetch_related(
            Prefetch("pledges", queryset=Pledge.objects.only("id")),
            Prefetch("outcomes", queryset=Outcome.objects.only("id")),
        )
        .order_by("pk")
    )
    filter_backends = [DjangoFilterBackend]
    filterset_class = ActionFilter


class ProgressUpdateViewSet(Endpoint, viewsets.ReadOnlyModelViewSet):
    """Progress updates on actions, with PCC staff's decision on each."""

    required = (Can.VIEW_DELIVERY,)
    serializer_class = serializers.ProgressUpdateSerializer
    queryset = ProgressUpdate.objects.annotate(sign_off=F("review__decision")).order_by("pk")


class MilestoneViewSet(Endpoint, viewsets.ReadOnlyModelViewSet):
    """Milestones of actions."""

    required = (Can.VIEW_DELIVERY,)
    serializer_class = serializers.MilestoneSerializer
    queryset = Milestone.objects.order_by("pk")


class IndicatorViewSet(Endpoint, viewsets.ReadOnlyModelViewSet):
    """Indicators with their values (each with its source, whether it is provisional and
    its breakdown), quarter by quarter; their target trajectory and the latest value's RAG
    against its quarter's target."""

    required = (Can.VIEW_DELIVERY,)
    serializer_class = serializers.IndicatorSerializer
    queryset = Indicator.objects.prefetch_related(
        Prefetch(
            "values",
            queryset=IndicatorValue.objects.order_by("period").prefetch_related(
                Prefetch(
                    "parts",
                    queryset=IndicatorBreakdown.objects.order_by("dimension", "category"),
                )
            ),
        ),
        Prefetch("targets", queryset=IndicatorTarget.objects.order_by("quarter")),
        Prefetch("pledges", queryset=Pledge.objects.only("id")),
        Prefetch("outcomes", queryset=Outcome.objects.only("id")),
    ).order_by("pk")


class PledgeViewSet(Endpoint, viewsets.ReadOnlyModelViewSet):
    """Pledges, each with its pledge set."""

    required = (Can.VIEW_DELIVERY,)
    serializer_class = serializers.PledgeSerializer
    queryset = Pledge.objects.select_related("pledge_set").order_by("pledge_set_id", "number")


class OutcomeViewSet(Endpoint, viewsets.ReadOnlyModelViewSet):
    """The strategy's outcomes."""

    required = (Can.VIEW_DELIVERY,)
    serializer_class = serializers.OutcomeSerializer
    queryset = Outcome.objects.order_by("strategy_id", "number")


class ReportViewSet(Endpoint, viewsets.ReadOnlyModelViewSet):
    """Quarterly reports: what they are, and where the PDF downloads from."""

    required = (Can.VIEW_REPORTS,)
    serializer_class = serializers.ReportSerializer
    queryset = Report.objects.order_by("-period", "plan_id", "-pk")

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        description="The report's PDF, once it is ready (404 until then).",
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """The PDF itself, for a token as for the pages: ready reports only, audited."""
        report = self.get_object()
        if report.state != ReportState.READY:
            raise NotFound("This report is not ready yet.")
        try:
            response = pdf_download(report)
        except FileMissing:
            raise NotFound("This report's file is missing from the server.") from None
        audit.record(audit.Kind.REPORT_DOWNLOAD, request, obj=report)
        return response


class ActivityViewSet(Endpoint, viewsets.ReadOnlyModelViewSet):
    """Partners' activities: a partner's own organisation's; every one for readers of the plan."""

    required = (Can.VIEW_DELIVERY, Can.USE_PARTNER_PORTAL)
    serializer_class = serializers.ActivitySerializer

    def get_queryset(self):
        return visible_activities(self.request.user).select_related("organisation").order_by("pk")


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema, as JSON: application/vnd.oai.openapi+json unless the client
    asks for application/json (which it was refused, 406)."""

    required = ANY_ROLE
    renderer_classes = [OpenApiJsonRenderer, OpenApiJsonRenderer2]

    @classmethod
    def as_view(cls, *args, **kwargs):
        view = login_not_required(super().as_view(*args, **kwargs))
        view.access_rule = "requires " + " or ".join(cls.required)
        return view


# --- Pages ------------------------------------------------------------------------------


@requires(*ANY_ROLE, any_of=True)
@require_safe
def docs(request):
    """Swagger UI (drf-spectacular-sidecar's files, our static files) on the schema."""
    return render(
        request,
        "api/docs.html",
        {"title": spectacular_settings.TITLE, "version": spectacular_settings.VERSION},
    )


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What it is for, e.g. “Power BI”.")


@requires(*ANY_ROLE, any_of=True)
@require_safe
def token_list(request):
    tokens = ApiToken.objects.filter(user=request.user)
    context = {"tokens": tokens, "now": timezone.now(), "most": settings.API_MAX_TOKENS_PER_USER}
    return render(request, "api/token_list.html", context)


@requires(*ANY_ROLE, any_of=True)
@require_http_methods(["GET", "HEAD", "POST"])
def token_create(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = ApiToken.issue(request.user, form.cleaned_data["name"])
        except TooManyTokens as refusal:
            # The form again, with what they typed, saying why.
            form.add_error(None, str(refusal))
        else:
            audit.record(audit.Kind.API_TOKEN_CREATED, request, obj=token)
            # Shown on this answer only (never stored by a browser: no-store), never again.
            context = {"token": token, "secret": secret}
            return render(request, "api/token_created.html", context)
    return render(request, "api/token_form.html", {"form": form})


@requires(*ANY_ROLE, any_of=True)
@require_POST
def token_revoke(request, pk):
    token = access.get_own_live_token(request.user, pk)
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit.record(audit.Kind.API_TOKEN_REVOKED, request, obj=token)
    return redirect("api:token_list")
