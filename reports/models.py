from collections import Counter

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from plans import lifecycle
from plans.models import ActionPlan, QuarterEvent, QuarterEventKind
from vawg_tracker.produced import (
    ProducedOnce,
    ProducedOnceQuerySet,
    ProductionState,
    reports_storage,
)
from vawg_tracker.quarters import QuarterField


def report_path(report, filename):
    """Named for what it is: no people's names, ever."""
    suffix = "-draft" if report.kind == ReportKind.DRAFT else ""
    return f"{report.plan_id}/{report.period.slug}/{report.pk}{suffix}.pdf"


class ReportKind(models.TextChoices):
    QUARTERLY = "quarterly", "Quarterly report"
    DRAFT = "draft", "Draft"


# The states of a report's production (vawg_tracker.produced), by their old name.
ReportState = ProductionState


class ReportQuerySet(ProducedOnceQuerySet):
    def live(self):
        return self.filter(superseded=False)


class Report(ProducedOnce):
    """
    A PDF progress report for an action plan and a quarter. The row exists before any
    rendering starts and records how it went: queued, being produced, ready or failed.
    """

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="reports")
    period = QuarterField("quarter")
    kind = models.CharField(max_length=10, choices=ReportKind.choices)
    superseded = models.BooleanField(
        default=False, help_text="Replaced by a newer report; kept in the archive."
    )
    revision = models.PositiveSmallIntegerField(
        default=0,
        help_text="0 for a quarter's first final report; 1 and on for those made after it "
        "was reopened and closed again (plans.lifecycle).",
    )
    file = models.FileField(storage=reports_storage, upload_to=report_path, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the schedule asked for it.",
    )
    requested_via = models.CharField(max_length=20, default="schedule")

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "plan", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period", "kind"],
                condition=Q(superseded=False),
                name="one_live_report_per_plan_quarter_kind",
                violation_error_message="This plan already has that report for that quarter.",
            )
        ]

    def __str__(self):
        return f"{self.plan}: {self.period} ({self.get_kind_display().lower()})"

    def get_absolute_url(self):
        return reverse("reports:detail", args=[self.pk])

    @property
    def is_draft(self):
        return self.kind == ReportKind.DRAFT

    @property
    def download_name(self):
        """vawg-delivery-report-2026-27-Q2.pdf (with -draft for a draft)."""
        draft = "-draft" if self.is_draft else ""
        return f"vawg-delivery-report-{self.period.slug.upper()}{draft}.pdf"

    # --- The life of a report -------------------------------------------------------------

    @property
    def is_revised(self):
        return self.revision > 0

    @classmethod
    def request(cls, plan, period, *, kind, user=None, via="web", replace=False, revision=0):
        """
        The live report for (plan, quarter, kind), creating it if there is none. With
        ``replace``, a ready or failed one is superseded (kept in the archive) and a new
        one made (``revision``: the quarter's, for a final report). Returns (report,
        created).
        """
        with transaction.atomic():
            current = (
                cls.objects.select_for_update()
                .filter(plan=plan, period=period, kind=kind, superseded=False)
                .first()
            )
            busy = current and current.state in (ReportState.PENDING, ReportState.RUNNING)
            if current and (busy or not replace):
                return current, False
            if current:
                current.superseded = True
                current.save(update_fields=["superseded"])
            report = cls.objects.create(
                plan=plan,
                period=period,
                kind=kind,
                requested_by=user,
                requested_via=via,
                revision=revision,
            )
        return report, True

    @classmethod
    def due(cls, today=None):
        """
        (plan, quarter, revision) for each final report that should exist and does not:
        for every active plan, each of its last REPORT_CATCH_UP_QUARTERS quarters that is
        closed, or that the schedule closes today (plans.lifecycle), without a live final
        report of the quarter's revision (a quarter reopened and closed again is due a
        revised one). Derived from the database, so a schedule that was down catches up
        when it runs again.
        """
        today = today or timezone.localdate()
        closing = {(cycle.plan.pk, cycle.quarter) for cycle in lifecycle.ready_to_close(today)}
        live = cls.objects.live().filter(kind=ReportKind.QUARTERLY)
        reports = {
            (plan_id, period): rev
            for plan_id, period, rev in live.values_list("plan_id", "period", "revision")
        }
        reopened = Counter(
            QuarterEvent.objects.filter(kind=QuarterEventKind.REOPENED).values_list(
                "plan_id", "quarter"
            )
        )
        due = []
        for plan in ActionPlan.objects.active():
            closed = [
                quarter
                for quarter in cls._recent_quarters(plan, closing)
                if plan.is_locked(quarter) or (plan.pk, quarter) in closing
            ]
            for quarter in closed:
                revision = reopened[(plan.pk, quarter)]
                if reports.get((plan.pk, quarter), -1) < revision:
                    due.append((plan, quarter, revision))
        return due

    @staticmethod
    def _recent_quarters(plan, closing):
        """The plan's last REPORT_CATCH_UP_QUARTERS quarters up to its latest closed (or
        closing) one, within its period, newest first."""
        latest = max(
            [plan.locked_through] * (plan.locked_through is not None)
            + [quarter for plan_id, quarter in closing if plan_id == plan.pk],
            default=None,
        )
        quarters = []
        quarter = latest
        while quarter is not None and len(quarters) < settings.REPORT_CATCH_UP_QUARTERS:
            if quarter.end < plan.period_start:
                break
            if quarter.start <= plan.period_end:
                quarters.append(quarter)
            quarter = quarter.previous()
        return quarters
