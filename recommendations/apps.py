from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    """What others told us to do, and how we deliver it: recommendations and their updates."""

    name = "recommendations"
