"""
A large synthetic data set for benchmarks: ``generate(actions, seed=1)``.

``generate(2000)`` makes 2,000 actions across five plans ("Scale plan 1" to "Scale plan 5")
in the demo strategy, each with ten quarterly progress updates and two to four milestones,
and beside them 200 partner organisations, 20 lead specialists (each with a login), 50
indicators with 40 quarterly values each (every value broken down by sex), and the links
between them; and money (issue 17): five funding sources and about one award per action
(an organisation's grant for one or two actions over four to eight quarters, two outputs
with targets), with an amount for each financial year it touches and a spend return for
each of its ended quarters (the last four at most; a few waiting for review, returned or
missing); and a risk register (issue 19) of one risk for every ten actions, with
mitigations and reviews; and one recommendation for every two actions (1,000 beside the
default 2,000 actions), in sources of twenty, each with an update. Everything is
invented: people are "<first name> Scale", emails are @example.invalid, organisations and
indicators end in "(synthetic)". The same seed on the same day gives the same data.

Rows go in with ``bulk_create``, so nothing here calls ``save()``: django-simple-history
records no history for them, and ``Action.record_progress`` is not used. Instead each
action's status and percent complete are set to those of its latest (last) update before
the actions are inserted, which is the invariant ``record_progress`` keeps.

The strategy, its outcomes and focus areas, the forms of VAWG and the two pledge sets are
the demo ones (``demo.demo_data``), fetched or created by their natural keys, so scale data
sits beside demo data. ``generate`` refuses (``ScaleDataExists``) to run a second time.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
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
    ReturnEvent,
    ReturnEventKind,
    ReturnOutput,
    ReturnState,
    SpendReturn,
)
from partners.models import OrganisationKind, PartnerOrganisation, SizeBand
from plans.models import (
    Action,
    ActionPlan,
    Dimension,
    Direction,
    FocusArea,
    Frequency,
    Indicator,
    IndicatorBreakdown,
    IndicatorTarget,
    IndicatorValue,
    LeadSpecialist,
    Milestone,
    Outcome,
    PlanState,
    ProgressUpdate,
    Status,
    Strategy,
    ViolenceForm,
)
from pledges.models import Pledge, PledgeSet
from recommendations.models import (
    Recommendation,
    RecommendationSource,
    RecommendationStatus,
    RecommendationUpdate,
    SourceKind,
)
from risks.models import Category, Mitigation, Risk, RiskReview, RiskStatus
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from . import demo_data

PLAN_TITLES = [f"Scale plan {number}" for number in range(1, 6)]
ACTIVE_PLANS = 2  # plans 1 and 2 are active, 3 to 5 closed
UPDATES_PER_ACTION = 10
MILESTONES_PER_ACTION = (2, 4)
PARTNER_COUNT = 200
LEAD_COUNT = 20
INDICATOR_COUNT = 50
VALUES_PER_INDICATOR = 40
TARGET_QUARTERS = 8  # an indicator's targets: its last eight quarters, and four to come
USERNAME_PREFIX = "scale-"
SYNTHETIC = "(synthetic)"
BATCH_SIZE = 2000

NOT_STARTED, ON_TRACK, AT_RISK, OFF_TRACK, COMPLETED, CANCELLED = (
    Status.NOT_STARTED,
    Status.ON_TRACK,
    Status.AT_RISK,
    Status.OFF_TRACK,
    Status.COMPLETED,
    Status.CANCELLED,
)

# How actions end up, by the state of their plan: (status, weight).
FINAL_STATUSES = {
    PlanState.ACTIVE: [
        (NOT_STARTED, 3),
        (ON_TRACK, 45),
        (AT_RISK, 20),
        (OFF_TRACK, 10),
        (COMPLETED, 17),
        (CANCELLED, 5),
    ],
    PlanState.CLOSED: [(COMPLETED, 75), (CANCELLED, 12), (AT_RISK, 5), (OFF_TRACK, 8)],
}
# Quarter to quarter, while work is under way: the next status and its weight.
NEXT_STATUS = {
    ON_TRACK: [(ON_TRACK, 80), (AT_RISK, 15), (OFF_TRACK, 5)],
    AT_RISK: [(ON_TRACK, 45), (AT_RISK, 35), (OFF_TRACK, 20)],
    OFF_TRACK: [(ON_TRACK, 15), (AT_RISK, 40), (OFF_TRACK, 45)],
}


class ScaleDataExists(Exception):
    """The database already holds scale data; generating it again would double it."""


# --- Vocabulary ------------------------------------------------------------------------------

FIRST_NAMES = [
    "Alex", "Bailey", "Cameron", "Dana", "Eden", "Frankie", "Gray", "Harley", "Indy", "Jamie",
    "Kendall", "Logan", "Morgan", "Noel", "Oakley", "Parker", "Quinn", "Riley", "Sasha", "Taylor",
]  # fmt: skip
JOB_TITLES = [
    "VAWG Lead Specialist",
    "Domestic Abuse Coordinator",
    "Sexual Violence Partnership Lead",
    "Detective Inspector, Public Protection",
    "Community Safety Manager",
    "Safeguarding Lead",
    "Harmful Practices Lead",
    "Commissioning Manager",
]
LEAD_ORGANISATIONS = [
    f"Office of the Police and Crime Commissioner {SYNTHETIC}",
    f"Force Public Protection Unit {SYNTHETIC}",
    f"Community Safety Partnership {SYNTHETIC}",
]
# Fictional places: 20 towns x 10 kinds of organisation = 200 partners.
TOWNS = [
    "Ashcombe", "Brackenford", "Calderwick", "Dunmere", "Elmstead", "Fernleigh", "Greyholt",
    "Hollinsby", "Ivydale", "Juniper Cross", "Kestrel Bay", "Larchmoor", "Millbeck",
    "Northolme", "Oakhaven", "Pennywell", "Quarrydale", "Ravensmoor", "Stonebury", "Thornwick",
]  # fmt: skip
PARTNER_KINDS = [
    (OrganisationKind.REFUGE, "{town} Women's Refuge", "Safe accommodation and outreach."),
    (
        OrganisationKind.SPECIALIST_CHARITY,
        "{town} Domestic Abuse Support",
        "Independent advocacy for victims and survivors.",
    ),
    (OrganisationKind.LOCAL_AUTHORITY, "{town} Borough Council", "Local authority and CSP."),
    (OrganisationKind.HEALTH, "{town} Health Trust", "Hospital and community health services."),
    (OrganisationKind.EDUCATION, "{town} Academy", "Secondary school; healthy relationships."),
    (OrganisationKind.POLICE, "{town} Neighbourhood Policing Team", "Local policing team."),
    (OrganisationKind.CRIMINAL_JUSTICE, "{town} Magistrates' Court", "Criminal courts."),
    (OrganisationKind.UNIVERSITY, "University of {town}", "Research and evaluation partner."),
    (OrganisationKind.BUSINESS, "{town} Retail Group", "Employer in the workplace scheme."),
    (OrganisationKind.OTHER, "{town} Community Association", "Community and faith groups."),
]
DISTRICTS = ["North", "South", "East", "West", "Central"]

ACTION_VERBS = [
    "Commission", "Expand", "Pilot", "Review", "Deliver", "Develop", "Embed", "Evaluate",
    "Extend", "Launch", "Strengthen", "Co-ordinate",
]  # fmt: skip
ACTION_OBJECTS = [
    "independent domestic violence advisers in A&E",
    "specialist training for neighbourhood officers",
    "healthy relationships lessons in secondary schools",
    "a stalking clinic with the probation service",
    "outreach for victims of so-called honour-based abuse",
    "a perpetrator behaviour-change programme",
    "safe accommodation for women with complex needs",
    "the night-time economy safety scheme",
    "a workplace domestic abuse policy toolkit",
    "support for survivors of sexual violence awaiting trial",
    "multi-agency risk assessment conferences",
    "a public awareness campaign on coercive control",
    "the serial perpetrator management pilot",
    "trauma-informed practice across partner agencies",
    "reporting routes for intimate image abuse",
    "FGM awareness sessions with community groups",
]
ACTION_PLACES = [f"the {district} district" for district in DISTRICTS] + ["every district"]

MILESTONE_TITLES = [
    "Scope agreed with partners",
    "Funding confirmed",
    "Provider commissioned",
    "Staff recruited and trained",
    "Pilot launched",
    "First cohort completed",
    "Interim evaluation reported to the board",
    "Survivor feedback gathered",
    "Service rolled out to all districts",
    "Final evaluation published",
]

NARRATIVES = {
    NOT_STARTED: [
        "Work has not started; the business case is with the commissioning board.",
        "Awaiting confirmation of funding before work can begin.",
        "Partners are agreeing who will lead delivery; no activity yet this quarter.",
    ],
    ON_TRACK: [
        "Delivery continued as planned this quarter with {partner}.",
        "{count} sessions delivered with {partner}; feedback has been positive.",
        "Referrals rose to {count} this quarter; {partner} met every agreed milestone.",
        "Steering group met twice; delivery with {partner} is on schedule.",
    ],
    AT_RISK: [
        "Delivery slowed this quarter; {count} of the planned sessions went ahead.",
        "{partner} reported capacity pressures; the timetable is under review.",
        "Some milestones slipped this quarter while {partner} recruits.",
    ],
    OFF_TRACK: [
        "Delivery has stalled; only {count} referrals were received this quarter.",
        "The main milestone was missed and {partner} has paused the work.",
        "Work is well behind plan; a recovery plan is being drawn up with {partner}.",
    ],
    COMPLETED: [
        "All milestones met and the final report was agreed by the board.",
        "The work is complete and has passed into business as usual with {partner}.",
    ],
    CANCELLED: [
        "The board agreed to stop this action; its aims are now met by other work.",
        "Cancelled after the funding bid was unsuccessful.",
    ],
}
NEXT_STEPS = [
    "Report progress to the strategic board next quarter.",
    "Agree next quarter's delivery plan with partners.",
    "Gather survivor feedback and share it with the steering group.",
    "Complete the data-sharing agreement.",
    "",
]
RISKS = [
    "Staff turnover in partner agencies.",
    "Funding beyond March is not yet confirmed.",
    "Data from partners arrives late.",
    "",
    "",
]
REASONS = [
    "A key post has been vacant for three months.",
    "Funding for the second year has not been confirmed.",
    "The provider withdrew and the service is being recommissioned.",
    "Referrals are well below the expected level.",
    "Partner capacity has been diverted to other priorities.",
    "Data-sharing agreement still not signed by all partners.",
    "Venue and scheduling problems delayed delivery.",
]

# Indicator measures: (name, unit, direction, baseline, target).
HIGHER, LOWER = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER
MEASURES = [
    ("Repeat referrals to MARAC", "%", LOWER, 32, 25),
    ("Domestic abuse incidents reported to police", "incidents", HIGHER, 900, 1100),
    ("Sexual offences charged", "charges", HIGHER, 40, 70),
    ("Victims supported by an IDVA", "victims", HIGHER, 300, 450),
    ("Average wait for ISVA support", "days", LOWER, 30, 14),
    ("Stalking protection orders granted", "orders", HIGHER, 5, 20),
    ("People turned away from refuges", "people per day", LOWER, 12, 4),
    ("Officers trained in coercive control", "officers", HIGHER, 50, 400),
    ("Victim satisfaction with the police response", "%", HIGHER, 68, 85),
    ("Schools delivering healthy relationships lessons", "schools", HIGHER, 20, 60),
]  # fmt: skip


# --- The generator ---------------------------------------------------------------------------


def existing_scale_data():
    """Describe scale data already in the database, or return None if there is none."""
    plan = ActionPlan.objects.filter(title__in=PLAN_TITLES).order_by("title").first()
    if plan:
        return f'a plan titled "{plan.title}"'
    user = get_user_model().objects.filter(username__startswith=USERNAME_PREFIX).first()
    if user:
        return f'a user called "{user.username}"'
    partner = PartnerOrganisation.objects.filter(name__endswith=SYNTHETIC).first()
    if partner:
        return f'a partner organisation called "{partner.name}"'
    indicator = Indicator.objects.filter(name__endswith=SYNTHETIC).first()
    if indicator:
        return f'an indicator called "{indicator.name}"'
    return None


@transaction.atomic
def generate(actions, seed=1):
    """
    Create the scale data set with ``actions`` actions; return counts of what it made.
    Raises ScaleDataExists if the database already has scale data.
    """
    if actions < 1:
        raise ValueError("Generate at least one action.")
    found = existing_scale_data()
    if found:
        raise ScaleDataExists(
            f"Scale data already exists ({found}); generate it into a fresh database."
        )
    rng = random.Random(seed)  # noqa: S311 - synthetic data wants repeatability, not secrecy
    now = timezone.now()
    today = timezone.localdate(now)
    current = Quarter.for_date(today)

    pledges = _pledges()
    strategy, outcomes, focus_areas = _strategy()
    forms = _violence_forms()
    users, staff_user = _users()
    leads = _lead_specialists(rng, users, forms)
    partners = _partners(rng)
    plans = _plans(rng, strategy, leads, current)
    refs = {"leads": leads, "focus_areas": focus_areas, "staff": staff_user}
    built = [
        _build_action(rng, index, plans[index % len(plans)], refs, current, now, today)
        for index in range(actions)
    ]
    _number_actions(built)
    Action.objects.bulk_create([b["action"] for b in built], batch_size=BATCH_SIZE)
    updates, milestones = [], []
    for b in built:
        for update in b["updates"]:
            update.action_id = b["action"].pk
            updates.append(update)
        for milestone in b["milestones"]:
            milestone.action_id = b["action"].pk
            milestones.append(milestone)
    ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH_SIZE)
    Milestone.objects.bulk_create(milestones, batch_size=BATCH_SIZE)
    links = _link_actions(rng, built, pledges, outcomes, forms, partners)
    indicators, values = _indicators(rng, pledges, outcomes, staff_user, current)
    # Breakdowns have their own random stream too: the rest of the data is as it was.
    breakdowns = _breakdowns(random.Random(seed + 41))  # noqa: S311
    # The money has its own random stream, so adding it left the rest of the data as it was.
    money = random.Random(seed + 17)  # noqa: S311 - synthetic data wants repeatability
    funding = _funding(money, built, partners, staff_user, current, now)
    risks = _risks(random.Random(seed + 29), built, pledges, staff_user, now)  # noqa: S311
    recommendations = _recommendations(random.Random(seed + 31), built, staff_user, now)  # noqa: S311
    return {
        "plans": len(plans),
        "actions": len(built),
        "progress_updates": len(updates),
        "milestones": len(milestones),
        "partners": len(partners),
        "lead_specialists": len(leads),
        "users": len(users) + 1,
        "indicators": indicators,
        "indicator_values": values,
        "indicator_breakdowns": breakdowns,
        "pledges": len(pledges),
        "pledge_sets": len({pledge.pledge_set_id for pledge in pledges}),
        "outcomes": len(outcomes),
        "focus_areas": len(focus_areas),
        "violence_forms": len(forms),
        "action_links": links,
        **funding,
        **risks,
        **recommendations,
    }


# --- Reference data (the demo's, fetched or created) -------------------------------------


def _pledges():
    """Both demo pledge sets and their pledges, in set then number order."""
    pledges = []
    for spec in demo_data.PLEDGE_SETS:
        fields = {key: spec[key] for key in ("short_title", "source", "published_on")}
        pledge_set, _ = PledgeSet.objects.get_or_create(
            title=spec["title"], defaults={**fields, "description": spec["description"]}
        )
        for number, title, commitment in spec["pledges"]:
            pledge, _ = Pledge.objects.get_or_create(
                pledge_set=pledge_set,
                number=number,
                defaults={"title": title, "commitment": commitment},
            )
            pledges.append(pledge)
    return pledges


def _strategy():
    spec = demo_data.STRATEGY
    strategy, _ = Strategy.objects.get_or_create(
        title=spec["title"],
        area=spec["area"],
        defaults={key: spec[key] for key in ("period_start", "period_end", "aim")},
    )
    items = {}
    for model, specs in ((Outcome, demo_data.OUTCOMES), (FocusArea, demo_data.FOCUS_AREAS)):
        items[model] = [
            model.objects.get_or_create(
                strategy=strategy,
                number=number,
                defaults={"title": title, "description": description},
            )[0]
            for number, title, description in specs
        ]
    return strategy, items[Outcome], items[FocusArea]


def _violence_forms():
    return [
        ViolenceForm.objects.get_or_create(
            name=name, defaults={"description": text, "position": position}
        )[0]
        for position, (name, text) in enumerate(demo_data.VIOLENCE_FORMS, start=1)
    ]


# --- People and organisations --------------------------------------------------------------


def _users():
    """A login for each lead specialist and one for PCC staff, with unusable passwords."""
    User = get_user_model()
    specs = [
        (f"{USERNAME_PREFIX}lead-{number:02d}", FIRST_NAMES[number - 1], "Scale")
        for number in range(1, LEAD_COUNT + 1)
    ]
    specs.append((f"{USERNAME_PREFIX}staff", "Staff", "Scale"))
    users = User.objects.bulk_create(
        [
            User(
                username=username,
                first_name=first_name,
                last_name=last_name,
                email=f"{username}@example.invalid",
                password=make_password(None),
            )
            for username, first_name, last_name in specs
        ]
    )
    *leads, staff_user = users
    memberships = []
    for role, members in ((Role.LEAD_SPECIALIST, leads), (Role.PCC_STAFF, [staff_user])):
        group = Group.objects.filter(name=role).first()
        if group:
            memberships += [User.groups.through(user_id=u.pk, group_id=group.pk) for u in members]
    User.groups.through.objects.bulk_create(memberships)
    return leads, staff_user


def _lead_specialists(rng, users, forms):
    leads = LeadSpecialist.objects.bulk_create(
        [
            LeadSpecialist(
                name=f"{user.first_name} Scale",
                job_title=rng.choice(JOB_TITLES),
                organisation=rng.choice(LEAD_ORGANISATIONS),
                email=f"{user.first_name.lower()}.scale@example.invalid",
                user=user,
            )
            for user in users
        ]
    )
    Through = LeadSpecialist.specialisms.through
    Through.objects.bulk_create(
        [
            Through(leadspecialist_id=lead.pk, violenceform_id=form.pk)
            for lead in leads
            for form in rng.sample(forms, rng.randint(1, 4))
        ]
    )
    return leads


def _partners(rng):
    partners = [
        PartnerOrganisation(
            name=f"{pattern.format(town=town)} {SYNTHETIC}",
            kind=kind,
            description=description,
            website=f"https://{_slug(town)}-{_slug(kind)}.example.invalid",
            is_active=rng.random() > 0.05,
            **_attributes(kind, town_index),
        )
        for town_index, town in enumerate(TOWNS)
        for kind, pattern, description in PARTNER_KINDS
    ]
    assert len(partners) == PARTNER_COUNT
    return PartnerOrganisation.objects.bulk_create(partners, batch_size=BATCH_SIZE)


# Size bands by kind (charities count their income; public bodies and businesses get none).
SIZE_BANDS = [SizeBand.MICRO, SizeBand.SMALL, SizeBand.MEDIUM, SizeBand.LARGE, SizeBand.MAJOR]
SPECIALIST_KINDS = (OrganisationKind.REFUGE, OrganisationKind.SPECIALIST_CHARITY)


def _attributes(kind, town_index):
    """Refuges and domestic abuse charities are specialist providers, every fourth town's
    charity by and for Black and minoritised women; charities get a size band."""
    if kind not in (*SPECIALIST_KINDS, OrganisationKind.OTHER):
        return {}
    attributes = {"size_band": SIZE_BANDS[town_index % len(SIZE_BANDS)]}
    if kind in SPECIALIST_KINDS:
        attributes["specialist_vawg"] = True
    if kind == OrganisationKind.SPECIALIST_CHARITY and town_index % 4 == 0:
        attributes |= {"by_and_for": True, "by_and_for_whom": "Black and minoritised women"}
    return attributes


# --- Plans and actions ---------------------------------------------------------------------


def _plans(rng, strategy, leads, current):
    """Five plans covering the reporting window: the first two active, the rest closed."""
    first = _shift(current.previous(), -(UPDATES_PER_ACTION - 1))
    plans = []
    for index, title in enumerate(PLAN_TITLES):
        active = index < ACTIVE_PLANS
        end = Quarter(current.year + 1, 4).end if active else current.previous().end
        plans.append(
            ActionPlan(
                strategy=strategy,
                title=title,
                lead=rng.choice(leads),
                period_start=first.start,
                period_end=end,
                state=PlanState.ACTIVE if active else PlanState.CLOSED,
                description=f"Synthetic plan for benchmarks: part {index + 1} of 5.",
            )
        )
    return ActionPlan.objects.bulk_create(plans)


def _build_action(rng, index, plan, refs, current, now, today):
    """An unsaved action with its unsaved updates and milestones, all consistent."""
    lead = rng.choice(refs["leads"])
    focus_area = rng.choice(refs["focus_areas"])
    final = _weighted(rng, FINAL_STATUSES[plan.state])
    open_at_end = not final.is_closed
    last = current if plan.state == PlanState.ACTIVE and rng.random() < 0.7 else current.previous()
    periods = [_shift(last, offset) for offset in range(1 - UPDATES_PER_ACTION, 1)]
    trajectory = _trajectory(rng, final)
    start_date = periods[0].start + datetime.timedelta(days=rng.randint(0, 45))

    updates = []
    for period, (status, percent) in zip(periods, trajectory, strict=True):
        author = lead.user if rng.random() < 0.9 else refs["staff"]
        updates.append(
            ProgressUpdate(
                period=period,
                author=author,
                created_at=_reported_at(rng, period, now),
                status=status,
                percent_complete=percent,
                narrative=rng.choice(NARRATIVES[status]).format(
                    partner=f"{rng.choice(TOWNS)} partners", count=rng.randint(2, 60)
                ),
                next_steps="" if status.is_closed else rng.choice(NEXT_STEPS),
                risks_and_issues=rng.choice(RISKS),
                reason=rng.choice(REASONS) if status.needs_reason else "",
            )
        )
    finished_on = timezone.localtime(updates[-1].created_at).date()

    if final == COMPLETED:
        due_date = max(start_date, finished_on + datetime.timedelta(days=rng.randint(-45, 60)))
    elif (
        open_at_end
        and plan.state == PlanState.ACTIVE
        and (final == NOT_STARTED or rng.random() < 0.85)
    ):
        due_date = today + datetime.timedelta(days=rng.randint(30, 700))
    else:  # overdue, or cancelled, or left open when its plan closed
        due_date = max(start_date, today - datetime.timedelta(days=rng.randint(7, 180)))

    status, percent = trajectory[-1]  # the latest update, as record_progress would leave it
    action = Action(
        plan=plan,
        reference="",  # numbered by focus area once every action is built
        title=(
            f"{rng.choice(ACTION_VERBS)} {rng.choice(ACTION_OBJECTS)} in "
            f"{rng.choice(ACTION_PLACES)} (scale {index + 1})"
        ),
        description=(
            "Synthetic action for benchmarks. "
            + rng.choice(NARRATIVES[ON_TRACK]).format(partner="partners", count=12)
        ),
        focus_area=focus_area,
        lead=lead,
        start_date=start_date,
        due_date=due_date,
        status=status,
        percent_complete=percent,
    )
    milestones = _milestones(rng, final, start_date, due_date, finished_on, today)
    return {"action": action, "updates": updates, "milestones": milestones}


def _number_actions(built):
    """References unique in each plan: "<focus area>.<n>", e.g. 3.17."""
    counters = {}
    for b in built:
        action = b["action"]
        key = (action.plan.pk, action.focus_area.number)
        counters[key] = counters.get(key, 0) + 1
        action.reference = f"{action.focus_area.number}.{counters[key]}"


def _trajectory(rng, final):
    """(status, percent) for each quarterly update, evolving plausibly and ending at final."""
    count = UPDATES_PER_ACTION
    if final == NOT_STARTED:
        return [(NOT_STARTED, 0)] * count
    lead_in = rng.choice((0, 0, 0, 1, 1, 2))  # quarters reported as not started
    statuses, status = [], ON_TRACK
    for _ in range(count - lead_in - 1):
        statuses.append(status)
        status = _weighted(rng, NEXT_STATUS[status])
    if final == COMPLETED and statuses and statuses[-1] == OFF_TRACK:
        statuses[-1] = AT_RISK  # nothing jumps from off track straight to done
    statuses.append(final)

    working = len(statuses)
    if final == COMPLETED:
        percents = sorted(rng.randint(5, 95) for _ in range(working - 1)) + [100]
    else:
        top = {ON_TRACK: (40, 95), AT_RISK: (25, 80), OFF_TRACK: (10, 60), CANCELLED: (10, 60)}
        target = rng.randint(*top[final])
        percents = sorted(rng.randint(1, target) for _ in range(working - 1)) + [target]
        if final == CANCELLED:
            percents[-1] = percents[-2] if working > 1 else 0  # stopped where it stood
    return [(NOT_STARTED, 0)] * lead_in + list(zip(statuses, percents, strict=True))


def _milestones(rng, final, start_date, due_date, finished_on, today):
    """Two to four milestones: completed and overdue ones in the past, some still to come."""
    count = rng.randint(*MILESTONES_PER_ACTION)
    yesterday, tomorrow = today - datetime.timedelta(days=1), today + datetime.timedelta(days=1)
    if final == COMPLETED:
        past, future = count, 0
    elif final == NOT_STARTED:
        past, future = 0, count
    elif due_date > today:
        past = rng.randint(1, count - 1)
        future = count - past
    else:
        past, future = count, 0
    dates = sorted(_day_between(rng, start_date, min(yesterday, due_date)) for _ in range(past))
    dates += sorted(_day_between(rng, tomorrow, max(tomorrow, due_date)) for _ in range(future))
    titles = sorted(rng.sample(MILESTONE_TITLES, count), key=MILESTONE_TITLES.index)
    behind = 0.6 if final in (AT_RISK, OFF_TRACK) else 0.3

    milestones = []
    for number, (title, due) in enumerate(zip(titles, dates, strict=True)):
        completed_on = None
        if due < today:
            done = final == COMPLETED or number == 0 or rng.random() > behind
            if done:
                slip = datetime.timedelta(days=rng.randint(-20, 15))
                completed_on = max(start_date, min(due + slip, yesterday))
                if final == COMPLETED:
                    completed_on = min(completed_on, finished_on)
        milestones.append(Milestone(title=title, due_date=due, completed_on=completed_on))
    return milestones


def _link_actions(rng, built, pledges, outcomes, forms, partners):
    """Pledges (1-2), outcomes (1-2), forms of VAWG (1-3) and delivery partners (1-3)."""
    relations = [
        (Action.pledges, "pledge_id", pledges, (1, 2)),
        (Action.outcomes, "outcome_id", outcomes, (1, 2)),
        (Action.violence_forms, "violenceform_id", forms, (1, 3)),
        (Action.delivery_partners, "partnerorganisation_id", partners, (1, 3)),
    ]
    counts = {}
    for descriptor, column, choices, (low, high) in relations:
        Through = descriptor.through
        rows = [
            Through(action_id=b["action"].pk, **{column: choice.pk})
            for b in built
            for choice in rng.sample(choices, rng.randint(low, high))
        ]
        Through.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        counts[descriptor.field.name] = len(rows)
    return counts


# --- Indicators --------------------------------------------------------------------------


def _indicators(rng, pledges, outcomes, staff_user, current):
    """50 indicators (10 measures x 5 districts), each with 40 quarters of values."""
    last = current.previous()
    periods = [_shift(last, offset) for offset in range(1 - VALUES_PER_INDICATOR, 1)]
    indicators, series = [], []
    for name, unit, direction, baseline, target in MEASURES:
        for district in DISTRICTS:
            scale = rng.uniform(0.6, 1.4) if unit != "%" else 1
            start, goal = baseline * scale, target * scale
            indicators.append(
                Indicator(
                    name=f"{name}: {district} district {SYNTHETIC}",
                    description="Synthetic indicator for benchmarks.",
                    unit=unit,
                    direction=direction,
                    baseline_value=_money(start),
                    baseline_period=str(periods[0]),
                    target_value=_money(goal),
                    target_period=Quarter(current.year + 1, 4).financial_year,
                    frequency=Frequency.QUARTERLY,
                    data_source="Synthetic scale data",
                )
            )
            series.append((start, goal, unit))
    assert len(indicators) == INDICATOR_COUNT
    indicators = Indicator.objects.bulk_create(indicators)

    values = []
    for indicator, (start, goal, unit) in zip(indicators, series, strict=True):
        for step, period in enumerate(periods):
            trend = _on_course(start, goal, step)
            value = max(0.0, trend * rng.uniform(0.9, 1.1))
            if unit == "%":
                value = min(value, 100.0)
            values.append(
                IndicatorValue(
                    indicator=indicator,
                    period=period,
                    value=_money(value),
                    note="Synthetic scale value",
                    entered_by=staff_user,
                )
            )
    IndicatorValue.objects.bulk_create(values, batch_size=BATCH_SIZE)

    # A target trajectory over the last TARGET_QUARTERS quarters and the next four, on the
    # straight line from the baseline to the end target.
    steps = range(VALUES_PER_INDICATOR - TARGET_QUARTERS, VALUES_PER_INDICATOR + 4)
    targets = [
        IndicatorTarget(
            indicator=indicator,
            quarter=_shift(periods[0], step),
            value=_money(_on_course(start, goal, step)),
        )
        for indicator, (start, goal, _unit) in zip(indicators, series, strict=True)
        for step in steps
    ]
    IndicatorTarget.objects.bulk_create(targets, batch_size=BATCH_SIZE)

    links = []
    for model, column, choices in (
        (Indicator.pledges.through, "pledge_id", pledges),
        (Indicator.outcomes.through, "outcome_id", outcomes),
    ):
        links.append(
            (
                model,
                [
                    model(indicator_id=indicator.pk, **{column: choice.pk})
                    for indicator in indicators
                    for choice in rng.sample(choices, rng.randint(1, 2))
                ],
            )
        )
    for model, rows in links:
        model.objects.bulk_create(rows)
    return len(indicators), len(values)


def _breakdowns(rng):
    """Every synthetic value broken down by sex; one in ten values' parts fall short of the
    whole (some not recorded), so the sum check has differences to show."""
    values = IndicatorValue.objects.filter(indicator__name__endswith=SYNTHETIC).order_by("pk")
    parts = []
    for n, (pk, whole) in enumerate(values.values_list("pk", "value")):
        female = _money(float(whole) * rng.uniform(0.6, 0.9))
        male = whole - female - (min(whole - female, Decimal(1)) if n % 10 == 0 else 0)
        parts += [
            IndicatorBreakdown(value_id=pk, dimension=Dimension.SEX, category=category, figure=part)
            for category, part in (("Female", female), ("Male", male))
        ]
    IndicatorBreakdown.objects.bulk_create(parts, batch_size=BATCH_SIZE)
    return len(parts)


# --- Funding ---------------------------------------------------------------------------------

FUNDING_SOURCES = [
    # name, kind, ring-fenced for
    ("Victim services grant", FundingKind.CENTRAL_GOVERNMENT, ""),
    ("Ring-fenced adviser allocation", FundingKind.CENTRAL_GOVERNMENT, "IDVA and ISVA posts"),
    ("Community safety fund", FundingKind.PCC_BUDGET, ""),
    ("Combined authority VAWG fund", FundingKind.COMBINED_AUTHORITY, ""),
    ("Health partnership fund", FundingKind.HEALTH, ""),
]
AWARD_OUTPUTS = [
    ("People supported", OutputKind.PEOPLE_SUPPORTED, (40, 900)),
    ("Sessions", OutputKind.SESSIONS, (4, 120)),
    ("Posts (FTE)", OutputKind.POSTS, (1, 8)),
]
RETURNED_QUARTERS = 4  # the ended quarters an award has returns for, at most
# The newest ended quarter's return: (state or None for missing, weight).
NEWEST_RETURN = [(ReturnState.ACCEPTED, 70), (ReturnState.SUBMITTED, 15), (None, 10)]
NEWEST_RETURN += [(ReturnState.RETURNED, 5)]


def _funding(rng, built, partners, staff_user, current, now):
    """Five sources and one award per action (to any organisation), with its years,
    outputs, actions (its own and sometimes the next) and returns."""
    sources = FundingSource.objects.bulk_create(
        FundingSource(
            name=f"{name} {SYNTHETIC}",
            funder=f"Funder {number} {SYNTHETIC}",
            kind=kind,
            ring_fenced=bool(ring_fenced_for),
            ring_fenced_for=ring_fenced_for,
            conditions="Synthetic funding source for benchmarks.",
        )
        for number, (name, kind, ring_fenced_for) in enumerate(FUNDING_SOURCES, start=1)
    )
    awards, plans = [], []
    for index in range(len(built)):
        first = _shift(current, -rng.randint(1, 6))
        last = _shift(first, rng.randint(3, 7))
        status = AwardStatus.ENDED if last < current else AwardStatus.ACTIVE
        if rng.random() < 0.05:
            status = rng.choice([AwardStatus.PLANNED, AwardStatus.WITHDRAWN])
        awards.append(
            Award(
                reference=f"SCALE-{index + 1:05d}",
                title=f"{rng.choice(ACTION_VERBS)} {rng.choice(ACTION_OBJECTS)} {SYNTHETIC}",
                purpose="Synthetic award for benchmarks.",
                source=rng.choice(sources),
                organisation=rng.choice(partners),
                kind=rng.choice(AwardKind.values),
                status=status,
                starts_on=first.start,
                ends_on=last.end,
            )
        )
        plans.append((first, last))
    Award.objects.bulk_create(awards, batch_size=BATCH_SIZE)

    Through = Award.actions.through
    links = [
        Through(award_id=award.pk, action_id=b["action"].pk)
        for award, b in zip(awards, built, strict=True)
    ]
    links += [
        Through(award_id=award.pk, action_id=built[(index + 1) % len(built)]["action"].pk)
        for index, award in enumerate(awards)
        if len(built) > 1 and rng.random() < 0.3
    ]
    Through.objects.bulk_create(links, batch_size=BATCH_SIZE)

    years, outputs = [], []
    for award, (first, last) in zip(awards, plans, strict=True):
        for year in range(first.year, last.year + 1):
            amount = Decimal(rng.randint(500_000, 40_000_000)) / 100
            years.append(AwardYear(award=award, financial_year=year, amount=amount))
        for name, kind, (low, high) in rng.sample(AWARD_OUTPUTS, 2):
            outputs.append(
                AwardOutput(award=award, name=name, kind=kind, target=rng.randint(low, high))
            )
    AwardYear.objects.bulk_create(years, batch_size=BATCH_SIZE)
    AwardOutput.objects.bulk_create(outputs, batch_size=BATCH_SIZE)

    amounts = {(y.award_id, y.financial_year): y.amount for y in years}
    outputs_of = {}
    for output in outputs:
        outputs_of.setdefault(output.award_id, []).append(output)
    returns, results = [], []
    for award, (first, last) in zip(awards, plans, strict=True):
        if award.status in (AwardStatus.PLANNED, AwardStatus.WITHDRAWN):
            continue
        ended = [q for q in Quarter.range(first, last) if q < current][-RETURNED_QUARTERS:]
        for quarter in ended:
            state = ReturnState.ACCEPTED
            if quarter == current.previous():
                state = _weighted(rng, NEWEST_RETURN)
                if state is None:
                    continue  # overdue
            spend = amounts[award.pk, quarter.year] / 4 * Decimal(rng.randint(85, 110)) / 100
            returns.append(
                SpendReturn(
                    award=award,
                    period=quarter,
                    spend=spend.quantize(Decimal("0.01")),
                    variance_note="Synthetic variance note." if rng.random() < 0.2 else "",
                    state=state,
                    created_by=staff_user,
                )
            )
            results.append(
                [
                    (output, Decimal(rng.randint(0, int(output.target) * 10)) / 40)
                    for output in outputs_of[award.pk]
                ]
            )
    SpendReturn.objects.bulk_create(returns, batch_size=BATCH_SIZE)
    ReturnOutput.objects.bulk_create(
        (
            ReturnOutput(
                spend_return=spend_return, output=output, achieved=achieved.quantize(Decimal("0.1"))
            )
            for spend_return, achieved_list in zip(returns, results, strict=True)
            for output, achieved in achieved_list
        ),
        batch_size=BATCH_SIZE,
    )
    decided = {
        ReturnState.ACCEPTED: ReturnEventKind.ACCEPTED,
        ReturnState.RETURNED: ReturnEventKind.RETURNED,
    }
    events = []
    for spend_return in returns:
        events.append(
            ReturnEvent(spend_return=spend_return, kind=ReturnEventKind.SUBMITTED, user=staff_user)
        )
        if spend_return.state in decided:
            comment = "Synthetic comment." if spend_return.state == ReturnState.RETURNED else ""
            events.append(
                ReturnEvent(
                    spend_return=spend_return,
                    kind=decided[spend_return.state],
                    user=staff_user,
                    comment=comment,
                )
            )
    ReturnEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
    return {
        "funding_sources": len(sources),
        "awards": len(awards),
        "award_years": len(years),
        "spend_returns": len(returns),
    }


# --- Small helpers -------------------------------------------------------------------------


def _weighted(rng, choices):
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


def _on_course(start, goal, step):
    """Where a synthetic indicator is meant to be ``step`` quarters into its values."""
    return start + (goal - start) * 0.8 * step / (VALUES_PER_INDICATOR - 1)


def _shift(quarter, offset):
    """The quarter ``offset`` quarters after (or, negative, before) ``quarter``."""
    index = quarter.year * 4 + quarter.number - 1 + offset
    return Quarter(index // 4, index % 4 + 1)


def _reported_at(rng, period, now):
    """Office hours in the quarter's last three weeks (or since it began); never after now."""
    last_day = min(period.end, timezone.localtime(now).date())
    day = _day_between(rng, max(period.start, last_day - datetime.timedelta(days=20)), last_day)
    moment = datetime.time(rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59))
    reported = datetime.datetime.combine(day, moment, tzinfo=timezone.get_current_timezone())
    return min(reported, now.replace(microsecond=0))


