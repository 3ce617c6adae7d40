from django.apps import AppConfig


class SystemConfig(AppConfig):
    """Tells whether the service and its background worker are alive."""

    name = "vawg_tracker.system"
    label = "system"
    verbose_name = "System health"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
