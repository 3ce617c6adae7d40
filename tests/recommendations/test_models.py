"""A recommendation's rules (a reason when not accepted; implemented only by an update
that says how), its updates (append-only, never lost, with checked evidence files) and
the tracker's questions: open, overdue, grouped by source and status."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from activities.evidence import check_evidence
from plans.models import AppendOnlyError
from recommendations.models import (
    Recommendation,
    RecommendationEvidence,
    RecommendationStatus,
    RecommendationUpdate,
    UpdateConflict,
)

from ..factories import pdf_bytes
from .factories import RecommendationFactory, RecommendationSourceFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 2)
S = RecommendationStatus


def test_overdue_is_open_recommendations_past_their_due_date():
    overdue = RecommendationFactory(due_on=TODAY - datetime.timedelta(days=1))
    RecommendationFactory(due_on=TODAY)
    RecommendationFactory(due_on=None)
    RecommendationFactory(due_on=TODAY - datetime.timedelta(days=9), status=S.IN_PROGRESS)
    for settled in (S.IMPLEMENTED, S.NOT_ACCEPTED):
        Recommendation.objects.filter(
            pk=RecommendationFactory(due_on=TODAY - datetime.timedelta(days=9), reason="No.").pk
        ).update(status=settled)
    assert len(Recommendation.objects.overdue(TODAY)) == 2
    assert overdue in Recommendation.objects.overdue(TODAY)
    assert overdue.is_overdue(TODAY)
    assert not Recommendation.objects.get(status=S.IMPLEMENTED).is_overdue(TODAY)


def test_the_list_groups_by_source_newest_first_then_status_then_number():
    old = RecommendationSourceFactory(published_on=datetime.date(2024, 1, 1))
    new = RecommendationSourceFactory(published_on=datetime.date(2026, 1, 1))
    a = RecommendationFactory(source=old, number="1")
    b = RecommendationFactory(source=new, number="2")
    c = RecommendationFactory(source=new, number="3", status=S.IN_PROGRESS)
    assert list(Recommendation.objects.by_source()) == [c, b, a]


def test_not_accepted_needs_a_reason_on_the_model_and_in_the_database():
    recommendation = RecommendationFactory.build(
        status=S.NOT_ACCEPTED, source=RecommendationSourceFactory(),
        owner=RecommendationFactory().owner,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        recommendation.full_clean()
    assert refused.value.message_dict["reason"] == ["Say why it was not accepted."]
    with pytest.raises(IntegrityError), transaction.atomic():
        RecommendationFactory(status=S.NOT_ACCEPTED, reason="")


def test_it_cannot_be_marked_implemented_without_an_update_saying_how():
    recommendation = RecommendationFactory()
    recommendation.status = S.IMPLEMENTED
    with pytest.raises(ValidationError) as refused:
        recommendation.full_clean()
    assert "with an update saying how" in refused.value.message_dict["status"][0]


def test_an_update_moves_the_status_and_keeps_who_when_before_and_after(staff):
    recommendation = RecommendationFactory()
    update = recommendation.record_update(
        by=staff, status=S.IMPLEMENTED, note="Training delivered to all call handlers.",
        on=datetime.date(2026, 11, 30),
    )  # fmt: skip
    recommendation.refresh_from_db()
    assert recommendation.status == S.IMPLEMENTED
    assert (update.status_before, update.status_after) == (S.ACCEPTED, S.IMPLEMENTED)
    assert update.recorded_by == staff
    assert update.happened_on == datetime.date(2026, 11, 30)
    assert recommendation.history.first().history_change_reason == "Updated"
    recommendation.full_clean()  # implemented, by an update: the model's rule holds


def test_an_update_needs_a_note(staff):
    recommendation = RecommendationFactory()
    with pytest.raises(ValidationError):
        recommendation.record_update(by=staff, status=S.IMPLEMENTED, note="")
    recommendation.refresh_from_db()
    assert recommendation.status == S.ACCEPTED
    assert not RecommendationUpdate.objects.exists()


def test_moving_to_not_accepted_keeps_the_note_as_the_reason(staff):
    recommendation = RecommendationFactory()
    recommendation.record_update(by=staff, status=S.NOT_ACCEPTED, note="Not ours: the council's.")
    recommendation.refresh_from_db()
    assert recommendation.reason == "Not ours: the council's."


def test_an_update_keeps_its_checked_evidence_files(staff):
    recommendation = RecommendationFactory()
    checked = check_evidence(SimpleUploadedFile("training-log.pdf", pdf_bytes()))
    update = recommendation.record_update(
        by=staff, status=S.IN_PROGRESS, note="Half trained.", files=[checked]
    )
    evidence = RecommendationEvidence.objects.get()
    assert evidence.update == update
    assert (evidence.original_name, evidence.extension) == ("training-log.pdf", "pdf")
    assert evidence.file.name.startswith("evidence/")
    assert "training-log" not in evidence.file.name
    assert evidence.file.read().startswith(b"%PDF")


def test_a_stale_update_is_refused_naming_the_newer_one(staff, lead):
    recommendation = RecommendationFactory()
    theirs = recommendation.record_update(by=lead, status=S.IN_PROGRESS, note="Theirs.")
    with pytest.raises(UpdateConflict) as refused:
        recommendation.record_update(by=staff, status=S.IMPLEMENTED, note="Mine.",
                                     seen_update_id=0)  # fmt: skip
    assert refused.value.newer_updates == [theirs]
    assert RecommendationUpdate.objects.count() == 1


def test_updates_are_never_changed_or_deleted(staff):
    update = RecommendationFactory().record_update(by=staff, status=S.IN_PROGRESS, note="Begun.")
    for attempt in (
        update.save,
        update.delete,
        lambda: RecommendationUpdate.objects.update(note="Rewritten."),
        lambda: RecommendationUpdate.objects.all().delete(),
    ):
        with pytest.raises(AppendOnlyError):
            attempt()


def test_a_number_is_unique_in_its_source():
    first = RecommendationFactory(number="3")
    with pytest.raises(IntegrityError), transaction.atomic():
        RecommendationFactory(number="3", source=first.source)
    RecommendationFactory(number="3")  # another source's 3
