from django.core.management.base import BaseCommand, CommandError

from vawg_tracker.backups.archive import BackupError
from vawg_tracker.backups.moving import MOVED, PLACES, move_files


class Command(BaseCommand):
    help = (
        "Move the evidence files, reports and backup archives from the folders under var/ "
        "to the object store (--to s3), or back (--to filesystem), checking each copy's "
        "SHA-256 before deleting the original. Safe to stop and run again: files already "
        "moved are skipped. Stop web, worker and beat while it runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, choices=PLACES)
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Copy (and check) without deleting the originals.",
        )

    def handle(self, *args, to, keep, **options):
        try:
            counts = move_files(to, keep=keep, progress=lambda line: self.stderr.write(line))
        except BackupError as error:
            raise CommandError(str(error)) from None
        verb = "copied" if keep else "moved"
        for alias in MOVED:
            found = counts[alias]
            self.stdout.write(
                f"{alias}: {found['moved']} {verb}, {found['already there']} already there, "
                f"{found['differs']} differ"
            )
        differ = sum(found["differs"] for found in counts.values())
        if differ:
            raise CommandError(
                f"{differ} files differ from the destination's file of the same name and were "
                "left in both places; compare them (the manifest of a backup, or the rows' "
                "SHA-256) and remove the wrong one, then run this again."
            )
