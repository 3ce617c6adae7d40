from django.conf import settings
from django.core.management.base import BaseCommand

from vawg_tracker.system.housekeeping import sweep


class Command(BaseCommand):
    help = (
        "Remove expired sessions, audit events older than AUDIT_RETENTION_DAYS, and stored "
        "files no record refers to, a day old or more (beat runs this nightly)."
    )

    def handle(self, *args, **options):
        swept = sweep()
        self.stdout.write(
            f"Removed {swept.sessions} expired session{'' if swept.sessions == 1 else 's'} and "
            f"{swept.audit_events} audit event{'' if swept.audit_events == 1 else 's'} "
            f"(older than {settings.AUDIT_RETENTION_DAYS} days)."
        )
        files = swept.unrecorded_files
        self.stdout.write(
            f"Removed {files} stored file{'' if files == 1 else 's'} that no record refers to."
        )
