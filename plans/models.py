from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partners.models import PartnerOrganisation
from pledges.models import Pledge
from vawg_tracker import four_eyes
from vawg_tracker.limits import LONG_TEXT, SHORT_TEXT, BoundedTextField
from vawg_tracker.quarters import Quarter, QuarterField


class Status(models.TextChoices):
    """An action's delivery status. The one definition used everywhere."""

    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"

    @property
    def rag(self):
        """Red/amber/green (and blue for completed), as offices report it."""
        return _STATUS_RAG[self]

    @property
    def colour(self):
        """The status colour for charts and badges (hex)."""
        return _STATUS_COLOUR[self]

    @property
    def needs_reason(self):
        return self in (Status.AT_RISK, Status.OFF_TRACK)

    @property
    def is_closed(self):
        return self in (Status.COMPLETED, Status.CANCELLED)

    @property
    def rank(self):
        """How well it stands, for "better or worse than last quarter" (None: cancelled)."""
        return _STATUS_RANK[self]


_STATUS_RAG = {
    Status.NOT_STARTED: "grey",
    Status.ON_TRACK: "green",
    Status.AT_RISK: "amber",
    Status.OFF_TRACK: "red",
    Status.COMPLETED: "blue",
    Status.CANCELLED: "grey",
}
_STATUS_RANK = {
    Status.OFF_TRACK: 0,
    Status.AT_RISK: 1,
    Status.NOT_STARTED: 1,
    Status.ON_TRACK: 2,
    Status.COMPLETED: 3,
    Status.CANCELLED: None,
}
_STATUS_COLOUR = {
    Status.NOT_STARTED: "#6c757d",
    Status.ON_TRACK: "#1e7b34",
    Status.AT_RISK: "#f0ad00",
    Status.OFF_TRACK: "#c42127",
    Status.COMPLETED: "#1d5fa8",
    Status.CANCELLED: "#3f4449",
}
REASON_REQUIRED = Q(status__in=[Status.AT_RISK, Status.OFF_TRACK]) & Q(reason="")
PERCENT_RANGE = Q(percent_complete__gte=0) & Q(percent_complete__lte=100)


class Versioned:
    """For models with audit history: the version a form saw is the latest history id."""

    def current_version(self):
        return str(self.history.values_list("history_id", flat=True).first() or "")

    def save_if_unchanged(self, version, save):
        """
        In one transaction: lock this row and, unless someone saved it since ``version``
        (the one an edit form was drawn from) or it is new, ``save()``. The history record
        of the change that came first if one did, else None.
        """
        with transaction.atomic():
            if self.pk is not None:
                type(self).objects.select_for_update().filter(pk=self.pk).first()
                if version != self.current_version():
                    return self.history.select_related("history_user").first()
            save()
        return None


class Strategy(models.Model):
    """The office's VAWG strategy for its area."""

    title = models.CharField(max_length=200)
    area = models.CharField(max_length=100, help_text="The force area, e.g. Merseyside.")
    period_start = models.DateField()
    period_end = models.DateField()
    aim = BoundedTextField(max_length=LONG_TEXT, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "strategies"
        ordering = ["-period_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="strategy_ends_after_it_starts",
                violation_error_message="The strategy must end after it starts.",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.area})"


class StrategyItem(models.Model):
    """A numbered part of a strategy (an outcome, a focus area)."""

    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="%(class)ss")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = BoundedTextField(max_length=LONG_TEXT, blank=True)

    class Meta:
        abstract = True
        ordering = ["strategy", "number"]

    def __str__(self):
        return self.title


class Outcome(StrategyItem):
    """What the strategy is to achieve, e.g. "Increasing the safety of victims"."""

    class Meta(StrategyItem.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "number"],
                name="outcome_number_unique_in_strategy",
                violation_error_message="This strategy already has an outcome with that number.",
            )
        ]


class FocusArea(StrategyItem):
    """Where the strategy works, e.g. "Prevention and early intervention"."""

    class Meta(StrategyItem.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "number"],
                name="focus_area_number_unique_in_strategy",
                violation_error_message="This strategy already has a focus area with that number.",
            )
        ]


