from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """Copies the database and the stored files into one archive, and puts them back."""

    name = "vawg_tracker.backups"
    label = "backups"
    verbose_name = "Backups"