def _day_between(rng, first, last):
    if last <= first:
        return first
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _money(value):
    return Decimal(f"{value:.2f}")


def _slug(text):
    return text.lower().replace(" ", "-").replace("_", "-")


# --- The risk register (issue 19) ------------------------------------------------------------

RISKS_PER_ACTION = 0.1  # a register of 50 risks beside 500 actions


def _risks(rng, built, pledges, staff_user, now):
    """About one risk for every ten actions (at least one), owned by an action's lead,
    threatening it and the next, and a pledge; two mitigations and two reviews each; a
    tenth closed. Their scores are their last review's."""
    today = timezone.localdate(now)
    risks, scores = [], []
    for index in range(max(1, round(len(built) * RISKS_PER_ACTION))):
        action = built[(index * 10) % len(built)]["action"]
        before = (rng.randint(1, 5), rng.randint(1, 5))
        after = (rng.randint(1, 5), rng.randint(1, 5))
        scores.append((before, after))
        risks.append(
            Risk(
                title=f"{rng.choice(ACTION_OBJECTS).capitalize()} at risk {SYNTHETIC}",
                description="Synthetic risk for benchmarks.",
                category=rng.choice(Category.values),
                owner_id=action.lead_id,
                likelihood=after[0],
                impact=after[1],
                target_score=rng.randint(1, 6),
                status=RiskStatus.CLOSED if rng.random() < 0.1 else RiskStatus.OPEN,
                next_review=today + datetime.timedelta(days=rng.randint(-30, 90)),
                created_at=now - datetime.timedelta(days=rng.randint(200, 400)),
            )
        )
    Risk.objects.bulk_create(risks, batch_size=BATCH_SIZE)
    links, pledge_links, mitigations, reviews = [], [], [], []
    for index, (risk, (before, after)) in enumerate(zip(risks, scores, strict=True)):
        threatened = {built[(index * 10 + step) % len(built)]["action"].pk for step in (0, 1)}
        links += [Risk.actions.through(risk=risk, action_id=pk) for pk in threatened]
        pledge_links.append(Risk.pledges.through(risk=risk, pledge=rng.choice(pledges)))
        mitigations += [
            Mitigation(
                risk=risk,
                text=f"Synthetic mitigation {number} for benchmarks.",
                owner_id=risk.owner_id,
                due_on=today + datetime.timedelta(days=rng.randint(-60, 180)),
            )
            for number in (1, 2)
        ]
        middle = (rng.randint(1, 5), rng.randint(1, 5))
        for days_ago, (was, became) in ((150, (before, middle)), (40, (middle, after))):
            reviews.append(
                RiskReview(
                    risk=risk,
                    reviewed_by=staff_user,
                    reviewed_at=now - datetime.timedelta(days=days_ago),
                    likelihood_before=was[0],
                    impact_before=was[1],
                    likelihood_after=became[0],
                    impact_after=became[1],
                    comment="Synthetic review.",
                )
            )
    Risk.actions.through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    Risk.pledges.through.objects.bulk_create(pledge_links, batch_size=BATCH_SIZE)
    Mitigation.objects.bulk_create(mitigations, batch_size=BATCH_SIZE)
    RiskReview.objects.bulk_create(reviews, batch_size=BATCH_SIZE)
    return {"risks": len(risks), "mitigations": len(mitigations), "risk_reviews": len(reviews)}