class ViolenceForm(models.Model):
    """A form of VAWG the office tracks, e.g. stalking. An editable list."""

    name = models.CharField(max_length=100, unique=True)
    description = BoundedTextField(max_length=LONG_TEXT, blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in lists.")

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "form of VAWG"
        verbose_name_plural = "forms of VAWG"

    def __str__(self):
        return self.name


class LeadSpecialist(Versioned, models.Model):
    """A named person responsible for delivering a plan or an action."""

    name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150)
    organisation = models.CharField(max_length=200)
    specialisms = models.ManyToManyField(ViolenceForm, blank=True, related_name="specialists")
    email = models.EmailField("contact email", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_specialist",
        help_text="Their login, if they record progress themselves.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("plans:lead_detail", args=[self.pk])


class PlanState(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class ActionPlanQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state=PlanState.ACTIVE)


class ActionPlan(Versioned, models.Model):
    """The integrated local action plan (pledge 1): actions, owned by a lead specialist."""

    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=200)
    lead = models.ForeignKey(
        LeadSpecialist,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name="lead specialist",
        help_text="Pledge 1: every plan has a lead specialist responsible for delivering it.",
    )
    period_start = models.DateField()
    period_end = models.DateField()
    state = models.CharField(max_length=10, choices=PlanState.choices, default=PlanState.DRAFT)
    description = BoundedTextField(max_length=LONG_TEXT, blank=True)
    # The quarterly update round: it opens this many days before a quarter ends, and
    # updates are due this many days after.
    round_opens_days_before = models.PositiveSmallIntegerField(
        "update round opens (days before the quarter ends)",
        default=14,
        validators=[MaxValueValidator(80)],
        help_text="Lead specialists and partners are emailed when it opens. At most 80.",
    )
    round_deadline_days_after = models.PositiveSmallIntegerField(
        "updates due (days after the quarter ends)",
        default=10,
        validators=[MaxValueValidator(60)],
        help_text="A reminder goes 3 days before; after it, what is missing is overdue. "
        "At most 60.",
    )
    close_days_after_deadline = models.PositiveSmallIntegerField(
        "quarter closes at the latest (days after the updates are due)",
        default=21,
        validators=[MaxValueValidator(60)],
        help_text="A quarter closes, and its final report is made, once every update for it "
        "is signed off, or at the latest this many days after the deadline. At most 60.",
    )
    # Quarters up to this one are closed (plans.lifecycle): their final report is made and
    # nothing more is recorded against them (later news goes to the next quarter).
    locked_through = QuarterField("closed through", null=True, blank=True, editable=False)
    # Set while the quarter after locked_through is reopened for a correction (since when).
    reopened_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="plan_ends_after_it_starts",
                violation_error_message="The plan must end after it starts.",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:plan_detail", args=[self.pk])

    def is_locked(self, quarter):
        return self.locked_through is not None and quarter <= self.locked_through

    def lock(self, quarter):
        """Close the quarter (and every quarter before it) to further updates. Only
        plans.lifecycle calls this: a quarter is closed through its QuarterCycle."""
        ActionPlan.objects.filter(pk=self.pk).filter(
            Q(locked_through__isnull=True) | Q(locked_through__lt=quarter)
        ).update(locked_through=quarter, reopened_on=None)
        self.refresh_from_db(fields=["locked_through", "reopened_on"])

    def unlock(self, quarter, today):
        """Reopen ``quarter`` (the latest closed one): quarters before it stay closed."""
        ActionPlan.objects.filter(pk=self.pk, locked_through=quarter).update(
            locked_through=quarter.previous(), reopened_on=today
        )
        self.refresh_from_db(fields=["locked_through", "reopened_on"])

    def is_reopened(self, quarter):
        """Whether ``quarter`` was closed and is open again for a correction."""
        if self.reopened_on is None or self.locked_through is None:
            return False
        return quarter == self.locked_through.next()


class QuarterEventKind(models.TextChoices):
    CLOSED = "closed", "Closed"
    REOPENED = "reopened", "Reopened"


class QuarterEventQuerySet(models.QuerySet):
    def closings(self):
        return self.filter(kind=QuarterEventKind.CLOSED)


