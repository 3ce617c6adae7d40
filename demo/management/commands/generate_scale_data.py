import argparse
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo.scale_data import ScaleDataExists, generate


def _positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number of actions.")
    return value


class Command(BaseCommand):
    help = (
        "Create a large synthetic data set for benchmarks: N actions across five plans "
        "('Scale plan 1' to 'Scale plan 5'), ten quarterly progress updates and two to four "
        "milestones each, 200 partner organisations, 20 lead specialists, and 50 indicators "
        "with 40 quarterly values each, and about one funding award per action with its "
        "years, outputs and spend returns. Rows are bulk-inserted, so django-simple-history "
        "records no history for them. Additive: it refuses to run if scale data already "
        "exists, so run it once per database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--actions",
            type=_positive,
            default=2000,
            metavar="N",
            help="How many actions to create (default 2000: 20,000 progress updates).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help="Random seed; the same seed on the same day gives the same data (default 1).",
        )

    def handle(self, *args, actions, seed, **options):
        started = time.perf_counter()
        try:
            counts = generate(actions, seed=seed)
        except ScaleDataExists as error:
            raise CommandError(str(error)) from error
        if connection.vendor == "postgresql":
            # Bulk-loaded tables have no planner statistics until autovacuum gets to them.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        links = counts["action_links"]
        self.stdout.write(
            f"Scale data: {counts['actions']} actions in {counts['plans']} plans, "
            f"{counts['progress_updates']} progress updates, {counts['milestones']} milestones, "
            f"{counts['partners']} partners ({links['delivery_partners']} links), "
            f"{counts['lead_specialists']} lead specialists, {counts['indicators']} indicators "
            f"({counts['indicator_values']} values), {counts['pledges']} pledges in "
            f"{counts['pledge_sets']} sets, {counts['awards']} awards "
            f"({counts['spend_returns']} spend returns), {counts['risks']} risks, "
            f"{counts['recommendations']} recommendations, "
            f"in {elapsed:.1f}s."
        )
