"""
The quarterly update round: when it opens and closes, what is due from whom, how far a
plan has got, and the reminders that chase people (each sent once).

A round belongs to a plan and a quarter, and its dates and stages are the quarter's
lifecycle (plans.lifecycle): it opens `round_opens_days_before` days before the quarter
ends, updates are due `round_deadline_days_after` days after, and after the deadline what
is missing is overdue until the quarter closes. Nobody is chased for a quarter before its
round opens or after it closes (the record-progress form refuses a closed quarter).
"""

import datetime
import logging
import operator
from collections import defaultdict
from dataclasses import dataclass
from functools import reduce

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, DateField, Exists, OuterRef, Q, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, ActivityState
from funding.models import Award
from partners.models import PartnerMembership
from plans.lifecycle import QuarterCycle, Stage
from plans.models import Action, ActionPlan, ProgressUpdate, ReviewDecision
from vawg_tracker.accounts.capabilities import Can
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from .models import Reminder, ReminderKind

logger = logging.getLogger(__name__)
DUE_SOON_DAYS = 3
# The overdue digest and staff summary go out on the first run after the deadline; this
# bounds how late that first run may be (a schedule down for longer does not send stale
# reminders when it returns).
OVERDUE_WINDOW_DAYS = 7


@dataclass(frozen=True)
class Round:
    plan: ActionPlan
    quarter: Quarter

    @property
    def cycle(self):
        return QuarterCycle(self.plan, self.quarter)

    @property
    def opens_on(self):
        return self.cycle.opens_on

    @property
    def deadline(self):
        return self.cycle.deadline

    @property
    def closes_by(self):
        return self.cycle.closes_by

    @property
    def due_soon_on(self):
        return self.deadline - datetime.timedelta(days=DUE_SOON_DAYS)

    def stage(self, today):
        return self.cycle.stage(today)

    def is_open(self, today):
        """Updates are due: the round has opened and the deadline has not passed."""
        return self.stage(today) == Stage.ROUND_OPEN

    def is_overdue(self, today):
        """The deadline has passed and the quarter is not closed: what is missing is
        overdue (and still accepted)."""
        return self.stage(today) == Stage.IN_REVIEW

    def __str__(self):
        return f"{self.plan}, {self.quarter}"

    # --- What is due (one round at a time; see Rounds for several) -------------------------

    def actions(self):
        """The plan's actions under way in the quarter, and not finished before it."""
        return Rounds([self]).actions()

    def missing_updates(self):
        """Actions with no progress update that counts for the quarter (returned ones do not)."""
        return Rounds([self]).missing_updates()

    def progress(self):
        """(actions, updated, signed off) for the quarter."""
        return Rounds([self]).progress().get(self.plan.pk, (0, 0, 0))

    def missing_partner_activities(self):
        """{organisation id: [actions]}: delivery partners with nothing logged for an action
        in the quarter (one query)."""
        missing = defaultdict(list)
        for link in Rounds([self]).missing_partner_links():
            missing[link.partnerorganisation_id].append(link.action)
        return dict(missing)

    def missing_by_person(self):
        """{user: [actions]}: leads with updates missing, partner users whose organisation
        has activities missing (three queries)."""
        people = defaultdict(list)
        for action in self.missing_updates().select_related("lead__user").order_by("reference"):
            if action.lead.user_id and action.lead.user.is_active:
                people[action.lead.user].append(action)
        missing = self.missing_partner_activities()
        memberships = PartnerMembership.objects.filter(
            organisation_id__in=missing, user__is_active=True
        ).select_related("user")
        for membership in memberships:
            people[membership.user].extend(missing[membership.organisation_id])
        return dict(people)

    def returns_due_by_person(self):
        """
        {user: [awards]}: partner users whose organisation owes a spend return for the
        quarter on an award that pays for one of the plan's actions (two queries).
        """
        awards = (
            Award.objects.returns_due(self.quarter)
            .filter(actions__plan=self.plan)
            .distinct()
            .order_by("reference")
        )
        owed = defaultdict(list)
        for award in awards:
            owed[award.organisation_id].append(award)
        people = {}
        memberships = PartnerMembership.objects.filter(
            organisation_id__in=owed, user__is_active=True
        ).select_related("user")
        for membership in memberships:
            people[membership.user] = owed[membership.organisation_id]
        return people

    def due_by_person(self):
        """{user: (actions, awards)}: what each person owes in the round, updates and
        activities (missing_by_person) and spend returns (returns_due_by_person)."""
        missing, returns = self.missing_by_person(), self.returns_due_by_person()
        return {
            user: (missing.get(user, []), returns.get(user, [])) for user in {**missing, **returns}
        }


