import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from vawg_tracker.accounts.access import public
from vawg_tracker.four_eyes import OwnSubmission

from .health import broker_status, database_status
from .models import WorkerHeartbeat


@public
@never_cache
@require_safe
def healthz(request):
    """200 when the database and the broker answer, 503 naming the one that did not."""
    database, broker = database_status(), broker_status()
    healthy = database == broker == "ok"
    body = {"status": "ok" if healthy else "unhealthy", "database": database, "broker": broker}
    # For information, not part of the verdict: a worker may be busy or restarting.
    if database == "ok":
        body["worker_heartbeat_age_seconds"] = WorkerHeartbeat.age_seconds()
    return JsonResponse(body, status=200 if healthy else 503)


@public
def server_error(request):
    """
    The project's handler500. When the database is not answering (restarting, failing
    over) the person is told so with a 503 and asked to try again, since nothing went
    wrong with what they did; anything else is the usual 500 page. Neither page reads the
    database.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


@public
@requires_csrf_token
def permission_denied(request, exception):
    """
    The project's handler403: Django's page, but a decision refused because the person
    submitted what they were deciding on (four eyes) says so, and who must decide.
    """
    reason = exception.reason if isinstance(exception, OwnSubmission) else ""
    body = loader.get_template("403.html").render({"reason": reason}, request)
    return HttpResponseForbidden(body)
