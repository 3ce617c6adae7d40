"""
Told once, when it matters: when PCC staff return something of yours for changes (a
progress update, an activity, a spend return), one email saying what, why and the link,
plain text and HTML as the digests are; or, for whoever chose it on their account page,
one email a day listing them all.

Exactly once, as the round's reminders (rounds.round): a ReturnedNotice row per person and
decision is created in a savepoint before anything is sent, so a retried task, a second
sweep or a task queued twice finds the row and sends nothing; a failed send keeps its
error and is tried again (three times at most). The return views queue
``rounds.notify_returned`` on commit (by name: they sit below this app); the hourly
``rounds.send_returned_notices`` sweeps up any a broker that was down lost, retries the
failures and, from DIGEST_HOUR, sends each day's digests.

Nothing personal goes in the log: ids and error classes only.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from activities.models import ActivityEvent, ActivityEventKind, ActivityState
from funding.models import ReturnEvent, ReturnEventKind, ReturnState
from partners.models import PartnerMembership
from plans.models import ProgressReview, ProgressUpdate, ReviewDecision
from vawg_tracker.accounts.models import EmailPreference, ReturnedEmails

from .models import ReturnedNotice, ReturnedSubject
from .round import send_recorded

logger = logging.getLogger(__name__)
ATTEMPTS = 3
# The sweep looks this far back for returns nobody was told of (a broker that was down).
SWEEP_DAYS = 7
# Digests go from this hour (local time), once a day.
DIGEST_HOUR = 7


@dataclass
class Returned:
    """What was returned, to whom, why and where to put it right."""

    subject: str
    decision_id: int
    what: str
    why: str
    by: str
    link: str
    recipients: list


def _name(user):
    return user.get_full_name() or user.username


def _active(users):
    return [user for user in users if user.is_active and user.email]


def _partners_of(organisation_id):
    memberships = PartnerMembership.objects.filter(
        organisation_id=organisation_id, user__is_active=True
    ).select_related("user")
    return _active(m.user for m in memberships)


def _latest_return(events):
    """The newest of these "returned" steps, with who took it (None if there is none)."""
    return events.select_related("user").order_by("-pk").first()


def describe(subject, object_id):
    """The returned update, activity or spend return with this id, if it is still
    returned (not amended since); else None."""
    if subject == ReturnedSubject.UPDATE:
        update = (
            ProgressUpdate.objects.returned_unamended()
            .select_related("action__lead__user", "author")
            .filter(pk=object_id)
            .first()
        )
        if update is None:
            return None
        action = update.action
        lead_user = action.lead.user if action.lead and action.lead.user_id else None
        return Returned(
            subject,
            update.review.pk,
            f"Your progress update on {action.reference} {action.title} for {update.period}",
            update.review.comment,
            _name(update.review.reviewed_by),
            f"{action.get_absolute_url()}?period={update.period.slug}#record-heading",
            _active([lead_user or update.author]),
        )
    if subject == ReturnedSubject.ACTIVITY:
        event = _latest_return(
            ActivityEvent.objects.filter(
                activity_id=object_id,
                kind=ActivityEventKind.RETURNED,
                activity__state=ActivityState.RETURNED,
            ).select_related("activity__action")
        )
        if event is None:
            return None
        activity = event.activity
        return Returned(
            subject,
            event.pk,
            f"Your organisation's activity “{activity.title}” "
            f"({activity.action.reference}, {activity.period})",
            event.comment,
            _name(event.user),
            reverse("activities:activity_edit", args=[activity.pk]),
            _partners_of(activity.organisation_id),
        )
    if subject == ReturnedSubject.SPEND_RETURN:
        event = _latest_return(
            ReturnEvent.objects.filter(
                spend_return_id=object_id,
                kind=ReturnEventKind.RETURNED,
                spend_return__state=ReturnState.RETURNED,
            ).select_related("spend_return__award")
        )
        if event is None:
            return None
        spend_return = event.spend_return
        award = spend_return.award
        return Returned(
            subject,
            event.pk,
            f"Your spend return for {award.reference} {award.title}, {spend_return.period}",
            event.comment,
            _name(event.user),
            reverse("funding_portal:return_amend", args=[spend_return.pk]),
            _partners_of(award.organisation_id),
        )
    raise ValueError(f"nothing is returned as {subject!r}")


def _object_of(notice):
    """The (subject, object id) a notice's decision was about, or None if it is gone."""
    if notice.subject == ReturnedSubject.UPDATE:
        review = ProgressReview.objects.filter(pk=notice.decision_id).first()
        return review and (notice.subject, review.update_id)
    if notice.subject == ReturnedSubject.ACTIVITY:
        event = ActivityEvent.objects.filter(pk=notice.decision_id).first()
        return event and (notice.subject, event.activity_id)
    event = ReturnEvent.objects.filter(pk=notice.decision_id).first()
    return event and (notice.subject, event.spend_return_id)


