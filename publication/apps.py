from django.apps import AppConfig


class PublicationConfig(AppConfig):
    """What the office has published: frozen snapshots of a plan's quarter, made
    deliberately and withdrawn openly."""

    name = "publication"
