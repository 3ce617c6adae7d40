from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from vawg_tracker.accounts.demo import create_demo_users

DEFAULT_PASSWORD = "vawg-demo-2026"  # noqa: S105  (demo only; refused when DEBUG is off)


class Command(BaseCommand):
    help = "Create one demo user per role (and a superuser) and print their logins."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD)
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Create them even with DEBUG off (for load tests on production settings).",
        )

    def handle(self, *args, password, allow_production, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Refusing to create demo users with known passwords while DEBUG is off. "
                "Pass --allow-production if this really is a throwaway installation."
            )
        users = create_demo_users(password)
        self.stdout.write(f"Demo logins (password for all: {password})")
        for user, role in users:
            self.stdout.write(f"  {user.username:<14} {role or 'Superuser (admin)'}")
