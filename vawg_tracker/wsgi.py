"""WSGI entry point (gunicorn vawg_tracker.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vawg_tracker.settings")

application = get_wsgi_application()