def _once(**fields):
    """The notice row, if this is the first time; None if it was already created."""
    try:
        with transaction.atomic():
            return ReturnedNotice.objects.create(**fields)
    except IntegrityError:
        return None


def notify(subject, object_id):
    """Tell each person it is theirs to amend, once: at once, or held for their digest.
    Returns how many emails went out."""
    returned = describe(subject, object_id)
    if returned is None:
        return 0  # amended (or never returned) before we got to it: nothing to say
    sent = 0
    for user in returned.recipients:
        immediate = EmailPreference.returned_for(user) == ReturnedEmails.IMMEDIATE
        notice = _once(
            user=user, subject=subject, decision_id=returned.decision_id, immediate=immediate
        )
        if notice is not None and immediate:
            sent += _deliver_one(notice, returned)
    return sent


def _context(user, items, digest=False):
    return {
        "digest": digest,
        "user": user,
        "items": [{**vars(item), "link": settings.SITE_URL + item.link} for item in items],
        "inbox_link": settings.SITE_URL + reverse("rounds:my_updates"),
        "account_link": settings.SITE_URL + reverse("account"),
    }


def _deliver_one(notice, returned):
    subject = f"Returned for changes: {returned.what[:150]}"
    return _send(notice, subject, _context(notice.user, [returned]))


def _send(notice, subject, context):
    return send_recorded(notice, subject, "rounds/email/returned", context, [notice.user.email])


# --- The hourly run ----------------------------------------------------------------------


def sweep(now=None):
    """Returns of the last SWEEP_DAYS days that nobody was told of (their task was lost):
    notify() them; it sends nothing for those already told. Returns emails sent."""
    since = (now or timezone.now()) - datetime.timedelta(days=SWEEP_DAYS)
    found = [
        (ReturnedSubject.UPDATE, pk)
        for pk in ProgressReview.objects.filter(
            decision=ReviewDecision.RETURNED, reviewed_at__gte=since
        ).values_list("update_id", flat=True)
    ]
    found += [
        (ReturnedSubject.ACTIVITY, pk)
        for pk in ActivityEvent.objects.filter(
            kind=ActivityEventKind.RETURNED,
            at__gte=since,
            activity__state=ActivityState.RETURNED,
        ).values_list("activity_id", flat=True)
    ]
    found += [
        (ReturnedSubject.SPEND_RETURN, pk)
        for pk in ReturnEvent.objects.filter(
            kind=ReturnEventKind.RETURNED,
            created_at__gte=since,
            spend_return__state=ReturnState.RETURNED,
        ).values_list("spend_return_id", flat=True)
    ]
    return sum(notify(subject, pk) for subject, pk in dict.fromkeys(found))


def send_digests(today=None):
    """Each person who chose one email a day and has returns held: one digest for today,
    listing those still returned. Returns emails sent."""
    today = today or timezone.localdate()
    held = ReturnedNotice.objects.filter(immediate=False, digest=None).exclude(
        subject=ReturnedSubject.DIGEST
    )
    sent = 0
    for user_id in held.values_list("user_id", flat=True).distinct().order_by("user_id"):
        digest = _once(user_id=user_id, subject=ReturnedSubject.DIGEST, day=today, immediate=False)
        if digest is None:
            continue  # today's is made already: what was held since waits for tomorrow's
        held.filter(user_id=user_id).update(digest=digest)
        sent += _deliver_digest(digest)
    return sent


def _deliver_digest(digest):
    items = []
    for notice in digest.held.order_by("created_at", "pk"):
        found = _object_of(notice)
        returned = found and describe(*found)
        if returned is not None and returned.decision_id == notice.decision_id:
            items.append(returned)
    if not items:
        ReturnedNotice.objects.filter(pk=digest.pk).update(error="", attempts=ATTEMPTS)
        return 0  # all amended since: nothing to say
    count = len(items)
    subject = f"{count} thing{'s' if count != 1 else ''} returned to you for changes"
    return _send(digest, subject, _context(digest.user, items, digest=True))


def retry_unsent():
    """Notices whose email failed are tried again (ATTEMPTS times at most)."""
    sent = 0
    failed = ReturnedNotice.objects.filter(sent_at=None, attempts__lt=ATTEMPTS).exclude(error="")
    for notice in failed.select_related("user"):
        if notice.subject == ReturnedSubject.DIGEST:
            sent += _deliver_digest(notice)
            continue
        found = _object_of(notice)
        returned = found and describe(*found)
        if returned is not None and returned.decision_id == notice.decision_id:
            sent += _deliver_one(notice, returned)
    return sent


def send_returned_notices(now=None):
    """The hourly run: sweep, retry, and from DIGEST_HOUR the day's digests."""
    now = now or timezone.now()
    sent = sweep(now) + retry_unsent()
    if timezone.localtime(now).hour >= DIGEST_HOUR:
        sent += send_digests(timezone.localtime(now).date())
    return sent
