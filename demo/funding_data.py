"""
The demo's money (issue 17): funding sources, awards to the demo's partner organisations,
and the quarterly spend returns on them, loaded by ``demo_data.load_demo_data``.

Shaped by the seeds, every amount synthetic. The seeds give no sums, only what the money is
for: the five-point plan's interim report (seed 000, repeated by seed 001) cites a 31% cut
in funding to refuges and domestic violence services and fewer IDVAs; seed 002 has Savera
UK commissioned by the Police Commissioner within Victim Care Merseyside and "secured
funding" for two modern slavery workshops; seed 003 (WE's call 1) asks for ring-fenced
funding that reaches smaller organisations "for and led by women"; seed 004 names IDVAs
and ISVAs as the specialist services to keep. The glossary gives the Ministry of Justice's
ring-fenced IDVA/ISVA grants and their quarterly returns. Every purpose and condition says
the figures are demo values; the Home Office fund is invented and its name says so.

Returns exist for the reporting quarters that have ended (as of today, so the demo stays
current): every quarter, except on the Home Office fund's serial perpetrator pilot, whose
source asks for returns every six months (one for each half-year, made at Q2 and Q4);
most accepted; for the newest ended quarter, Savera UK's is returned with a comment (the
second demo partner user has it to amend), SafeLives' waits for review (the first demo
partner user's), and the refuge's is missing, so it is overdue. Returns are made once
per award: a second run changes nothing.
"""

import datetime
from decimal import Decimal
from typing import NamedTuple

from django.utils import timezone

from funding.models import (
    Award,
    AwardKind,
    AwardOutput,
    AwardStatus,
    AwardYear,
    FundingKind,
    FundingSource,
    OutputKind,
    ReportingFrequency,
    ReturnEventKind,
    ReturnState,
    SpendReturn,
)
from vawg_tracker.money import PENNY
from vawg_tracker.quarters import Quarter

D = datetime.date
DEMO_TERMS = "Demo values: the amounts and terms are synthetic, not the funder's."

# --- Funding sources -------------------------------------------------------------------------

MOJ_GRANT = "Ministry of Justice: victim services grant"
MOJ_IDVA_ISVA = "Ministry of Justice: ring-fenced IDVA/ISVA allocation"
HOME_OFFICE = "Home Office: perpetrator and safer streets fund (synthetic)"
PCC_BUDGET = "The PCC's own budget: community safety fund"
LCRCA = "Liverpool City Region Combined Authority"

SOURCES = [
    # name, funder, kind, ring-fenced for ("" if not), reporting, ends on, conditions
    (
        MOJ_GRANT,
        "Ministry of Justice",
        FundingKind.CENTRAL_GOVERNMENT,
        "",
        ReportingFrequency.QUARTERLY,
        D(2027, 3, 31),
        "For victim services the PCC commissions, such as Victim Care Merseyside; quarterly "
        "monitoring returns to the Ministry. " + DEMO_TERMS,
    ),
    (
        MOJ_IDVA_ISVA,
        "Ministry of Justice",
        FundingKind.CENTRAL_GOVERNMENT,
        "independent domestic and sexual violence adviser (IDVA and ISVA) posts",
        ReportingFrequency.QUARTERLY,
        D(2027, 3, 31),
        "Only for IDVA and ISVA posts. Each quarter the office returns spend, posts filled and "
        "people supported. " + DEMO_TERMS,
    ),
    (
        HOME_OFFICE,
        "Home Office",
        FundingKind.CENTRAL_GOVERNMENT,
        "work with perpetrators of domestic abuse, sexual violence and stalking",
        ReportingFrequency.HALF_YEARLY,
        D(2027, 3, 31),
        "An invented fund, modelled on the Home Office's perpetrator and safer streets "
        "funding; not a real programme. " + DEMO_TERMS,
    ),
    (
        PCC_BUDGET,
        "Office of the Police and Crime Commissioner for Merseyside",
        FundingKind.PCC_BUDGET,
        "",
        ReportingFrequency.QUARTERLY,
        None,
        "Grants from the PCC's own budget, agreed each year with the police and crime "
        "plan. " + DEMO_TERMS,
    ),
    (
        LCRCA,
        "Liverpool City Region Combined Authority",
        FundingKind.COMBINED_AUTHORITY,
        "",
        ReportingFrequency.QUARTERLY,
        D(2026, 12, 31),
        "The Metro Mayor's support for the city region's VAWG work. " + DEMO_TERMS,
    ),
]

