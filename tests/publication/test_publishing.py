"""
Publishing is deliberate: staff preview a quarter and prepare it, a second member of staff
approves it (tests/publication/test_two_people.py says more), and staff may withdraw it; the
public then sees the previous live publication. One live publication per plan and
quarter; a second withdrawal is refused; every publish and withdraw is in the audit log.
"""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from plans.models import ProgressReview, ReviewDecision, Status
from publication.models import AlreadyPublished, NotPublishable, Publication
from vawg_tracker.audit import Kind
from vawg_tracker.audit.models import AuditEvent
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory

Q1, Q2 = Quarter(2026, 1), Quarter(2026, 2)


@pytest.fixture
def publish(client, staff, other_staff):
    """Publish through the pages as the office does: ``staff`` prepares the quarter and
    ``other_staff`` approves it. The client is ``staff``'s again after; returns the last
    response (the prepare's, if it did not prepare anything)."""

    def publish(plan, quarter, **extra):
        client.force_login(staff)
        data = {"plan": plan.pk, "quarter": str(quarter), **extra}
        prepared = client.post(reverse("publication:publish"), data)
        if prepared.status_code != 302 or "/prepared/" not in prepared["Location"]:
            return prepared
        client.force_login(other_staff)
        response = client.post(prepared["Location"] + "approve/")
        client.force_login(staff)
        return response

    return publish


def _messages(response):
    return [str(m) for m in response.wsgi_request._messages]


def test_staff_preview_then_publish_a_quarter(client, staff, other_staff, action, publish):
    client.force_login(staff)
    preview = client.get(
        reverse("publication:publish"), {"plan": action.plan.pk, "quarter": str(Q1)}
    )
    assert preview.status_code == 200
    assert b"Prepare 2026/27 Q1 for approval" in preview.content
    assert b"this will be its first" in preview.content
    assert Publication.objects.count() == 0  # a preview publishes nothing

    response = publish(action.plan, Q1)
    assert response.status_code == 302
    assert response["Location"] == reverse("publication:list")
    publication = Publication.objects.get()
    assert (publication.plan, publication.quarter) == (action.plan, Q1)
    assert (publication.prepared_by, publication.published_by) == (staff, other_staff)
    assert publication.is_live
    assert publication.snapshot["actions"][0]["status"] == Status.ON_TRACK
    assert Publication.objects.current(action.plan) == publication
    event = AuditEvent.objects.get(kind=Kind.PUBLISHED)
    assert (event.user, event.object_type, event.object_id) == (
        other_staff,
        "publication.publication",
        str(publication.pk),
    )


def test_the_snapshot_is_built_again_on_confirm_not_taken_from_the_form(
    client, staff, action, publish
):
    client.force_login(staff)
    client.get(reverse("publication:publish"), {"plan": action.plan.pk, "quarter": str(Q1)})
    action.public_summary = "Changed after the preview."
    action.save()
    publish(action.plan, Q1, snapshot='{"actions": []}', public_summary="Forged")
    snapshot = Publication.objects.get().snapshot
    assert snapshot["actions"][0]["public_summary"] == "Changed after the preview."


def test_a_quarter_that_has_not_ended_cannot_be_published(client, staff, action, publish):
    client.force_login(staff)
    response = publish(action.plan, Quarter.current())
    assert response.status_code == 200
    assert response.context["form"].errors["quarter"]
    assert Publication.objects.count() == 0


def test_the_model_refuses_a_quarter_not_ended_or_outside_the_plan_as_the_form_does(staff, action):
    """Publish from the shell or a command, and the same rules hold as in the form."""
    plan = action.plan
    with pytest.raises(NotPublishable, match="has not ended yet"):
        Publication.publish(plan, Quarter.current(), by=staff)
    with pytest.raises(NotPublishable, match="outside the plan's period"):
        Publication.publish(plan, Quarter.for_date(plan.period_start).previous(), by=staff)
    assert not Publication.objects.exists()


def test_two_live_publications_of_the_same_quarter_are_refused(client, staff, action, publish):
    client.force_login(staff)
    publish(action.plan, Q1)
    response = publish(action.plan, Q1)
    assert response.status_code == 302
    assert any("already published" in m for m in _messages(response))
    assert Publication.objects.live().count() == 1
    assert AuditEvent.objects.filter(kind=Kind.PUBLISHED).count() == 1
    # The preview says so, and offers no confirm button.
    preview = client.get(
        reverse("publication:publish"), {"plan": action.plan.pk, "quarter": str(Q1)}
    )
    assert preview.context["already"]
    assert b"Prepare 2026/27 Q1 for approval" not in preview.content
    with pytest.raises(AlreadyPublished):
        Publication.publish(action.plan, Q1, by=staff)


def test_the_database_refuses_a_second_live_publication(db, staff, action):
    Publication.publish(action.plan, Q1, by=staff)
    with pytest.raises(IntegrityError):
        Publication.objects.create(
            plan=action.plan, quarter=Q1, snapshot={}, prepared_by=staff, published_by=staff
        )