class QuarterEvent(models.Model):
    """
    A plan's quarter closed or reopened (plans.lifecycle): who (nobody for the schedule),
    when, why. Append-only, as progress updates are: the quarter's history is these rows in
    order, and its revision is how many times it was closed, less one.
    """

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="quarter_events")
    quarter = QuarterField("quarter")
    kind = models.CharField(max_length=10, choices=QuarterEventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the schedule closed it.",
    )
    reason = BoundedTextField(max_length=SHORT_TEXT, blank=True)

    objects = QuarterEventQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "quarter", "at", "id"]
        indexes = [models.Index(fields=["plan", "quarter"], name="quarter_event_plan_quarter")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="reopened") | (~Q(reason="") & Q(by__isnull=False)),
                name="quarter_reopened_by_someone_with_a_reason",
                violation_error_message="A quarter is reopened by someone, with a reason.",
            )
        ]

    def __str__(self):
        return f"{self.plan} {self.quarter}: {self.get_kind_display().lower()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("A quarter's history cannot be changed.")
        super().save(*args, **kwargs)


class QuarterLocked(ValidationError):
    pass


class ProgressConflict(Exception):
    """Someone recorded progress on the action after the user opened the form."""

    def __init__(self, newer_updates):
        super().__init__("Progress was recorded on this action after the form was opened.")
        self.newer_updates = newer_updates


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=[Status.COMPLETED, Status.CANCELLED])

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def as_at(self, quarter):
        """
        Annotate each action with where it stood at the end of ``quarter`` (its latest
        update for that quarter or before): status_at, percent_at, reason_at; where it
        stood a quarter earlier (status_before); and whether it was updated in the
        quarter (updated_in_quarter).
        """
        counted = ProgressUpdate.objects.counted()
        latest = counted.filter(action=OuterRef("pk"), period__lte=quarter)
        latest = latest.order_by("-period", "-created_at", "-id")
        before = counted.filter(action=OuterRef("pk"), period__lte=quarter.previous()).order_by(
            "-period", "-created_at", "-id"
        )
        return self.annotate(
            status_at=Coalesce(
                Subquery(latest.values("status")[:1]),
                Value(Status.NOT_STARTED),
                output_field=models.CharField(),
            ),
            percent_at=Coalesce(
                Subquery(latest.values("percent_complete")[:1]),
                Value(0),
                output_field=models.IntegerField(),
            ),
            reason_at=Coalesce(
                Subquery(latest.values("reason")[:1]), Value(""), output_field=models.TextField()
            ),
            status_before=Coalesce(
                Subquery(before.values("status")[:1]),
                Value(Status.NOT_STARTED),
                output_field=models.CharField(),
            ),
            updated_in_quarter=Exists(counted.filter(action=OuterRef("pk"), period=quarter)),
            latest_update_id=Subquery(latest.values("id")[:1]),
        ).annotate(
            # The update the figures come from has not been signed off yet.
            awaiting_sign_off=Q(latest_update_id__isnull=False)
            & ~Exists(ProgressReview.objects.filter(update_id=OuterRef("latest_update_id"))),
        )

    def pledge_links(self):
        """
        The links between these actions and the pledges they deliver (rows of the
        action-pledge table; read them with ``values_list``). The one place the dashboard,
        the quarterly report and the CSV export read which pledges each action delivers.
        """
        return Action.pledges.through.objects.filter(action__in=self.values("pk"))

    def stale(self, quarter=None):
        """Open actions under way in the quarter with no progress update for it."""
        quarter = quarter or Quarter.current()
        reported = ProgressUpdate.objects.counted().filter(action=OuterRef("pk"), period=quarter)
        return self.open().exclude(start_date__gt=quarter.end).exclude(Exists(reported))


