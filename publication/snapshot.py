"""
What a publication holds: the public content of one plan's quarter, as plain JSON.

``build_snapshot`` reads only what may be public: each action's reference, title and
public summary, with the status and percent of its latest *signed-off* update for the
quarter or before; its pledges and outcomes; the pledge sets, the strategy's outcomes;
the indicators marked for publication, with their public note, values up to the quarter
and the pledges and outcomes they measure; and partners' verified activities in the
quarter as totals by kind. Never an update's narrative, reason, risks or next steps, an
activity's title or description, evidence, anyone's name or email, or anything not signed
off. Numbers that are Decimal are written as text, never floats. A fixed number of
queries, whatever the plan's size.

``build_funding`` (kept beside the snapshot, in Publication.funding): the office's money
for the financial year of the quarter, as funding.summary adds it up (the Funding page's
and the quarterly report's own figures, as at the day of publishing): the headline, the
totals by funding source, and per provider each award's title, source, amount for the
year, spend to date and outputs against their targets. Only awards that are awarded,
active or ended (planned and withdrawn ones count nowhere), and only accepted returns.
Never an award's internal purpose text, a return's variance note, a review comment, or
who submitted or reviewed anything. A fixed number of queries, whatever the number of
awards.

``recommendations`` (in the snapshot, "You told us — we did"): the office's public
recommendations (those marked public), each with its source's kind, title and date, its
number and text, its status and its public summary, and the references and titles of
this plan's actions that deliver it. Never its owner, a reason, a source's notes, an
update's note or evidence, or a recommendation not marked public. Two queries.

``diff`` says what changed between two snapshots, and ``funding_changed`` whether the
funding did, for the preview.
"""

import json
from collections import defaultdict
from decimal import Decimal

from django.db.models import F, OuterRef, Subquery, Sum
from django.utils import timezone

from activities.models import Activity
from funding.models import AwardOutput, ReturnOutput
from funding.summary import ZERO, FundingSummary, amount
from plans.indicators import rag_against_target
from plans.models import (
    Action,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Outcome,
    ProgressUpdate,
    Status,
)
from pledges.models import Pledge, PledgeSet
from recommendations.models import Recommendation, RecommendationStatus, SourceKind

SCHEMA = 1
NO_UPDATE = "No update published"


def _text(value):
    return None if value is None else str(value)


def _published_actions(plan, quarter):
    """The plan's actions with their latest signed-off update for the quarter or before."""
    latest = (
        ProgressUpdate.objects.signed_off()
        .filter(action=OuterRef("pk"), period__lte=quarter)
        .order_by("-period", "-created_at", "-id")
    )
    # Query: the actions, each with its latest signed-off update's status, percent, quarter.
    return (
        Action.objects.filter(plan=plan)
        .annotate(
            published_status=Subquery(latest.values("status")[:1]),
            published_percent=Subquery(latest.values("percent_complete")[:1]),
            published_period=Subquery(latest.values("period")[:1]),
        )
        .order_by("reference", "pk")
        .values(
            "pk",
            "reference",
            "title",
            "public_summary",
            "published_status",
            "published_percent",
            "published_period",
        )
    )


def build_snapshot(plan, quarter, *, published_on=None):
    """The public content of ``plan``'s ``quarter`` (a JSON-serialisable dict)."""
    published_on = published_on or timezone.localdate()
    rows = list(_published_actions(plan, quarter))
    ids = [row["pk"] for row in rows]

    # Query: the pledges the actions deliver, with their sets (one row per link).
    pledges_of = defaultdict(list)
    for action_id, short_title, title, number, pledge_title in (
        Action.objects.filter(plan=plan)
        .pledge_links()
        .order_by("pledge__pledge_set__title", "pledge__number")
        .values_list(
            "action_id",
            "pledge__pledge_set__short_title",
            "pledge__pledge_set__title",
            "pledge__number",
            "pledge__title",
        )
    ):
        pledges_of[action_id].append(
            {"set": short_title or title, "number": number, "title": pledge_title}
        )
    # Query: the outcomes the actions serve.
    outcomes_of = defaultdict(list)
    for action_id, number, name in (
        Action.outcomes.through.objects.filter(action_id__in=ids)
        .order_by("outcome__number")
        .values_list("action_id", "outcome__number", "outcome__title")
    ):
        outcomes_of[action_id].append({"number": number, "name": name})

    actions = []
    for row in rows:
        status = row["published_status"]
        actions.append(
            {
                "reference": row["reference"],
                "title": row["title"],
                "public_summary": row["public_summary"],
                "status": status,
                "status_label": Status(status).label if status else NO_UPDATE,
                "percent_complete": row["published_percent"],
                "reported_for": _text(row["published_period"]),
                "pledges": pledges_of[row["pk"]],
                "outcomes": outcomes_of[row["pk"]],
            }
        )

    return {
        "schema": SCHEMA,
        "metadata": {
            "plan_title": plan.title,
            "strategy_title": plan.strategy.title,
            "area": plan.strategy.area,
            "quarter": str(quarter),
            "quarter_slug": quarter.slug,
            "quarter_dates": quarter.dates,
            "published_on": published_on.isoformat(),
        },
        "actions": actions,
        "pledge_sets": _pledge_sets(ids),
        "outcomes": _outcomes(plan),
        "indicators": _indicators(plan, quarter),
        "partner_contribution": _partner_contribution(plan, quarter),
        "recommendations": _recommendations(ids),
    }


