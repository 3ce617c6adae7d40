"""A risk's score, the database's limits on it, its reviews (append-only, never lost)
and the register's questions: open, due for review, by score, and the score a quarter ago."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from plans.models import AppendOnlyError
from risks.models import Band, ReviewConflict, Risk, RiskReview, RiskStatus

from .factories import RiskFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 2)


def test_the_score_is_likelihood_times_impact():
    risk = RiskFactory(likelihood=4, impact=5)
    assert risk.score == 20
    assert risk.band == Band.VERY_HIGH


@pytest.mark.parametrize(("likelihood", "impact"), [(0, 3), (6, 3), (3, 0), (3, 6)])
def test_the_database_refuses_a_likelihood_or_impact_outside_1_to_5(likelihood, impact):
    risk = RiskFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.filter(pk=risk.pk).update(likelihood=likelihood, impact=impact)


def test_the_form_rules_say_so_too():
    risk = RiskFactory.build(likelihood=6, owner=RiskFactory().owner)
    with pytest.raises(ValidationError) as refused:
        risk.full_clean()
    assert "likelihood" in refused.value.message_dict


def test_the_register_orders_by_score_in_the_database():
    low = RiskFactory(likelihood=1, impact=2)
    high = RiskFactory(likelihood=5, impact=4)
    middle = RiskFactory(likelihood=3, impact=3)
    assert list(Risk.objects.by_score()) == [high, middle, low]


def test_a_band_filters_in_the_database():
    RiskFactory(likelihood=1, impact=2)
    high = RiskFactory(likelihood=3, impact=4)
    assert list(Risk.objects.in_band(Band.HIGH)) == [high]


def test_due_for_review_is_open_risks_past_their_review_date():
    overdue = RiskFactory(next_review=TODAY - datetime.timedelta(days=1))
    RiskFactory(next_review=TODAY)
    RiskFactory(next_review=TODAY - datetime.timedelta(days=9), status=RiskStatus.CLOSED)
    assert list(Risk.objects.due_for_review(TODAY)) == [overdue]
    assert overdue.is_due_for_review(TODAY)


def test_a_review_records_the_scores_before_and_after_and_moves_the_risk(lead):
    risk = RiskFactory(likelihood=4, impact=4)
    review = risk.review(
        by=lead, likelihood=2, impact=4, comment="Posts funded.", next_review=TODAY
    )
    risk.refresh_from_db()
    assert (risk.likelihood, risk.impact, risk.next_review) == (2, 4, TODAY)
    assert (review.score_before, review.score_after) == (16, 8)
    assert review.reviewed_by == lead
    assert risk.history.first().history_change_reason == "Reviewed"


def test_a_review_cannot_be_changed_or_deleted(lead):
    risk = RiskFactory()
    review = risk.review(by=lead, likelihood=2, impact=2, comment="Better.", next_review=TODAY)
    review.comment = "Rewritten."
    for attempt in (review.save, review.delete, RiskReview.objects.all().delete):
        with pytest.raises(AppendOnlyError):
            attempt()
    with pytest.raises(AppendOnlyError):
        RiskReview.objects.update(comment="Rewritten.")
    assert RiskReview.objects.get().comment == "Better."


def test_a_review_made_on_a_stale_form_is_refused_and_the_other_is_kept(lead, staff):
    risk = RiskFactory(likelihood=4, impact=4)
    seen = risk.latest_review_id()
    first = risk.review(
        by=staff, likelihood=3, impact=4, comment="First.", next_review=TODAY, seen_review_id=seen
    )
    with pytest.raises(ReviewConflict) as conflict:
        Risk.objects.get(pk=risk.pk).review(
            by=lead, likelihood=5, impact=5, comment="Second.", next_review=TODAY,
            seen_review_id=seen,
        )  # fmt: skip
    assert conflict.value.newer_reviews == [first]
    risk.refresh_from_db()
    assert risk.score == 12
    assert RiskReview.objects.count() == 1


def test_two_reviews_each_start_from_the_one_before(lead, staff):
    risk = RiskFactory(likelihood=4, impact=4)
    risk.review(by=staff, likelihood=3, impact=4, comment="One.", next_review=TODAY)
    second = Risk.objects.get(pk=risk.pk).review(
        by=lead, likelihood=2, impact=4, comment="Two.", next_review=TODAY
    )
    assert (second.likelihood_before, second.impact_before) == (3, 4)


def test_the_score_at_a_moment_comes_from_the_reviews(lead):
    moment = timezone.make_aware(datetime.datetime(2026, 9, 30, 23, 59))
    created = moment - datetime.timedelta(days=100)
    reviewed_before = RiskFactory(likelihood=5, impact=5, created_at=created)
    RiskReview.objects.create(
        risk=reviewed_before, reviewed_by=lead, reviewed_at=moment - datetime.timedelta(days=5),
        likelihood_before=5, impact_before=5, likelihood_after=4, impact_after=5, comment="-",
    )  # fmt: skip
    reviewed_after = RiskFactory(likelihood=2, impact=2, created_at=created)
    RiskReview.objects.create(
        risk=reviewed_after, reviewed_by=lead, reviewed_at=moment + datetime.timedelta(days=5),
        likelihood_before=3, impact_before=3, likelihood_after=2, impact_after=2, comment="-",
    )  # fmt: skip
    never_reviewed = RiskFactory(likelihood=1, impact=3, created_at=created)
    new = RiskFactory(created_at=moment + datetime.timedelta(days=1))
    then = dict(Risk.objects.with_score_at(moment).values_list("pk", "score_then"))
    assert then == {
        reviewed_before.pk: 20,
        reviewed_after.pk: 9,
        never_reviewed.pk: 3,
        new.pk: None,
    }