# --- Awards ----------------------------------------------------------------------------------


class Output(NamedTuple):
    name: str
    kind: OutputKind
    target: str  # over the whole award


class AwardSpec(NamedTuple):
    reference: str
    title: str
    source: str
    organisation: str
    kind: AwardKind
    status: AwardStatus
    starts_on: datetime.date
    ends_on: datetime.date
    years: dict  # financial year -> amount (text, pounds and pence)
    actions: list  # action references
    outputs: list
    purpose: str


PEOPLE, POSTS, SESSIONS, OTHER = (
    OutputKind.PEOPLE_SUPPORTED,
    OutputKind.POSTS,
    OutputKind.SESSIONS,
    OutputKind.OTHER,
)
GRANT, CONTRACT = AwardKind.GRANT, AwardKind.CONTRACT
ACTIVE, AWARDED = AwardStatus.ACTIVE, AwardStatus.AWARDED


def _purpose(text):
    return f"{text} Demo values: the amounts, targets and returns are synthetic."


def award_specs():
    """The demo's awards, each to a partner organisation named in demo_data."""
    from . import demo_data as names  # demo_data loads this module: import it when called

    return [
        # Seed 000, pledge 2 (the network of advisers); seed 004 (IDVAs and ISVAs); the
        # glossary (the Ministry's ring-fenced grants): action 2.2's posts.
        AwardSpec(
            "VAWG-2025-001",
            "IDVA posts across Merseyside",
            MOJ_IDVA_ISVA,
            names.WOMENS_AID,
            GRANT,
            ACTIVE,
            D(2025, 4, 1),
            D(2027, 3, 31),
            {2025: "356480.00", 2026: "412915.50"},
            ["2.2"],
            [
                Output("IDVA posts (FTE)", POSTS, "9.0"),
                Output("People supported", PEOPLE, "1400"),
            ],
            _purpose(
                "The ring-fenced allocation for independent domestic violence advisers: the "
                "existing posts and, from 2026/27, the four new ones action 2.2 recruits."
            ),
        ),
        AwardSpec(
            "VAWG-2025-002",
            "ISVA posts for survivors of sexual violence",
            MOJ_IDVA_ISVA,
            names.RAPE_CRISIS,
            GRANT,
            ACTIVE,
            D(2025, 4, 1),
            D(2027, 3, 31),
            {2025: "198240.00", 2026: "204187.20"},
            ["2.2", "1.5"],
            [
                Output("ISVA posts (FTE)", POSTS, "5.0"),
                Output("People supported", PEOPLE, "640"),
            ],
            _purpose(
                "The ring-fenced allocation for independent sexual violence advisers, who also "
                "took up the Sexual Violence review's recommendations on counselling."
            ),
        ),
        # Seed 003, call 1: ring-fenced money reaching a smaller organisation "for and led
        # by women" (the provider is the demo's own, by and for Black and minoritised women).
        AwardSpec(
            "VAWG-2025-003",
            "IDVA service by and for Black and minoritised women",
            MOJ_IDVA_ISVA,
            names.BY_AND_FOR,
            GRANT,
            ACTIVE,
            D(2025, 4, 1),
            D(2027, 3, 31),
            {2025: "64350.00", 2026: "66280.50"},
            ["2.2"],
            [
                Output("IDVA posts (FTE)", POSTS, "1.5"),
                Output("People supported", PEOPLE, "180"),
            ],
            _purpose(
                "Part of the ring-fenced allocation, for culturally specific advocacy from a "
                "small specialist provider led by and for the women it serves."
            ),
        ),
        # Seed 002: Savera UK commissioned within Victim Care Merseyside.
        AwardSpec(
            "VAWG-2025-004",
            "Harmful practices support service (Victim Care Merseyside)",
            MOJ_GRANT,
            names.SAVERA,
            CONTRACT,
            ACTIVE,
            D(2025, 4, 1),
            D(2027, 3, 31),
            {2025: "142600.00", 2026: "146878.00"},
            ["2.3"],
            [
                Output("People supported", PEOPLE, "160"),
                Output("Awareness sessions", SESSIONS, "10"),
            ],
            _purpose(
                "Savera UK's dedicated support service for all victims of forced marriage, FGM "
                "and so-called honour-based abuse in the region, commissioned by the Police "
                "Commissioner as part of Victim Care Merseyside."
            ),
        ),
        # Seed 000 (and 001): the refuges and domestic violence services whose 31% cut the
        # five-point plan cites, and the 230 people turned away on an average day in 2011.
        AwardSpec(
            "VAWG-2025-005",
            "Refuge places and community outreach",
            MOJ_GRANT,
            names.REFUGE,
            CONTRACT,
            ACTIVE,
            D(2025, 4, 1),
            D(2027, 3, 31),
            {2025: "287500.00", 2026: "296125.00"},
            ["2.2", "4.4"],
            [
                Output("Households given refuge", PEOPLE, "90"),
                Output("Outreach sessions", SESSIONS, "600"),
            ],
            _purpose(
                "Safe accommodation and outreach, so that fewer women are turned away: the "
                "five-point plan cites a 31% cut in funding to refuges and domestic violence "
                "services."
            ),
        ),
        # Seed 000, pledge 2, and the demo's action 2.2 (the trainee route with SafeLives);
        # seed 002 (SafeLives and the SDVAG).
        AwardSpec(
            "VAWG-2025-006",
            "IDVA trainee route and SDVAG support",
            PCC_BUDGET,
            names.SAFELIVES,
            GRANT,
            ACTIVE,
            D(2025, 7, 1),
            D(2027, 3, 31),
            {2025: "48000.00", 2026: "52750.75"},
            ["2.2", "1.3"],
            [
                Output("Trainee IDVAs supported", POSTS, "2.0"),
                Output("Training sessions", SESSIONS, "12"),
            ],
            _purpose(
                "SafeLives' support for the SDVAG's action plan and the trainee route that "
                "lets the office appoint IDVAs without the qualification and train them."
            ),
        ),
        # Seed 002: "Funding has been secured by the Commissioner's office to host two
        # workshops" on modern slavery (the funder is the demo's choice).
        AwardSpec(
            "VAWG-2025-007",
            "Two modern slavery awareness workshops",
            LCRCA,
            names.LIVERPOOL,
            GRANT,
            ACTIVE,
            D(2025, 10, 1),
            D(2026, 12, 31),
            {2025: "9150.00", 2026: "9250.00"},
            ["4.5"],
            [
                Output("Workshops held", SESSIONS, "2"),
                Output("Employers and partners attending", OTHER, "120"),
            ],
            _purpose(
                "The secured funding for two workshops, one for employers and one for "
                "community safety partners, hosted with the five councils."
            ),
        ),
        # Seed 000, pledge 5; seed 003, call 4: the serial perpetrator pilot.
        AwardSpec(
            "VAWG-2025-008",
            "Serial perpetrator active monitoring pilot",
            HOME_OFFICE,
            names.POLICE,
            GRANT,
            ACTIVE,
            D(2025, 10, 1),
            D(2027, 3, 31),
            {2025: "175000.00", 2026: "240500.00"},
            ["5.1"],
            [
                Output("Serial perpetrators under active management", OTHER, "50"),
                Output("Multi-agency panels held", SESSIONS, "24"),
            ],
            _purpose(
                "The pilot's analysts and offender managers in two areas, from an invented "
                "Home Office fund."
            ),
        ),
        # Seed 002: Red Umbrella with Changing Lives.
        AwardSpec(
            "VAWG-2025-009",
            "Red Umbrella project",
            PCC_BUDGET,
            names.CHANGING_LIVES,
            GRANT,
            ACTIVE,
            D(2025, 4, 1),
            D(2027, 3, 31),
            {2025: "86400.00", 2026: "88992.00"},
            ["2.4"],
            [
                Output("People supported", PEOPLE, "200"),
                Output("Outreach sessions", SESSIONS, "96"),
            ],
            _purpose("Outreach to street and online sex workers and help to report crimes."),
        ),
        # Seed 003, call 1 (stalking support); action 2.2's stalking advocate, in post from
        # January 2027: awarded, not yet started, so no returns.
        AwardSpec(
            "VAWG-2026-010",
            "Stalking advocate",
            PCC_BUDGET,
            names.PALADIN,
            GRANT,
            AWARDED,
            D(2027, 1, 1),
            D(2028, 3, 31),
            {2026: "11250.00", 2027: "47300.00"},
            ["2.2"],
            [
                Output("Stalking advocate posts (FTE)", POSTS, "1.0"),
                Output("People supported", PEOPLE, "60"),
            ],
            _purpose("A specialist stalking advocate working alongside the IDVAs."),
        ),
    ]