def _pledge_sets(action_ids):
    """The pledge sets the actions deliver, each with all its pledges."""
    # Query: the sets, with their pledges (one row per pledge).
    delivered = PledgeSet.objects.filter(pledges__actions__in=action_ids)
    pledges = (
        Pledge.objects.filter(pledge_set__in=delivered)
        .order_by(F("pledge_set__published_on").asc(nulls_last=True), "pledge_set__title", "number")
        .values_list(
            "pledge_set_id",
            "pledge_set__title",
            "pledge_set__short_title",
            "number",
            "title",
            "commitment",
        )
    )
    sets = {}
    for set_id, title, short_title, number, pledge_title, commitment in pledges:
        entry = sets.setdefault(
            set_id, {"title": title, "short_title": short_title or title, "pledges": []}
        )
        entry["pledges"].append({"number": number, "title": pledge_title, "commitment": commitment})
    return list(sets.values())


def _outcomes(plan):
    # Query: the strategy's outcomes.
    return [
        {"number": number, "name": name}
        for number, name in Outcome.objects.filter(strategy_id=plan.strategy_id)
        .order_by("number")
        .values_list("number", "title")
    ]


def _indicators(plan, quarter):
    """The indicators marked for publication, with their values up to the quarter and the
    pledges and (this strategy's) outcomes they measure."""
    # Query: the indicators marked for publication.
    indicators = list(
        Indicator.objects.published()
        .order_by("name")
        .values(
            "pk",
            "name",
            "unit",
            "direction",
            "tolerance",
            "baseline_value",
            "baseline_period",
            "target_value",
            "target_period",
            "public_note",
        )
    )
    ids = [i["pk"] for i in indicators]
    # Query: their values up to the quarter (never the notes, sources or who entered them).
    values_of = defaultdict(list)
    for indicator_id, period, value, provisional in (
        IndicatorValue.objects.filter(indicator_id__in=ids, period__lte=quarter)
        .order_by("period")
        .values_list("indicator_id", "period", "value", "provisional")
    ):
        values_of[indicator_id].append(
            {"quarter": str(period), "value": str(value), "provisional": provisional}
        )
    # Query: their targets by quarter, up to the quarter (the trajectory).
    targets_of = defaultdict(dict)
    for indicator_id, target_quarter, target in (
        IndicatorTarget.objects.filter(indicator_id__in=ids, quarter__lte=quarter)
        .order_by("quarter")
        .values_list("indicator_id", "quarter", "value")
    ):
        targets_of[indicator_id][str(target_quarter)] = target
    # Query: the pledges they measure.
    pledges_of = defaultdict(list)
    for indicator_id, short_title, title, number in (
        Indicator.pledges.through.objects.filter(indicator_id__in=ids)
        .order_by("pledge__pledge_set__title", "pledge__number")
        .values_list(
            "indicator_id",
            "pledge__pledge_set__short_title",
            "pledge__pledge_set__title",
            "pledge__number",
        )
    ):
        pledges_of[indicator_id].append({"set": short_title or title, "number": number})
    # Query: the outcomes of the plan's strategy they measure.
    outcomes_of = defaultdict(list)
    for indicator_id, number in (
        Indicator.outcomes.through.objects.filter(
            indicator_id__in=ids, outcome__strategy_id=plan.strategy_id
        )
        .order_by("outcome__number")
        .values_list("indicator_id", "outcome__number")
    ):
        outcomes_of[indicator_id].append(number)
    return [
        {
            "name": indicator["name"],
            "unit": indicator["unit"],
            "direction": indicator["direction"],
            "baseline": _text(indicator["baseline_value"]),
            "baseline_period": indicator["baseline_period"],
            "target": _text(indicator["target_value"]),
            "target_period": indicator["target_period"],
            "public_note": indicator["public_note"],
            "values": values_of[indicator["pk"]],
            **_against_target(indicator, values_of[indicator["pk"]], targets_of[indicator["pk"]]),
            "pledges": pledges_of[indicator["pk"]],
            "outcomes": outcomes_of[indicator["pk"]],
        }
        for indicator in indicators
    ]


