from django.apps import AppConfig


class PlansConfig(AppConfig):
    """The strategy, its action plans and actions, progress and its sign-off, and indicators."""

    name = "plans"
