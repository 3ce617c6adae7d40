from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    """
    What partners deliver: activities, their evidence and its retention, the partner
    portal and the verify queue.
    """

    name = "activities"
