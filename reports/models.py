from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from plans.models import ActionPlan
from vawg_tracker.produced import (
    ProducedOnce,
    ProducedOnceQuerySet,
    ProductionState,
    reports_storage,
)
from vawg_tracker.quarters import Quarter, QuarterField


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

    def succeed(self, **produced):
        super().succeed(**produced)
        if self.kind == ReportKind.QUARTERLY:
            # Issued: the quarter is closed to further updates.
            self.plan.lock(self.period)

    @classmethod
    def request(cls, plan, period, *, kind, user=None, via="web", replace=False):
        """
        The live report for (plan, quarter, kind), creating it if there is none. With
        ``replace``, a ready or failed one is superseded (kept in the archive) and a new
        one made. Returns (report, created).
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
                plan=plan, period=period, kind=kind, requested_by=user, requested_via=via
            )
        return report, True

    @classmethod
    def due(cls, today=None):
        """
        (plan, quarter) pairs that should have a quarterly report and have none: every
        active plan, for each of the last REPORT_CATCH_UP_QUARTERS quarters that have
        ended within the plan's period. Derived from the database, so a schedule that was
        down over a quarter's end catches up when it runs again.
        """
        today = today or timezone.localdate()
        last_ended = Quarter.for_date(today).previous()
        quarters = [last_ended]
        for _ in range(settings.REPORT_CATCH_UP_QUARTERS - 1):
            quarters.append(quarters[-1].previous())
        existing = set(
            cls.objects.live().filter(kind=ReportKind.QUARTERLY).values_list("plan_id", "period")
        )
        due = []
        for plan in ActionPlan.objects.active():
            for quarter in quarters:
                in_period = quarter.end >= plan.period_start and quarter.start <= plan.period_end
                if in_period and (plan.pk, quarter) not in existing:
                    due.append((plan, quarter))
        return due
