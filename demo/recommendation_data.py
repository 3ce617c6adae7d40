"""
The demo's recommendations tracker (issue 19): three sources and their recommendations,
with owners, the actions that deliver them and their updates, loaded by
``demo_data.load_demo_data``.

Where each comes from, as each source's notes say:

- **The Merseyside (Liverpool City Region) Sexual Violence review.** Seed 002 names it:
  commissioned by the Deputy Police Commissioner jointly with NHS England, carried out by
  Liverpool John Moores University's Public Health Institute, to examine the extent and
  nature of sexual violence in the region, map the services available to victims and hear
  survivors' experience of support. The seeds do not give its recommendations: the ones
  here are synthetic, written from those aims (the demo plan's action 1.5 publishes its
  report in June 2026).
- **Lessons from domestic homicide reviews.** Seed 004 undertakes domestic homicide
  reviews "to ensure we learn from these tragedies to inform the development of
  services"; the lessons here are synthetic and name no review, person or place.
- **An HMICFRS inspection's areas for improvement.** Entirely synthetic, labelled
  "(demo)" in its title: no such report exists.

Statuses are mixed (accepted, in progress, implemented, one not accepted with its reason);
dates are relative to today, so the demo stays current: one recommendation is overdue.
Each source is made once with its recommendations and their updates (append-only): a
second run, or an update made in the demo, is left as it is.
"""

import datetime
from typing import NamedTuple

from django.utils import timezone

from recommendations.models import (
    Recommendation,
    RecommendationSource,
    RecommendationStatus,
    SourceKind,
)

S = RecommendationStatus
SYNTHETIC = "Demo: the recommendations, owners, dates and updates are synthetic."


class Update(NamedTuple):
    days_ago: int
    status: str
    note: str


class Spec(NamedTuple):
    number: str
    text: str
    owner: str
    due_in_days: int  # negative: past its due date
    actions: tuple  # references
    public_summary: str  # empty: not public
    updates: tuple = ()  # oldest first; the last one's status is the recommendation's
    reason: str = ""  # not accepted from the start: why


class SourceSpec(NamedTuple):
    kind: str
    title: str
    days_ago: int  # its date
    reference: str
    notes: str
    recommendations: tuple


