import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from vawg_tracker.backups.archive import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Copy the database, the evidence files and the reports (folders under var/, or the "
        "object store) into one archive, vawg-backup-<UTC time>.tar.gz in the backups "
        "storage (BACKUP_DIR, or the object store's backups/), readable by its owner only. "
        "It holds OFFICIAL-SENSITIVE data: keep it as such."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            help="A folder on disk to write the archive into instead (default: the backups "
            "storage: BACKUP_DIR, or the object store's backups/).",
        )

    def handle(self, *args, output_dir, **options):
        started = time.perf_counter()
        try:
            written = create_backup(output_dir)
        except BackupError as error:
            raise CommandError(str(error)) from None
        elapsed = time.perf_counter() - started
        manifest = written.manifest
        database = manifest["database"]
        by_prefix = {}
        for entry in manifest["files"]:
            prefix = entry["path"].split("/", 1)[0]
            count, size = by_prefix.get(prefix, (0, 0))
            by_prefix[prefix] = (count + 1, size + entry["size"])
        files = ", ".join(
            f"{count} {label} ({filesizeformat(size)})"
            for (count, size), label in [
                (by_prefix.get("media", (0, 0)), "evidence files"),
                (by_prefix.get("reports", (0, 0)), "report files"),
            ]
        )
        self.stdout.write(
            f"Backup written: {written.where}\n"
            f"  {filesizeformat(written.size)} in {elapsed:.1f}s; "
            f"{manifest['protective_marking']}: readable by its owner only.\n"
            f"  Database ({database['engine']}): {len(database['tables'])} tables, "
            f"{sum(database['tables'].values()):,} rows.\n"
            f"  Files: {files}."
        )
        if manifest["missing_files"]:
            self.stderr.write(
                f"  Note: the database refers to {len(manifest['missing_files'])} files that "
                "were not stored (listed in the manifest as missing_files)."
            )
        if manifest["skipped_entries"]:
            self.stderr.write(
                f"  Note: {manifest['skipped_entries']} links or special files under "
                "MEDIA_ROOT/REPORTS_ROOT were left out."
            )