def test_publish_withdraw_and_the_previous_one_is_current_again(client, staff, action, publish):
    client.force_login(staff)
    publish(action.plan, Q1)
    publish(action.plan, Q2)
    first, second = Publication.objects.order_by("quarter")
    assert Publication.objects.current(action.plan) == second

    response = client.post(reverse("publication:withdraw", args=[second.pk]))
    assert response.status_code == 302
    second.refresh_from_db()
    assert not second.is_live
    assert second.withdrawn_by == staff
    assert Publication.objects.current(action.plan) == first
    assert any("now sees 2026/27 Q1" in m for m in _messages(response))
    event = AuditEvent.objects.get(kind=Kind.WITHDRAWN)
    assert (event.user, event.object_id) == (staff, str(second.pk))

    # Withdrawn, the quarter may be published again.
    publish(action.plan, Q2)
    assert Publication.objects.current(action.plan).quarter == Q2
    assert Publication.objects.filter(quarter=Q2).count() == 2


def test_withdrawing_twice_is_refused_with_a_message(client, staff, action):
    client.force_login(staff)
    publication = Publication.publish(action.plan, Q1, by=staff)
    client.post(reverse("publication:withdraw", args=[publication.pk]))
    response = client.post(reverse("publication:withdraw", args=[publication.pk]))
    assert response.status_code == 302
    assert any("already withdrawn" in m for m in _messages(response))
    assert AuditEvent.objects.filter(kind=Kind.WITHDRAWN).count() == 1
    assert Publication.objects.current(action.plan) is None


def test_only_one_of_two_withdrawals_wins(db, staff, commissioner, action):
    publication = Publication.publish(action.plan, Q1, by=staff)
    stale_copy = Publication.objects.get(pk=publication.pk)
    assert publication.withdraw(by=staff) is True
    assert stale_copy.withdraw(by=commissioner) is False
    publication.refresh_from_db()
    assert publication.withdrawn_by == staff


def test_the_preview_shows_what_changed_since_the_last_publication(
    client, staff, lead, action, publish
):
    client.force_login(staff)
    publish(action.plan, Q1)
    update = action.record_progress(
        author=lead,
        period=Q2,
        status=Status.AT_RISK,
        percent_complete=30,
        narrative="x",
        reason="y",
    )
    ProgressReview.decide(update, decision=ReviewDecision.SIGNED_OFF, by=staff)
    ActionFactory(plan=action.plan, reference="1.2")
    preview = client.get(
        reverse("publication:publish"), {"plan": action.plan.pk, "quarter": str(Q2)}
    )
    changes = preview.context["changes"]
    assert changes["actions_added"] == ["1.2"]
    (changed,) = changes["actions_changed"]
    assert changed["changes"][0] == {"field": "Status", "before": "On track", "after": "At risk"}
    page = preview.content.decode()
    assert "Compared with 2026/27 Q1" in page
    assert "Actions added:" in page


def test_the_list_shows_each_publication_live_or_withdrawn_with_who_and_when(client, staff, action):
    client.force_login(staff)
    first = Publication.publish(action.plan, Q1, by=staff)
    second = Publication.publish(action.plan, Q2, by=staff)
    second.withdraw(by=staff)
    response = client.get(reverse("publication:list"))
    assert response.status_code == 200
    assert response.context["current_ids"] == {first.pk}
    page = response.content.decode()
    assert "Live: current" in page
    assert "Withdrawn" in page
    assert staff.get_full_name() in page
    detail = client.get(reverse("publication:detail", args=[first.pk]))
    assert detail.status_code == 200
    assert b"Under way." in detail.content


def test_staff_find_publication_from_the_nav_and_the_plan_page(client, staff, action):
    client.force_login(staff)
    plan_page = client.get(action.plan.get_absolute_url()).content.decode()
    assert reverse("publication:list") in plan_page
    assert f"{reverse('publication:publish')}?plan={action.plan.pk}" in plan_page


def test_the_action_page_shows_its_public_summary_to_staff(client, staff, action):
    client.force_login(staff)
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Public summary" in page
    assert "Under way." in page


def test_staff_edit_the_public_summary_and_a_colleagues_change_is_not_lost(client, staff, action):
    client.force_login(staff)
    url = reverse("plans:action_edit", args=[action.pk])
    form = client.get(url).context["form"]
    assert "published" in form.fields["public_summary"].help_text.lower()
    data = {
        "plan": action.plan.pk,
        "reference": action.reference,
        "title": action.title,
        "description": "",
        "public_summary": "Mine.",
        "pledges": [p.pk for p in action.pledges.all()],
        "lead": action.lead.pk,
        "start_date": "2025-04-01",
        "due_date": "2027-03-31",
        "version": form["version"].value(),
    }
    # Meanwhile a colleague changes the summary.
    action.public_summary = "Colleague's."
    action.save()
    response = client.post(url, data)
    assert response.status_code == 409
    assert "Mine." in response.content.decode()
    action.refresh_from_db()
    assert action.public_summary == "Colleague's."
    data["version"] = response.context["form"]["version"].value()
    assert client.post(url, data).status_code == 302
    action.refresh_from_db()
    assert action.public_summary == "Mine."


def test_only_staff_may_withdraw_and_a_guessed_id_is_not_found(client, staff, commissioner, action):
    publication = Publication.publish(action.plan, Q1, by=staff)
    client.force_login(commissioner)
    assert client.post(reverse("publication:withdraw", args=[publication.pk])).status_code == 403
    publication.refresh_from_db()
    assert publication.is_live
    client.force_login(staff)
    assert client.post(reverse("publication:withdraw", args=[999999])).status_code == 404
    event = AuditEvent.objects.get(kind=Kind.NOT_FOUND)
    assert (event.object_type, event.object_id) == ("publication.publication", "999999")
