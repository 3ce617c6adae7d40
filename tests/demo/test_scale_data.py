"""generate_scale_data: a large synthetic data set for benchmarks, consistent and repeatable."""

from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from demo.demo_data import load_demo_data
from demo.scale_data import ScaleDataExists, generate
from partners.models import PartnerOrganisation
from plans.models import (
    Action,
    ActionPlan,
    Indicator,
    IndicatorValue,
    LeadSpecialist,
    Milestone,
    PlanState,
    ProgressUpdate,
    Status,
    Strategy,
)
from pledges.models import PledgeSet
from vawg_tracker.quarters import Quarter

pytestmark = pytest.mark.django_db

N = 12


@pytest.fixture
def output():
    out = StringIO()
    call_command("generate_scale_data", "--actions", str(N), stdout=out)
    return out.getvalue()


def test_the_command_makes_the_counts_asked_for(output):
    assert output.startswith(f"Scale data: {N} actions in 5 plans, {N * 10} progress updates")
    plans = ActionPlan.objects.filter(title__startswith="Scale plan")
    assert plans.count() == 5
    assert Strategy.objects.count() == 1
    assert Action.objects.count() == N
    assert set(Action.objects.values_list("plan__title", flat=True)) == set(
        plans.values_list("title", flat=True)
    )
    assert set(plans.values_list("state", flat=True)) == {PlanState.ACTIVE, PlanState.CLOSED}
    per_action = Action.objects.annotate(updates=Count("progress_updates", distinct=True))
    assert set(per_action.values_list("updates", flat=True)) == {10}
    assert PartnerOrganisation.objects.count() == 200
    assert Indicator.objects.count() == 50
    assert IndicatorValue.objects.count() == 50 * 40
    per_indicator = Indicator.objects.annotate(n=Count("values")).values_list("n", flat=True)
    assert set(per_indicator) == {40}
    assert 15 <= LeadSpecialist.objects.count() <= 25
    sets = {s.title: s.pledges.count() for s in PledgeSet.objects.all()}
    assert sets == {
        "Five-point plan on women's safety": 5,
        "WE join the dots: four calls on stalking": 4,
    }


def test_every_actions_status_and_percent_are_its_latest_updates():
    generate(N)
    for action in Action.objects.all():
        latest = action.progress_updates.order_by("-period", "-created_at").first()
        assert (action.status, action.percent_complete) == (latest.status, latest.percent_complete)
        # The model's own "newest first" ordering agrees.
        assert action.progress_updates.first() == latest


def test_updates_are_one_a_quarter_ending_now_or_last_quarter_and_never_in_the_future():
    generate(N)
    current, now = Quarter.current(), timezone.now()
    for action in Action.objects.prefetch_related("progress_updates"):
        updates = sorted(action.progress_updates.all(), key=lambda u: u.period)
        periods = [update.period for update in updates]
        assert periods[-1] in (current, current.previous())
        assert all(b == a.next() for a, b in zip(periods, periods[1:], strict=False))
        for update in updates:
            assert timezone.is_aware(update.created_at)
            assert update.created_at <= now
            assert timezone.localtime(update.created_at).date() in update.period
        created = [update.created_at for update in updates]
        assert created == sorted(created)
        percents = [update.percent_complete for update in updates if update.status != "cancelled"]
        assert percents == sorted(percents)


@pytest.mark.parametrize(
    "moment",
    [
        "2027-01-01T00:00:30+00:00",  # the first minute of a quarter
        "2027-03-31T23:59:59+01:00",  # the last second of one, in summer time
        "2026-10-25T01:30:00+00:00",  # the night the clocks go back
    ],
)
def test_updates_stay_in_their_quarter_and_the_past_at_awkward_moments(moment):
    with time_machine.travel(moment, tick=False):
        generate(N)
        now = timezone.now()
        for update in ProgressUpdate.objects.all():
            assert update.created_at <= now
            assert timezone.localtime(update.created_at).date() in update.period


def test_at_risk_and_off_track_updates_give_a_reason():
    generate(60)
    needing = ProgressUpdate.objects.filter(status__in=[Status.AT_RISK, Status.OFF_TRACK])
    assert needing.exists()
    assert not needing.filter(reason="").exists()
    statuses = set(Action.objects.values_list("status", flat=True))
    assert {Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.COMPLETED} <= statuses


def test_milestones_are_two_to_four_a_action_some_done_some_overdue_some_to_come():
    generate(60)
    per_action = Action.objects.annotate(n=Count("milestones")).values_list("n", flat=True)
    assert set(per_action) <= {2, 3, 4}
    today = timezone.localdate()
    assert Milestone.objects.filter(completed_on__isnull=False).exists()
    assert Milestone.objects.overdue().exists()
    assert Milestone.objects.filter(due_date__gt=today, completed_on__isnull=True).exists()
    assert not Milestone.objects.filter(completed_on__gt=today).exists()


def test_actions_are_linked_to_pledges_outcomes_forms_and_partners():
    generate(N)
    counts = Action.objects.annotate(
        p=Count("pledges", distinct=True),
        o=Count("outcomes", distinct=True),
        f=Count("violence_forms", distinct=True),
        d=Count("delivery_partners", distinct=True),
    )
    for p, o, f, d in counts.values_list("p", "o", "f", "d"):
        assert 1 <= p <= 2
        assert 1 <= o <= 2
        assert 1 <= f <= 3
        assert 1 <= d <= 3


