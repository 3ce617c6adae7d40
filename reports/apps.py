from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The read side: the dashboard and the quarterly PDF, one computation for both."""

    name = "reports"