class Action(Versioned, models.Model):
    """One thing the plan will do, delivering one or more pledges."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="actions")
    reference = models.CharField(max_length=20, help_text="Unique in the plan, e.g. 1.3.")
    title = models.CharField(max_length=200)
    description = BoundedTextField(max_length=LONG_TEXT, blank=True)
    public_summary = BoundedTextField(
        max_length=SHORT_TEXT,
        blank=True,
        help_text="Published: what the public may read about this action when a quarter is "
        "published. Plain English, nothing internal: narratives, reasons, risks and next "
        "steps are never published.",
    )
    pledges = models.ManyToManyField(Pledge, related_name="actions")
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="actions")
    violence_forms = models.ManyToManyField(
        ViolenceForm, blank=True, related_name="actions", verbose_name="forms of VAWG"
    )
    lead = models.ForeignKey(
        LeadSpecialist,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name="lead specialist",
    )
    delivery_partners = models.ManyToManyField(
        PartnerOrganisation, blank=True, related_name="actions"
    )
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    # Kept in step with the latest progress update by Action.record_progress().
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    percent_complete = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(100)]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        m2m_fields=[pledges, outcomes, violence_forms, delivery_partners],
        excluded_fields=["updated_at"],
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "reference"],
                name="action_reference_unique_in_plan",
                violation_error_message="This plan already has an action with that reference.",
            ),
            models.CheckConstraint(
                condition=PERCENT_RANGE,
                name="action_percent_0_to_100",
                violation_error_message="Percent complete must be between 0 and 100.",
            ),
            models.CheckConstraint(
                condition=Q(due_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(due_date__gte=F("start_date")),
                name="action_due_after_start",
                violation_error_message="The due date cannot be before the start date.",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("plans:action_detail", args=[self.pk])

    def pledge_codes(self):
        """ "Five-point plan 1, Four calls on stalking 2" (prefetch pledges with their sets)."""
        return ", ".join(f"{pledge.pledge_set} {pledge.number}" for pledge in self.pledges.all())

    @property
    def status_choice(self):
        return Status(self.status)

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return bool(self.due_date and self.due_date < today and not self.status_choice.is_closed)

    def latest_update_id(self):
        return self.progress_updates.order_by("-id").values_list("id", flat=True).first() or 0

    def record_progress(
        self, *, author, period, status, percent_complete, narrative, seen_update_id=None, **extra
    ):
        """
        Append a progress update and bring the action's status and percent into step
        with it, in one transaction. ``extra``: next_steps, risks_and_issues, reason.

        ``seen_update_id`` is the latest update the author had seen (0 for none): if
        someone has recorded one since, nothing is saved and ProgressConflict says what
        they recorded. None skips the check.
        """
        # The quarter's lifecycle says whether it takes updates (closed ones do not).
        from .lifecycle import QuarterCycle  # it reads this module's models

        if reason := QuarterCycle(self.plan, period).refusal():
            raise QuarterLocked(reason, code="locked")
        with transaction.atomic():
            action = Action.objects.select_for_update().get(pk=self.pk)
            if seen_update_id is not None and action.latest_update_id() != seen_update_id:
                newer = action.progress_updates.filter(pk__gt=seen_update_id)
                raise ProgressConflict(list(newer.select_related("author")))
            update = ProgressUpdate(
                action=action,
                author=author,
                period=period,
                status=status,
                percent_complete=percent_complete,
                narrative=narrative,
                **extra,
            )
            update.full_clean()
            update.save()
            action.follow_updates()
        self.status, self.percent_complete = action.status, action.percent_complete
        self.updated_at = action.updated_at
        return update

    def follow_updates(self):
        """
        Set status and percent from the latest update that counts (by quarter, then
        time): a late report for an earlier quarter does not move the action back, and a
        returned update no longer counts.
        """
        latest = (
            self.progress_updates.counted()
            .order_by("-period", "-created_at", "-id")
            .values("status", "percent_complete")
            .first()
        ) or {"status": Status.NOT_STARTED, "percent_complete": 0}
        if (self.status, self.percent_complete) != (latest["status"], latest["percent_complete"]):
            self.status, self.percent_complete = latest["status"], latest["percent_complete"]
            self.save(update_fields=["status", "percent_complete", "updated_at"])


class MilestoneQuerySet(models.QuerySet):
    def overdue(self, today=None):
        """Not completed by ``today`` (default: today) though due before it."""
        today = today or timezone.localdate()
        return self.filter(due_date__lt=today).filter(
            Q(completed_on__isnull=True) | Q(completed_on__gt=today)
        )


class Milestone(models.Model):
    """A dated step within an action."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_date = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self):
        return self.title

    def is_overdue(self, today=None):
        return self.completed_on is None and self.due_date < (today or timezone.localdate())


class AppendOnlyError(Exception):
    """Progress updates are never changed or deleted: a correction is a new update."""


