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
    """Nightly (beat): expired sessions and audit events past retention."""
    swept = sweep()
    logger.info("Housekeeping: %d sessions, %d audit events", swept.sessions, swept.audit_events)