def source_specs(alex, priya, sam, jordan):
    return [
        SourceSpec(
            SourceKind.REVIEW,
            "Liverpool City Region Sexual Violence review",
            160,
            "LJMU Public Health Institute, with NHS England",
            "Seed 002: the Merseyside-wide review launched by the Deputy Police Commissioner, "
            "jointly commissioned with NHS England and carried out by Liverpool John Moores "
            "University's Public Health Institute, on the extent and nature of sexual "
            "violence in the region, the services available to victims and survivors' "
            "experience of support. The seeds do not give its recommendations; these are "
            "written for the demo from those aims. " + SYNTHETIC,
            (
                Spec(
                    "SV1",
                    "Map the specialist sexual violence services in each of the five local "
                    "authority areas and publish where survivors can get help.",
                    alex,
                    -30,
                    ("1.5", "2.2"),
                    "We mapped every specialist sexual violence service in the region and "
                    "published the map, so survivors can see where to get help near them.",
                    (
                        Update(120, S.IN_PROGRESS, "Services surveyed in three of five areas."),
                        Update(
                            45,
                            S.IMPLEMENTED,
                            "Map of services published on the Victim Care Merseyside site; "
                            "reviewed with survivors' panel before publication.",
                        ),
                    ),
                ),
                Spec(
                    "SV2",
                    "Contact every survivor referred for independent sexual violence adviser "
                    "(ISVA) support within five working days.",
                    alex,
                    150,
                    ("2.2",),
                    "Independent sexual violence advisers are being recruited so that every "
                    "survivor referred is contacted within five working days.",
                    (Update(60, S.IN_PROGRESS, "Two ISVA posts recruited; waiting list down."),),
                ),
                Spec(
                    "SV3",
                    "Train neighbourhood officers in a trauma-informed first response to "
                    "reports of sexual violence.",
                    priya,
                    240,
                    ("3.1",),
                    "",
                    (Update(30, S.IN_PROGRESS, "Course written with specialist trainers."),),
                ),
                Spec(
                    "SV4",
                    "Ask survivors regularly about their experience of support, and publish "
                    "what changes as a result.",
                    alex,
                    200,
                    ("1.5",),
                    "We will ask survivors about the support they received each year and "
                    "publish what we change as a result.",
                ),
                Spec(
                    "SV5",
                    "Commission a separate sexual violence support service for sex workers.",
                    sam,
                    90,
                    ("2.4",),
                    "",
                    reason="Not accepted for 2026/27: no funding for a separate service. The "
                    "Red Umbrella project's dedicated liaison officer takes these referrals "
                    "(action 2.4); to be looked at again for 2027/28.",
                ),
            ),
        ),
        SourceSpec(
            SourceKind.DOMESTIC_HOMICIDE_REVIEW,
            "Acting on domestic homicide review lessons: partnership learning summary",
            300,
            "DHR learning summary (demo)",
            "Seed 004: undertaking domestic homicide reviews to learn from these tragedies and "
            "inform the development of services. The lessons here are written for the demo "
            "and name no review, person or place. " + SYNTHETIC,
            (
                Spec(
                    "L1",
                    "Track every review's action plan in one place shared by the five "
                    "community safety partnerships, and report progress quarterly.",
                    jordan,
                    -60,
                    ("1.4",),
                    "Every domestic homicide review's actions are now tracked in one place "
                    "shared by all five areas, with progress reported each quarter.",
                    (
                        Update(
                            200,
                            S.IMPLEMENTED,
                            "Shared review tracker in use in all five areas since January.",
                        ),
                    ),
                ),
                Spec(
                    "L2",
                    "Every GP practice has a named domestic abuse lead who makes sure "
                    "disclosures are recorded and referred.",
                    priya,
                    -20,
                    ("4.2",),
                    "",
                    (
                        Update(
                            90,
                            S.IN_PROGRESS,
                            "Named leads in 41 of 60 practices; the rest wait on the data "
                            "sharing agreement with health.",
                        ),
                    ),
                ),
                Spec(
                    "L3",
                    "Hold a learning event on review findings for frontline staff every year.",
                    jordan,
                    60,
                    ("1.4",),
                    "",
                ),
            ),
        ),
        SourceSpec(
            SourceKind.INSPECTION,
            "HMICFRS inspection of the police response to violence against women and girls (demo)",
            240,
            "HMICFRS-DEMO-2026",
            "Synthetic: there is no such report. Areas for improvement written for the demo in "
            "the style of HMICFRS inspection reports. " + SYNTHETIC,
            (
                Spec(
                    "AFI 1",
                    "The force should make sure that stalking is recognised and recorded as "
                    "stalking, not as harassment.",
                    sam,
                    120,
                    ("3.2",),
                    "Police, prosecutors and court staff are being trained by stalking "
                    "specialists so that stalking is recognised and recorded as stalking.",
                    (Update(50, S.IN_PROGRESS, "First two cohorts trained; audit planned."),),
                ),
                Spec(
                    "AFI 2",
                    "The force should make sure victims of domestic abuse are kept up to date "
                    "with their case.",
                    sam,
                    180,
                    ("2.1",),
                    "",
                ),
                Spec(
                    "AFI 3",
                    "The force should improve how it manages the risk posed by serial "
                    "perpetrators of domestic abuse and stalking.",
                    jordan,
                    270,
                    ("5.1", "5.2"),
                    "",
                    (Update(20, S.IN_PROGRESS, "Pilot cohort identified in two areas."),),
                ),
            ),
        ),
    ]


def load_recommendations(leads, actions, users):
    """The demo's tracker, made once; returns nothing."""
    from .demo_data import ALEX, JORDAN, PRIYA, SAM  # demo_data loads this module

    today = timezone.localdate()
    now = timezone.now()
    by_reference = {action.reference: action for action in actions}
    people = {name: leads[name] for name in (ALEX, PRIYA, SAM, JORDAN)}
    for spec in source_specs(ALEX, PRIYA, SAM, JORDAN):
        if RecommendationSource.objects.filter(title=spec.title).exists():
            continue
        source = RecommendationSource.objects.create(
            kind=spec.kind,
            title=spec.title,
            published_on=today - datetime.timedelta(days=spec.days_ago),
            reference=spec.reference,
            notes=spec.notes,
            is_demo=True,
        )
        for item in spec.recommendations:
            recommendation = Recommendation.objects.create(
                source=source,
                number=item.number,
                text=item.text,
                owner=people[item.owner],
                due_on=today + datetime.timedelta(days=item.due_in_days),
                status=S.NOT_ACCEPTED if item.reason else S.ACCEPTED,
                reason=item.reason,
                is_public=bool(item.public_summary),
                public_summary=item.public_summary,
                created_at=now - datetime.timedelta(days=spec.days_ago),
            )
            recommendation.actions.set([by_reference[ref] for ref in item.actions])
            for update in item.updates:
                recommendation.record_update(
                    by=users["lead"] if item.owner == ALEX else users["staff"],
                    status=update.status,
                    note=update.note,
                    on=today - datetime.timedelta(days=update.days_ago),
                )
