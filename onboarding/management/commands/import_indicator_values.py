from django.core.management.base import BaseCommand

from onboarding.preview import preview_indicator_values

from ._importing import author, preview_or_refuse, read_file, report_and_apply


class Command(BaseCommand):
    help = (
        "Bring indicator values in from a spreadsheet: rows of indicator, quarter, value and "
        'note, or a grid of indicators by quarter (XLSX with an "Indicator values" sheet, or '
        "CSV). All or nothing; exit status 0 only when it saved (or, with --dry-run, would)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Check only; save nothing.")
        parser.add_argument("--user", help="Who the import is recorded as (a username).")

    def handle(self, *args, path, dry_run, user, **options):
        data = read_file(path)
        by = author(user, dry_run=dry_run)
        preview = preview_or_refuse(lambda: preview_indicator_values(data))
        report_and_apply(self, preview, by=by, dry_run=dry_run, create_missing=False)
