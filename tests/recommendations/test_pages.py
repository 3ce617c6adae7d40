"""
The tracker's list (its filters in the URL, grouped by source then status), a source's
page, a recommendation's page, and the forms: staff record and edit sources and
recommendations (an edit made meanwhile by someone else is shown, 409, never
overwritten); staff or the recommendation's owner add an update that moves its status,
with evidence files under the evidence rules (an update made meanwhile is shown, 409,
with what was typed kept). Commissioners read; partners are refused.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recommendations.models import (
    Recommendation,
    RecommendationEvidence,
    RecommendationSource,
    RecommendationStatus,
    RecommendationUpdate,
    SourceKind,
)
from vawg_tracker.accounts.models import Role

from ..factories import ActionFactory, LeadSpecialistFactory, pdf_bytes
from ..personas import make_person
from .factories import RecommendationFactory, RecommendationSourceFactory

pytestmark = pytest.mark.django_db
LIST = reverse("recommendations:list")
S = RecommendationStatus
YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)


def _numbers(response):
    return [r.number for r in response.context["page"].object_list]


def test_the_list_groups_by_source_and_status(staff_client):
    old = RecommendationSourceFactory(title="Old review", published_on=datetime.date(2024, 5, 1))
    new = RecommendationSourceFactory(
        title="New inspection", published_on=datetime.date(2026, 5, 1)
    )
    RecommendationFactory(source=old, number="1")
    RecommendationFactory(source=new, number="1")
    RecommendationFactory(source=new, number="2", status=S.IN_PROGRESS)
    response = staff_client.get(LIST)
    assert [(r.source.title, r.number) for r in response.context["page"].object_list] == [
        ("New inspection", "2"),
        ("New inspection", "1"),
        ("Old review", "1"),
    ]
    page = response.content.decode()
    assert page.index("New inspection") < page.index("Old review")


def test_the_list_filters_by_what_the_url_says(staff_client):
    owner = LeadSpecialistFactory()
    dhr = RecommendationSourceFactory(kind=SourceKind.DOMESTIC_HOMICIDE_REVIEW)
    RecommendationFactory(number="A", source=dhr, owner=owner, due_on=YESTERDAY)
    RecommendationFactory(number="B", source=dhr, status=S.IN_PROGRESS)
    RecommendationFactory(number="C", owner=owner)
    RecommendationFactory(number="D", due_on=YESTERDAY)
    cases = [
        ({"kind": "dhr"}, ["B", "A"]),
        ({"source": dhr.pk, "status": "in_progress"}, ["B"]),
        ({"owner": owner.pk}, ["A", "C"]),
        ({"overdue": "yes"}, ["A", "D"]),
        ({"overdue": "yes", "kind": "inspection"}, ["D"]),
    ]
    for query, expected in cases:
        assert sorted(_numbers(staff_client.get(LIST, query))) == sorted(expected), query


def test_a_sources_page_lists_its_recommendations(client, commissioner):
    source = RecommendationSourceFactory(title="HMICFRS inspection (demo)", is_demo=True)
    RecommendationFactory(source=source, text="Improve the first response to stalking.")
    RecommendationFactory(text="Someone else's recommendation.")
    client.force_login(commissioner)
    page = client.get(source.get_absolute_url()).content.decode()
    assert "Improve the first response to stalking." in page
    assert "Someone else" not in page
    assert "Demo: synthetic" in page


def test_a_recommendations_page_shows_its_actions_and_updates_with_evidence(staff_client, staff):
    action = ActionFactory(title="Stalking advocates in every district")
    recommendation = RecommendationFactory(actions=[action], due_on=YESTERDAY)
    upload = SimpleUploadedFile("advocates.pdf", pdf_bytes())
    from activities.evidence import check_evidence

    recommendation.record_update(by=staff, status=S.IN_PROGRESS, note="Two advocates recruited.",
                                 files=[check_evidence(upload)])  # fmt: skip
    page = staff_client.get(recommendation.get_absolute_url()).content.decode()
    for text in ("Stalking advocates in every district", "Two advocates recruited.",
                 "advocates.pdf", "Accepted → In progress", "Overdue"):  # fmt: skip
        assert text in page
    evidence = RecommendationEvidence.objects.get()
    download = staff_client.get(evidence.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_action_page_names_the_recommendations_it_delivers(staff_client):
    action = ActionFactory()
    RecommendationFactory(number="7", text="Act on the review's lessons.", actions=[action])
    page = staff_client.get(action.get_absolute_url()).content.decode()
    assert "Delivers recommendations" in page
    assert "7: Act on the review&#x27;s lessons." in page


def _source_data(**fields):
    return {
        "kind": "inspection",
        "title": "PEEL inspection 2026",
        "published_on": "2026-04-01",
        "reference": "PEEL-26",
        "notes": "",
        "version": "",
        **fields,
    }


def _recommendation_data(source, owner, **fields):
    return {
        "source": source.pk,
        "number": "AFI 1",
        "text": "The force should improve how it records stalking.",
        "owner": owner.pk,
        "due_on": "2027-03-31",
        "status": "accepted",
        "reason": "",
        "public_summary": "",
        "version": "",
        **fields,
    }


def test_staff_record_a_source_and_a_recommendation(staff_client):
    response = staff_client.post(reverse("recommendations:source_create"), _source_data())
    source = RecommendationSource.objects.get()
    assert response.url == source.get_absolute_url()
    owner, action = LeadSpecialistFactory(), ActionFactory()
    data = _recommendation_data(source, owner, actions=[action.pk])
    response = staff_client.post(reverse("recommendations:create"), data)
    recommendation = Recommendation.objects.get()
    assert response.url == recommendation.get_absolute_url()
    assert list(recommendation.actions.all()) == [action]
    assert recommendation.history.exists()  # with the actions set: history keeps both


def test_a_new_recommendation_cannot_start_implemented(staff_client):
    source, owner = RecommendationSourceFactory(), LeadSpecialistFactory()
    data = _recommendation_data(source, owner, status="implemented")
    response = staff_client.post(reverse("recommendations:create"), data)
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not Recommendation.objects.exists()


def test_not_accepted_without_a_reason_is_a_message_keeping_what_was_typed(staff_client):
    source, owner = RecommendationSourceFactory(), LeadSpecialistFactory()
    data = _recommendation_data(source, owner, status="not_accepted")
    response = staff_client.post(reverse("recommendations:create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Say why it was not accepted." in page
    assert "The force should improve how it records stalking." in page
    assert not Recommendation.objects.exists()


def test_an_edit_over_someone_elses_is_refused_and_what_was_typed_kept(staff_client):
    recommendation = RecommendationFactory(text="Old text.")
    url = reverse("recommendations:edit", args=[recommendation.pk])
    seen = staff_client.get(url).context["form"]["version"].value()
    changed = Recommendation.objects.get(pk=recommendation.pk)
    changed.text = "Their text."
    changed.save()
    data = _recommendation_data(recommendation.source, recommendation.owner, text="My text.",
                                version=seen, number=recommendation.number)  # fmt: skip
    response = staff_client.post(url, data)
    assert response.status_code == 409
    assert "My text." in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.text == "Their text."
    again = staff_client.post(url, {**data, "version": response.context["form"]["version"].value()})
    assert again.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.text == "My text."


def test_a_source_edit_over_someone_elses_is_refused(staff_client):
    source = RecommendationSourceFactory(title="Old title")
    url = reverse("recommendations:source_edit", args=[source.pk])
    seen = staff_client.get(url).context["form"]["version"].value()
    RecommendationSource.objects.get(pk=source.pk).save()
    response = staff_client.post(url, _source_data(title="My title", version=seen))
    assert response.status_code == 409
    assert "My title" in response.content.decode()


def _update(**fields):
    return {
        "status": "implemented",
        "note": "Training delivered to every call handler.",
        "happened_on": datetime.date.today().isoformat(),
        "seen_update_id": "0",
        **fields,
    }


def test_the_owner_marks_their_recommendation_implemented_with_evidence(client, lead):
    recommendation = RecommendationFactory(owner=LeadSpecialistFactory(user=lead))
    client.force_login(lead)
    url = reverse("recommendations:update", args=[recommendation.pk])
    upload = SimpleUploadedFile("training-log.pdf", pdf_bytes())
    response = client.post(url, _update(evidence=upload))
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == S.IMPLEMENTED
    update = RecommendationUpdate.objects.get()
    assert (update.status_before, update.recorded_by) == (S.ACCEPTED, lead)
    assert update.evidence.get().original_name == "training-log.pdf"


def test_a_file_outside_the_evidence_rules_is_refused_keeping_the_note(staff_client):
    recommendation = RecommendationFactory()
    url = reverse("recommendations:update", args=[recommendation.pk])
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf at all")
    response = staff_client.post(url, _update(evidence=fake))
    page = response.content.decode()
    assert response.status_code == 200
    assert "is not a file type we accept" in page
    assert "Training delivered to every call handler." in page
    assert not RecommendationUpdate.objects.exists()


def test_an_update_needs_a_note_and_a_date_not_in_the_future(staff_client):
    recommendation = RecommendationFactory()
    url = reverse("recommendations:update", args=[recommendation.pk])
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    response = staff_client.post(url, _update(note="", happened_on=tomorrow))
    page = response.content.decode()
    assert "This field is required." in page
    assert "The date cannot be in the future." in page
    recommendation.refresh_from_db()
    assert recommendation.status == S.ACCEPTED


def test_an_update_on_a_stale_form_shows_the_other_and_keeps_what_was_typed(staff_client, lead):
    recommendation = RecommendationFactory()
    recommendation.record_update(by=lead, status=S.IN_PROGRESS, note="Theirs.")
    url = reverse("recommendations:update", args=[recommendation.pk])
    response = staff_client.post(url, _update(note="Mine."))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Theirs." in page
    assert "Mine." in page
    seen = response.context["form"]["seen_update_id"].value()
    response = staff_client.post(url, _update(note="Mine.", seen_update_id=seen))
    assert response.status_code == 302
    assert RecommendationUpdate.objects.count() == 2


def test_another_lead_may_not_update_it_and_a_commissioner_may_only_read(client, commissioner):
    recommendation = RecommendationFactory()
    other = make_person(Role.LEAD_SPECIALIST, username="olu.otherlead")
    LeadSpecialistFactory(user=other)
    for person in (other, commissioner):
        client.force_login(person)
        url = reverse("recommendations:update", args=[recommendation.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, _update()).status_code == 403
        assert client.get(recommendation.get_absolute_url()).status_code == 200
    assert not RecommendationUpdate.objects.exists()


def test_partners_see_none_of_it(client, partner):
    recommendation = RecommendationFactory()
    client.force_login(partner)
    for url in (LIST, recommendation.get_absolute_url(), recommendation.source.get_absolute_url()):
        assert client.get(url).status_code == 403
    assert client.get(reverse("recommendations:detail", args=[999999])).status_code == 403
    client.force_login(make_person(Role.PCC_STAFF, username="s2"))
    assert client.get(reverse("recommendations:detail", args=[999999])).status_code == 404