# The newest ended quarter: Savera UK's return is sent back, SafeLives' waits for review,
# the refuge has sent none.
RETURNED = (
    "VAWG-2025-004",
    "Please split the spend between the support service and the awareness sessions, as the "
    "contract's schedule asks, and say why the sessions fell behind.",
)
AWAITING_REVIEW = "VAWG-2025-006"
OVERDUE = "VAWG-2025-005"

# Quarter by quarter, spend as a share of a quarter of the year's amount (a vacancy, a
# catch-up), repeating; beyond 3% either way the return explains it.
SPEND_PROFILE = [
    Decimal("0.96"),
    Decimal("1.00"),
    Decimal("1.02"),
    Decimal("0.91"),
    Decimal("1.01"),
    Decimal("1.06"),
    Decimal("0.99"),
]
UNDER = "Spend below profile: a post was vacant for part of the quarter (synthetic demo note)."
OVER = "Spend above profile: cover for a vacancy and a backlog of cases (synthetic demo note)."


def load_funding(partners, actions, users):
    """Sources, awards (with years, outputs and actions) and returns; idempotent."""
    from .demo_data import _set_m2m, _upsert  # demo_data loads this module

    sources = {}
    for name, funder, kind, ring_fenced_for, reporting, ends_on, conditions in SOURCES:
        sources[name] = _upsert(
            FundingSource,
            {"name": name},
            {
                "funder": funder,
                "kind": kind,
                "ring_fenced": bool(ring_fenced_for),
                "ring_fenced_for": ring_fenced_for,
                "reporting_frequency": reporting,
                "ends_on": ends_on,
                "conditions": conditions,
            },
        )
    by_reference = {action.reference: action for action in actions}
    awards = []
    for spec in award_specs():
        award = _upsert(
            Award,
            {"reference": spec.reference},
            {
                "title": spec.title,
                "purpose": spec.purpose,
                "source": sources[spec.source],
                "organisation": partners[spec.organisation],
                "kind": spec.kind,
                "status": spec.status,
                "starts_on": spec.starts_on,
                "ends_on": spec.ends_on,
            },
        )
        _set_m2m(award.actions, [by_reference[reference] for reference in spec.actions])
        for year, amount in spec.years.items():
            _upsert(
                AwardYear, {"award": award, "financial_year": year}, {"amount": Decimal(amount)}
            )
        for output in spec.outputs:
            _upsert(
                AwardOutput,
                {"award": award, "name": output.name},
                {"kind": output.kind, "target": Decimal(output.target)},
            )
        _load_returns(award, users)
        awards.append(award)
    return awards


