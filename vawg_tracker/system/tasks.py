import logging

from celery import shared_task

from .housekeeping import sweep
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)


@shared_task(name="system.record_heartbeat", ignore_result=True)
def record_heartbeat():
    WorkerHeartbeat.beat()


@shared_task(name="system.housekeeping", ignore_result=True)
def housekeeping():
    """Nightly (beat): expired sessions, audit events past retention, unrecorded files."""
    swept = sweep()
    logger.info(
        "Housekeeping: %d sessions, %d audit events, %d unrecorded files",
        swept.sessions,
        swept.audit_events,
        swept.unrecorded_files,
    )
