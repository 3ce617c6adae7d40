"""
Review by PCC staff: a partner submits a record, staff accept it (then it is locked) or
return it with a comment, the partner amends and resubmits. Activities (verified) and
spend returns (accepted) go through the same steps.

``Reviewed`` gives a model with a ``state`` field, an ``updated_at`` field and events
(``related_name="events"``, with ``kind``, ``user`` and ``comment``) the two moves every
step makes: ``record`` a step, and ``move`` from one state to another as a conditional
UPDATE, so two people acting at once cannot both win. ``ReviewCommentForm`` is the
"return with a comment" form: the comment is required.
"""

from django import forms
from django.db import models, transaction
from django.utils import timezone

from vawg_tracker.limits import SHORT_TEXT


class Reviewed(models.Model):
    """An abstract model with no fields of its own: it adds no column and no migration."""

    class Meta:
        abstract = True

    def record(self, kind, user, comment=""):
        return self.events.create(kind=kind, user=user, comment=comment)

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
                self.state = to
                self.record(event, user, comment)
        return bool(moved)


class ReviewCommentForm(forms.Form):
    """Returning something for changes: say what needs changing (required)."""

    comment = forms.CharField(
        label="What needs changing?",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The partner sees this, and it comes back to you when they resubmit.",
    )
