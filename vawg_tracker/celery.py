"""The Celery application: configured from Django settings (``CELERY_*``)."""

import logging
import os

from celery import Celery, signals
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vawg_tracker.settings")

app = Celery("vawg_tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)

# The sweeps beat runs on its schedule, run once more whenever beat or a worker starts: a
# fresh installation, or one that was down over a quarter's end, catches up at once
# instead of at the next 06:00. They are the same exactly-once sweeps (a report row per
# plan and quarter, claimed by a conditional UPDATE), so running them twice adds nothing.
CATCH_UP_ON_START = ("reports.schedule_due", "reports.recover_stalled")


@signals.worker_ready.connect
@signals.beat_init.connect
def catch_up(sender=None, **kwargs):
    """Queue the catch-up sweeps by name (the project does not import its apps' tasks)."""
    from django.conf import settings

    if not settings.CATCH_UP_ON_START:
        return
    for name in CATCH_UP_ON_START:
        try:
            app.send_task(name)
        except OperationalError as error:
            # The broker is down: beat's schedule and the next start catch up instead.
            logger.warning("catch-up %s not queued: %s", name, type(error).__name__)
