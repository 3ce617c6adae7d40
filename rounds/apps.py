from django.apps import AppConfig


class RoundsConfig(AppConfig):
    """
    The quarterly update round: who owes what, the reminders that chase them, My updates
    and round status.
    """

    name = "rounds"
