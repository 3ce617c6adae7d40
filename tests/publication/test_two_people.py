"""
Publishing a quarter takes two members of staff (four eyes, issue 32): one prepares it (the
preview, then "Prepare"), which publishes nothing; another approves it, which publishes
exactly what was prepared. The preparer's approval is a 403 with the reason, audited, and
never offered to them; approval after the records changed publishes nothing and shows the
approver what would be published now; the preparer (or anyone) may cancel. With FOUR_EYES
off, confirming the preview publishes, as one person, and the publication says so.
"""

import pytest
from django.test import override_settings
from django.urls import reverse

from plans.lifecycle import QuarterCycle
from publication.models import (
    ChangedSincePrepared,
    NoLongerPending,
    Publication,
    PublicationRequest,
)
from vawg_tracker.audit import Kind
from vawg_tracker.audit.models import AuditEvent
from vawg_tracker.four_eyes import OwnSubmission
from vawg_tracker.quarters import Quarter

Q1 = Quarter(2026, 1)


def _prepare(client, user, action):
    client.force_login(user)
    data = {"plan": action.plan.pk, "quarter": str(Q1)}
    return client.post(reverse("publication:publish"), data)


def _messages(response):
    return [str(m) for m in response.wsgi_request._messages]


@pytest.fixture
def prepared(client, staff, action):
    """Q1 of the action's plan, prepared through the page by ``staff``."""
    _prepare(client, staff, action)
    return PublicationRequest.objects.get()


def test_preparing_publishes_nothing_and_records_who_prepared_it(client, staff, action):
    response = _prepare(client, staff, action)
    prepared = PublicationRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("publication:prepared", args=[prepared.pk])
    assert any("another member of staff must approve it" in m for m in _messages(response))
    assert not Publication.objects.exists()
    assert prepared.is_pending
    assert (prepared.plan, prepared.quarter, prepared.prepared_by) == (action.plan, Q1, staff)
    assert prepared.snapshot["actions"][0]["public_summary"] == "Under way."
    event = AuditEvent.objects.get(kind=Kind.PREPARED)
    assert (event.user, event.object_type, event.object_id) == (
        staff,
        "publication.publicationrequest",
        str(prepared.pk),
    )
    # The list shows it waiting, the preview of the quarter says so.
    listing = client.get(reverse("publication:list")).content.decode()
    assert "Prepared, waiting for approval" in listing
    assert "you prepared it: someone else approves it" in listing
    preview = client.get(reverse("publication:publish"), {"plan": action.plan.pk, "quarter": Q1})
    assert "is <a href" in preview.content.decode()
    assert reverse("publication:prepared", args=[prepared.pk]) in preview.content.decode()


def test_the_preparer_may_not_approve_and_is_not_offered_it(client, staff, prepared):
    approve = reverse("publication:approve", args=[prepared.pk])
    own = client.get(reverse("publication:prepared", args=[prepared.pk])).content.decode()
    assert "Awaiting someone else’s approval (you prepared it)" in own
    assert approve not in own

    response = client.post(approve)
    assert response.status_code == 403
    text = response.content.decode()
    assert "Someone else must decide on this" in text
    assert "You prepared this publication, so another member of staff must approve it" in text
    assert not Publication.objects.exists()
    prepared.refresh_from_db()
    assert prepared.is_pending
    event = AuditEvent.objects.get(kind=Kind.FORBIDDEN)
    assert (event.user, event.object_type, event.object_id, event.view_name) == (
        staff,
        "publication.publicationrequest",
        str(prepared.pk),
        "publication:approve",
    )
    with pytest.raises(OwnSubmission):  # the model refuses too: a command, the shell
        prepared.approve(by=staff)
    assert not Publication.objects.exists()


def test_a_second_member_of_staff_approves_and_publishes_what_was_prepared(
    client, staff, other_staff, prepared
):
    client.force_login(other_staff)
    page = client.get(reverse("publication:prepared", args=[prepared.pk])).content.decode()
    assert "Approve and publish 2026/27 Q1" in page
    assert "Under way." in page
    assert "Awaiting someone else’s" not in page

    response = client.post(reverse("publication:approve", args=[prepared.pk]))
    assert response.status_code == 302
    assert any("prepared by" in m and "approved by you" in m for m in _messages(response))
    publication = Publication.objects.get()
    assert (publication.prepared_by, publication.published_by) == (staff, other_staff)
    assert publication.snapshot["actions"] == prepared.snapshot["actions"]
    prepared.refresh_from_db()
    assert prepared.publication == publication
    assert not prepared.is_pending
    event = AuditEvent.objects.get(kind=Kind.PUBLISHED)
    assert (event.user, event.object_id) == (other_staff, str(publication.pk))
    # Staff read who did what.
    detail = client.get(reverse("publication:detail", args=[publication.pk])).content.decode()
    assert f"Prepared by {staff.get_full_name()}; checked, approved and published" in detail
    assert other_staff.get_full_name() in detail
    # Approved once: a second approval publishes nothing more.
    again = client.post(reverse("publication:approve", args=[prepared.pk]))
    assert any("approved or cancelled already" in m for m in _messages(again))
    assert Publication.objects.count() == 1


