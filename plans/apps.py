from django.apps import AppConfig


class PlansConfig(AppConfig):
    """The strategy's action plans and the progress recorded against them."""

    name = "plans"
