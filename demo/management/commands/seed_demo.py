from django.core.management.base import BaseCommand

from demo.demo_data import load_demo_data
from plans.models import ActionPlan


class Command(BaseCommand):
    help = "Load the synthetic demo data from the customer's seed documents (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already has an action plan (make run uses this, "
            "so that edits made in the demo survive a restart).",
        )

    def handle(self, *args, if_empty, **options):
        if if_empty and ActionPlan.objects.exists():
            self.stdout.write("Demo data: the database already has a plan; left as it is.")
            return
        counts = load_demo_data()
        self.stdout.write(
            f"Demo data: {counts['actions']} actions, {counts['milestones']} milestones, "
            f"{counts['progress_updates']} progress updates, {counts['indicators']} indicators "
            f"({counts['indicator_values']} values), {counts['partners']} partners, "
            f"{counts['pledges']} pledges, {counts['activities']} partner activities, "
            f"{counts['funding_sources']} funding sources, {counts['awards']} awards "
            f"({counts['spend_returns']} spend returns), {counts['risks']} risks in the register, "
            f"{counts['recommendations']} recommendations tracked."
        )
