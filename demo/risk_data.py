"""
The demo's risk register (issue 19): seven risks to the plan's delivery, with their
mitigations and reviews, loaded by ``demo_data.load_demo_data``.

Shaped by the seeds, every score and date synthetic (each description says so). The
five-point plan's interim report (seeds 000 and 001) records fewer IDVAs, a 31% cut in
funding to refuges and specialist police units "under threat"; seed 004 keeps IDVAs and
ISVAs as the specialist services to continue and wants domestic abuse identified in GP
practices (which needs data shared with health); seed 003 asks for ring-fenced funding that
reaches smaller organisations and for specialist-led training. Dates are relative to
today, so the demo stays current: one risk is past its review date.

Each risk is made once, with its reviews (append-only, as reviews are): a second run, or
a review made in the demo, is left as it is.
"""

import datetime
from typing import NamedTuple

from django.utils import timezone

from risks.models import Category, Mitigation, Risk, RiskReview

DEMO = "Demo values: the scores, dates and mitigations are synthetic."


class Review(NamedTuple):
    days_ago: int
    before: tuple  # (likelihood, impact)
    after: tuple
    comment: str


class RiskSpec(NamedTuple):
    title: str
    description: str
    category: str
    owner: str
    target: int
    review_in_days: int  # negative: past its review date
    actions: tuple  # references
    pledges: tuple  # codes, e.g. "FP2"
    mitigations: tuple  # (text, owner, due in days, done days ago or None)
    reviews: tuple  # oldest first; the last one's scores are the risk's


def risk_specs(alex, priya, sam, jordan):
    return [
        RiskSpec(
            "Funding cliff for IDVA and ISVA posts in March 2027",
            "The ring-fenced grant for independent domestic and sexual violence advisers ends "
            "in March 2027 with no confirmed successor; posts would be lost, as IDVAs were "
            "before the five-point plan. " + DEMO,
            Category.FUNDING,
            alex,
            6,
            30,
            ("2.2",),
            ("FP2",),
            (
                (
                    "Bid to the Ministry of Justice for three-year funding of existing posts",
                    alex,
                    45,
                    None,
                ),
                (
                    "Agree bridging funding from the PCC's own budget if the bid fails",
                    alex,
                    90,
                    None,
                ),
            ),  # fmt: skip
            (
                Review(150, (3, 5), (4, 5), "No word from the Ministry on 2027/28 allocations."),
                Review(40, (4, 5), (4, 5), "Bid submitted; decision expected in the new year."),
            ),
        ),
        RiskSpec(
            "Health data sharing agreement not signed for GP identification work",
            "The domestic abuse surgery and GP identification work needs an information "
            "sharing agreement with health commissioners; without it referrals cannot be "
            "tracked. " + DEMO,
            Category.DATA_SHARING,
            jordan,
            4,
            -12,
            ("4.2",),
            ("FP4",),
            (
                (
                    "Draft the information sharing agreement with the ICB's data protection "
                    "officer",
                    jordan,
                    20,
                    None,
                ),
            ),  # fmt: skip
            (Review(120, (3, 4), (4, 4), "The ICB's Caldicott guardian asked for a new DPIA."),),
        ),
        RiskSpec(
            "Vacancies in specialist domestic abuse and public protection units",
            "Detective vacancies in the specialist units slow investigations; the interim "
            "report warned specialist units were under threat. " + DEMO,
            Category.WORKFORCE,
            sam,
            6,
            45,
            ("2.1",),
            ("FP2",),
            (
                (
                    "Ring-fence the specialist units' establishment in the force workforce plan",
                    sam,
                    60,
                    None,
                ),
                ("Run a detective recruitment campaign for public protection", sam, 120, None),
            ),  # fmt: skip
            (
                Review(160, (4, 3), (4, 4), "Three detective sergeant posts vacant."),
                Review(70, (4, 4), (3, 4), "Two posts filled from the last intake."),
            ),
        ),
        RiskSpec(
            "Smaller specialist organisations miss out on ring-fenced funding",
            "Commissioning rules favour large providers, so smaller organisations led by and "
            "for women may not reach the ring-fenced money WE's first call asks for. " + DEMO,
            Category.PARTNERSHIP,
            alex,
            4,
            60,
            ("2.3", "2.4"),
            ("WE1",),
            (("Add a small-grants lot to the next victim services round", alex, 100, None),),
            (Review(100, (3, 3), (3, 3), "Small-grants lot agreed in principle."),),
        ),
        RiskSpec(
            "Specialist stalking trainers not available for the criminal justice programme",
            "Few specialist trainers are available, and the programme must be specialist-led. "
            + DEMO,
            Category.PARTNERSHIP,
            sam,
            4,
            75,
            ("3.2",),
            ("WE2",),
            (("Book trainers from the National Stalking Helpline's network", sam, 30, 10),),
            (Review(80, (3, 3), (2, 3), "Trainers booked for the first four cohorts."),),
        ),
        RiskSpec(
            "Legal challenge to the women-only review court pilot",
            "A challenge under equality law could pause the pilot. " + DEMO,
            Category.LEGAL,
            priya,
            3,
            50,
            ("4.4",),
            (),
            (
                (
                    "Obtain counsel's opinion on the pilot's equality impact assessment",
                    priya,
                    40,
                    None,
                ),
            ),  # fmt: skip
            (),
        ),
        RiskSpec(
            "Public confidence falls after a domestic homicide review is published",
            "A review's findings could undermine confidence in reporting. " + DEMO,
            Category.REPUTATION,
            jordan,
            4,
            90,
            ("1.4",),
            ("FP1",),
            (("Publish each review's action plan alongside its summary", jordan, 60, None),),
            (Review(60, (2, 4), (2, 4), "No review due for publication this quarter."),),
        ),
    ]


def load_risks(leads, actions, pledges, users):
    """The demo's register, made once; returns nothing."""
    from .demo_data import ALEX, JORDAN, PRIYA, SAM  # demo_data loads this module

    today = timezone.localdate()
    now = timezone.now()
    by_reference = {action.reference: action for action in actions}
    people = {name: leads[name] for name in (ALEX, PRIYA, SAM, JORDAN)}
    for spec in risk_specs(ALEX, PRIYA, SAM, JORDAN):
        if Risk.objects.filter(title=spec.title).exists():
            continue
        likelihood, impact = spec.reviews[-1].after if spec.reviews else (3, 3)
        risk = Risk.objects.create(
            title=spec.title,
            description=spec.description,
            category=spec.category,
            owner=people[spec.owner],
            likelihood=likelihood,
            impact=impact,
            target_score=spec.target,
            next_review=today + datetime.timedelta(days=spec.review_in_days),
            created_at=now - datetime.timedelta(days=200),
        )
        risk.actions.set([by_reference[reference] for reference in spec.actions])
        risk.pledges.set([pledges[code] for code in spec.pledges])
        for text, owner, due_in, done_ago in spec.mitigations:
            Mitigation.objects.create(
                risk=risk,
                text=text,
                owner=people[owner],
                due_on=today + datetime.timedelta(days=due_in),
                done_on=None if done_ago is None else today - datetime.timedelta(days=done_ago),
            )
        for review in spec.reviews:
            RiskReview.objects.create(
                risk=risk,
                reviewed_by=users["lead"] if spec.owner == ALEX else users["staff"],
                reviewed_at=now - datetime.timedelta(days=review.days_ago),
                likelihood_before=review.before[0],
                impact_before=review.before[1],
                likelihood_after=review.after[0],
                impact_after=review.after[1],
                comment=review.comment,
            )
