"""
Four eyes: nobody signs off, returns, verifies or accepts their own submission. The rule
is here, and every decision asks it: ``ProgressReview.decide`` (and a review's save and
bulk_create), and the decision steps of ``Reviewed.record`` (vawg_tracker/review.py),
which activities and spend returns go through (inside ``Reviewed.move``, so a refused
step undoes the move). So no view, admin page, API or command can record a decision by
the person who submitted the thing decided on (only a raw UPDATE or INSERT, past the
models, could); the views only turn the refusal into a 403 page that says why
(``vawg_tracker.system.views.permission_denied``), and ``requires`` puts it in the audit
log as a refused access naming the object.

Who submitted it, the person who may not decide:

- a progress update: its author. An update is never changed; an amendment of a returned
  update is a new update, with its own author.
- an activity: whoever last put it forward for verifying: logged it, changed it while it
  waited, or amended and resubmitted it after it was returned. Who logged it first, or
  returned it, may verify the amended one.
- a spend return: whoever last submitted or resubmitted it. A correction of an accepted
  return is a new return, submitted by whoever sent it.
- a quarter's publication: whoever prepared it (``PublicationRequest.approve``,
  publication/models.py). Preparing is the submission; approving publishes it.

Anyone else who holds the permission may decide. With ``settings.FOUR_EYES`` off (a
one-person office) anyone who holds the permission may decide on anything, their own
submissions too, and a quarter is published in one step; the public site's wording follows
what each publication records (who prepared it and who approved it:
``Publication.second_check``), never the setting.

Recommendation updates and risk reviews have no decision by a second person: an update or
a review is recorded and stands (a recommendation's status, accepted or implemented among
them, moves with the update that records it; nobody signs a risk review), so the rule has
nothing to ask of them.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied


class OwnSubmission(PermissionDenied):
    """A decision refused because the person deciding submitted it (403, audited)."""

    def __init__(self, submission, reason):
        super().__init__(reason)
        self.reason = reason
        self.object_type = submission._meta.label_lower
        self.object_id = submission.pk


def may_decide(user, submitter_id):
    """Whether ``user`` may decide on a submission made by the user with ``submitter_id``:
    anyone but its submitter, or anyone at all with ``settings.FOUR_EYES`` off."""
    if user is None or user.pk is None:
        return False
    return not settings.FOUR_EYES or user.pk != submitter_id


def check(user, submission, submitter_id, reason):
    """Raise OwnSubmission(submission, reason) unless ``user`` may decide on it."""
    if not may_decide(user, submitter_id):
        raise OwnSubmission(submission, reason)