def _load_returns(award, users):
    """The award's returns for the quarters that have ended, once."""
    if award.returns.exists():
        return
    ended = [q for q in _quarters(award) if q < Quarter.current()]
    if not ended:
        return
    covered = award.quarters_covered  # a half-yearly return covers two quarters' spend
    staff = users["staff"]
    partner = _partner_user(award, users) or staff  # others email theirs; staff enter them
    reviewer = users["staff2"] if partner == staff else staff  # never who entered it
    years = {year.financial_year: year.amount for year in award.years.all()}
    outputs = list(award.outputs.all())
    quarters = len(_quarters(award))
    newest = ended[-1]
    for index, quarter in enumerate(ended):
        if quarter == newest and award.reference == OVERDUE:
            continue
        factor = SPEND_PROFILE[(index + award.pk) % len(SPEND_PROFILE)]
        share = years.get(quarter.year, Decimal(0)) * covered(quarter) / 4
        spend = (share * factor).quantize(PENNY)
        note = UNDER if factor < Decimal("0.97") else OVER if factor > Decimal("1.03") else ""
        returned = quarter == newest and award.reference == RETURNED[0]
        waiting = quarter == newest and award.reference == AWAITING_REVIEW
        state = (
            ReturnState.RETURNED
            if returned
            else ReturnState.SUBMITTED
            if waiting
            else ReturnState.ACCEPTED
        )
        # Through the model's own steps, as a partner and staff would take them, then
        # dated to when they would have happened.
        spend_return = SpendReturn.submit(
            award=award,
            period=quarter,
            spend=spend,
            variance_note=note,
            achieved={output: _achieved(output, quarters, factor) for output in outputs},
            user=partner,
        )
        submitted_at = _at(quarter.end + datetime.timedelta(days=18))
        SpendReturn.objects.filter(pk=spend_return.pk).update(
            created_at=submitted_at, updated_at=submitted_at
        )
        _date(spend_return, ReturnEventKind.SUBMITTED, submitted_at)
        if state != ReturnState.SUBMITTED:
            kind = ReturnEventKind.RETURNED if returned else ReturnEventKind.ACCEPTED
            spend_return.move(
                to=state,
                allowed_from=[ReturnState.SUBMITTED],
                user=reviewer,
                event=kind,
                comment=RETURNED[1] if returned else "",
            )
            _date(spend_return, kind, _at(quarter.end + datetime.timedelta(days=25)))


def _quarters(award):
    """The quarters the award owes a return for: its source's reporting quarters."""
    return award.reporting_quarters()


def _partner_user(award, users):
    from .demo_data import PARTNER_USERS

    for username, organisation in PARTNER_USERS:
        if award.organisation.name == organisation:
            return users[username]
    return None


def _achieved(output, quarters, factor):
    """A return's share of the target (posts: the posts filled), near the spend profile."""
    if output.kind == OutputKind.POSTS:
        return (output.target * min(factor, Decimal(1))).quantize(Decimal("0.1"))
    # People and sessions come whole.
    return (output.target / quarters * factor).quantize(Decimal(1))


def _at(day):
    """Mid-morning on the day, and never in the future."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 30)))
    return min(moment, timezone.now() - datetime.timedelta(hours=1))


def _date(spend_return, kind, at):
    """Date the return's step of this kind to ``at``."""
    spend_return.events.filter(kind=kind).update(created_at=at)
    if kind != ReturnEventKind.SUBMITTED:
        SpendReturn.objects.filter(pk=spend_return.pk).update(updated_at=at)
