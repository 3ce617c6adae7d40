"""
One inbox for what each person owes ("My updates", the navigation's count, the
dashboard's "Waiting for you"): for a user and a day, every item with its due date, a link
to act, and why it is theirs.

- Lead specialists (the actions, risks and recommendations they own): updates due and
  overdue in the round, updates returned to them, milestones due, risk reviews due and
  recommendation updates due.
- Partners (their own organisation's, and nothing else): activities returned, spend
  returns due, overdue and returned, and the round's missing activities.
- PCC staff (by what they may decide): updates awaiting sign-off, activities to verify,
  spend returns to review, quarters ready to close (plans.lifecycle), and publications
  awaiting approval (a hook, empty: publication sits beside rounds, not below it).

When something is due comes from rounds/round.py (rounds_on, Round.is_open, overdue_rounds,
Rounds.missing_updates and missing_partner_links, Award returns_due), never worked out
here. ``counts()`` is one query whatever the data size: a count subquery for each kind,
over the round calendar (the active plans, kept in the cache, see ``round_calendar``).
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Func, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django.urls import reverse

from activities.models import Activity, ActivityEvent, ActivityEventKind, ActivityState
from funding.models import Award, ReturnEvent, ReturnEventKind, ReturnState, SpendReturn
from plans import lifecycle
from plans.models import Action, ActionPlan, Milestone, ProgressUpdate, QuarterEvent
from recommendations.models import Recommendation
from risks.models import Risk
from vawg_tracker.accounts.capabilities import Can

from . import round as rounds

# A milestone shows in its lead's inbox this many days before it is due (and until done).
MILESTONE_NOTICE_DAYS = 14
# The most items of one kind the inbox lists (staff's queues can be long): the count says
# how many there are, and the kind's queue has them all.
LISTED = 20
# Seconds the round calendar (the active plans) is kept; a plan saved or deleted clears it
# (0: read for every request).
CALENDAR_SECONDS = 300
_CALENDAR_KEY = "rounds:inbox:calendar"


@dataclass(frozen=True)
class Kind:
    name: str
    heading: str
    who: str  # "lead", "partner" or "staff"
    queue: str = ""  # the page with all of them, for staff's queues


UPDATE_RETURNED = Kind("update_returned", "Updates returned to you", "lead")
UPDATE_OVERDUE = Kind("update_overdue", "Updates overdue", "lead")
UPDATE_DUE = Kind("update_due", "Updates due", "lead")
MILESTONE_DUE = Kind("milestone_due", "Milestones due", "lead")
RISK_REVIEW_DUE = Kind("risk_review_due", "Risks to review", "lead")
RECOMMENDATION_DUE = Kind("recommendation_due", "Recommendations overdue", "lead")
ACTIVITY_RETURNED = Kind("activity_returned", "Activities returned to you", "partner")
RETURN_RETURNED = Kind("return_returned", "Spend returns returned to you", "partner")
RETURN_OVERDUE = Kind("return_overdue", "Spend returns overdue", "partner")
RETURN_DUE = Kind("return_due", "Spend returns due", "partner")
ACTIVITY_OVERDUE = Kind("activity_overdue", "Activities overdue for the round", "partner")
ACTIVITY_DUE = Kind("activity_due", "Activities to log for the round", "partner")
SIGN_OFF = Kind("sign_off", "Updates awaiting sign-off", "staff", "plans:sign_off_queue")
VERIFY = Kind("verify", "Activities to verify", "staff", "activities:review_queue")
RETURN_REVIEW = Kind("return_review", "Spend returns to review", "staff", "funding:review_queue")
PUBLICATION_APPROVAL = Kind(
    "publication_approval", "Publications awaiting approval", "staff", "publication:list"
)
QUARTER_CLOSE = Kind("quarter_close", "Quarters ready to close", "staff", "rounds:round_status")

KINDS = (
    UPDATE_RETURNED,
    UPDATE_OVERDUE,
    UPDATE_DUE,
    MILESTONE_DUE,
    RISK_REVIEW_DUE,
    RECOMMENDATION_DUE,
    ACTIVITY_RETURNED,
    RETURN_RETURNED,
    RETURN_OVERDUE,
    RETURN_DUE,
    ACTIVITY_OVERDUE,
    ACTIVITY_DUE,
    SIGN_OFF,
    VERIFY,
    RETURN_REVIEW,
    PUBLICATION_APPROVAL,
    QUARTER_CLOSE,
)


@dataclass
class Item:
    kind: Kind
    title: str
    due: datetime.date | None
    link: str
    reason: str
    action_label: str = "Open"
    overdue: bool = False
    # What the link's text says to a screen reader after action_label (default: the title).
    names: str = ""

    @property
    def link_names(self):
        return self.names or f": {self.title}"


@dataclass
class Group:
    kind: Kind
    count: int
    items: list = field(default_factory=list)

    @property
    def more(self):
        """How many the inbox does not list (see the kind's queue)."""
        return max(self.count - len(self.items), 0)

    @property
    def queue_url(self):
        return reverse(self.kind.queue) if self.kind.queue else ""


# --- The round calendar ------------------------------------------------------------------


def round_calendar():
    """The active plans (what rounds_on and overdue_rounds need), kept in the cache so that
    the navigation's count is one query. A plan saved or deleted clears it."""
    plans = cache.get(_CALENDAR_KEY) if CALENDAR_SECONDS else None
    if plans is None:
        plans = list(ActionPlan.objects.active())
        if CALENDAR_SECONDS:
            cache.set(_CALENDAR_KEY, plans, CALENDAR_SECONDS)
    return plans


def _forget_calendar(**kwargs):
    # Now, and again once the change is committed (a page read in between cached the old).
    cache.delete(_CALENDAR_KEY)
    transaction.on_commit(lambda: cache.delete(_CALENDAR_KEY))


post_save.connect(_forget_calendar, sender=ActionPlan, dispatch_uid="rounds.inbox.calendar")
post_delete.connect(_forget_calendar, sender=ActionPlan, dispatch_uid="rounds.inbox.calendar_d")
# A quarter closed or reopened moves the plan's closed-through quarter with an UPDATE (no
# save): its event, saved in the same transaction, clears the calendar instead.
post_save.connect(_forget_calendar, sender=QuarterEvent, dispatch_uid="rounds.inbox.calendar_q")


# --- Hooks for what others are building --------------------------------------------------


def publications_awaiting_approval(user):
    """
    HOOK: publications awaiting this user's approval, as a queryset (None: nothing yet).
    Publication approval is being built elsewhere: return its queryset of what ``user``
    may approve here, and the inbox lists and counts it (PUBLICATION_APPROVAL).
    """
    return None


def quarters_ready_to_close(user, today, plans=None):
    """
    The plans whose earliest open quarter staff may close now (plans.lifecycle): past its
    deadline, in review, or reopened for a correction. Worked out from the plans' own
    fields (no query), as a queryset of those plans for the inbox's one count.
    """
    plans = round_calendar() if plans is None else plans
    return ActionPlan.objects.filter(pk__in=_ready_to_close_ids(plans, today))


def _ready_to_close_ids(plans, today):
    return [
        plan.pk
        for plan in plans
        if lifecycle.QuarterCycle(plan, lifecycle.first_open_quarter(plan)).stage(today)
        in (lifecycle.Stage.IN_REVIEW, lifecycle.Stage.REOPENED)
    ]


# --- The inbox ---------------------------------------------------------------------------


class _Count(Func):
    """COUNT(*) of a subquery's rows, with no GROUP BY (not an aggregate to Django)."""

    template = "COUNT(*)"
    output_field = IntegerField()


def _count(queryset):
    rows = queryset.order_by().values(n=_Count())
    return Coalesce(Subquery(rows[:1]), Value(0))


class Inbox:
    """What ``user`` owes on ``today``: ``counts()`` (one query), ``count()`` and
    ``groups()`` (the kinds with something in them and their items: a query for each kind
    the user can owe)."""

    def __init__(self, user, today, plans=None):
        self.user, self.today = user, today
        plans = round_calendar() if plans is None else plans
        self.plans = plans
        in_view = rounds.rounds_on(today, plans)
        self.open_rounds = rounds.Rounds(r for r in in_view if r.is_open(today))
        self.overdue_rounds = rounds.Rounds(rounds.overdue_rounds(today, plans))
        self.upcoming = [r for r in in_view if today < r.opens_on]
        self._counts = None

    # What each kind holds for the user: a queryset, scoped to them.

    def _querysets(self):
        user, today = self.user, self.today
        sets = {}
        if user.has_perm(Can.RECORD_PROGRESS):
            sets[UPDATE_RETURNED] = ProgressUpdate.objects.returned_unamended().filter(
                action__lead__user=user
            )
            sets[UPDATE_OVERDUE] = self.overdue_rounds.missing_updates().filter(lead__user=user)
            sets[UPDATE_DUE] = self.open_rounds.missing_updates().filter(lead__user=user)
            sets[MILESTONE_DUE] = Milestone.objects.filter(
                action__lead__user=user,
                action__in=Action.objects.open(),
                completed_on__isnull=True,
                due_date__lte=today + datetime.timedelta(days=MILESTONE_NOTICE_DAYS),
            )
            sets[RISK_REVIEW_DUE] = Risk.objects.due_for_review(today).filter(owner__user=user)
            sets[RECOMMENDATION_DUE] = Recommendation.objects.overdue(today).filter(
                owner__user=user
            )
        if user.has_perm(Can.USE_PARTNER_PORTAL):
            ours = Q(organisation__memberships__user=user)
            sets[ACTIVITY_RETURNED] = Activity.objects.filter(ours, state=ActivityState.RETURNED)
            sets[RETURN_RETURNED] = SpendReturn.objects.filter(
                award__organisation__memberships__user=user, state=ReturnState.RETURNED
            )
            overdue = {round_.quarter for round_ in self.overdue_rounds}
            due = {round_.quarter for round_ in self.open_rounds} - overdue
            sets[RETURN_OVERDUE] = self._returns_due(overdue).filter(ours)
            sets[RETURN_DUE] = self._returns_due(due).filter(ours)
            for kind, round_set in (
                (ACTIVITY_OVERDUE, self.overdue_rounds),
                (ACTIVITY_DUE, self.open_rounds),
            ):
                sets[kind] = round_set.missing_partner_links().filter(
                    partnerorganisation__memberships__user=user
                )
        if user.has_perm(Can.SIGN_OFF_PROGRESS):
            # Not their own: someone else must sign those off (four eyes).
            sets[SIGN_OFF] = ProgressUpdate.objects.awaiting_sign_off().exclude(author=user)
        if user.has_perm(Can.VERIFY_ACTIVITIES):
            sets[VERIFY] = _not_put_forward_by(
                Activity.objects.awaiting_review(), ActivityEvent, "activity", user
            )
            sets[RETURN_REVIEW] = _not_put_forward_by(
                SpendReturn.objects.awaiting_review(), ReturnEvent, "spend_return", user
            )
        if user.has_perm(Can.MANAGE_DELIVERY):
            for kind, hook in (
                (PUBLICATION_APPROVAL, publications_awaiting_approval(user)),
                (QUARTER_CLOSE, quarters_ready_to_close(user, today, self.plans)),
            ):
                if hook is not None:
                    sets[kind] = hook
        return sets

    def _returns_due(self, quarters):
        """Awards owing a return for one of these quarters (Award returns_due)."""
        if not quarters:
            return Award.objects.none()
        owed = Q()
        for quarter in quarters:
            owed |= Q(pk__in=Award.objects.returns_due(quarter).values("pk"))
        return Award.objects.filter(owed)

    def counts(self):
        """{kind: how many}, for the kinds the user can owe: one query."""
        if self._counts is None:
            sets = self._querysets()
            if not sets:
                self._counts = {}
            else:
                row = (
                    User.objects.filter(pk=self.user.pk)
                    .values(**{kind.name: _count(qs) for kind, qs in sets.items()})
                    .first()
                    or {}
                )
                self._counts = {kind: row.get(kind.name, 0) for kind in sets}
        return self._counts

    def count(self):
        return sum(self.counts().values())

    def groups(self):
        """The kinds with something in them, in KINDS order, with their items listed."""
        counts = self.counts()
        sets = self._querysets()
        listers = {
            UPDATE_RETURNED: self._updates_returned,
            UPDATE_OVERDUE: lambda qs: self._updates(qs, self.overdue_rounds, overdue=True),
            UPDATE_DUE: lambda qs: self._updates(qs, self.open_rounds),
            MILESTONE_DUE: self._milestones,
            RISK_REVIEW_DUE: self._risks,
            RECOMMENDATION_DUE: self._recommendations,
            ACTIVITY_RETURNED: self._activities_returned,
            RETURN_RETURNED: self._returns_returned,
            RETURN_OVERDUE: lambda qs: self._returns(qs, self.overdue_rounds, overdue=True),
            RETURN_DUE: lambda qs: self._returns(qs, self.open_rounds),
            ACTIVITY_OVERDUE: lambda qs: self._links(qs, self.overdue_rounds, overdue=True),
            ACTIVITY_DUE: lambda qs: self._links(qs, self.open_rounds),
            QUARTER_CLOSE: self._quarters,
            SIGN_OFF: self._sign_off,
            VERIFY: self._verify,
            RETURN_REVIEW: self._return_review,
        }
        groups = []
        for kind in KINDS:
            # Every kind the user can owe is asked (a query each, whatever it holds), so
            # that the page costs the same however much is due.
            if kind in sets:
                items = listers.get(kind, self._hooked)(sets[kind])
                if counts[kind]:
                    groups.append(Group(kind, counts[kind], items))
        return groups

    # Each kind's items (the first LISTED of them).

    def _round_deadline(self, plan, quarter):
        return rounds.Round(plan, quarter).deadline

    def _updates_returned(self, qs):
        qs = qs.select_related("action__plan")[:LISTED]
        return [
            Item(
                UPDATE_RETURNED,
                f"{update.action.reference} {update.action.title} ({update.period})",
                self._round_deadline(update.action.plan, update.period),
                f"{update.action.get_absolute_url()}?period={update.period.slug}#record-heading",
                f"Returned by {_name(update.review.reviewed_by)}: “{update.review.comment}”",
                "Amend and submit",
            )
            for update in qs
        ]

    def _updates(self, qs, round_set, overdue=False):
        kind = UPDATE_OVERDUE if overdue else UPDATE_DUE
        items = []
        for action in qs.order_by("reference", "pk")[:LISTED]:
            round_ = round_set.round_of(action)
            items.append(
                Item(
                    kind,
                    f"{action.reference} {action.title}",
                    round_.deadline,
                    f"{action.get_absolute_url()}?period={round_.quarter.slug}#record-heading",
                    f"You lead this action: record its progress for {round_}.",
                    "Record update",
                    overdue,
                    f" for {action.reference}, {round_.quarter}",
                )
            )
        return items

    def _milestones(self, qs):
        qs = qs.select_related("action").order_by("due_date", "pk")[:LISTED]
        return [
            Item(
                MILESTONE_DUE,
                f"{m.action.reference}: {m.title}",
                m.due_date,
                m.action.get_absolute_url(),
                "A milestone of an action you lead.",
                "Open the action",
                m.due_date < self.today,
            )
            for m in qs
        ]

    def _risks(self, qs):
        return [
            Item(
                RISK_REVIEW_DUE,
                risk.title,
                risk.next_review,
                reverse("risks:review", args=[risk.pk]),
                f"You own this risk (score {risk.score}).",
                "Review",
                True,
                f" “{risk.title}”",
            )
            for risk in qs.by_score()[:LISTED]
        ]

    def _recommendations(self, qs):
        qs = qs.select_related("source").order_by("due_on", "pk")[:LISTED]
        return [
            Item(
                RECOMMENDATION_DUE,
                f"{r.number}: {r.text[:120]}",
                r.due_on,
                reverse("recommendations:update", args=[r.pk]),
                f"You own this recommendation of {r.source.title}.",
                "Add an update",
                True,
                f" on recommendation {r.number} of {r.source.title}",
            )
            for r in qs
        ]

    def _activities_returned(self, qs):
        why = ActivityEvent.objects.filter(
            activity=OuterRef("pk"), kind=ActivityEventKind.RETURNED
        ).order_by("-pk")
        qs = (
            qs.select_related("action__plan")
            .annotate(why=Subquery(why.values("comment")[:1]))
            .order_by("updated_at", "pk")[:LISTED]
        )
        return [
            Item(
                ACTIVITY_RETURNED,
                f"{activity.title} ({activity.action.reference}, {activity.period})",
                self._round_deadline(activity.action.plan, activity.period),
                reverse("activities:activity_edit", args=[activity.pk]),
                f"Returned by the PCC office: “{activity.why or ''}”",
                "Amend and resubmit",
            )
            for activity in qs
        ]

    def _returns_returned(self, qs):
        why = ReturnEvent.objects.filter(
            spend_return=OuterRef("pk"), kind=ReturnEventKind.RETURNED
        ).order_by("-pk")
        qs = (
            qs.select_related("award")
            .annotate(why=Subquery(why.values("comment")[:1]))
            .order_by("updated_at", "pk")[:LISTED]
        )
        deadlines = self._quarter_deadlines()
        return [
            Item(
                RETURN_RETURNED,
                f"Spend return {r.award.reference} {r.award.title}, {r.period}",
                deadlines.get(r.period),
                reverse("funding_portal:return_amend", args=[r.pk]),
                f"Returned for changes by the PCC office: “{r.why or ''}”",
                "Amend and resubmit",
            )
            for r in qs
        ]

    def _quarter_deadlines(self):
        """{quarter: the earliest deadline of a round in view for it}."""
        deadlines = {}
        for round_ in [*self.overdue_rounds, *self.open_rounds]:
            deadlines[round_.quarter] = min(
                round_.deadline, deadlines.get(round_.quarter, round_.deadline)
            )
        return deadlines

    def _returns(self, qs, round_set, overdue=False):
        kind = RETURN_OVERDUE if overdue else RETURN_DUE
        deadlines = {}
        skip = set() if overdue else {round_.quarter for round_ in self.overdue_rounds}
        for round_ in (r for r in round_set if r.quarter not in skip):
            deadlines[round_.quarter] = min(
                round_.deadline, deadlines.get(round_.quarter, round_.deadline)
            )
        items = []
        for award in qs.order_by("reference")[:LISTED]:
            for quarter, deadline in sorted(deadlines.items()):
                if award.starts_on <= quarter.end and award.ends_on >= quarter.start:
                    items.append(
                        Item(
                            kind,
                            f"Spend return {award.reference} {award.title}, {quarter}",
                            deadline,
                            reverse("funding_portal:return_submit", args=[award.pk]),
                            f"Your organisation's award owes a return for {quarter}.",
                            "Submit the return",
                            overdue,
                        )
                    )
                    break
        return items

    def _links(self, qs, round_set, overdue=False):
        kind = ACTIVITY_OVERDUE if overdue else ACTIVITY_DUE
        items = []
        for link in qs[:LISTED]:
            round_ = round_set.round_of(link.action)
            items.append(
                Item(
                    kind,
                    f"{link.action.reference} {link.action.title}",
                    round_.deadline,
                    reverse("activities:activity_create") + f"?action={link.action.pk}",
                    f"Your organisation delivers this action: log what it did in {round_.quarter}.",
                    "Log activity",
                    overdue,
                    f" for {link.action.reference}, {round_.quarter}",
                )
            )
        return items

    def _sign_off(self, qs):
        qs = qs.select_related("action").order_by("created_at", "id")[:LISTED]
        return [
            Item(
                SIGN_OFF,
                f"{u.action.reference} {u.action.title} ({u.period})",
                None,
                u.action.get_absolute_url() + "#updates-heading",
                f"Recorded {u.created_at:%-d %B %Y}: sign it off or return it.",
                "Sign off or return",
            )
            for u in qs
        ]

    def _verify(self, qs):
        qs = qs.select_related("organisation").order_by("updated_at", "id")[:LISTED]
        return [
            Item(
                VERIFY,
                f"{a.title} ({a.organisation.name}, {a.period})",
                None,
                a.get_absolute_url(),
                f"Submitted {a.updated_at:%-d %B %Y}: verify it or return it.",
                "Verify or return",
            )
            for a in qs
        ]

    def _return_review(self, qs):
        qs = qs.select_related("award__organisation").order_by("updated_at", "id")[:LISTED]
        return [
            Item(
                RETURN_REVIEW,
                f"Spend return {r.award.reference} ({r.award.organisation.name}, {r.period})",
                None,
                f"{r.award.get_absolute_url()}#return-{r.pk}",
                f"Submitted {r.updated_at:%-d %B %Y}: accept it or return it.",
                "Accept or return",
            )
            for r in qs
        ]

    def _quarters(self, qs):
        # The plans are in memory already (the round calendar): no query.
        ready = {plan.pk for plan in self.plans} & set(_ready_to_close_ids(self.plans, self.today))
        items = []
        for plan in sorted((p for p in self.plans if p.pk in ready), key=lambda p: (p.title, p.pk)):
            cycle = lifecycle.QuarterCycle(plan, lifecycle.first_open_quarter(plan))
            items.append(
                Item(
                    QUARTER_CLOSE,
                    f"{plan}, {cycle.quarter}",
                    cycle.closes_by,
                    reverse("rounds:close_quarter", args=[plan.pk, cycle.quarter]),
                    "Updates were due on "
                    f"{cycle.deadline:%-d %B %Y}; it closes by itself once everything is "
                    "signed off, or on the date shown.",
                    action_label="Close",
                )
            )
        return items

    def _hooked(self, qs):
        """A hook's kind: its queue lists them (the hook gives a queryset, no layout)."""
        return []


def _not_put_forward_by(queryset, event_model, field, user):
    """Those ``user`` did not last put forward (Reviewed.latest_submitter_id, in SQL): the
    ones they submitted someone else must decide on (four eyes)."""
    latest = event_model.objects.filter(
        **{field: OuterRef("pk")}, kind__in=queryset.model.SUBMISSION_STEPS
    ).order_by("-pk")
    submitter = Coalesce(
        Subquery(latest.values("user_id")[:1]), F("created_by_id"), output_field=IntegerField()
    )
    return queryset.alias(submitter=submitter).exclude(submitter=user.pk)


def _name(user):
    return user.get_full_name() or user.username


def inbox_for(request, today):
    """The request's inbox, built once however many parts of the page ask (the
    navigation's count and the dashboard's "Waiting for you" share its one query)."""
    if not hasattr(request, "_inbox"):
        request._inbox = Inbox(request.user, today)
    return request._inbox
