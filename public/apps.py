from django.apps import AppConfig


class PublicConfig(AppConfig):
    """
    What anyone may read without signing in: the office's published progress, its open
    data and its accessibility statement. Nothing internal reaches it.
    """

    name = "public"
