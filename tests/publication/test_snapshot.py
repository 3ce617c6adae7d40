"""
A publication's snapshot holds what the public may read and nothing else: every internal
field is seeded with a marker string, and none of them may appear in the snapshot or on
the preview page; only signed-off updates count.
"""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from activities.models import ActivityState
from plans.models import ProgressReview, ReviewDecision, Status
from publication.snapshot import NO_UPDATE, build_snapshot, diff
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from ..factories import (
    ActionFactory,
    ActivityFactory,
    EvidenceFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    IndicatorValueFactory,
    LeadSpecialistFactory,
    MilestoneFactory,
    OutcomeFactory,
    PartnerOrganisationFactory,
    PledgeFactory,
)
from ..personas import make_person
from ..recommendations.factories import RecommendationSourceFactory

Q1, Q2 = Quarter(2026, 1), Quarter(2026, 2)  # both ended by the time these tests run

MARKERS = {
    "narrative": "INTERNAL-NARRATIVE-7f3a",
    "reason": "INTERNAL-REASON-91bc",
    "next_steps": "INTERNAL-NEXT-STEPS-2d4e",
    "risks": "INTERNAL-RISKS-5a6f",
    "unsigned_narrative": "INTERNAL-UNSIGNED-NARRATIVE-0c1d",
    "unsigned_reason": "INTERNAL-UNSIGNED-REASON-3e8b",
    "review_comment": "INTERNAL-REVIEW-COMMENT-77aa",
    "action_description": "INTERNAL-ACTION-DESCRIPTION-4b2c",
    "plan_description": "INTERNAL-PLAN-DESCRIPTION-8d1e",
    "activity_title": "INTERNAL-ACTIVITY-TITLE-6c3f",
    "activity_description": "INTERNAL-ACTIVITY-DESCRIPTION-9e0a",
    "activity_area": "INTERNAL-ACTIVITY-AREA-1f5b",
    "organisation": "INTERNAL-ORGANISATION-NAME-2a7c",
    "evidence": "INTERNAL-EVIDENCE-NAME-5d9e.pdf",
    "lead_first": "INTERNALFIRSTNAME",
    "lead_last": "INTERNALLASTNAME",
    "lead_email": "internal-lead-email-3c4d@example.invalid",
    "specialist_name": "INTERNAL-SPECIALIST-NAME-8b6a",
    "specialist_email": "internal-specialist-4e2f@example.invalid",
    "milestone": "INTERNAL-MILESTONE-0d7e",
    "value_note": "INTERNAL-VALUE-NOTE-6a1b",
    "value_source": "INTERNAL-VALUE-SOURCE-4d3c",
    "indicator_description": "INTERNAL-INDICATOR-DESCRIPTION-2b8c",
    "unpublished_indicator": "INTERNAL-UNPUBLISHED-INDICATOR-7c9d",
    # Funding: what only the office and the provider read, and money not (yet) counted.
    "award_purpose": "INTERNAL-AWARD-PURPOSE-3f1e",
    "source_conditions": "INTERNAL-SOURCE-CONDITIONS-6d2a",
    "variance_note": "INTERNAL-VARIANCE-NOTE-8e4b",
    "accept_comment": "INTERNAL-ACCEPT-COMMENT-1c7d",
    "returned_variance_note": "INTERNAL-RETURNED-VARIANCE-NOTE-5b9f",
    "return_comment": "INTERNAL-RETURN-COMMENT-2e6c",
    "withdrawn_award": "INTERNAL-WITHDRAWN-AWARD-4a8d",
    "withdrawn_provider": "INTERNAL-WITHDRAWN-PROVIDER-9f3b",
    "planned_award": "INTERNAL-PLANNED-AWARD-7d5e",
    "planned_provider": "INTERNAL-PLANNED-PROVIDER-0b2f",
    # The spend of a return returned for changes, and of one awaiting review: never counted.
    "returned_spend": "8642.97",
    "returned_spend_shown": "8,642.97",
    "submitted_spend": "7531.86",
    "submitted_spend_shown": "7,531.86",
    # Recommendations: only a public one's text, source, status and public summary.
    "recommendation_owner": "INTERNAL-RECOMMENDATION-OWNER-5c2e",
    "recommendation_reason": "INTERNAL-RECOMMENDATION-REASON-8a3d",
    "recommendation_source_notes": "INTERNAL-SOURCE-NOTES-1e9b",
    "recommendation_update_note": "INTERNAL-UPDATE-NOTE-6f4a",
    "recommendation_evidence": "INTERNAL-REC-EVIDENCE-2d7c.pdf",
    "private_recommendation": "INTERNAL-PRIVATE-RECOMMENDATION-3b8e",
}

