from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the synthetic demo data from the customer's seed documents (idempotent)."

    def handle(self, *args, **options):
        # The delivery model (pledges, plans, actions, partners) arrives with its own
        # issue; until then there is nothing to load.
        self.stdout.write("Demo data: nothing to load yet (no delivery model).")
