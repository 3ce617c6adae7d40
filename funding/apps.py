from django.apps import AppConfig


class FundingConfig(AppConfig):
    """
    Where the money comes from and what it pays for: funding sources, the awards they make
    to partner organisations, and the quarterly spend returns against them.
    """

    name = "funding"
