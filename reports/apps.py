from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The quarterly PDF progress reports for commissioners."""

    name = "reports"