class ProgressUpdateQuerySet(models.QuerySet):
    def counted(self):
        """Updates that count: all but those returned by PCC staff."""
        return self.exclude(review__decision=ReviewDecision.RETURNED)

    def standing(self, quarter):
        """
        Where each action of these updates stood at the end of ``quarter``, in one query:
        its latest counted update for the quarter itself and its latest counted update for
        an earlier quarter (at most two rows an action, newest first as ``as_at`` orders
        them). Rows of (action id, for the quarter, status, percent complete, reason,
        decided on): the read side (reports.progress) works out from them what ``as_at``
        annotates, at half its cost (five look-ups an action there, one ranked read here).
        """
        in_quarter = Case(When(period=quarter, then=Value(True)), default=Value(False))
        newest = [F("period").desc(), F("created_at").desc(), F("id").desc()]
        return (
            self.counted()
            .filter(period__lte=quarter)
            .annotate(
                in_quarter=in_quarter,
                rank=Window(
                    RowNumber(), partition_by=[F("action_id"), in_quarter], order_by=newest
                ),
            )
            .filter(rank=1)
            .annotate(decided=Exists(ProgressReview.objects.filter(update=OuterRef("pk"))))
            .values_list(
                "action_id", "in_quarter", "status", "percent_complete", "reason", "decided"
            )
        )

    def awaiting_sign_off(self):
        # NOT EXISTS, not review__isnull's LEFT JOIN ... IS NULL: PostgreSQL plans the
        # anti-join as one and estimates its rows, where it took the join's rows for 1
        # and joined every waiting update to its action and author before sorting (the
        # sign-off queue: 94 ms at 20,000 waiting updates).
        return self.exclude(Exists(ProgressReview.objects.filter(update=OuterRef("pk"))))

    def signed_off(self):
        """Updates PCC staff have signed off: the only ones that may be published."""
        return self.filter(review__decision=ReviewDecision.SIGNED_OFF)

    def returned_unamended(self):
        """Updates returned by PCC staff with nothing newer recorded for the action since:
        the author still has to amend them. Newest decision first, reviewer loaded."""
        newer = ProgressUpdate.objects.filter(action=OuterRef("action"), pk__gt=OuterRef("pk"))
        return (
            self.filter(review__decision=ReviewDecision.RETURNED)
            .exclude(Exists(newer))
            .select_related("action", "review__reviewed_by")
            .order_by("-review__reviewed_at")
        )

    def update(self, **kwargs):
        raise AppendOnlyError("Progress updates cannot be changed; record a new one.")

    def delete(self):
        raise AppendOnlyError("Progress updates cannot be deleted; record a correction.")


class ProgressUpdate(models.Model):
    """
    What was reported about an action for a quarter. Append-only: a correction is a new
    update. Record one with Action.record_progress(), which also moves the action.
    """

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="progress_updates")
    period = QuarterField("reporting quarter")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    percent_complete = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    narrative = BoundedTextField(max_length=LONG_TEXT, help_text="What happened this quarter.")
    next_steps = BoundedTextField(max_length=SHORT_TEXT, blank=True)
    risks_and_issues = BoundedTextField("risks and issues", max_length=SHORT_TEXT, blank=True)
    reason = BoundedTextField(
        max_length=SHORT_TEXT,
        blank=True,
        help_text="Required when the action is at risk or off track: why?",
    )

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["action", "period"], name="progress_action_period")]
        constraints = [
            models.CheckConstraint(
                condition=PERCENT_RANGE,
                name="progress_percent_0_to_100",
                violation_error_message="Percent complete must be between 0 and 100.",
            ),
            models.CheckConstraint(
                condition=~REASON_REQUIRED,
                name="progress_reason_when_at_risk_or_off_track",
                violation_error_code="reason_required",
                violation_error_message="Give a reason when an action is at risk or off track.",
            ),
        ]

    def __str__(self):
        return f"{self.action.reference} {self.period}: {self.get_status_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Progress updates cannot be changed; record a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Progress updates cannot be deleted; record a correction.")

    def check_decider(self, user):
        """OwnSubmission unless ``user`` may sign off or return it: not its author."""
        four_eyes.check(user, self, self.author_id, OWN_UPDATE)


# Why an update's author may not sign it off (the 403 page says it).
OWN_UPDATE = "You recorded this update, so someone else must sign it off or return it."


class ReviewDecision(models.TextChoices):
    SIGNED_OFF = "signed_off", "Signed off"
    RETURNED = "returned", "Returned"


class ProgressReviewQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """As Django's, but no review of an update by its author (four eyes): bulk
        creation skips save(), so it asks here (the update and reviewer as given)."""
        objs = list(objs)
        for review in objs:
            review.update.check_decider(review.reviewed_by)
        return super().bulk_create(objs, *args, **kwargs)