PROVIDER = "Public Advocacy Service (test)"


@pytest.fixture
def world(db, staff):
    """A plan with one action carrying every kind of internal text, and public text."""
    lead_user = make_person(
        Role.LEAD_SPECIALIST,
        username="lee.lead",
        first_name=MARKERS["lead_first"],
        last_name=MARKERS["lead_last"],
        email=MARKERS["lead_email"],
    )
    specialist = LeadSpecialistFactory(
        name=MARKERS["specialist_name"], email=MARKERS["specialist_email"], user=lead_user
    )
    pledge = PledgeFactory(number=3, title="Specialist training")
    action = ActionFactory(
        plan__lead=specialist,
        plan__description=MARKERS["plan_description"],
        lead=specialist,
        reference="2.1",
        title="Train every call handler",
        description=MARKERS["action_description"],
        public_summary="PUBLIC-SUMMARY-OK: call handlers are being trained.",
        pledges=[pledge],
    )
    action.outcomes.add(OutcomeFactory(strategy=action.plan.strategy, number=1, title="Safer"))
    MilestoneFactory(action=action, title=MARKERS["milestone"])
    signed = action.record_progress(
        author=lead_user,
        period=Q1,
        status=Status.AT_RISK,
        percent_complete=40,
        narrative=MARKERS["narrative"],
        reason=MARKERS["reason"],
        next_steps=MARKERS["next_steps"],
        risks_and_issues=MARKERS["risks"],
    )
    ProgressReview.decide(
        signed, decision=ReviewDecision.SIGNED_OFF, by=staff, comment=MARKERS["review_comment"]
    )
    # A later update, not signed off: nothing of it may be published.
    action.record_progress(
        author=lead_user,
        period=Q2,
        status=Status.OFF_TRACK,
        percent_complete=90,
        narrative=MARKERS["unsigned_narrative"],
        reason=MARKERS["unsigned_reason"],
    )
    organisation = PartnerOrganisationFactory(name=MARKERS["organisation"])
    activity = ActivityFactory(
        action=action,
        organisation=organisation,
        title=MARKERS["activity_title"],
        description=MARKERS["activity_description"],
        area=MARKERS["activity_area"],
        started_on=datetime.date(2026, 8, 3),
        people_reached=35,
        sessions=3,
        state=ActivityState.VERIFIED,
        created_by=lead_user,
    )
    EvidenceFactory(activity=activity, original_name=MARKERS["evidence"])
    indicator = IndicatorFactory(
        name="Calls answered within 10 seconds",
        unit="%",
        direction="higher",
        baseline_value=Decimal("71.50"),
        target_value=Decimal("90.00"),
        description=MARKERS["indicator_description"],
        publish=True,
        public_note="PUBLIC-NOTE-OK: from the force's call records.",
        tolerance=Decimal("1"),
    )
    IndicatorValueFactory(
        indicator=indicator, period=Q1, value=Decimal("80.25"), note=MARKERS["value_note"]
    )
    IndicatorValueFactory(
        indicator=indicator,
        period=Q2,
        value=Decimal("82.00"),
        provisional=True,
        source=MARKERS["value_source"],
    )
    for quarter, target in ((Q1, "81"), (Q2, "83"), (Quarter(2026, 3), "95")):
        IndicatorTargetFactory(indicator=indicator, quarter=quarter, value=Decimal(target))
    IndicatorValueFactory(indicator=indicator, period=Quarter(2026, 3), value=Decimal("99.00"))
    IndicatorFactory(name=MARKERS["unpublished_indicator"], publish=False)
    _funding(action, staff)
    _recommendations(action, staff)
    return action


