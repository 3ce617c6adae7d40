from pathlib import Path

from django.core.management.base import BaseCommand

from onboarding.template import workbook


class Command(BaseCommand):
    help = (
        "Write the empty import template (XLSX): the Actions, Milestones and Indicator "
        "values sheets, and a Read me sheet explaining each column and its allowed values."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        Path(path).write_bytes(workbook())
        self.stdout.write(f"Template written to {path}.")