def test_approval_after_the_records_changed_publishes_nothing_and_shows_what_would(
    client, other_staff, action, prepared
):
    action.public_summary = "Changed after it was prepared."
    action.save()
    client.force_login(other_staff)
    url = reverse("publication:prepared", args=[prepared.pk])
    page = client.get(url).content.decode()
    assert "The records changed since it was prepared" in page
    assert "Changed after it was prepared." in page  # the current preview
    assert "Public summary from “Under way.” to “Changed after it was prepared.”" in page
    assert reverse("publication:approve", args=[prepared.pk]) not in page
    assert "Prepare 2026/27 Q1 again" in page

    response = client.post(reverse("publication:approve", args=[prepared.pk]))
    assert response.status_code == 302
    assert response["Location"] == url
    assert any("Nothing was published: the records changed" in m for m in _messages(response))
    assert not Publication.objects.exists()
    with pytest.raises(ChangedSincePrepared):
        prepared.approve(by=other_staff)
    assert not Publication.objects.exists()


def test_preparing_again_replaces_the_waiting_request(client, staff, other_staff, action, prepared):
    _prepare(client, other_staff, action)
    prepared.refresh_from_db()
    assert (prepared.cancelled_by, prepared.is_pending) == (other_staff, False)
    (waiting,) = PublicationRequest.objects.pending()
    assert waiting.prepared_by == other_staff
    # Now staff may approve it: other_staff prepared it.
    waiting.approve(by=staff)
    assert Publication.objects.get().prepared_by == other_staff


def test_a_prepared_quarter_is_cancelled_and_cannot_be_approved_after(
    client, staff, other_staff, prepared
):
    response = client.post(reverse("publication:cancel", args=[prepared.pk]))
    assert response.status_code == 302
    prepared.refresh_from_db()
    assert (prepared.cancelled_by, prepared.is_pending) == (staff, False)
    event = AuditEvent.objects.get(kind=Kind.PREPARATION_CANCELLED)
    assert (event.user, event.object_id) == (staff, str(prepared.pk))
    client.force_login(other_staff)
    page = client.get(reverse("publication:prepared", args=[prepared.pk])).content.decode()
    assert "Cancelled" in page
    assert reverse("publication:approve", args=[prepared.pk]) not in page
    response = client.post(reverse("publication:approve", args=[prepared.pk]))
    assert any("approved or cancelled already" in m for m in _messages(response))
    assert not Publication.objects.exists()
    with pytest.raises(NoLongerPending):
        prepared.approve(by=other_staff)


def test_two_approvals_publish_once(staff, other_staff, superuser, prepared):
    stale_copy = PublicationRequest.objects.get(pk=prepared.pk)
    prepared.approve(by=other_staff)
    with pytest.raises(NoLongerPending):
        stale_copy.approve(by=superuser)
    assert Publication.objects.count() == 1


@override_settings(FOUR_EYES=False)
def test_with_four_eyes_off_one_person_publishes_and_the_record_says_so(client, staff, action):
    client.force_login(staff)
    preview = client.get(reverse("publication:publish"), {"plan": action.plan.pk, "quarter": Q1})
    assert b"Publish 2026/27 Q1 now" in preview.content
    assert b"for approval" not in preview.content
    response = _prepare(client, staff, action)
    assert response["Location"] == reverse("publication:list")
    publication = Publication.objects.get()
    assert (publication.prepared_by, publication.published_by) == (staff, staff)
    assert not publication.second_check
    assert not PublicationRequest.objects.exists()
    detail = client.get(reverse("publication:detail", args=[publication.pk])).content.decode()
    assert "with no second check" in detail


@override_settings(FOUR_EYES=False)
def test_with_four_eyes_off_a_preparer_may_approve_what_waits(client, staff, action):
    """A request prepared while four eyes was on, approved once a one-person office turned it
    off: by its preparer, and recorded as one person's."""
    prepared = PublicationRequest.prepare(action.plan, Q1, by=staff)
    client.force_login(staff)
    page = client.get(reverse("publication:prepared", args=[prepared.pk])).content.decode()
    assert reverse("publication:approve", args=[prepared.pk]) in page
    client.post(reverse("publication:approve", args=[prepared.pk]))
    assert not Publication.objects.get().second_check


def test_a_quarter_reopened_after_publishing_is_flagged_and_offered_again(client, staff, action):
    """A published snapshot is never changed silently: the publication's page says the
    quarter was revised and offers to publish it again; the public page is unchanged."""
    publication = Publication.publish(action.plan, Q1, by=staff)
    cycle = QuarterCycle(action.plan, Q1)
    cycle.close(by=staff)
    client.force_login(staff)
    url = reverse("publication:detail", args=[publication.pk])
    assert "was revised after this was published" not in client.get(url).content.decode()
    cycle.reopen(by=staff, reason="A partner's count was corrected.")
    text = " ".join(client.get(url).content.decode().split())
    assert f"{Q1} was revised after this was published" in text
    assert "A partner&#x27;s count was corrected." in text
    assert f"publish {Q1} again" in text
    publication.refresh_from_db()
    assert publication.is_live