def _recommendations(action, staff):
    """A public recommendation the action delivers (with an update and its evidence), a
    public one not accepted (its reason internal), and one not public."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from activities.evidence import check_evidence

    from ..factories import pdf_bytes
    from ..recommendations.factories import RecommendationFactory

    owner = LeadSpecialistFactory(name=MARKERS["recommendation_owner"])
    source = RecommendationSourceFactory(
        title="PUBLIC-SOURCE-OK Sexual violence review",
        kind="review",
        published_on=datetime.date(2026, 6, 25),
        notes=MARKERS["recommendation_source_notes"],
    )
    public = RecommendationFactory(
        source=source,
        number="1",
        text="PUBLIC-RECOMMENDATION-OK Map the services.",
        owner=owner,
        is_public=True,
        public_summary="PUBLIC-WE-DID-OK We mapped them.",
        actions=[action],
    )
    upload = SimpleUploadedFile(MARKERS["recommendation_evidence"], pdf_bytes())
    public.record_update(by=staff, status="implemented", files=[check_evidence(upload)],
                         note=MARKERS["recommendation_update_note"])  # fmt: skip
    RecommendationFactory(source=source, number="2", owner=owner, is_public=True,
                          text="PUBLIC-NOT-ACCEPTED-OK", status="not_accepted",
                          reason=MARKERS["recommendation_reason"])  # fmt: skip
    RecommendationFactory(source=source, number="3", owner=owner, actions=[action],
                          text=MARKERS["private_recommendation"])  # fmt: skip


def _funding(action, staff):
    """2026/27's money: one award with an accepted Q1 return (£10,000), a Q2 return
    returned for changes and a Q3 one awaiting review; a withdrawn and a planned award."""
    from funding.models import AwardStatus, ReturnEventKind, ReturnState, SpendReturn

    from ..funding.factories import AwardFactory

    partner = make_person(Role.PARTNER, username="pia.provider")
    award = AwardFactory(
        reference="VAWG-2026-0007",
        title="Independent domestic violence advisers",
        purpose=MARKERS["award_purpose"],
        organisation=PartnerOrganisationFactory(name=PROVIDER),
        source__name="Ministry of Justice: ring-fenced IDVA allocation",
        source__ring_fenced=True,
        source__ring_fenced_for="IDVA posts",
        source__conditions=MARKERS["source_conditions"],
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
        amounts={2026: Decimal("40000.00")},
    )
    award.actions.add(action)
    people, posts = award.outputs.all()

    def submit(quarter, spend, note, achieved):
        return SpendReturn.submit(
            award=award,
            period=quarter,
            spend=Decimal(spend),
            variance_note=note,
            achieved={people: Decimal(achieved), posts: Decimal("2")},
            user=partner,
        )

    reviewed = [
        (Q1, "10000.00", "variance_note", "35", ReturnState.ACCEPTED, "accept_comment"),
        (
            Q2,
            MARKERS["returned_spend"],
            "returned_variance_note",
            "61",
            ReturnState.RETURNED,
            "return_comment",
        ),
    ]
    for quarter, spend, note, achieved, state, comment in reviewed:
        submit(quarter, spend, MARKERS[note], achieved).move(
            to=state,
            allowed_from=[ReturnState.SUBMITTED],
            user=staff,
            event=ReturnEventKind(state.value),
            comment=MARKERS[comment],
        )
    submit(Quarter(2026, 3), MARKERS["submitted_spend"], "", "44")
    for status, name in ((AwardStatus.WITHDRAWN, "withdrawn"), (AwardStatus.PLANNED, "planned")):
        AwardFactory(
            title=MARKERS[f"{name}_award"],
            status=status,
            organisation=PartnerOrganisationFactory(name=MARKERS[f"{name}_provider"]),
            starts_on=datetime.date(2026, 4, 1),
            ends_on=datetime.date(2027, 3, 31),
            amounts={2026: Decimal("55555.00")},
        )


def test_the_snapshot_holds_the_public_fields(world):
    snapshot = build_snapshot(world.plan, Q2, published_on=datetime.date(2026, 11, 1))
    (action,) = snapshot["actions"]
    assert action["reference"] == "2.1"
    assert action["title"] == "Train every call handler"
    assert action["public_summary"].startswith("PUBLIC-SUMMARY-OK")
    # The latest signed-off update (Q1's), not Q2's unsigned one.
    assert action["status"] == Status.AT_RISK
    assert action["percent_complete"] == 40
    assert action["reported_for"] == str(Q1)
    assert action["pledges"] == [
        {
            "set": world.pledges.get().pledge_set.short_title,
            "number": 3,
            "title": "Specialist training",
        }
    ]
    assert action["outcomes"] == [{"number": 1, "name": "Safer"}]
    (indicator,) = snapshot["indicators"]
    assert indicator["baseline"] == "71.50"
    assert indicator["target"] == "90.00"
    assert indicator["public_note"].startswith("PUBLIC-NOTE-OK")
    # Values up to the quarter, as text.
    assert indicator["values"] == [
        {"quarter": str(Q1), "value": "80.25", "provisional": False},
        {"quarter": str(Q2), "value": "82.00", "provisional": True},
    ]
    # The target trajectory up to the quarter, and the latest value's RAG against its
    # quarter's target (82 against 83, higher is better, tolerance 1).
    assert indicator["trajectory"] == [
        {"quarter": str(Q1), "target": "81.00"},
        {"quarter": str(Q2), "target": "83.00"},
    ]
    assert indicator["quarter_target"] == "83.00"
    assert indicator["against_target"] == {
        "status": "amber",
        "words": "Within tolerance",
        "provisional": True,
    }
    assert snapshot["partner_contribution"] == [
        {
            "kind": "training",
            "label": "Training delivered",
            "activities": 1,
            "people": 35,
            "sessions": 3,
        }
    ]
    assert snapshot["metadata"]["plan_title"] == world.plan.title
    assert snapshot["metadata"]["quarter"] == str(Q2)
    assert snapshot["metadata"]["published_on"] == "2026-11-01"
    assert snapshot["pledge_sets"][0]["pledges"][0]["title"] == "Specialist training"
    assert snapshot["outcomes"] == [{"number": 1, "name": "Safer"}]
    # You told us — we did: the public recommendations, never the private one.
    source = {"kind": "Review", "title": "PUBLIC-SOURCE-OK Sexual violence review",
              "date": "2026-06-25"}  # fmt: skip
    assert snapshot["recommendations"] == [
        {
            "source": source,
            "number": "1",
            "text": "PUBLIC-RECOMMENDATION-OK Map the services.",
            "status": "implemented",
            "status_label": "Implemented",
            "public_summary": "PUBLIC-WE-DID-OK We mapped them.",
            "actions": [{"reference": "2.1", "title": "Train every call handler"}],
        },
        {
            "source": source,
            "number": "2",
            "text": "PUBLIC-NOT-ACCEPTED-OK",
            "status": "not_accepted",
            "status_label": "Not accepted",
            "public_summary": "",
            "actions": [],
        },
    ]


def test_the_snapshot_is_plain_json_without_floats(world):
    snapshot = build_snapshot(world.plan, Q2)
    assert json.loads(json.dumps(snapshot)) == snapshot

    def floats(value):
        if isinstance(value, dict):
            return any(floats(v) for v in value.values())
        if isinstance(value, list):
            return any(floats(v) for v in value)
        return isinstance(value, float)

    assert not floats(snapshot)


def test_no_internal_text_is_in_the_snapshot(world):
    text = json.dumps(build_snapshot(world.plan, Q2))
    assert [name for name, marker in MARKERS.items() if marker.lower() in text.lower()] == []
    assert "off_track" not in text  # the unsigned update's status


def test_no_internal_text_is_on_the_preview_page(client, staff, world):
    client.force_login(staff)
    response = client.get(
        reverse("publication:publish"), {"plan": world.plan.pk, "quarter": str(Q2)}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "PUBLIC-SUMMARY-OK" in page
    assert "PUBLIC-NOTE-OK" in page
    assert [name for name, marker in MARKERS.items() if marker.lower() in page.lower()] == []


def test_an_action_with_no_signed_off_update_shows_no_update_published(db, staff, lead):
    action = ActionFactory(title="Nothing signed off")
    update = action.record_progress(
        author=lead, period=Q1, status=Status.ON_TRACK, percent_complete=10, narrative="x"
    )
    returned = action.record_progress(
        author=lead, period=Q1, status=Status.COMPLETED, percent_complete=100, narrative="y"
    )
    ProgressReview.decide(returned, decision=ReviewDecision.RETURNED, by=staff, comment="No.")
    assert update.pk  # awaiting sign-off: does not count either
    (row,) = build_snapshot(action.plan, Q2)["actions"]
    assert row["status"] is None
    assert row["percent_complete"] is None
    assert row["status_label"] == NO_UPDATE


def test_an_update_signed_off_for_a_later_quarter_is_not_in_an_earlier_one(db, staff, lead):
    action = ActionFactory()
    update = action.record_progress(
        author=lead, period=Q2, status=Status.ON_TRACK, percent_complete=10, narrative="x"
    )
    ProgressReview.decide(update, decision=ReviewDecision.SIGNED_OFF, by=staff)
    assert build_snapshot(action.plan, Q1)["actions"][0]["status"] is None
    assert build_snapshot(action.plan, Q2)["actions"][0]["status"] == Status.ON_TRACK


def test_the_diff_says_what_changed_for_each_action_and_indicator():
    before = {
        "actions": [
            {
                "reference": "1.1",
                "title": "A",
                "status": "on_track",
                "status_label": "On track",
                "percent_complete": 10,
                "public_summary": "Old.",
            },
            {
                "reference": "1.2",
                "title": "B",
                "status": None,
                "status_label": NO_UPDATE,
                "percent_complete": None,
                "public_summary": "",
            },
        ],
        "indicators": [{"name": "I", "values": [{"quarter": "2026/27 Q1", "value": "1.00"}]}],
    }
    after = {
        "actions": [
            {
                "reference": "1.1",
                "title": "A",
                "status": "at_risk",
                "status_label": "At risk",
                "percent_complete": 20,
                "public_summary": "New.",
            },
            {
                "reference": "1.3",
                "title": "C",
                "status": None,
                "status_label": NO_UPDATE,
                "percent_complete": None,
                "public_summary": "",
            },
        ],
        "indicators": [{"name": "I", "values": [{"quarter": "2026/27 Q1", "value": "2.00"}]}],
    }
    changes = diff(before, after)
    assert changes["actions_added"] == ["1.3"]
    assert changes["actions_removed"] == ["1.2"]
    (changed,) = changes["actions_changed"]
    assert [c["field"] for c in changed["changes"]] == [
        "Status",
        "Percent complete",
        "Public summary",
    ]
    assert changed["changes"][0] == {"field": "Status", "before": "On track", "after": "At risk"}
    assert changes["indicators_changed"] == ["I"]
    assert not changes["first"]
    assert diff(None, after)["first"]
