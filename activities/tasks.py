"""
Thin tasks that call activities.retention. The name dates from when retention lived in
``plans``; it is kept, as beat's schedule and queued messages name it.
"""

import logging

from celery import shared_task

from . import retention

logger = logging.getLogger(__name__)


@shared_task(name="plans.purge_expired", ignore_result=True)
def purge_expired():
    """Daily (beat): remove activity descriptions and evidence files past retention."""
    purged = retention.purge_expired()
    logger.info(
        "Retention purge: %d activities, %d evidence files", purged.activities, purged.evidence
    )