def _against_target(indicator, values, targets):
    """The target trajectory, and the latest value's target and RAG against it."""
    latest = values[-1] if values else None
    quarter_target = targets.get(latest["quarter"]) if latest else None
    rag = rag_against_target(
        Decimal(latest["value"]) if latest else None,
        quarter_target,
        indicator["tolerance"],
        indicator["direction"],
        provisional=latest["provisional"] if latest else False,
    )
    return {
        "trajectory": [{"quarter": q, "target": str(t)} for q, t in targets.items()],
        "quarter_target": _text(quarter_target),
        "against_target": {
            "status": rag.status.value,
            "words": rag.words,
            "provisional": rag.provisional,
        },
    }


def _recommendations(action_ids):
    """The public recommendations ("You told us — we did"), by source (newest first) then
    number, each with this plan's actions that deliver it (two queries)."""
    # Query: the actions of this plan that deliver each recommendation.
    delivering = defaultdict(list)
    for recommendation_id, reference, title in (
        Recommendation.actions.through.objects.filter(
            action_id__in=action_ids, recommendation__is_public=True
        )
        .order_by("action__reference", "action_id")
        .values_list("recommendation_id", "action__reference", "action__title")
    ):
        delivering[recommendation_id].append({"reference": reference, "title": title})
    # Query: the public recommendations with their sources' public details.
    rows = (
        Recommendation.objects.filter(is_public=True)
        .order_by("-source__published_on", "source_id", "number", "pk")
        .values(
            "pk",
            "number",
            "text",
            "status",
            "public_summary",
            "source__kind",
            "source__title",
            "source__published_on",
        )
    )
    return [
        {
            "source": {
                "kind": SourceKind(row["source__kind"]).label,
                "title": row["source__title"],
                "date": row["source__published_on"].isoformat(),
            },
            "number": row["number"],
            "text": row["text"],
            "status": row["status"],
            "status_label": RecommendationStatus(row["status"]).label,
            "public_summary": row["public_summary"],
            "actions": delivering[row["pk"]],
        }
        for row in rows
    ]


def _partner_contribution(plan, quarter):
    """Partners' verified activities for the plan in the quarter: totals by kind only."""
    # Query: verified activities in the quarter, totalled by kind.
    rows = Activity.objects.verified().filter(action__plan=plan, period=quarter).by_kind()
    return [
        {
            "kind": row["kind"],
            "label": row["kind_label"],
            "activities": row["count"],
            "people": row["people"] or 0,
            "sessions": row["sessions"] or 0,
        }
        for row in rows
    ]


