"""A thin task: forget uploads nobody confirmed within a day (models.PendingImport)."""

import logging

from celery import shared_task

from .models import PendingImport

logger = logging.getLogger(__name__)


@shared_task(name="onboarding.forget_stale_uploads", ignore_result=True)
def forget_stale_uploads():
    """Hourly (beat): uploads kept for a confirmation that never came, after KEEP."""
    forgotten, _ = PendingImport.objects.stale().delete()
    logger.info("Forgot %d unconfirmed uploads", forgotten)
