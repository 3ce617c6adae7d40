from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from onboarding.template import actions_csv, workbook
from plans.models import ActionPlan


class Command(BaseCommand):
    help = (
        "Write a plan in the import template's shape: an XLSX workbook (its actions and "
        "milestones), or its Actions sheet as CSV if PATH ends .csv. import_plan reads it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int)
        parser.add_argument("path")
        parser.add_argument(
            "--indicator-values",
            action="store_true",
            help="Fill the Indicator values sheet with every indicator's values too.",
        )

    def handle(self, *args, plan_id, path, indicator_values, **options):
        plan = ActionPlan.objects.select_related("strategy").filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(f"There is no action plan {plan_id}.")
        path = Path(path)
        if path.suffix.lower() == ".csv":
            data = actions_csv(plan)
        else:
            data = workbook(plan, indicator_values=indicator_values)
        path.write_bytes(data)
        self.stdout.write(f"{plan.title}: {plan.actions.count()} actions written to {path}.")
