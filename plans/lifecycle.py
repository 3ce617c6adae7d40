"""
A plan's quarter from its first day to its final report: the one rule for when the
update round opens, when updates are due, when the quarter is in review and when it
closes. Everything that chases, refuses, locks or reports asks this module: the round's
digests and pages (rounds), the record-progress form and Action.record_progress, the
dashboard, the final report's schedule (reports).

    in progress → round open → (updates due) → in review → closed

- **in progress**: from the quarter's first day until its round opens. Leads may record
  early; nothing is missing yet and nobody is chased.
- **round open**: from ``round_opens_days_before`` days before the quarter ends to the
  deadline, ``round_deadline_days_after`` days after it ends. Digests go out.
- **in review**: after the deadline, until the quarter closes. What is missing is overdue;
  staff sign off and return; late updates are still accepted (and chased).
- **closed**: the quarter closes once nothing is outstanding (every action under way has
  an update for it and every update for it is decided), or at the latest
  ``close_days_after_deadline`` days after the deadline, or earlier when staff close it by
  hand. Its final report is made then; nothing more is recorded against it, and nobody is
  chased for it.
- **reopened**: staff may reopen the latest closed quarter, with a reason, for a
  correction. Updates are taken again but nobody is chased; staff close it again by hand
  (or the schedule does, ``close_days_after_deadline`` days after it was reopened), and a
  revised final report supersedes the first.

Quarters close in order: closing one closes every quarter of the plan before it.
"""

import datetime
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from vawg_tracker.quarters import Quarter

from .models import ActionPlan, ProgressUpdate, QuarterEvent, QuarterEventKind

# Progress may be recorded for this quarter and the two before it (closed ones excepted).
RECORDING_WINDOW = 3


class Stage(models.IntegerChoices):
    NOT_BEGUN = 0, "Not begun"
    IN_PROGRESS = 1, "In progress"
    ROUND_OPEN = 2, "Round open"
    IN_REVIEW = 3, "In review"
    REOPENED = 4, "Reopened for a correction"
    CLOSED = 5, "Closed"


class NotClosable(ValueError):
    """The quarter cannot be closed (or reopened) now; the message says why."""


