"""Reachability of what the service depends on, for /healthz."""

import logging
import os

from django.db import connection

from vawg_tracker.celery import app as celery_app

logger = logging.getLogger(__name__)


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        logger.warning("healthz: database unreachable (%s)", exc.__class__.__name__)
        return f"unreachable ({exc.__class__.__name__})"
    return "ok"


def broker_status():
    conf = celery_app.conf
    try:
        if conf.broker_url.startswith("filesystem://"):
            folders = conf.broker_transport_options
            for key in ("data_folder_in", "data_folder_out", "control_folder"):
                if not os.access(folders[key], os.W_OK | os.X_OK):
                    raise OSError(f"{key} is not a writable folder")
        else:
            with celery_app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, interval_start=0, timeout=3)
    except Exception as exc:
        logger.warning("healthz: broker unreachable (%s)", exc.__class__.__name__)
        return f"unreachable ({exc.__class__.__name__})"
    return "ok"
