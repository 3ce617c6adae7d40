"""
A file a background worker produces exactly once (a quarterly report, a publication's
public PDF): its status row exists before any work starts and records how it went.

- ``ProducedOnce``, an abstract model: queued → being produced → ready or failed, with
  attempts, the error, when it started and finished, and the file's hash, pages and size.
  ``claim(worker)`` is a conditional UPDATE, so of two workers given the same row only
  one produces it, and the row names that worker; ``fail(retry=…)`` records the error;
  ``requeue()`` puts a failed or stale row back. Each concrete model declares its own
  ``file`` field.
- ``produce_once(task, row, produce)``: the body of every such Celery task, and
  ``task_options`` its options (acks late, time limits, retries).
- ``recover_stalled(model, enqueue)``: the sweep beat runs for rows whose worker died or
  whose message the broker lost.
- ``reports_storage()``: where these files live (the ``reports`` storage: REPORTS_ROOT,
  or the object store's ``reports/``).
- ``pdf_download(row)``: a ready row's file as the PDF attachment every download view
  sends (``FileMissing`` when the row says ready but the file is gone).
"""

import datetime
import logging

from django.conf import settings
from django.db import models, transaction
from django.http import FileResponse
from django.utils import timezone

from vawg_tracker.storage import named

logger = logging.getLogger(__name__)


def reports_storage():
    """The ``reports`` storage (vawg_tracker/storage.py): a folder, or the object store."""
    return named("reports")


class ProductionState(models.TextChoices):
    PENDING = "pending", "Queued"
    RUNNING = "running", "Being produced"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class ProducedOnceQuerySet(models.QuerySet):
    def stale(self, now=None):
        """Running for longer than a task may run: its worker died."""
        cutoff = (now or timezone.now()) - datetime.timedelta(seconds=settings.REPORT_STALE_AFTER)
        return self.filter(state=ProductionState.RUNNING, started_at__lt=cutoff)

    def lost_in_queue(self, now=None):
        """Queued long ago and never picked up (the broker lost the message, or was down)."""
        cutoff = (now or timezone.now()) - datetime.timedelta(seconds=settings.REPORT_STALE_AFTER)
        return self.filter(state=ProductionState.PENDING, created_at__lt=cutoff)


class ProducedOnce(models.Model):
    """The state of one file a worker produces once (see the module's docstring)."""

    state = models.CharField(
        max_length=10, choices=ProductionState.choices, default=ProductionState.PENDING
    )
    sha256 = models.CharField(max_length=64, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    # The Celery node that claimed it last (name@host): the sweep names the one that died.
    worker = models.CharField(max_length=255, blank=True)

    objects = ProducedOnceQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_ready(self):
        return self.state == ProductionState.READY

    def claim(self, worker=""):
        """
        pending → running, only if still pending: the one worker that wins produces it.
        ``worker`` is its Celery node name, kept on the row.
        """
        claimed = (
            type(self)
            ._default_manager.filter(pk=self.pk, state=ProductionState.PENDING)
            .update(
                state=ProductionState.RUNNING,
                started_at=timezone.now(),
                attempts=models.F("attempts") + 1,
                worker=worker[:255],
            )
        )
        if claimed:
            self.refresh_from_db()
        return bool(claimed)

    def succeed(self, *, name, content, sha256, pages):
        self.file.save(name, content, save=False)
        self.sha256, self.pages, self.size = sha256, pages, self.file.size
        self.state, self.error, self.finished_at = ProductionState.READY, "", timezone.now()
        self.save(
            update_fields=["file", "sha256", "pages", "size", "state", "error", "finished_at"]
        )

    def fail(self, error, *, retry):
        """Record the error; back to pending when it will be retried, failed otherwise."""
        self.error = error[:4000]
        self.state = ProductionState.PENDING if retry else ProductionState.FAILED
        self.finished_at = None if retry else timezone.now()
        self.save(update_fields=["error", "state", "finished_at"])

    def requeue(self):
        """A failed or stale row goes back in the queue (staff retry, or the sweep)."""
        return bool(
            type(self)
            ._default_manager.filter(
                pk=self.pk, state__in=[ProductionState.FAILED, ProductionState.RUNNING]
            )
            .update(state=ProductionState.PENDING, started_at=None, error="")
        )


def task_options(*, max_retries):
    """The Celery options of every task that produces a file once (with produce_once)."""
    return {
        "bind": True,
        # A worker that dies mid-way leaves the message to be redelivered.
        "acks_late": True,
        "reject_on_worker_lost": True,
        # Well under the broker's visibility timeout.
        "time_limit": settings.REPORT_TASK_TIME_LIMIT,
        "soft_time_limit": settings.REPORT_TASK_TIME_LIMIT - 30,
        "max_retries": max_retries,
    }


def produce_once(task, row, produce, *, max_retries):
    """
    The body of a bound task for one ``row`` (or None, if it is gone): claim it, or
    return (another worker has it, or had it: produced once); ``produce(row)``; on an
    error, record it and retry with backoff (30 s, 60 s, 120 s…) until ``max_retries``.
    """
    if row is None or not row.claim(task.request.hostname or ""):
        return
    try:
        produce(row)
    except Exception as error:
        retry = task.request.retries < max_retries
        row.fail(f"{type(error).__name__}: {error}", retry=retry)
        logger.warning(
            "%s %s failed (%s); retry: %s",
            row._meta.model_name,
            row.pk,
            type(error).__name__,
            retry,
        )
        if retry:
            raise task.retry(exc=error, countdown=30 * 2**task.request.retries) from error


def recover_stalled(rows, enqueue):
    """
    Rows (a ProducedOnce queryset) whose worker died mid-way (still "being produced" long
    after any task could run) go back in the queue, as do queued ones whose message was
    lost. ``enqueue(row)`` queues one after the commit. Returns how many were queued.
    """
    # Read before the stale ones are put back (pending, and old): each is queued once.
    lost = list(rows.lost_in_queue())
    recovered = 0
    for row in rows.stale():
        if row.requeue():
            logger.warning(
                "%s %s stalled on worker %s since %s: queued again",
                row._meta.model_name,
                row.pk,
                row.worker or "(unknown)",
                row.started_at.isoformat(),  # stale() rows have one
            )
            with transaction.atomic():
                enqueue(row)
            recovered += 1
    for row in lost:
        with transaction.atomic():
            enqueue(row)
        recovered += 1
    return recovered


class FileMissing(Exception):
    """The row says ready, but its file is gone (a lost disk, restored without files)."""


def pdf_download(row, *, private=True):
    """
    ``row``'s file as a PDF attachment under its ``download_name``, never sniffed as
    anything else, and, unless the PDF is ``private=False`` (the public PDF), never
    stored by a cache. Raises FileMissing (logged as an error, for the office to produce
    it again) when there is no file to send; the caller says so in its own words.
    """
    if not row.file:
        raise FileMissing
    try:
        content = row.file.open("rb")
    except FileNotFoundError:
        logger.error("%s %s is ready but its file is missing", row._meta.verbose_name, row.pk)
        raise FileMissing from None
    response = FileResponse(
        content, as_attachment=True, filename=row.download_name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
