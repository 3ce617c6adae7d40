from django.conf import settings


def site(request):
    """What every page shows: who the office is and the protective marking."""
    return {
        "OFFICE_NAME": settings.OFFICE_NAME,
        "PROTECTIVE_MARKING": settings.PROTECTIVE_MARKING,
    }