class Rounds:
    """
    Several plans' rounds (one per plan) asked about together: each question is one query
    however many plans and actions there are. Each action comes annotated with
    ``round_start``, the first day of its plan's round quarter.
    """

    def __init__(self, rounds):
        self.rounds = list(rounds)
        plans = [round_.plan.pk for round_ in self.rounds]
        if len(plans) != len(set(plans)):
            raise ValueError("one round per plan")
        self.by_plan = {round_.plan.pk: round_ for round_ in self.rounds}

    def __iter__(self):
        return iter(self.rounds)

    def __len__(self):
        return len(self.rounds)

    def round_of(self, action):
        return self.by_plan[action.plan_id]

    def _round_start(self, plan_field):
        return Case(
            *(
                When(**{plan_field: round_.plan.pk}, then=Value(round_.quarter.start))
                for round_ in self.rounds
            ),
            output_field=DateField(),
        )

    def actions(self):
        """The plans' actions under way in their round's quarter, and not finished before it."""
        if not self.rounds:
            return Action.objects.none().annotate(round_start=Value(None, DateField()))
        in_a_round = reduce(
            operator.or_,
            (Q(plan_id=r.plan.pk) & ~Q(start_date__gt=r.quarter.end) for r in self.rounds),
        )
        return (
            Action.objects.open()
            .filter(in_a_round)
            .annotate(round_start=self._round_start("plan_id"))
        )

    @staticmethod
    def _counted(**filters):
        return Exists(
            ProgressUpdate.objects.counted().filter(
                action=OuterRef("pk"), period=OuterRef("round_start"), **filters
            )
        )

    def missing_updates(self):
        """Actions with no progress update that counts for their round's quarter."""
        return self.actions().exclude(self._counted())

    def progress(self):
        """{plan id: (actions, updated, signed off)}."""
        rows = (
            self.actions()
            .order_by()
            .values("plan_id")
            .annotate(
                total=Count("pk"),
                updated=Count("pk", filter=self._counted()),
                signed_off=Count(
                    "pk", filter=self._counted(review__decision=ReviewDecision.SIGNED_OFF)
                ),
            )
        )
        return {row["plan_id"]: (row["total"], row["updated"], row["signed_off"]) for row in rows}

    def missing_partner_links(self):
        """(action, delivery partner) links with nothing logged by the partner for the
        action in the round's quarter, with the action and organisation loaded."""
        links = (
            Action.delivery_partners.through.objects.filter(action__in=self.actions())
            .annotate(round_start=self._round_start("action__plan_id"))
            .select_related("action", "partnerorganisation")
        )
        logged = Activity.objects.filter(
            action=OuterRef("action_id"),
            organisation=OuterRef("partnerorganisation_id"),
            period=OuterRef("round_start"),
        ).exclude(state=ActivityState.WITHDRAWN)
        return links.exclude(Exists(logged)).order_by("action__reference")


def rounds_on(day, plans=None):
    """Each active plan's round for the quarter ending soonest around ``day``: the
    previous quarter's while its deadline has not passed, the current quarter's after."""
    plans = plans if plans is not None else ActionPlan.objects.active()
    current = Quarter.for_date(day)
    rounds = []
    for plan in plans:
        previous = Round(plan, current.previous())
        rounds.append(previous if day <= previous.deadline else Round(plan, current))
    return rounds


def last_closed_round(plan, day):
    """The most recent round whose deadline has passed (its quarter may be in review or
    closed)."""
    quarter = Quarter.for_date(day)
    while Round(plan, quarter).deadline >= day:
        quarter = quarter.previous()
    return Round(plan, quarter)


def overdue_rounds(day, plans=None):
    """Each active plan's last round past its deadline, where what is missing is overdue
    until the quarter closes (plans.lifecycle). Rounds from before a plan began, and
    closed quarters, are left out."""
    plans = plans if plans is not None else ActionPlan.objects.active()
    late = (last_closed_round(plan, day) for plan in plans)
    return [
        round_
        for round_ in late
        if round_.quarter.end >= round_.plan.period_start and round_.is_overdue(day)
    ]


# --- Reminders ---------------------------------------------------------------------------------


def send_due_reminders(today=None):
    """
    Send every reminder that is due today and has not been sent: the round-open digest,
    the three-days-to-go digest, and after the deadline the overdue digest and the staff
    summary. Safe to run any number of times. Returns how many emails went out.
    """
    today = today or timezone.localdate()
    sent = 0
    for round_ in rounds_on(today):
        if round_.is_open(today):
            kind = ReminderKind.DUE_SOON if today >= round_.due_soon_on else ReminderKind.OPENED
            sent += _digests(round_, kind)
    for closed in overdue_rounds(today):
        if today <= closed.deadline + datetime.timedelta(days=OVERDUE_WINDOW_DAYS):
            sent += _digests(closed, ReminderKind.OVERDUE)
            sent += _staff_summary(closed)
    sent += retry_unsent()
    return sent