@dataclass(frozen=True)
class QuarterCycle:
    plan: ActionPlan
    quarter: Quarter

    # --- Its dates ------------------------------------------------------------------------

    @property
    def opens_on(self):
        return self.quarter.end - datetime.timedelta(days=self.plan.round_opens_days_before)

    @property
    def deadline(self):
        return self.quarter.end + datetime.timedelta(days=self.plan.round_deadline_days_after)

    @property
    def closes_by(self):
        """The last day it may stay open: it closes on the schedule's first run after."""
        return self.deadline + datetime.timedelta(days=self.plan.close_days_after_deadline)

    # --- Where it stands -----------------------------------------------------------------

    def stage(self, today=None):
        today = today or timezone.localdate()
        if self.plan.is_locked(self.quarter):
            return Stage.CLOSED
        if self.plan.is_reopened(self.quarter):
            return Stage.REOPENED
        if today < self.quarter.start:
            return Stage.NOT_BEGUN
        if today < self.opens_on:
            return Stage.IN_PROGRESS
        if today <= self.deadline:
            return Stage.ROUND_OPEN
        return Stage.IN_REVIEW

    def is_closed(self):
        return self.plan.is_locked(self.quarter)

    def chases(self, today=None):
        """Whether what is missing for the quarter is asked for (due, then overdue)."""
        return self.stage(today) in (Stage.ROUND_OPEN, Stage.IN_REVIEW)

    def refusal(self, today=None):
        """Why progress cannot be recorded for the quarter on ``today``, or "" if it can."""
        today = today or timezone.localdate()
        current = Quarter.for_date(today)
        if self.is_closed():
            later = self.plan.locked_through.next()
            return (
                f"{self.quarter} is closed: its final report has been made. Record this "
                f"against {max(later, current)} instead."
            )
        if self.quarter > current:
            return f"{self.quarter} has not begun yet."
        return ""

    def missing(self):
        """The plan's actions under way in the quarter with no update that counts for it."""
        return self.plan.actions.stale(self.quarter)

    def awaiting_sign_off(self):
        """Updates for the quarter nobody has signed off or returned yet."""
        updates = ProgressUpdate.objects.filter(action__plan=self.plan, period=self.quarter)
        return updates.awaiting_sign_off()

    def is_complete(self):
        """Nothing outstanding: every action has its update, every update is decided (two
        queries)."""
        return not self.missing().exists() and not self.awaiting_sign_off().exists()

    def ready_to_close(self, today=None):
        """Whether the schedule closes it on ``today``."""
        today = today or timezone.localdate()
        stage = self.stage(today)
        if stage == Stage.REOPENED:
            window = datetime.timedelta(days=self.plan.close_days_after_deadline)
            return today > self.plan.reopened_on + window
        if stage != Stage.IN_REVIEW:
            return False
        return today > self.closes_by or self.is_complete()

    def revision(self):
        """0 for the first closing; one more for each reopening since."""
        events = QuarterEvent.objects.filter(plan=self.plan, quarter=self.quarter)
        return events.filter(kind=QuarterEventKind.REOPENED).count()

    def events(self):
        return QuarterEvent.objects.filter(plan=self.plan, quarter=self.quarter).select_related(
            "by"
        )

    # --- Closing and reopening -----------------------------------------------------------

    def close(self, *, by=None, today=None):
        """
        Close the quarter (and any earlier one still open), under a lock on the plan's row:
        two closings at once record one. ``by`` is who closed it by hand (None: the
        schedule). Returns whether this call closed it. Staff may close a quarter once it
        has ended, before its deadline if they choose (the confirmation lists what is
        still outstanding).
        """
        today = today or timezone.localdate()
        if not self.quarter.has_ended(today):
            raise NotClosable(f"{self.quarter} has not ended yet.")
        with transaction.atomic():
            plan = ActionPlan.objects.select_for_update().get(pk=self.plan.pk)
            if plan.is_locked(self.quarter):
                return False
            QuarterEvent.objects.create(
                plan=plan, quarter=self.quarter, kind=QuarterEventKind.CLOSED, by=by
            )
            plan.lock(self.quarter)
        self.plan.locked_through, self.plan.reopened_on = plan.locked_through, plan.reopened_on
        return True

    def reopen(self, *, by, reason, today=None):
        """Reopen the latest closed quarter for a correction, with a reason."""
        today = today or timezone.localdate()
        if not (reason or "").strip():
            raise NotClosable("Say why the quarter is reopened.")
        with transaction.atomic():
            plan = ActionPlan.objects.select_for_update().get(pk=self.plan.pk)
            if plan.locked_through != self.quarter:
                raise NotClosable(
                    f"Only the latest closed quarter can be reopened"
                    f"{f' ({plan.locked_through})' if plan.locked_through else ''}."
                )
            QuarterEvent.objects.create(
                plan=plan,
                quarter=self.quarter,
                kind=QuarterEventKind.REOPENED,
                by=by,
                reason=reason.strip(),
            )
            plan.unlock(self.quarter, today)
        self.plan.locked_through, self.plan.reopened_on = plan.locked_through, plan.reopened_on


def recording_quarters(plan=None, today=None):
    """The quarters the record-progress form offers, newest first: this one and the two
    before it (RECORDING_WINDOW), less any the plan has closed. A quarter is chased only
    while it is in this list: a quarter closes at most 120 days after it ends."""
    today = today or timezone.localdate()
    quarters = [Quarter.for_date(today)]
    for _ in range(RECORDING_WINDOW - 1):
        quarters.append(quarters[-1].previous())
    if plan is None:
        return quarters
    return [q for q in quarters if not QuarterCycle(plan, q).refusal(today)]


def first_open_quarter(plan):
    """The plan's earliest quarter not yet closed."""
    if plan.locked_through is not None:
        return plan.locked_through.next()
    return Quarter.for_date(plan.period_start)


def ready_to_close(today=None, plans=None):
    """The cycles the schedule closes on ``today``, earliest first for each active plan (a
    quarter closes only after those before it)."""
    today = today or timezone.localdate()
    plans = plans if plans is not None else ActionPlan.objects.active()
    ready = []
    for plan in plans:
        quarter = first_open_quarter(plan)
        while quarter.start <= plan.period_end and QuarterCycle(plan, quarter).ready_to_close(
            today
        ):
            ready.append(QuarterCycle(plan, quarter))
            quarter = quarter.next()
    return ready


def close_due(today=None):
    """The schedule's closings: every quarter ready to close today. Returns the cycles
    this call closed."""
    return [cycle for cycle in ready_to_close(today) if cycle.close(today=today)]
