from celery import shared_task

from .models import WorkerHeartbeat


@shared_task(name="system.record_heartbeat", ignore_result=True)
def record_heartbeat():
    WorkerHeartbeat.beat()
