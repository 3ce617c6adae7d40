"""The Celery application: configured from Django settings (``CELERY_*``)."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vawg_tracker.settings")

app = Celery("vawg_tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The sweeps beat runs on its schedule, run once more whenever beat or a worker starts: a
# fresh installation, or one that was down over a quarter's end, catches up at once
# instead of at the next 06:00. They are the same exactly-once sweeps (a report row per
# plan and quarter, a public PDF row per publication, each claimed by a conditional
# UPDATE), so running them twice adds nothing.
CATCH_UP_ON_START = (
    "reports.schedule_due",
    "reports.recover_stalled",
    "publication.recover_stalled",
)


@signals.worker_ready.connect
@signals.beat_init.connect
def catch_up(sender=None, **kwargs):
    """Queue the catch-up sweeps by name (the project does not import its apps' tasks)."""
    from django.conf import settings

    from vawg_tracker import jobs  # which imports this module's app

    if not settings.CATCH_UP_ON_START:
        return
    for name in CATCH_UP_ON_START:
        # If the broker is down, beat's schedule and the next start catch up instead.
        jobs.enqueue_now(name, about="catch-up")
