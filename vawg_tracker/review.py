"""
Review by PCC staff: a partner submits a record, staff accept it (then it is locked) or
return it with a comment, the partner amends and resubmits. Activities (verified) and
spend returns (accepted) go through the same steps.

``Reviewed`` gives a model with a ``state`` field, an ``updated_at`` field and events
(``related_name="events"``, with ``kind``, ``user`` and ``comment``) the two moves every
step makes: ``record`` a step, and ``move`` from one state to another as a conditional
UPDATE, so two people acting at once cannot both win. ``ReviewCommentForm`` is the
"return with a comment" form: the comment is required.

Four eyes (vawg_tracker/four_eyes.py): ``record`` refuses a decision step (a model's
``DECISION_STEPS``) by the person who last put the record forward (the user of its
latest ``SUBMISSION_STEPS`` step, else its ``created_by``), raising OwnSubmission with
the model's ``OWN_SUBMISSION`` reason; inside ``move`` that undoes the move too.
"""

from django import forms
from django.db import models, transaction
from django.utils import timezone

from vawg_tracker import four_eyes
from vawg_tracker.limits import SHORT_TEXT


class Reviewed(models.Model):
    """An abstract model with no fields of its own: it adds no column and no migration."""

    # The steps that put it forward for review, the steps that decide on it, and why the
    # person who last put it forward may not decide (the 403 page says it).
    SUBMISSION_STEPS = ()
    DECISION_STEPS = ()
    OWN_SUBMISSION = "You submitted this, so someone else must decide on it."

    class Meta:
        abstract = True

    def record(self, kind, user, comment=""):
        if kind in self.DECISION_STEPS:
            four_eyes.check(user, self, self.latest_submitter_id(), self.OWN_SUBMISSION)
        return self.events.create(kind=kind, user=user, comment=comment)

    def latest_submitter_id(self):
        """Who last put it forward for review, from the database (one query)."""
        latest = self.events.filter(kind__in=self.SUBMISSION_STEPS).order_by("-pk")
        return latest.values_list("user_id", flat=True).first() or self.created_by_id

    @property
    def last_submitter_id(self):
        """Who last put it forward, from its events as prefetched (else one query)."""
        return self.submitter_in(self.events.all())

    def submitter_in(self, events):
        """Who last put it forward, from its ``events`` already loaded (no query)."""
        steps = [event for event in events if event.kind in self.SUBMISSION_STEPS]
        return max(steps, key=lambda event: event.pk).user_id if steps else self.created_by_id

    def move(self, *, to, allowed_from, user, event, comment=""):
        """
        Change state only if it is still one of ``allowed_from`` (a conditional update,
        so two people acting at once cannot both win), and record the step.
        Returns False, changing nothing, if someone else got there first.
        """
        with transaction.atomic():
            moved = (
                type(self)
                ._default_manager.filter(pk=self.pk, state__in=allowed_from)
                .update(state=to, updated_at=timezone.now())
            )
            if moved:
                self.record(event, user, comment)  # a refused decision undoes the move
                self.state = to
        return bool(moved)


class ReviewCommentForm(forms.Form):
    """Returning something for changes: say what needs changing (required)."""

    comment = forms.CharField(
        label="What needs changing?",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The partner sees this, and it comes back to you when they resubmit.",
    )