class ProgressReview(models.Model):
    """
    PCC staff's decision on a progress update: signed off, or returned with a comment
    (the update then no longer counts; the lead amends it and submits a new one). One
    decision per update, never changed.
    """

    update = models.OneToOneField(ProgressUpdate, on_delete=models.PROTECT, related_name="review")
    decision = models.CharField(max_length=12, choices=ReviewDecision.choices)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)
    comment = BoundedTextField(max_length=SHORT_TEXT, blank=True)

    objects = ProgressReviewQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision=ReviewDecision.RETURNED) | ~Q(comment=""),
                name="review_returned_with_a_comment",
                violation_error_message="Say what needs changing when returning an update.",
            )
        ]

    def __str__(self):
        return f"{self.get_decision_display()}: {self.update}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.update.check_decider(self.reviewed_by)
        super().save(*args, **kwargs)

    @classmethod
    def decide(cls, update, *, decision, by, comment=""):
        """
        Sign off or return an update that is still awaiting a decision. Returns the
        review, or None if someone decided first. A returned update stops counting, so
        the action goes back to its previous status. Its author may not decide on it
        (four eyes): OwnSubmission, recording nothing.
        """
        update.check_decider(by)
        with transaction.atomic():
            action = Action.objects.select_for_update().get(pk=update.action_id)
            if cls.objects.filter(update=update).exists():
                return None
            review = cls(update=update, decision=decision, reviewed_by=by, comment=comment)
            review.full_clean()
            review.save()
            action.follow_updates()
        return review


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", "Higher is better"
    LOWER_IS_BETTER = "lower", "Lower is better"


class Frequency(models.TextChoices):
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual (recorded against Q4)"


class IndicatorQuerySet(models.QuerySet):
    def published(self):
        """Indicators marked for publication."""
        return self.filter(publish=True)

    def linked_to(self, pledge_sets):
        """Indicators linked to a pledge of any of these pledge sets, each once (the
        dashboard's key indicators and the quarterly report's are these)."""
        return self.filter(pledges__pledge_set__in=pledge_sets).distinct()


class Indicator(models.Model):
    """A measure of how the strategy is doing, with a baseline and a target."""

    name = models.CharField(max_length=200, unique=True)
    description = BoundedTextField(max_length=LONG_TEXT, blank=True)
    unit = models.CharField(max_length=60, help_text="e.g. 'people per day', '%', 'IDVAs'.")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    baseline_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_period = models.CharField(max_length=40, blank=True, help_text="e.g. 2011")
    target_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_period = models.CharField(max_length=40, blank=True, help_text="e.g. 2027/28")
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    data_source = models.CharField(max_length=300, blank=True)
    pledges = models.ManyToManyField(Pledge, blank=True, related_name="indicators")
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="indicators")
    publish = models.BooleanField(
        "publish",
        default=False,
        help_text="Include this indicator and its values when a quarter is published.",
    )
    tolerance = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="How far on the wrong side of a quarter's target a value may be and still "
        "count as within tolerance (amber), in the indicator's own unit (not a percentage). "
        "0: anything short of the target is off target.",
    )
    public_note = BoundedTextField(
        "public note",
        max_length=SHORT_TEXT,
        blank=True,
        help_text="Published with the indicator: what the public should know about it "
        "(what it counts, where the figures come from, any caveat).",
    )
    history = HistoricalRecords()

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tolerance__gte=0),
                name="indicator_tolerance_not_negative",
                violation_error_message="The tolerance cannot be negative.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("plans:indicator_detail", args=[self.pk])

    def is_better(self, value, than):
        """Whether ``value`` is better than ``than`` for this indicator."""
        if self.direction == Direction.HIGHER_IS_BETTER:
            return value > than
        return value < than


class IndicatorValueQuerySet(models.QuerySet):
    def latest_per_indicator(self, count, up_to=None):
        """Each indicator's last ``count`` values (up to a quarter), oldest first."""
        values = self.filter(period__lte=up_to) if up_to else self
        recency = Window(RowNumber(), partition_by=F("indicator_id"), order_by=F("period").desc())
        return values.annotate(recency=recency).filter(recency__lte=count).order_by("period")


