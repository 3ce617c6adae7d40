from pathlib import Path

from django.core.management.base import BaseCommand

from onboarding.template import actions_csv, workbook


class Command(BaseCommand):
    help = (
        "Write the empty import template (XLSX): the Actions, Milestones and Indicator "
        "values sheets, and a Read me sheet explaining each column and its allowed values. "
        "If PATH ends .csv, the Actions sheet's columns as CSV."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        path = Path(path)
        path.write_bytes(actions_csv() if path.suffix.lower() == ".csv" else workbook())
        self.stdout.write(f"Template written to {path}.")