def _digests(round_, kind):
    sent = 0
    for user, (actions, awards) in round_.due_by_person().items():
        reminder = _once(user, round_, kind, len(actions) + len(awards)) if user.email else None
        if reminder is not None:
            sent += _deliver(user, round_, kind, actions, reminder, awards)
    return sent


def _once(user, round_, kind, items):
    """The reminder row, if this is the first time; None if it was already created."""
    if kind == ReminderKind.MANUAL:
        return Reminder.objects.create(
            user=user, plan=round_.plan, period=round_.quarter, kind=kind, items=items
        )
    try:
        with transaction.atomic():
            return Reminder.objects.create(
                user=user, plan=round_.plan, period=round_.quarter, kind=kind, items=items
            )
    except IntegrityError:
        return None


def _deliver(user, round_, kind, actions, reminder, awards=()):
    context = {
        "user": user,
        "round": round_,
        "kind": kind,
        "actions": actions,
        # Spend returns owed for the quarter (funding): they join the partner's digest.
        "awards": awards,
        "returns_link": settings.SITE_URL + reverse("funding_portal:home"),
        "is_partner": user.has_perm(Can.USE_PARTNER_PORTAL),
        "link": settings.SITE_URL + reverse("rounds:my_updates"),
    }
    subject = {
        ReminderKind.OPENED: f"Updates due for {round_.plan}, {round_.quarter}",
        ReminderKind.DUE_SOON: f"Three days left: updates for {round_.plan}, {round_.quarter}",
        ReminderKind.OVERDUE: f"Overdue: updates for {round_.plan}, {round_.quarter}",
        ReminderKind.MANUAL: f"Reminder: updates for {round_.plan}, {round_.quarter}",
    }[kind]
    return _send(reminder, subject, "rounds/email/digest", context, [user.email])


def _staff_summary(round_):
    missing = round_.missing_by_person()
    if not missing:
        return 0
    total, updated, signed_off = round_.progress()
    context = {
        "round": round_,
        "missing": sorted(missing.items(), key=lambda item: -len(item[1])),
        "total": total,
        "updated": updated,
        "signed_off": signed_off,
        "link": settings.SITE_URL + reverse("rounds:round_status"),
    }
    sent = 0
    for user in User.objects.filter(groups__name=Role.PCC_STAFF, is_active=True).exclude(email=""):
        reminder = _once(user, round_, ReminderKind.STAFF_SUMMARY, len(missing))
        if reminder is not None:
            subject = f"Overdue updates: {round_.plan}, {round_.quarter}"
            sent += _send(reminder, subject, "rounds/email/staff_summary", context, [user.email])
    return sent


def send_recorded(row, subject, template, context, to):
    """
    Send ``template`` (.txt and .html) and record it on ``row``, a Reminder or a
    rounds.returned notice (``attempts``, ``error``, ``sent_at``): 1 if it went, else 0
    with the error kept for the retry. The log names the row's kind and id, nothing more.
    """
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject, text, None, to)
    message.attach_alternative(html, "text/html")
    rows = type(row).objects.filter(pk=row.pk)
    rows.update(attempts=row.attempts + 1)
    try:
        message.send()
    except Exception as error:
        rows.update(error=f"{type(error).__name__}: {error}")
        logger.warning(
            "%s %s not sent (%s)", type(row)._meta.model_name, row.pk, type(error).__name__
        )
        return 0
    rows.update(sent_at=timezone.now(), error="")
    return 1


_send = send_recorded  # the reminders' name for it


def retry_unsent():
    """Reminders whose email failed are tried again (three times at most)."""
    sent = 0
    today = timezone.localdate()
    for reminder in Reminder.objects.filter(sent_at=None, attempts__lt=3).exclude(error=""):
        round_ = Round(reminder.plan, reminder.period)
        if reminder.kind == ReminderKind.STAFF_SUMMARY:
            continue  # the next day's run sends a fresh summary
        if not round_.cycle.chases(today):
            continue  # the quarter has closed (or was never open): nothing to ask for
        actions, awards = round_.due_by_person().get(reminder.user, ([], []))
        if actions or awards:
            sent += _deliver(reminder.user, round_, reminder.kind, actions, reminder, awards)
    return sent


def remind_now(round_, sent_by):
    """Staff's "send a reminder now": to everyone with something missing in the round,
    while its quarter asks for updates (plans.lifecycle: not before the round opens, nor
    once the quarter is closed)."""
    sent = 0
    if not round_.cycle.chases(timezone.localdate()):
        logger.info("manual reminders for %s not sent: the round is not open", round_)
        return sent
    for user, (actions, awards) in round_.due_by_person().items():
        if user.email:
            reminder = _once(user, round_, ReminderKind.MANUAL, len(actions) + len(awards))
            sent += _deliver(user, round_, ReminderKind.MANUAL, actions, reminder, awards)
    logger.info("manual reminders for %s sent by user %s: %s", round_, sent_by.pk, sent)
    return sent
