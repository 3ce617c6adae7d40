from django.apps import AppConfig


class ApiConfig(AppConfig):
    """
    The read-only API for signed-in users and their tools: the same records, roles and
    scoping as the pages.
    """

    name = "api"
