"""The demo data comes from the customer's seed documents, synthetic and repeatable."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command

from partners.models import PartnerMembership
from plans.indicators import Rag, indicator_cards
from plans.models import (
    Action,
    ActionPlan,
    Indicator,
    IndicatorValue,
    PlanState,
    ProgressUpdate,
    ReviewDecision,
    Status,
    Strategy,
)
from pledges.models import PledgeSet
from vawg_tracker.quarters import Quarter

pytestmark = pytest.mark.django_db


def _row_counts():
    models = [
        m
        for label in ("pledges", "partners", "plans", "funding", "risks", "recommendations")
        for m in apps.get_app_config(label).get_models()
    ]
    return {model._meta.label: model._default_manager.count() for model in [*models, User]}


@pytest.fixture
def seeded():
    call_command("seed_demo")


def test_running_seed_demo_twice_changes_nothing(seeded):
    first = _row_counts()
    call_command("seed_demo")
    assert _row_counts() == first


def test_make_run_does_not_overwrite_demo_data_someone_has_edited(seeded):
    action = Action.objects.order_by("reference").first()
    action.title = "Edited in the demo"
    action.save(update_fields=["title"])
    call_command("seed_demo", "--if-empty")
    action.refresh_from_db()
    assert action.title == "Edited in the demo"


def test_the_demo_carries_both_pledge_sets_from_the_seeds(seeded):
    sets = {s.short_title: s.pledges.count() for s in PledgeSet.objects.all()}
    assert sets == {"Five-point plan": 5, "Four calls on stalking": 4}


def test_the_demo_strategy_says_it_is_a_composite_and_names_its_sources(seeded):
    # Its outcomes and focus areas are Brighton & Hove's words (seed 004), its actions
    # Merseyside's initiatives (seed 002): the strategy must not pass for Merseyside's own.
    strategy = Strategy.objects.get()
    assert "composite" in str(strategy).lower()
    assert strategy.aim.startswith("Our overall aim is for residents and communities")
    sources = strategy.aim.split("\n\n", 1)[1]
    for source in (
        "aim, outcomes and focus areas are worded as in Brighton & Hove's VAWG strategy",
        "the actions are Merseyside's initiatives",
        "Labour's five-point plan on women's safety",
        "the Women's Equality Party's four calls on stalking",
    ):
        assert source in sources, source
    assert list(strategy.outcomes.values_list("title", flat=True)) == [
        "Increasing the safety of victims",
        "Holding perpetrators to account",
        "Decreasing social tolerance and acceptance",
        "Increasing people's ability to have safe, equal, violence-free relationships",
    ]


def test_the_demo_plan_is_active_and_its_actions_deliver_pledges(seeded):
    plan = ActionPlan.objects.get()
    assert plan.state == PlanState.ACTIVE
    assert plan.lead.user.username == "lead"
    actions = plan.actions.all()
    assert actions.count() >= 15
    assert not actions.filter(pledges=None).exists()
    titles = " ".join(actions.values_list("title", flat=True))
    for initiative in ("Red Umbrella", "Workplace", "Sexual Violence", "serial", "women-only"):
        assert initiative.lower() in titles.lower(), initiative


def test_every_actions_status_is_its_latest_counted_progress_update(seeded):
    for action in Action.objects.all():
        latest = action.progress_updates.counted().order_by("-period", "-created_at", "-id").first()
        if latest is None:
            assert action.status == Status.NOT_STARTED
        else:
            assert (action.status, action.percent_complete) == (
                latest.status,
                latest.percent_complete,
            )


def test_the_demo_has_signed_off_history_and_one_update_returned_with_a_comment(seeded):
    past = ProgressUpdate.objects.filter(period__lt=Quarter.current().start)
    assert past.exists()
    assert not past.filter(review__isnull=True).exists()
    returned = ProgressUpdate.objects.filter(review__decision=ReviewDecision.RETURNED)
    assert returned.count() == 1
    assert returned.get().review.comment.strip()
    assert ProgressUpdate.objects.awaiting_sign_off().exists()


def test_the_demo_has_a_realistic_mix_of_statuses_with_reasons(seeded):
    statuses = set(Action.objects.values_list("status", flat=True))
    assert {Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.COMPLETED} <= statuses
    for action in Action.objects.filter(status__in=[Status.AT_RISK, Status.OFF_TRACK]):
        assert action.progress_updates.first().reason


def test_indicator_values_are_labelled_as_demo_data(seeded):
    assert Indicator.objects.count() >= 5
    assert IndicatorValue.objects.exclude(note="Synthetic demo value").count() == 0
    names = " ".join(Indicator.objects.values_list("name", flat=True)).lower()
    for figure in ("refuge", "funding", "999", "idva", "red umbrella"):
        assert figure in names, figure


def test_demo_indicators_have_a_trajectory_a_tolerance_and_one_provisional_value(seeded):
    plan_quarters = list(Quarter.range(Quarter(2025, 1), Quarter(2026, 4)))
    for indicator in Indicator.objects.all():
        assert list(indicator.targets.values_list("quarter", flat=True)) == plan_quarters
        assert indicator.tolerance > 0
    provisional = IndicatorValue.objects.get(provisional=True)
    assert provisional.source
    assert provisional.period == provisional.indicator.values.order_by("period").last().period
    latest = Quarter(2026, 2)
    cards = indicator_cards(Indicator.objects.all(), latest)
    statuses = {card.against_target.status for card in cards}
    assert statuses == {Rag.GREEN, Rag.AMBER, Rag.RED}


def test_the_two_demo_partner_users_belong_to_different_organisations(seeded):
    memberships = dict(
        PartnerMembership.objects.values_list("user__username", "organisation__name")
    )
    assert memberships["partner"] != memberships["partner2"]


def test_demo_people_are_synthetic(seeded):
    emails = [e for e in User.objects.values_list("email", flat=True) if e]
    emails += list(
        apps.get_model("plans", "LeadSpecialist").objects.values_list("email", flat=True)
    )
    assert all(email.endswith(("@demo.invalid", "@example.invalid")) for email in emails)


def test_the_demo_publishes_its_last_ended_quarter_once_with_public_summaries(seeded):
    from publication.models import Publication, PublicationRequest
    from vawg_tracker.audit import Kind
    from vawg_tracker.audit.models import AuditEvent

    plan = ActionPlan.objects.get()
    publication = Publication.objects.current(plan)
    assert publication.quarter == Quarter.current().previous()
    # Two people, as the office publishes: staff prepared it, staff2 approved it.
    assert (publication.prepared_by.username, publication.published_by.username) == (
        "staff",
        "staff2",
    )
    assert publication.second_check
    assert AuditEvent.objects.filter(kind=Kind.PUBLISHED).count() == 1
    assert AuditEvent.objects.get(kind=Kind.PREPARED).user.username == "staff"
    actions = publication.snapshot["actions"]
    assert len(actions) == Action.objects.filter(plan=plan).count()
    # Every action has a summary written for the public, not its internal narrative.
    narratives = set(ProgressUpdate.objects.values_list("narrative", flat=True))
    assert all(a["public_summary"] and a["public_summary"] not in narratives for a in actions)
    assert len(publication.snapshot["indicators"]) == Indicator.objects.count()
    assert all(i["public_note"] for i in publication.snapshot["indicators"])
    # Its public PDF is queued: the worker `make run` starts makes it.
    assert publication.public_report.state == "pending"
    call_command("seed_demo")
    assert Publication.objects.count() == 1
    assert not PublicationRequest.objects.pending().exists()


def test_the_demo_publication_states_the_years_funding_as_the_funding_page_does(seeded, client):
    import re
    import subprocess

    from funding.models import ReturnState, SpendReturn
    from publication.models import Publication
    from publication.public_pdf import render_public_pdf
    from vawg_tracker.accounts.models import Role

    from ..personas import make_person

    def words(text):
        return " ".join(re.sub(r"<[^>]+>", " ", text).replace("&#x27;", "'").split())

    publication = Publication.objects.get()
    year = publication.quarter.year
    client.force_login(make_person(Role.PCC_STAFF, username="sam.staff"))
    staff_page = words(client.get(f"/funding/?year={year}").content.decode())
    client.logout()
    headline = publication.funding["headline"]
    assert headline in staff_page  # "£N awarded in 2026/27", word for word
    public_url = f"/public/{publication.plan_id}/{publication.quarter.slug}/funding/"
    public_page = words(client.get(public_url).content.decode())
    assert f"{headline}." in public_page
    assert "Savera UK" in public_page  # per provider
    pdf = render_public_pdf(publication).content
    pdf_text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert headline in " ".join(pdf_text.split())
    # Savera UK's newest return was returned with a comment: its note is not published.
    returned = SpendReturn.objects.get(state=ReturnState.RETURNED)
    comment = returned.events.get(kind="returned").comment
    for text in (public_page, " ".join(pdf_text.split())):
        assert comment not in text
        if returned.variance_note:
            assert returned.variance_note not in text


def test_after_the_plan_ends_the_demo_publishes_its_last_quarter():
    import datetime

    import time_machine

    from publication.models import Publication

    with time_machine.travel(datetime.datetime(2027, 9, 1, 9, tzinfo=datetime.UTC), tick=False):
        call_command("seed_demo")
        plan = ActionPlan.objects.get()
        assert Quarter.current().previous() > Quarter.for_date(plan.period_end)
        assert Publication.objects.current(plan).quarter == Quarter.for_date(plan.period_end)


# --- Funding (issue 17) -----------------------------------------------------------------


def test_seed_demo_says_what_funding_it_loaded():
    from io import StringIO

    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "5 funding sources, 10 awards (" in out.getvalue()


def test_the_demo_has_funding_sources_and_awards_shaped_by_the_seeds(seeded):
    from funding.models import Award, FundingSource

    assert FundingSource.objects.count() >= 4
    assert FundingSource.objects.filter(ring_fenced=True).exists()
    assert Award.objects.count() >= 8
    titles = {award.title: award for award in Award.objects.select_related("source")}
    idva = titles["IDVA posts across Merseyside"]
    assert idva.source.ring_fenced
    assert "IDVA" in idva.source.name
    assert list(idva.actions.values_list("reference", flat=True)) == ["2.2"]
    savera = titles["Harmful practices support service (Victim Care Merseyside)"]
    assert savera.organisation.name == "Savera UK"
    workshops = Award.objects.get(actions__reference="4.5")
    assert "modern slavery" in workshops.title.lower()
    assert "31% cut" in titles["Refuge places and community outreach"].purpose
    assert Award.objects.filter(organisation__by_and_for=True).exists()
    # Every award has outputs with targets, and says its figures are demo values.
    for award in Award.objects.all():
        assert award.outputs.exists(), award
        assert "Demo values" in award.purpose, award
    for source in FundingSource.objects.all():
        assert "Demo values" in source.conditions, source


def test_demo_amounts_are_decimal_pounds_and_pence(seeded):
    from funding.models import AwardYear, SpendReturn

    amounts = [*AwardYear.objects.values_list("amount", flat=True)]
    amounts += SpendReturn.objects.values_list("spend", flat=True)
    assert all(isinstance(a, Decimal) and a.as_tuple().exponent == -2 for a in amounts)
    assert any(a % 1 for a in amounts)  # some have pence


def test_the_demo_has_returns_across_three_quarters_one_returned_and_one_overdue(seeded):
    from funding.models import Award, ReturnEventKind, ReturnState, SpendReturn

    returns = SpendReturn.objects.all()
    assert len({r.period for r in returns}) >= 3
    assert all(r.period < Quarter.current() for r in returns)
    assert returns.filter(state=ReturnState.ACCEPTED).count() > returns.count() / 2
    returned = returns.get(state=ReturnState.RETURNED)
    assert returned.events.get(kind=ReturnEventKind.RETURNED).comment.strip()
    # Each went through the model's steps: submitted once, then reviewed once unless waiting.
    for spend_return in returns.prefetch_related("events"):
        kinds = [event.kind for event in spend_return.events.all()]
        assert kinds[0] == ReturnEventKind.SUBMITTED, spend_return
        assert len(kinds) == (1 if spend_return.state == ReturnState.SUBMITTED else 2)
        assert spend_return.output_results.exists(), spend_return
    assert returned.award.organisation.memberships.filter(user__username="partner2").exists()
    # Overdue: an ended quarter an active award owes a return for, with none.
    newest = Quarter.current().previous()
    overdue = [
        award
        for award in Award.objects.counted()
        if award.owes_return(newest) and not award.returns.filter(period=newest).exists()
    ]
    assert [award.title for award in overdue] == ["Refuge places and community outreach"]


def test_the_demo_has_a_half_yearly_award_returning_each_half_year(seeded):
    """The Home Office fund (synthetic) asks for returns every six months: its pilot's
    returns are for Q2 and Q4, each held to half the year's amount, and no demo return is
    for a quarter its award owes none for."""
    from funding.models import Award, ReportingFrequency, SpendReturn

    (award,) = Award.objects.filter(source__reporting_frequency=ReportingFrequency.HALF_YEARLY)
    periods = [r.period for r in award.returns.all()]
    assert periods
    assert {q.number for q in periods} <= {2, 4}
    for spend_return in award.returns.all():
        half = award.amount_for(spend_return.period.year) / 2
        assert half * Decimal("0.9") < spend_return.spend < half * Decimal("1.1")
    for spend_return in SpendReturn.objects.select_related("award__source"):
        assert spend_return.award.owes_return(spend_return.period), spend_return


def test_demo_partner_attributes_are_set(seeded):
    from partners.models import PartnerOrganisation

    by_and_for = PartnerOrganisation.objects.get(by_and_for=True)
    assert by_and_for.by_and_for_whom == "Black and minoritised women"
    assert by_and_for.is_small
    assert by_and_for.specialist_vawg
    assert PartnerOrganisation.objects.get(name="Savera UK").specialist_vawg
    assert not PartnerOrganisation.objects.get(name="Merseyside Police").specialist_vawg


def test_the_demo_plans_pdf_states_the_years_total_awarded_as_the_funding_page_does(client, staff):
    import datetime
    import io

    import time_machine
    from django.urls import reverse
    from pypdf import PdfReader

    from reports.rendering import render_pdf

    with time_machine.travel(datetime.datetime(2026, 11, 21, 12, tzinfo=datetime.UTC)):
        call_command("seed_demo")
        client.force_login(staff)
        page = client.get(reverse("funding:overview"))
        headline = page.context["summary"].headline
        quarter = Quarter.current().previous()
        pdf = render_pdf(ActionPlan.objects.get(), quarter)

    # The page's own sentence, with a real total in it: "£N,NNN,NNN awarded in 2026/27".
    assert headline.endswith(" awarded in 2026/27")
    assert headline.startswith("£")
    assert headline != "£0 awarded in 2026/27"
    assert f">{headline}<" in page.content.decode()
    reader = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert headline in text


# --- The risk register (issue 19) ----------------------------------------------------------


def test_the_demo_register_has_risks_with_mitigations_reviews_and_one_review_overdue(seeded):
    from risks.models import Risk

    risks = Risk.objects.all()
    assert 6 <= risks.count() <= 8
    assert all("Demo values" in risk.description for risk in risks)
    assert all(risk.mitigations.exists() for risk in risks)
    assert sum(1 for risk in risks if risk.reviews.exists()) >= 5
    assert [risk.title for risk in Risk.objects.due_for_review()] == [
        "Health data sharing agreement not signed for GP identification work"
    ]
    # Each reviewed risk's scores are its last review's.
    for risk in risks:
        last = risk.reviews.first()
        if last:
            assert (risk.likelihood, risk.impact) == (last.likelihood_after, last.impact_after)


def test_the_demo_plans_pdf_lists_the_registers_highest_scored_risk_first_with_its_mitigation(
    seeded,
):
    import io

    from pypdf import PdfReader

    from reports.rendering import render_pdf
    from risks.models import Risk

    highest = Risk.objects.open().by_score().first()
    mitigation = highest.mitigations.first()
    pdf = render_pdf(ActionPlan.objects.get(), Quarter.current())
    reader = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    start = text.index("Top risks")
    # (A word broken at its hyphen across lines reads "three- year".)
    top = text[start : text.index("Actions off track or at risk", start)].replace("- ", "-")
    assert top.startswith(f"Top risks {highest.title} (score {highest.score}, ")
    assert f"Mitigation: {mitigation.text} ({mitigation.owner}, due " in top


# --- The recommendations tracker (issue 19) -----------------------------------------------


def test_the_demo_tracks_recommendations_from_the_seeds_and_a_labelled_inspection(seeded):
    from recommendations.models import Recommendation, RecommendationSource, RecommendationStatus

    sources = {source.title: source for source in RecommendationSource.objects.all()}
    review = sources["Liverpool City Region Sexual Violence review"]
    assert "Seed 002" in review.notes
    assert "these are written for the demo" in review.notes
    lessons = next(s for title, s in sources.items() if "domestic homicide review" in title)
    assert "Seed 004" in lessons.notes
    inspection = next(s for title, s in sources.items() if title.startswith("HMICFRS"))
    assert inspection.title.endswith("(demo)")
    assert all(source.is_demo for source in sources.values())
    assert all("synthetic" in source.notes for source in sources.values())
    recommendations = Recommendation.objects.all()
    assert recommendations.count() >= 10
    assert {r.status for r in recommendations} == set(RecommendationStatus.values)
    assert all(r.reason for r in recommendations.filter(status="not_accepted"))
    assert all(r.actions.exists() for r in recommendations)
    assert recommendations.filter(is_public=True).count() >= 3
    assert all(r.public_summary for r in recommendations.filter(is_public=True))
    assert [r.number for r in Recommendation.objects.overdue()] == ["L2"]
    # Each implemented one was marked so by an update saying how.
    for implemented in recommendations.filter(status="implemented"):
        assert implemented.updates.filter(status_after="implemented").exclude(note="").exists()


def test_two_demo_indicators_latest_values_are_broken_down_one_not_summing(seeded, staff_client):
    latest = Quarter(2026, 2)
    refuges = IndicatorValue.objects.get(
        indicator__name="People turned away from refuges on an average day", period=latest
    )
    [by_area] = refuges.breakdowns()
    assert [part.category for part in by_area.parts] == [
        "Knowsley",
        "Liverpool",
        "Sefton",
        "St Helens",
        "Wirral",
    ]
    assert by_area.sums_to_whole
    # Its source says the figures, and so their parts, are synthetic demo data.
    assert refuges.source.startswith("Demo data: synthetic")
    red_umbrella = IndicatorValue.objects.get(
        indicator__name="Crimes reported through the Red Umbrella project", period=latest
    )
    by_area, by_sex = red_umbrella.breakdowns()
    assert by_area.sums_to_whole
    assert (by_sex.total, by_sex.whole, by_sex.difference) == (35, 37, -2)
    page = staff_client.get(red_umbrella.indicator.get_absolute_url()).content.decode()
    assert "The parts sum to 35: they differ from the whole (37) by 2 (less)." in page
    # Loading again adds no part.
    before = _row_counts()["plans.IndicatorBreakdown"]
    call_command("seed_demo")
    assert _row_counts()["plans.IndicatorBreakdown"] == before == 12
