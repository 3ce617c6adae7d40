from django.apps import AppConfig


class RisksConfig(AppConfig):
    """What could stop delivery: the risk register, its reviews and its heat map."""

    name = "risks"
