from django.apps import AppConfig


class PartnersConfig(AppConfig):
    """The organisations that deliver the plan with the police, and their users."""

    name = "partners"
