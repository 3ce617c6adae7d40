from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    """
    Brings a plan in from a spreadsheet and takes it out in the same shape: the template,
    reading and checking a filled one (a preview of what would change), saving it, and
    exporting a plan in the template's format.
    """

    name = "onboarding"
