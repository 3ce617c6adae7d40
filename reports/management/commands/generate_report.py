from django.core.management.base import BaseCommand, CommandError

from plans.lifecycle import QuarterCycle
from plans.models import ActionPlan
from reports.models import Report, ReportKind, ReportState
from reports.production import produce
from vawg_tracker.quarters import Quarter
from vawg_tracker.storage import local_folder


class Command(BaseCommand):
    help = (
        "Produce a plan's quarterly report now, in this process, and print the PDF's path "
        "(or its name in the object store). Reuses a ready report unless --force is given, "
        "which supersedes it (the old file stays in the archive)."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int)
        parser.add_argument("quarter", help="e.g. 2026-27-q2 or '2026/27 Q2'")
        parser.add_argument("--force", action="store_true", help="Produce a new one anyway.")
        parser.add_argument("--draft", action="store_true", help="A draft, marked DRAFT.")

    def handle(self, *args, plan_id, quarter, force, draft, **options):
        plan = ActionPlan.objects.filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(f"There is no action plan {plan_id}.")
        try:
            period = Quarter.parse(quarter)
        except ValueError as error:
            raise CommandError(str(error)) from None
        kind = ReportKind.DRAFT if draft else ReportKind.QUARTERLY
        cycle = QuarterCycle(plan, period)
        if not draft and not cycle.is_closed():
            raise CommandError(
                f"{period} is not closed yet: its final report is made when it closes. "
                "Use --draft for a draft now."
            )
        report, created = Report.request(
            plan, period, kind=kind, via="command", replace=force, revision=cycle.revision()
        )
        if report.state == ReportState.READY:
            self.stdout.write(_where(report))
            return
        if report.state == ReportState.FAILED:
            report.requeue()
        if not report.claim():
            raise CommandError(
                f"Report {report.pk} is being produced by a worker now; run this again when "
                "it has finished (or use --force after that)."
            )
        try:
            produce(report)
        except Exception as error:
            report.fail(f"{type(error).__name__}: {error}", retry=False)
            raise CommandError(f"Report {report.pk} failed: {error}") from error
        self.stdout.write(_where(report))


def _where(report):
    """The PDF's path on disk, or its name in the object store's reports."""
    folder = local_folder(report.file.storage)
    return report.file.path if folder else f"reports/{report.file.name} (in the object store)"
