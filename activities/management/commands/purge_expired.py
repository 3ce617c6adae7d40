from django.conf import settings
from django.core.management.base import BaseCommand

from activities.retention import purge_expired


class Command(BaseCommand):
    help = (
        "Remove activity descriptions and evidence files past their retention period "
        "(ACTIVITY_RETENTION_DAYS, EVIDENCE_RETENTION_DAYS), keeping every count. "
        "Safe to run again: what is purged is not purged twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be purged; change nothing."
        )

    def handle(self, *args, dry_run, **options):
        purged = purge_expired(dry_run=dry_run)
        verb = "Would purge" if dry_run else "Purged"
        self.stdout.write(
            f"{verb} {purged.activities} activit{'y' if purged.activities == 1 else 'ies'} "
            f"(older than {settings.ACTIVITY_RETENTION_DAYS} days) and "
            f"{purged.evidence} evidence file{'' if purged.evidence == 1 else 's'} "
            f"(older than {settings.EVIDENCE_RETENTION_DAYS} days)."
        )
