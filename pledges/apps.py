from django.apps import AppConfig


class PledgesConfig(AppConfig):
    """The commitments the office has published, which the plan delivers."""

    name = "pledges"
