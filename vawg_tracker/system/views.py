from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from vawg_tracker.accounts.access import public

from .health import broker_status, database_status
from .models import WorkerHeartbeat


@public
@never_cache
@require_GET
def healthz(request):
    """200 when the database and the broker answer, 503 naming the one that did not."""
    database, broker = database_status(), broker_status()
    healthy = database == broker == "ok"
    body = {"status": "ok" if healthy else "unhealthy", "database": database, "broker": broker}
    # For information, not part of the verdict: a worker may be busy or restarting.
    if database == "ok":
        body["worker_heartbeat_age_seconds"] = WorkerHeartbeat.age_seconds()
    return JsonResponse(body, status=200 if healthy else 503)
