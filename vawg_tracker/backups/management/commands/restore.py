import time

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from vawg_tracker.backups.archive import BackupError, database_description, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into an empty database (DATABASE_URL) and the "
        "evidence and reports storages (MEDIA_ROOT and REPORTS_ROOT, or the object store), "
        "then check every table's row count and every file's SHA-256 against the archive's "
        "manifest. Exits non-zero on any difference."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            help="The .tar.gz archive: a file, - to read it from stdin, or the name of an "
            "archive in the backups storage (as `backup` printed it).",
        )
        parser.add_argument(
            "--replace-database",
            action="store_true",
            help="Drop every table in the target database first, instead of refusing a "
            "database that is not empty. Destroys what is there.",
        )

    def handle(self, *args, archive, replace_database, **options):
        started = time.perf_counter()
        try:
            result = restore_backup(
                archive,
                replace_database=replace_database,
                progress=lambda message: self.stderr.write(message),
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        app = manifest.get("app") or {}
        made_by = f"version {app.get('version') or 'unknown'}"
        if app.get("git_commit"):
            made_by += f", commit {app['git_commit'][:12]}"
        files = ", ".join(
            f"{result.files_by_prefix.get(prefix, 0)} {label} "
            f"({filesizeformat(result.bytes_by_prefix.get(prefix, 0))})"
            for prefix, label in [("media", "evidence files"), ("reports", "report files")]
        )
        self.stdout.write(
            f"Restored {archive} (made {manifest['created_at']} by {made_by}) "
            f"in {time.perf_counter() - started:.1f}s.\n"
            f"  Database: {database_description()}: {result.tables} tables, "
            f"{result.rows:,} rows; every table's row count matches the manifest.\n"
            f"  Files: {files}; every SHA-256 matches the manifest "
            f"({result.files_written} written, {result.files_already_there} already in place)."
        )
        if result.pending_migrations:
            self.stdout.write(
                f"  {len(result.pending_migrations)} migrations of this code are not applied "
                "to the restored database: run `python manage.py migrate` before starting."
            )
        if result.unknown_migrations:
            self.stderr.write(
                f"  Warning: the archive's database has {len(result.unknown_migrations)} "
                "migrations this code does not know: it was made by a newer version. Run "
                "that version (or newer) against it."
            )