class IndicatorValue(models.Model):
    """An indicator's value for one quarter."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = QuarterField("quarter")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)
    source = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where this figure comes from, e.g. 'Force RMS extract'.",
    )
    provisional = models.BooleanField(
        default=False,
        help_text="Tick if the figure may still change (it is shown marked 'provisional').",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"],
                name="one_indicator_value_per_period",
                violation_error_message="This indicator already has a value for that quarter.",
            )
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} in {self.period}"

    def breakdown_version(self):
        """The version of its breakdown a form saw: the latest history id of its parts
        (adding, changing and deleting a part each add one)."""
        latest = IndicatorBreakdown.history.filter(value_id=self.pk).order_by("-history_id")
        return str(latest.values_list("history_id", flat=True).first() or "")

    def save_breakdown_if_unchanged(self, version, save):
        """
        In one transaction: lock this value and, unless someone changed its breakdown since
        ``version`` (the one the form was drawn from), ``save()``. The history record of the
        change that came first if one did, else None.
        """
        with transaction.atomic():
            IndicatorValue.objects.select_for_update().filter(pk=self.pk).first()
            if version != self.breakdown_version():
                latest = IndicatorBreakdown.history.filter(value_id=self.pk)
                return latest.select_related("history_user").order_by("-history_id").first()
            save()
        return None

    def breakdowns(self):
        """
        Its parts by dimension, in Dimension order, each a Breakdown that says whether the
        parts sum to the whole. Reads ``self.parts.all()``: prefetch ``parts`` to show many.
        """
        by_dimension = {}
        for part in self.parts.all():
            by_dimension.setdefault(part.dimension, []).append(part)
        return [
            Breakdown(Dimension(dimension), self.value, by_dimension[dimension])
            for dimension in Dimension.values
            if dimension in by_dimension
        ]


class Dimension(models.TextChoices):
    """What an indicator value may be broken down by (the NPCC framework asks for these).
    A new dimension is a new member here."""

    LOCAL_AUTHORITY = "local_authority", "Local authority area"
    SEX = "sex", "Sex"
    ETHNICITY = "ethnicity", "Ethnicity"


def _number(value):
    """A figure as people read it: 1,234.5, 176."""
    value = Decimal(value).quantize(Decimal("0.01")).normalize()
    return f"{value + 0:,f}"


@dataclass(frozen=True)
class Breakdown:
    """An indicator value's parts along one dimension, against the whole."""

    dimension: Dimension
    whole: Decimal
    parts: list  # IndicatorBreakdown, in their order

    @property
    def total(self):
        return sum((part.figure for part in self.parts), Decimal(0))

    @property
    def difference(self):
        """The parts' sum less the whole: 0 when they sum to it."""
        return self.total - self.whole

    @property
    def sums_to_whole(self):
        return self.difference == 0

    @property
    def words(self):
        """The sum check in words: "The parts sum to the whole (1,234)." or how far off."""
        if self.sums_to_whole:
            return f"The parts sum to the whole ({_number(self.whole)})."
        more_or_less = "more" if self.difference > 0 else "less"
        return (
            f"The parts sum to {_number(self.total)}: they differ from the whole "
            f"({_number(self.whole)}) by {_number(abs(self.difference))} ({more_or_less})."
        )


class IndicatorBreakdown(models.Model):
    """A part of an indicator value: its figure for one category of a dimension (Wirral,
    of the local authority areas)."""

    value = models.ForeignKey(
        IndicatorValue,
        on_delete=models.CASCADE,
        related_name="parts",
        verbose_name="indicator value",
    )
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    category = models.CharField(
        max_length=100, help_text="The part's name within its dimension, e.g. 'Wirral', 'Female'."
    )
    figure = models.DecimalField("value", max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["value", "dimension", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["value", "dimension", "category"],
                name="one_breakdown_part_per_category",
                violation_error_message="This value already has a part for that category.",
            )
        ]

    def __str__(self):
        return f"{self.get_dimension_display()}: {self.category}"


class IndicatorTarget(models.Model):
    """Where an indicator should be in one quarter: a point on its target trajectory."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    quarter = QuarterField("quarter")
    value = models.DecimalField("target", max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "quarter"],
                name="one_indicator_target_per_quarter",
                violation_error_message="This indicator already has a target for that quarter.",
            )
        ]

    def __str__(self):
        return f"{self.indicator}: target {self.value} in {self.quarter}"