def build_funding(quarter, *, published_on=None):
    """
    The office's money for the quarter's financial year, as published: every figure from
    funding.summary (the one read side of money), never summed again here.

    Awards: the summary's counted ones only, awarded, active or ended. A planned award may
    never be made and a withdrawn one was not paid, so neither is public money spent, and
    the Funding page and the quarterly report leave them out too. Each award is named by
    its title (what it pays for, in a few words, as offices publish it), not its purpose:
    that is free text for the office, with no promise that it was written for the public.
    Spend and outputs achieved: accepted returns only (a correction replacing the return
    it corrects), for the year's quarters; never one submitted or returned for changes.
    """
    published_on = published_on or timezone.localdate()
    summary = FundingSummary(quarter.year, today=published_on)
    # Queries: the year's totals; by funding source; by provider; the awards with their
    # year's amount and spend to date.
    headline, awarded, spent = summary.headline, summary.awarded, summary.spent
    awards = summary.awards
    ids = [award.pk for award in awards]
    # Query: the awards' outputs and their targets (over the whole award).
    outputs_of = defaultdict(list)
    for output_id, award_id, name, target in (
        AwardOutput.objects.filter(award_id__in=ids)
        .order_by("award_id", "pk")
        .values_list("pk", "award_id", "name", "target")
    ):
        outputs_of[award_id].append((output_id, name, target))
    # Query: what accepted returns for the year's quarters say each output achieved.
    achieved = dict(
        ReturnOutput.objects.filter(spend_return__in=summary.counted_returns().values("pk"))
        .filter(output__award_id__in=ids)
        .counting(summary.period)
        .values("output_id")
        .annotate(total=Sum("achieved"))
        .values_list("output_id", "total")
    )
    providers = {
        row["award__organisation_id"]: {
            "name": row["award__organisation__name"],
            "awarded": str(row["awarded"]),
            "awards": [],
        }
        for row in summary.by_organisation
    }
    for award in awards:
        provider = providers.setdefault(
            award.organisation_id,
            {"name": award.organisation.name, "awarded": str(ZERO), "awards": []},
        )
        provider["awards"].append(
            {
                "reference": award.reference,
                "purpose": award.title,
                "kind": award.get_kind_display(),
                "source": award.source.name,
                "ring_fenced": award.source.ring_fenced,
                "starts_on": award.starts_on.isoformat(),
                "ends_on": award.ends_on.isoformat(),
                "amount": str(award.awarded),
                "spent": str(award.spent),
                "outputs": [
                    {
                        "name": name,
                        "target": str(target),
                        "achieved": str(amount(achieved.get(output_id))),
                    }
                    for output_id, name, target in outputs_of[award.pk]
                ],
            }
        )
    return {
        "financial_year": quarter.year,
        "financial_year_label": summary.label,
        "headline": headline,
        "awarded": str(awarded),
        "spent": str(spent),
        "as_at": published_on.isoformat(),
        "by_source": [
            {
                "name": row["award__source__name"],
                "ring_fenced": row["award__source__ring_fenced"],
                "awarded": str(row["awarded"]),
            }
            for row in summary.by_source
        ],
        "providers": list(providers.values()),
    }


# --- What changed -------------------------------------------------------------------------


def diff(previous, new):
    """
    What changed from ``previous`` (a snapshot, or None) to ``new``: per action, the
    status, percent and public summary that changed; actions added and removed (by
    reference); indicators added, removed or with changed values or note.
    """
    first = previous is None
    previous = previous or {"actions": [], "indicators": []}
    before = {a["reference"]: a for a in previous.get("actions", [])}
    after = {a["reference"]: a for a in new.get("actions", [])}
    changed = []
    for reference, action in after.items():
        old = before.get(reference)
        if old is None:
            continue
        fields = []
        if old.get("status") != action["status"]:
            fields.append(_change("Status", old.get("status_label"), action["status_label"]))
        if old.get("percent_complete") != action["percent_complete"]:
            fields.append(
                _change("Percent complete", old.get("percent_complete"), action["percent_complete"])
            )
        if old.get("public_summary") != action["public_summary"]:
            fields.append(
                _change("Public summary", old.get("public_summary"), action["public_summary"])
            )
        if fields:
            changed.append({"reference": reference, "title": action["title"], "changes": fields})
    old_indicators = {i["name"]: i for i in previous.get("indicators", [])}
    new_indicators = {i["name"]: i for i in new.get("indicators", [])}
    return {
        "first": first,
        "actions_changed": changed,
        "actions_added": [r for r in after if r not in before],
        "actions_removed": [r for r in before if r not in after],
        "indicators_added": [n for n in new_indicators if n not in old_indicators],
        "indicators_removed": [n for n in old_indicators if n not in new_indicators],
        "indicators_changed": [
            name
            for name, indicator in new_indicators.items()
            if name in old_indicators and old_indicators[name] != indicator
        ],
    }


def funding_changed(previous, new):
    """Whether the funding figures changed from ``previous`` (a publication's funding, or
    None) to ``new``: not merely the day they are as at. A first one is not a change."""

    def figures(funding):
        return {key: value for key, value in funding.items() if key != "as_at"}

    return previous is not None and figures(previous) != figures(new)


def same_content(one, other):
    """Whether two things with a ``snapshot`` and ``funding`` (a publication, a request to
    publish) hold the same public content, whatever day each was built on."""

    def content(held):
        # As stored: one side may be fresh from build_snapshot, the other read back.
        snapshot, funding = json.loads(json.dumps([held.snapshot, held.funding]))
        del snapshot["metadata"]["published_on"]
        if funding:
            del funding["as_at"]
        return snapshot, funding

    return content(one) == content(other)


def _change(field, before, after):
    return {"field": field, "before": before, "after": after}
