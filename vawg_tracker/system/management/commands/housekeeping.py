from django.conf import settings
from django.core.management.base import BaseCommand

from vawg_tracker.system.housekeeping import sweep


class Command(BaseCommand):
    help = (
        "Remove expired sessions and audit events older than AUDIT_RETENTION_DAYS "
        "(beat runs this nightly)."
    )

    def handle(self, *args, **options):
        swept = sweep()
        self.stdout.write(
            f"Removed {swept.sessions} expired session{'' if swept.sessions == 1 else 's'} and "
            f"{swept.audit_events} audit event{'' if swept.audit_events == 1 else 's'} "
            f"(older than {settings.AUDIT_RETENTION_DAYS} days)."
        )