# --- The recommendations tracker (issue 19) --------------------------------------------------

RECOMMENDATIONS_PER_ACTION = 0.5  # 1,000 recommendations beside 2,000 actions
RECOMMENDATIONS_PER_SOURCE = 20
# Each recommendation's status, drawn in these proportions.
RECOMMENDATION_STATUSES = [
    (RecommendationStatus.ACCEPTED, 0.3),
    (RecommendationStatus.IN_PROGRESS, 0.4),
    (RecommendationStatus.IMPLEMENTED, 0.2),
    (RecommendationStatus.NOT_ACCEPTED, 0.1),
]


def _recommendations(rng, built, staff_user, now):
    """One recommendation for every two actions (at least one), in sources of twenty of
    every kind; each owned by an action's lead and delivered by it; each with one update
    moving it from accepted to its status (a note saying how, or why not); a third public."""
    today = timezone.localdate(now)
    count = max(1, round(len(built) * RECOMMENDATIONS_PER_ACTION))
    kinds = SourceKind.values
    sources = RecommendationSource.objects.bulk_create(
        RecommendationSource(
            kind=kinds[index % len(kinds)],
            title=f"Source document {index + 1} {SYNTHETIC}",
            published_on=today - datetime.timedelta(days=rng.randint(30, 900)),
            reference=f"SYN-{index + 1}",
            notes="Synthetic source for benchmarks.",
            is_demo=True,
        )
        for index in range(-(-count // RECOMMENDATIONS_PER_SOURCE))
    )
    statuses, weights = zip(*RECOMMENDATION_STATUSES, strict=True)
    recommendations = []
    for index in range(count):
        action = built[(index * 2) % len(built)]["action"]
        status = rng.choices(statuses, weights)[0]
        public = rng.random() < 1 / 3
        recommendations.append(
            Recommendation(
                source=sources[index // RECOMMENDATIONS_PER_SOURCE],
                number=str(index % RECOMMENDATIONS_PER_SOURCE + 1),
                text=f"{rng.choice(ACTION_OBJECTS).capitalize()} should improve {SYNTHETIC}.",
                owner_id=action.lead_id,
                due_on=today + datetime.timedelta(days=rng.randint(-60, 365)),
                status=status,
                reason="Synthetic reason." if status == RecommendationStatus.NOT_ACCEPTED else "",
                is_public=public,
                public_summary="Synthetic public summary." if public else "",
                created_at=now - datetime.timedelta(days=rng.randint(100, 400)),
            )
        )
    Recommendation.objects.bulk_create(recommendations, batch_size=BATCH_SIZE)
    Recommendation.actions.through.objects.bulk_create(
        (
            Recommendation.actions.through(
                recommendation=recommendation,
                action_id=built[(index * 2) % len(built)]["action"].pk,
            )
            for index, recommendation in enumerate(recommendations)
        ),
        batch_size=BATCH_SIZE,
    )
    updates = [
        RecommendationUpdate(
            recommendation=recommendation,
            recorded_by=staff_user,
            recorded_at=now - datetime.timedelta(days=rng.randint(1, 90)),
            happened_on=today - datetime.timedelta(days=rng.randint(1, 90)),
            status_before=RecommendationStatus.ACCEPTED,
            status_after=recommendation.status,
            note="Synthetic update.",
        )
        for recommendation in recommendations
    ]
    RecommendationUpdate.objects.bulk_create(updates, batch_size=BATCH_SIZE)
    return {
        "recommendation_sources": len(sources),
        "recommendations": len(recommendations),
        "recommendation_updates": len(updates),
    }