def test_people_are_synthetic_and_cannot_sign_in():
    generate(N)
    users = User.objects.filter(username__startswith="scale-")
    assert users.count() >= 20
    for user in users:
        assert user.email.endswith("@example.invalid")
        assert not user.has_usable_password()
    emails = LeadSpecialist.objects.values_list("email", flat=True)
    assert all(email.endswith("@example.invalid") for email in emails)
    assert set(ProgressUpdate.objects.values_list("author__username", flat=True)) <= set(
        users.values_list("username", flat=True)
    )


def test_a_second_run_refuses_rather_than_doubling_the_data(output):
    with pytest.raises(CommandError, match="already exists"):
        call_command("generate_scale_data", "--actions", "3", stdout=StringIO())
    assert Action.objects.count() == N


def test_scale_data_sits_beside_the_demo_data_and_reuses_its_pledges():
    load_demo_data()
    demo_actions = Action.objects.count()
    generate(N)
    assert Action.objects.count() == demo_actions + N
    assert PledgeSet.objects.count() == 2
    assert Strategy.objects.count() == 1
    # And the demo loader still runs cleanly afterwards.
    load_demo_data()
    assert Action.objects.count() == demo_actions + N


class _Rollback(Exception):
    pass


def _generated(seed):
    """What generate() makes with this seed, then rolled back."""
    try:
        with transaction.atomic():
            generate(N, seed=seed)
            snapshot = list(
                Action.objects.order_by("plan__title", "reference").values_list(
                    "plan__title", "reference", "title", "status", "percent_complete", "due_date"
                )
            )
            snapshot += list(Milestone.objects.order_by("due_date", "title").values_list("title"))
            raise _Rollback
    except _Rollback:
        return snapshot


def test_the_same_seed_gives_the_same_data():
    first = _generated(seed=1)
    assert not ActionPlan.objects.exists()  # rolled back
    assert _generated(seed=1) == first
    assert _generated(seed=2) != first


def test_generate_raises_its_own_error_when_scale_data_exists():
    generate(3)
    with pytest.raises(ScaleDataExists):
        generate(3)


def test_there_is_about_one_award_per_action_with_years_outputs_and_returns():
    from decimal import Decimal

    from funding.models import Award, AwardYear, ReturnState, SpendReturn

    counts = generate(60)
    assert Award.objects.count() == counts["awards"] == 60
    assert not Award.objects.filter(actions=None).exists()
    per_award = Award.objects.annotate(n=Count("outputs")).values_list("n", flat=True)
    assert set(per_award) == {2}
    for award in Award.objects.prefetch_related("years"):
        years = [year.financial_year for year in award.years.all()]
        assert years == list(range(award.first_year, award.last_year + 1))
    current = Quarter.current()
    returns = SpendReturn.objects.select_related("award")
    assert returns.count() == counts["spend_returns"] > 60
    for spend_return in returns:
        assert spend_return.period < current
        assert spend_return.award.covers(spend_return.period)
        assert spend_return.output_results.count() == 2
        assert spend_return.events.exists()
    assert set(returns.values_list("state", flat=True)) == set(ReturnState.values)
    amounts = [*AwardYear.objects.values_list("amount", flat=True)]
    assert all(isinstance(a, Decimal) and a.as_tuple().exponent == -2 for a in amounts)
    assert PartnerOrganisation.objects.filter(by_and_for=True, specialist_vawg=True).exists()


def test_there_is_a_risk_register_of_one_risk_for_every_ten_actions():
    from risks.models import Risk

    counts = generate(60)
    assert Risk.objects.count() == counts["risks"] == 6
    assert counts["mitigations"] == counts["risk_reviews"] == 12
    for risk in Risk.objects.prefetch_related("actions", "pledges"):
        assert risk.actions.exists()
        assert risk.pledges.exists()
        last = risk.reviews.first()
        assert (risk.likelihood, risk.impact) == (last.likelihood_after, last.impact_after)


def test_there_is_one_recommendation_for_every_two_actions_in_sources_of_twenty():
    from recommendations.models import Recommendation, RecommendationStatus

    counts = generate(60)
    assert Recommendation.objects.count() == counts["recommendations"] == 30
    assert counts["recommendation_sources"] == 2
    assert counts["recommendation_updates"] == 30
    assert {r.status for r in Recommendation.objects.all()} <= set(RecommendationStatus.values)
    for recommendation in Recommendation.objects.prefetch_related("actions", "updates"):
        assert recommendation.actions.exists()
        (update,) = recommendation.updates.all()
        assert update.status_after == recommendation.status
        if recommendation.status == RecommendationStatus.NOT_ACCEPTED:
            assert recommendation.reason


def test_every_synthetic_value_is_broken_down_by_sex_one_in_ten_short_of_the_whole():
    from plans.models import Dimension, IndicatorBreakdown

    counts = generate(N)
    assert counts["indicator_breakdowns"] == IndicatorBreakdown.objects.count() == 50 * 40 * 2
    assert set(IndicatorBreakdown.objects.values_list("dimension", flat=True)) == {Dimension.SEX}
    values = IndicatorValue.objects.prefetch_related("parts")
    short = [value for value in values if not value.breakdowns()[0].sums_to_whole]
    assert len(short) == 50 * 40 // 10
    assert all(value.breakdowns()[0].difference < 0 for value in short)
