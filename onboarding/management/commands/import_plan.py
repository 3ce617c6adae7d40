from django.core.management.base import BaseCommand, CommandError

from onboarding.preview import preview_plan
from plans.models import ActionPlan, Strategy

from ._importing import author, preview_or_refuse, read_file, report_and_apply


class Command(BaseCommand):
    help = (
        "Bring a plan in from a filled template (XLSX, or a CSV of its Actions or Milestones "
        "sheet): print what it would create and change and every problem, and save it all in "
        "one transaction when there is no problem. Exit status 0 only when it saved (or, "
        "with --dry-run, would save)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--plan", required=True, help="The plan's title: an existing plan, or a new one."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check only; save nothing.")
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Add lead specialists and partner organisations the tracker does not have.",
        )
        parser.add_argument("--user", help="Who the import is recorded as (a username).")
        parser.add_argument(
            "--strategy",
            type=int,
            help="A new plan's strategy (its id); by default the newest strategy.",
        )

    def handle(self, *args, path, plan, dry_run, create_missing, user, strategy, **options):
        data = read_file(path)
        by = author(user, dry_run=dry_run)
        plans = list(ActionPlan.objects.filter(title=plan).select_related("strategy")[:2])
        if len(plans) > 1:
            raise CommandError(f"More than one plan is called {plan!r}: rename one first.")
        existing = plans[0] if plans else None
        chosen = None
        if existing is None:
            strategies = Strategy.objects.all()
            chosen = strategies.filter(pk=strategy).first() if strategy else strategies.first()
            if chosen is None:
                raise CommandError(
                    "A new plan needs a strategy, and there is none"
                    + (f" with id {strategy}." if strategy else ": add one first.")
                )
        preview = preview_or_refuse(
            lambda: preview_plan(data, plan=existing, title=plan, strategy=chosen)
        )
        report_and_apply(self, preview, by=by, dry_run=dry_run, create_missing=create_missing)
