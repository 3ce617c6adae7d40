"""
Synthetic demo data built from the customer's seed documents, and its loader.

The seeds (numbered as in the project's seed folder) are: 000, Labour's five-point plan on
women's safety (Labour North West's PCC candidates, 2012); 001, Labour's Lancashire
campaign "from detection to protection"; 002, Liverpool City Region's leaders on
Merseyside's VAWG initiatives (International Women's Day); 003, the Women's Equality
Party's "WE join the dots", four calls on stalking; 004, "What we plan to do" from
Brighton & Hove's VAWG strategy (Brighton & Hove Connected). A comment names the seed of
every figure and phrase taken from them.

The demo's strategy is a composite and says so: no seed gives Merseyside's outcomes or
focus areas, so its Merseyside plan is filed under Brighton & Hove's (seed 004).

Everything else is invented for demonstration: the people are obviously fictional ("Alex
Demo"), emails are @demo.invalid, and the figures are synthetic values that start from
the numbers the seed documents quote (230 people a day turned away from refuges in 2011,
a 31% funding cut, one in five 999 calls about domestic abuse, Red Umbrella reports
almost trebling). The demo's money (funding sources, awards, spend returns) is in
``demo.funding_data``, synthetic too. ``load_demo_data()`` is idempotent: a second run
creates and changes nothing.
"""

import datetime
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from activities.models import Activity, ActivityEventKind, ActivityKind, ActivityState
from funding.models import Award, FundingSource, SpendReturn
from partners.models import OrganisationKind, PartnerMembership, PartnerOrganisation, SizeBand
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
    ProgressReview,
    ProgressUpdate,
    ReviewDecision,
    Status,
    Strategy,
    ViolenceForm,
)
from pledges.models import Pledge, PledgeSet
from publication.models import Publication, PublicationRequest
from recommendations.models import Recommendation
from risks.models import Risk
from vawg_tracker import audit
from vawg_tracker.accounts.demo import DEMO_USERS
from vawg_tracker.quarters import Quarter

from .funding_data import load_funding
from .recommendation_data import load_recommendations
from .risk_data import load_risks

D = datetime.date
NOT_STARTED, ON_TRACK, AT_RISK, OFF_TRACK, COMPLETED = (
    Status.NOT_STARTED,
    Status.ON_TRACK,
    Status.AT_RISK,
    Status.OFF_TRACK,
    Status.COMPLETED,
)

# --- Pledges (seeds 000 and 003) -------------------------------------------------------------

PLEDGE_SETS = [
    # Seed 000: the pledges word for word, the date it was published, and the interim
    # report's figures (seed 001 repeats them for Lancashire).
    {
        "code": "FP",
        "title": "Five-point plan on women's safety",
        "short_title": "Five-point plan",
        "source": "Labour North West police and crime commissioner candidates' pledges",
        "published_on": D(2012, 3, 7),
        "description": (
            "Labour's five-point plan on women's safety, pledged by Labour North West's police "
            "and crime commissioner candidates after the 'Everywoman Safe Everywhere' "
            "consultation. The Women's Safety Commission interim report behind it found a 31% "
            "cut in funding to refuges and domestic violence services, 230 people turned away "
            "from refuges on an average day in 2011, fewer IDVAs, and specialist courts and "
            "police units under threat."
        ),
        "pledges": [
            (
                1,
                "Integrated local action plan and lead specialist",
                "Develop and roll out an integrated local action plan to tackle violence against "
                "women and girls – ensuring that VAWG is also prioritised in the local crime and "
                "policing plan and appointing a lead specialist, responsible for delivering the "
                "plan",
            ),
            (
                2,
                "Specialist units and independent advisers",
                "Ensuring specialist domestic violence and public protection units within the "
                "police service continue to be supported - whilst also striving to maintain the "
                "important existing network of independent advisors and advocates to women "
                "survivors of violence",
            ),
            (
                3,
                "Specialist training",
                "Deliver specialist training in dealing with domestic and sexual violence, and "
                "stalking – as well as other forms of violence against women and girls, for "
                "neighbourhood police officers, for those in specialist protection units and for "
                "those involved in commissioning services for the survivors of violence",
            ),
            (
                4,
                "Early intervention",
                "Support early intervention to tackle violence against women and girls – valuing "
                "the importance of working with schools, local authorities and community-based "
                "organisations to change attitudes and behaviour",
            ),
            (
                5,
                "Preventative policing of serial perpetrators",
                "Pilot preventative policing projects in some areas – to promote the active "
                "monitoring and management of serial perpetrators of domestic and sexual "
                "violence, and stalking.",
            ),
        ],
    },
    # Seed 003: the four calls word for word, and the two services it points to.
    {
        "code": "WE",
        "title": "WE join the dots: four calls on stalking",
        "short_title": "Four calls on stalking",
        "source": "Women's Equality Party campaign",
        "published_on": None,
        "description": (
            "The Women's Equality Party's campaign for a joined-up approach to tackling the "
            "crime of stalking. It points those seeking support to the National Stalking "
            "Helpline and to Paladin, the national stalking advocacy service."
        ),
        "pledges": [
            (
                1,
                "Ring-fenced funding for stalking and specialist support services",
                "Ring-fenced funding for stalking support services, as well as funding for "
                "specialist support services for violence perpetrated against women. From "
                "harassment to rape and domestic violence, rates of male violence against women "
                "and girls are on the rise. WE will ring-fence sufficient and sustainable funding "
                "for specialist support services that are for and led by women. This calls for a "
                "holistic, inclusive funding approach that actively supports smaller "
                "organisations with specialist expertise, and also enables agencies such as "
                "Women's Aid and Rape Crisis to provide services to all women.",
            ),
            (
                2,
                "Specialist-led training of criminal justice professionals",
                "Investment in specialist-led training of criminal justice professionals. WE want "
                "to see improved understanding and management of stalking cases, to reduce risk "
                "and improve conviction and sentencing. WE are calling for all criminal justice "
                "professionals to be trained by specialists.",
            ),
            (
                3,
                "Perpetrator programmes and treatment",
                "Perpetrator programmes and treatment. WE urgently call for court-mandated "
                "assessment and treatment for stalkers, both before and after sentencing. This "
                "should be delivered by specialist psychiatrists and psychologists who have been "
                "trained in stalker behaviour.",
            ),
            (
                4,
                "Register for serial stalkers",
                "Register for serial stalkers: There is a clear need to register, track, manage "
                "and supervise serial stalkers, just as sex offenders are proactively identified "
                "and managed. Serial stalkers should be included on the Violent and Sexual "
                "Offenders Register (VISOR) and managed via the Multi Agency Public Protection "
                "Arrangements (MAPPA).",
            ),
        ],
    },
]

# --- The strategy: a composite, Brighton & Hove's words (seed 004) ---------------------------
# Seed 004 is a page of Brighton & Hove's VAWG strategy (it names no area; it is the page
# "What we plan to do" on bhconnected.org.uk, Brighton & Hove Connected, the city's
# community safety partnership); no seed gives Merseyside's own outcomes or focus areas.
# So the demo's strategy says it is a composite, in its title (shown wherever the plan
# names its strategy) and after its aim, naming each source.

STRATEGY_SOURCES = (
    "A composite made for this demo, not any area's published strategy. Its aim, outcomes "
    "and focus areas are worded as in Brighton & Hove's VAWG strategy (Brighton & Hove "
    "Connected, “What we plan to do”); the actions are Merseyside's initiatives, as the "
    "Liverpool City Region's Metro Mayor and Deputy Police Commissioner described them on "
    "International Women's Day; the pledges are Labour's five-point plan on women's safety "
    "(Labour North West's police and crime commissioner candidates) and the Women's "
    "Equality Party's four calls on stalking."
)

STRATEGY = {
    "title": "Demo VAWG strategy: a composite of published sources",
    "area": "Merseyside",  # the area of the plan filed under it (seed 002)
    "period_start": D(2024, 4, 1),  # synthetic
    "period_end": D(2028, 3, 31),  # synthetic
    "aim": (
        # Seed 004's aim, its four outcomes run into one sentence.
        "Our overall aim is for residents and communities to be free of VAWG crime types and "
        "make progress towards increasing the safety of victims; holding perpetrators to "
        "account; decreasing social tolerance and acceptance; and increasing people's ability "
        "to have safe, equal, violence-free relationships.\n\n" + STRATEGY_SOURCES
    ),
}

# Titles: seed 004's four outcomes word for word. Descriptions: written for the demo (the
# seed gives none).
OUTCOMES = [
    (
        1,
        "Increasing the safety of victims",
        "Victims and survivors, and their children, are safer sooner, and get support that "
        "puts their safety first.",
    ),
    (
        2,
        "Holding perpetrators to account",
        "Perpetrators are identified, managed and brought to justice, and offered chances to "
        "change in a way that keeps victims safe.",
    ),
    (
        3,
        "Decreasing social tolerance and acceptance",
        "Communities, schools and workplaces recognise VAWG and challenge the attitudes and "
        "behaviours that foster it.",
    ),
    (
        4,
        "Increasing people's ability to have safe, equal, violence-free relationships",
        "Children, young people and adults know what a healthy relationship looks like and "
        "where to find help.",
    ),
]

# Seed 004's four focus areas word for word, with its examples (several of which, such as
# the domestic abuse surgery and domestic homicide reviews, became actions below).
FOCUS_AREAS = [
    (
        1,
        "Prevention and earlier intervention",
        "Preventing violence against women and girls crime types from happening by challenging "
        "the attitudes and behaviours which foster it (eg. through preventative education in "
        "schools) and intervening early where possible to prevent its recurrence (eg. "
        "developing a domestic abuse surgery and supporting the earlier identification and "
        "improved response to domestic violence and abuse in General Practices).",
    ),
    (
        2,
        "Provision of immediate and ongoing support",
        "Providing high quality support for survivors where violence does occur and ensuring "
        "services prioritise the safety of survivors and their children as their first and "
        "over-riding priority (eg. providing therapeutic interventions to support recovery).",
    ),
    (
        3,
        "Protection and prosecution",
        "Taking action to reduce the risk to victims of these crimes, and ensuring that "
        "perpetrators are held accountable, brought to justice and provided with opportunities "
        "for change in a way that maximises safety (eg. continuing to provide specialist "
        "services, such as IDVAs and ISVAs).",
    ),
    (
        4,
        "Partnership working",
        "Delivering co-ordinated action across all services and partnerships, informed by "
        "consistent and coordinated policies, systems and leadership, to obtain the best "
        "outcome for victims and their families (eg. developing a training strategy, a public "
        "awareness campaign and undertaking domestic homicide reviews to ensure we learn from "
        "these tragedies to inform the development of services).",
    ),
]

# --- Forms of VAWG (the glossary), in list order ---------------------------------------------

DA = "Domestic abuse"
SV = "Sexual violence (including rape)"
STALKING = "Stalking"
HARASSMENT = "Harassment"
HBA = "So-called honour-based abuse"
FORCED_MARRIAGE = "Forced marriage"
FGM = "Female genital mutilation (FGM)"
SLAVERY = "Modern slavery"
EXPLOITATION = "Sexual exploitation"
IMAGE_ABUSE = "Intimate image abuse"

VIOLENCE_FORMS = [
    (DA, "Abuse by a partner, ex-partner or family member, including coercive control."),
    (SV, "Rape and other sexual offences, by anyone, anywhere."),
    (STALKING, "A pattern of fixated, obsessive and unwanted behaviour, online or offline."),
    (HARASSMENT, "Unwanted conduct that causes alarm or distress, including in public spaces."),
    (HBA, "Abuse committed to protect or defend the perceived honour of a family or community."),
    (FORCED_MARRIAGE, "A marriage without the full and free consent of one or both people."),
    (FGM, "Cutting or other injury to female genitalia for non-medical reasons."),
    (SLAVERY, "Forced labour, servitude and trafficking, which may be linked to exploitation."),
    (EXPLOITATION, "Sexual abuse in exchange for something, including of sex workers."),
    (IMAGE_ABUSE, "Taking or sharing intimate images without consent, or threatening to."),
]

# --- Partner organisations -------------------------------------------------------------------
# The seed that names each; the councils, schools partnership and refuge are the demo's.

K = OrganisationKind
POLICE = "Merseyside Police"
SAFELIVES = "SafeLives"
SAVERA = "Savera UK"
CHANGING_LIVES = "Changing Lives"
LJMU = "Liverpool John Moores University Public Health Institute"
NHS = "NHS England"
WOMENS_AID = "Women's Aid"
RAPE_CRISIS = "Rape Crisis"
PALADIN = "Paladin"
HELPLINE = "National Stalking Helpline"
LIVERPOOL = "Liverpool City Council"
SEFTON = "Sefton Council"
WIRRAL = "Wirral Council"
KNOWSLEY = "Knowsley Council"
ST_HELENS = "St Helens Council"
SCHOOLS = "Merseyside Schools Safeguarding Partnership (demo)"
REFUGE = "Merseyside Women's Refuge (demo)"
BY_AND_FOR = "Merseyside Black and Minoritised Women's Advocacy (demo)"
COOP = "Co-op"
HMCTS = "HM Courts & Tribunals Service"
COUNCILS = [LIVERPOOL, SEFTON, WIRRAL, KNOWSLEY, ST_HELENS]

PARTNERS = [
    # Seed 002 (SafeLives and the SDVAG; Savera UK; Changing Lives and Red Umbrella; the
    # university and NHS England on the sexual violence review).
    (SAFELIVES, K.SPECIALIST_CHARITY, "National domestic abuse charity; works with the SDVAG."),
    (SAVERA, K.SPECIALIST_CHARITY, "Merseyside charity supporting victims of harmful practices."),
    (CHANGING_LIVES, K.SPECIALIST_CHARITY, "National charity running the Red Umbrella project."),
    (LJMU, K.UNIVERSITY, "Carries out the Merseyside Sexual Violence review."),
    (NHS, K.HEALTH, "Jointly commissions the sexual violence review; health partner."),
    # Seed 003 (Women's Aid and Rape Crisis; the National Stalking Helpline and Paladin).
    (WOMENS_AID, K.SPECIALIST_CHARITY, "Domestic abuse charity; advocacy and training."),
    (RAPE_CRISIS, K.SPECIALIST_CHARITY, "Specialist support for survivors of sexual violence."),
    (PALADIN, K.SPECIALIST_CHARITY, "National stalking advocacy service."),
    (HELPLINE, K.SPECIALIST_CHARITY, "Advice and information for victims of stalking."),
    # The force of seed 002's area; seed 000 on its specialist units.
    (POLICE, K.POLICE, "The force: specialist domestic abuse and public protection units."),
    # Seed 002's "all local authorities": Merseyside's five councils (named for the demo).
    (LIVERPOOL, K.LOCAL_AUTHORITY, "Local authority and community safety partnership."),
    (SEFTON, K.LOCAL_AUTHORITY, "Local authority and community safety partnership."),
    (WIRRAL, K.LOCAL_AUTHORITY, "Local authority and community safety partnership."),
    (KNOWSLEY, K.LOCAL_AUTHORITY, "Local authority and community safety partnership."),
    (ST_HELENS, K.LOCAL_AUTHORITY, "Local authority and community safety partnership."),
    # Synthetic, for seed 000's schools (pledge 4) and refuges.
    (SCHOOLS, K.EDUCATION, "Synthetic schools partnership for the early intervention work."),
    (REFUGE, K.REFUGE, "Synthetic refuge offering safe accommodation and outreach."),
    # Synthetic, for seed 003's call 1: a smaller organisation "for and led by women".
    (
        BY_AND_FOR,
        K.SPECIALIST_CHARITY,
        "Synthetic advocacy service led by and for Black and minoritised women.",
    ),
    # Seed 002 (the Co-op Charter Mark; its part in the workplace scheme is the demo's);
    # seeds 000 and 002 on specialist domestic violence courts and the women-only court.
    (COOP, K.BUSINESS, "Employer in the workplace scheme; its Charter Mark on modern slavery."),
    (HMCTS, K.CRIMINAL_JUSTICE, "Runs the specialist domestic violence and review courts."),
]

# What the funding pages ask of each organisation (issue 17): by and for, specialist VAWG
# provider, size band by annual income. Demo values: a judgement made for the demo, not an
# assessment of the real organisations; only the demo's own providers are "by and for".
# Public bodies and businesses have no size band (it counts charities' income).
S = SizeBand
PARTNER_ATTRIBUTES = {
    SAFELIVES: {"specialist_vawg": True, "size_band": S.LARGE},
    SAVERA: {"specialist_vawg": True, "size_band": S.MEDIUM},
    CHANGING_LIVES: {"size_band": S.MAJOR},
    WOMENS_AID: {"specialist_vawg": True, "size_band": S.LARGE},
    RAPE_CRISIS: {"specialist_vawg": True, "size_band": S.MEDIUM},
    PALADIN: {"specialist_vawg": True, "size_band": S.SMALL},
    HELPLINE: {"specialist_vawg": True, "size_band": S.MEDIUM},
    REFUGE: {"specialist_vawg": True, "size_band": S.MEDIUM},
    BY_AND_FOR: {
        "by_and_for": True,
        "by_and_for_whom": "Black and minoritised women",
        "specialist_vawg": True,
        "size_band": S.SMALL,
    },
}
NO_ATTRIBUTES = {"by_and_for": False, "by_and_for_whom": "", "specialist_vawg": False}

# --- Lead specialists (synthetic people) -----------------------------------------------------

OPCC = "Office of the Police and Crime Commissioner for Merseyside"
ALEX, PRIYA, SAM, JORDAN = "Alex Demo", "Priya Demo", "Sam Demo", "Jordan Demo"

LEAD_SPECIALISTS = [
    # name, job title, organisation, specialisms, demo username (or None)
    (ALEX, "VAWG Lead Specialist", OPCC, [DA, SV, STALKING], "lead"),
    (
        PRIYA,
        "Harmful Practices and Exploitation Lead",
        OPCC,
        [HBA, FORCED_MARRIAGE, FGM, SLAVERY, EXPLOITATION],
        None,
    ),
    (SAM, "Detective Chief Inspector, Public Protection", POLICE, [DA, STALKING, SV], None),
    (
        JORDAN,
        "Community Safety Partnership Manager",
        LIVERPOOL,
        [DA, HARASSMENT, IMAGE_ABUSE],
        None,
    ),
]

PLAN = {
    "title": "Merseyside VAWG action plan 2025–2027",
    "period_start": D(2025, 4, 1),
    "period_end": D(2027, 3, 31),
    "state": PlanState.ACTIVE,
    "description": (
        "The integrated local action plan (pledge 1 of the five-point plan): partners' work on "
        "every form of VAWG under the strategy's four focus areas, each action owned by a lead "
        "specialist."
    ),
}

# --- Actions (seeds 000, 002, 003 and 004; the comment above each names its seeds) -----------
# pledges: "FP1" is pledge 1 of the five-point plan, "WE2" call 2 of the four calls.
# The figures in descriptions and progress updates are synthetic unless a comment says.
# milestones: (title, due date, completed on or None).

ACTIONS = [
    # Seed 000, pledge 1 (its words for the lead specialist).
    {
        "reference": "1.1",
        "title": "Appoint a lead specialist and publish the integrated VAWG action plan",
        "description": (
            "Appoint a lead specialist, responsible for delivering the plan, and bring every "
            "partner's VAWG commitments into one integrated Merseyside action plan. The plan "
            "covers each form of VAWG and is agreed by the five community safety partnerships."
        ),
        "pledges": ["FP1"],
        "focus_area": 4,
        "outcomes": [1, 2, 3, 4],
        "violence_forms": [form for form, _ in VIOLENCE_FORMS],
        "lead": ALEX,
        "partners": [POLICE, *COUNCILS],
        "start_date": D(2025, 4, 1),
        "due_date": D(2025, 9, 30),
        "milestones": [
            ("Lead specialist appointed", D(2025, 5, 31), D(2025, 5, 19)),
            ("Draft plan consulted on with partners", D(2025, 7, 31), D(2025, 7, 25)),
            ("Action plan agreed and published", D(2025, 9, 30), D(2025, 9, 22)),
        ],
    },
    # Seed 000, pledge 1 (VAWG prioritised in the crime and policing plan).
    {
        "reference": "1.2",
        "title": "Prioritise VAWG in the police and crime plan",
        "description": (
            "Make tackling VAWG a named priority of the police and crime plan, with measures "
            "the police and crime panel can scrutinise each quarter. The refreshed plan points "
            "to this action plan rather than repeating it."
        ),
        "pledges": ["FP1"],
        "focus_area": 4,
        "outcomes": [1, 2],
        "violence_forms": [DA, SV, STALKING, HARASSMENT],
        "lead": ALEX,
        "partners": [POLICE],
        "start_date": D(2025, 4, 1),
        "due_date": D(2025, 12, 31),
        "milestones": [
            ("VAWG priority drafted with force leadership", D(2025, 7, 31), D(2025, 7, 18)),
            ("Police and crime panel consulted", D(2025, 10, 31), D(2025, 10, 16)),
            ("Refreshed police and crime plan published", D(2025, 12, 31), D(2025, 12, 10)),
        ],
    },
    # Seed 002 (SDVAG, SafeLives, the training and routes-to-support maps, the single
    # Merseyside specialist domestic violence court).
    {
        "reference": "1.3",
        "title": "SDVAG action plan with SafeLives and the specialist domestic violence court",
        "description": (
            "Work with SafeLives through the Strategic Domestic Violence Action Group to map "
            "training across the region and the routes victims take to find support, and to "
            "promote best practice. The group also monitors the single Merseyside specialist "
            "domestic violence court."
        ),
        "pledges": ["FP1", "FP3"],
        "focus_area": 4,
        "outcomes": [1, 2],
        "violence_forms": [DA],
        "lead": ALEX,
        "partners": [SAFELIVES, POLICE, HMCTS, LIVERPOOL],
        "start_date": D(2025, 4, 1),
        "due_date": D(2027, 3, 31),
        "milestones": [
            ("Training map across the region published", D(2025, 12, 31), D(2025, 12, 12)),
            ("Routes-to-support map tested with survivors", D(2026, 9, 30), D(2026, 9, 24)),
            ("Annual review of the specialist court", D(2027, 2, 26), None),
        ],
    },
    # Seed 004: Brighton & Hove's examples under partnership working (domestic homicide
    # reviews, a public awareness campaign), here in the Merseyside plan.
    {
        "reference": "1.4",
        "title": "Domestic homicide reviews and a public awareness campaign",
        "description": (
            "Make sure every domestic homicide review is commissioned promptly and its lessons "
            "shape services, and run a Merseyside-wide campaign on recognising and reporting "
            "abuse. Findings are shared at partnership learning events."
        ),
        "pledges": ["FP1", "FP4"],
        "focus_area": 4,
        "outcomes": [1, 3],
        "violence_forms": [DA, STALKING],
        "lead": JORDAN,
        "partners": [*COUNCILS, POLICE, NHS, WOMENS_AID],
        "start_date": D(2025, 7, 1),
        "due_date": D(2027, 3, 31),
        "milestones": [
            ("Shared review tracker in use in all five areas", D(2025, 12, 31), D(2026, 1, 20)),
            ("Awareness campaign launched", D(2026, 9, 30), None),
            ("Learning event on review findings", D(2027, 1, 29), None),
        ],
    },
    # Seed 002 (the Merseyside-wide Sexual Violence review, its commissioners and survey).
    {
        "reference": "1.5",
        "title": "Merseyside Sexual Violence review",
        "description": (
            "A Merseyside-wide review, carried out by Liverpool John Moores University's Public "
            "Health Institute and jointly commissioned with NHS England, of the extent and "
            "nature of sexual violence in the region and the services available to victims. "
            "Survivors can take part anonymously to share their experience of support."
        ),
        "pledges": ["FP1", "FP2"],
        "focus_area": 2,
        "outcomes": [1, 3],
        "violence_forms": [SV, EXPLOITATION],
        "lead": ALEX,
        "partners": [LJMU, NHS, RAPE_CRISIS],
        "start_date": D(2025, 4, 1),
        "due_date": D(2026, 6, 30),
        "milestones": [
            ("Joint commissioning agreed with NHS England", D(2025, 5, 30), D(2025, 5, 28)),
            ("Anonymous survivor survey closed", D(2025, 12, 31), D(2025, 12, 19)),
            ("Final report and recommendations published", D(2026, 6, 30), D(2026, 6, 25)),
        ],
    },
    # Seed 000, pledge 2 (specialist domestic violence and public protection units).
    {
        "reference": "2.1",
        "title": "Sustain specialist domestic abuse and public protection units",
        "description": (
            "Keep the force's specialist domestic abuse and public protection units at their "
            "agreed strength, so that high-risk cases are handled by trained investigators. "
            "Staffing and caseloads are reported to the police and crime panel."
        ),
        "pledges": ["FP2"],
        "focus_area": 3,
        "outcomes": [1, 2],
        "violence_forms": [DA, SV, STALKING, HARASSMENT],
        "lead": SAM,
        "partners": [POLICE],
        "start_date": D(2025, 4, 1),
        "due_date": D(2027, 3, 31),
        "milestones": [
            ("Unit establishment agreed in the force budget", D(2025, 6, 30), D(2025, 6, 20)),
            ("Caseload dashboard shared with the panel", D(2025, 12, 31), D(2025, 11, 28)),
            ("Establishment protected in the 2027/28 budget", D(2027, 2, 26), None),
        ],
    },
    # Seed 000, pledge 2 (the network of advisers); seed 004 (IDVAs and ISVAs); seed 003,
    # call 1 (stalking support).
    {
        "reference": "2.2",
        "title": "Maintain and develop the IDVA and ISVA network",
        "description": (
            "Keep the existing network of independent domestic and sexual violence advisers "
            "(IDVAs and ISVAs) funded and grow it where demand is highest, including specialist "
            "advocacy for stalking victims. Advisers work alongside the specialist court and "
            "MARACs."
        ),
        "pledges": ["FP2", "WE1"],
        "focus_area": 3,
        "outcomes": [1],
        "violence_forms": [DA, SV, STALKING],
        "lead": ALEX,
        "partners": [SAFELIVES, WOMENS_AID, RAPE_CRISIS, PALADIN, REFUGE, BY_AND_FOR],
        "start_date": D(2025, 4, 1),
        "due_date": D(2027, 3, 31),
        "milestones": [
            ("Three-year funding for existing posts agreed", D(2025, 9, 30), D(2025, 9, 15)),
            ("Four new IDVA posts filled", D(2026, 6, 30), None),
            ("Stalking advocate in post", D(2027, 1, 29), None),
        ],
    },
    # Seed 002 (the Harmful Practices Group's strategy; Savera UK in Victim Care Merseyside).
    {
        "reference": "2.3",
        "title": "Harmful Practices Group strategy and Savera UK support service",
        "description": (
            "Deliver the Harmful Practices Group's strategy on forced marriage, female genital "
            "mutilation and so-called honour-based abuse. Savera UK provides a dedicated support "
            "service for all victims in the region as part of Victim Care Merseyside."
        ),
        "pledges": ["FP2"],
        "focus_area": 2,
        "outcomes": [1, 3],
        "violence_forms": [HBA, FORCED_MARRIAGE, FGM],
        "lead": PRIYA,
        "partners": [SAVERA, POLICE, LIVERPOOL, NHS],
        "start_date": D(2025, 4, 1),
        "due_date": D(2026, 10, 30),
        "milestones": [
            ("Harmful Practices strategy agreed", D(2025, 6, 30), D(2025, 6, 26)),
            ("Savera UK service extended", D(2025, 9, 30), D(2025, 9, 30)),
            ("Awareness sessions held in all five areas", D(2026, 10, 30), None),
        ],
    },
    # Seed 002 (Red Umbrella, Changing Lives, the liaison officer, reports almost trebled).
    {
        "reference": "2.4",
        "title": "Red Umbrella project with Changing Lives",
        "description": (
            "Continue the Red Umbrella project with the national charity Changing Lives to "
            "protect and support street and online sex workers and help them report crimes "
            "against them. The project has the first dedicated police sex worker liaison "
            "officer, and reports to the police have almost trebled."
        ),
        "pledges": ["FP2"],
        "focus_area": 2,
        "outcomes": [1, 2],
        "violence_forms": [EXPLOITATION, SV, SLAVERY],
        "lead": PRIYA,
        "partners": [CHANGING_LIVES, POLICE],
        "start_date": D(2025, 4, 1),
        "due_date": D(2027, 3, 31),
        "milestones": [
            ("Sex worker liaison officer post made permanent", D(2025, 9, 30), D(2025, 9, 10)),
            ("Online outreach on two more platforms", D(2026, 3, 31), D(2026, 4, 14)),
            ("Independent evaluation reported", D(2027, 3, 31), None),
        ],
    },
    # Seed 000, pledge 3 (who is trained); seed 002 (the training map).
    {
        "reference": "3.1",
        "title": "Specialist training for officers, specialist units and commissioners",
        "description": (
            "Deliver specialist training in domestic and sexual violence, stalking and other "
            "forms of VAWG for neighbourhood officers, officers in specialist protection units "
            "and staff who commission services for survivors. The programme follows the "
            "training map produced with SafeLives."
        ),
        "pledges": ["FP3"],
        "focus_area": 4,
        "outcomes": [1, 2],
        "violence_forms": [DA, SV, STALKING, HARASSMENT, HBA],
        "lead": SAM,
        "partners": [POLICE, SAFELIVES, RAPE_CRISIS],
        "start_date": D(2025, 7, 1),
        "due_date": D(2027, 3, 31),
        "milestones": [
            ("Programme designed from the training map", D(2026, 1, 30), D(2026, 2, 20)),
            ("Half of neighbourhood officers trained", D(2026, 9, 30), None),
            ("Commissioners' course delivered", D(2027, 1, 29), None),
        ],
    },
    # Seed 003, call 2 (specialist-led training of criminal justice professionals).
    {
        "reference": "3.2",
        "title": "Specialist-led stalking training for criminal justice professionals",
        "description": (
            "Training led by stalking specialists for police officers, prosecutors, probation "
            "and court staff, so that stalking is recognised, risk is managed and conviction "
            "and sentencing improve. Delivered with the national stalking advocacy service."
        ),
        "pledges": ["FP3", "WE2"],
        "focus_area": 3,
        "outcomes": [2, 1],
        "violence_forms": [STALKING, HARASSMENT],
        "lead": SAM,
        "partners": [PALADIN, HELPLINE, HMCTS, POLICE],
        "start_date": D(2025, 10, 1),
        "due_date": D(2026, 12, 31),
        "milestones": [
            ("Course content agreed with specialist trainers", D(2025, 12, 31), D(2025, 12, 5)),
            ("All planned cohorts trained", D(2026, 9, 30), D(2026, 9, 18)),
            ("Evaluation of charging decisions reported", D(2026, 12, 18), None),
        ],
    },
    # Seed 000, pledge 4 (schools, local authorities and community organisations); seed 004
    # (preventative education in schools; safe, equal relationships).
    {
        "reference": "4.1",
        "title": "Schools early intervention programme on healthy relationships",
        "description": (
            "Work with schools, local authorities and community organisations on preventative "
            "education about safe, equal relationships, challenging the attitudes that foster "
            "VAWG. Teachers are trained to deliver sessions and to spot and refer concerns early."
        ),
        "pledges": ["FP4"],
        "focus_area": 1,
        "outcomes": [3, 4],
        "violence_forms": [DA, SV, HARASSMENT, IMAGE_ABUSE],
        "lead": JORDAN,
        "partners": [SCHOOLS, LIVERPOOL, KNOWSLEY, SEFTON, WOMENS_AID],
        "start_date": D(2025, 9, 1),
        "due_date": D(2027, 3, 31),
        "milestones": [
            ("Materials reviewed by young people", D(2025, 12, 19), D(2025, 12, 17)),
            ("Programme running in 40 secondary schools", D(2026, 7, 17), D(2026, 7, 15)),
            ("Programme running in 80 secondary schools", D(2027, 3, 31), None),
        ],
    },
    # Seed 004: Brighton & Hove's example under prevention (a domestic abuse surgery, GP
    # practices), here in the Merseyside plan.
    {
        "reference": "4.2",
        "title": "Domestic abuse surgery and identification in GP practices",
        "description": (
            "Develop a domestic abuse surgery and support earlier identification of, and a "
            "better response to, domestic abuse in general practices. Practice staff are trained "
            "to ask about abuse and refer patients to a named adviser."
        ),
        "pledges": ["FP4"],
        "focus_area": 1,
        "outcomes": [1, 4],
        "violence_forms": [DA],
        "lead": JORDAN,
        "partners": [NHS, WOMENS_AID, WIRRAL, KNOWSLEY],
        "start_date": D(2025, 10, 1),
        "due_date": D(2027, 3, 31),
        "milestones": [
            ("Data-sharing agreement signed with practices", D(2026, 3, 31), None),
            ("Surgery running in pilot practices", D(2026, 9, 30), None),
            ("Pilot evaluated", D(2027, 3, 31), None),
        ],
    },
    # Seed 002 (the Domestic Abuse Workplace Scheme and its workplace champions).
    {
        "reference": "4.3",
        "title": "Domestic Abuse Workplace Scheme with workplace champions",
        "description": (
            "Launch a workplace scheme in which employers commit to a safe working environment "
            "and policies that protect staff. A network of trained workplace champions spots "
            "the signs of domestic abuse, helps colleagues and signposts them to services."
        ),
        "pledges": ["FP4"],
        "focus_area": 1,
        "outcomes": [1, 3],
        "violence_forms": [DA],
        "lead": JORDAN,
        "partners": [COOP, LIVERPOOL, SAFELIVES],
        "start_date": D(2027, 1, 11),
        "due_date": D(2027, 3, 31),
        "milestones": [
            ("Founder employers signed up", D(2026, 12, 18), None),
            ("First 30 workplace champions trained", D(2027, 3, 31), None),
        ],
    },
    # Seed 002 (the women-only review court).
    {
        "reference": "4.4",
        "title": "Women-only review court",
        "description": (
            "Support the women-only review court, which recognises the adversities, including "
            "domestic abuse and sexual violence, many women face before they meet the criminal "
            "justice system. It sits monthly to review women on community orders or suspended "
            "sentences and to find wider issues before they escalate."
        ),
        "pledges": ["FP4"],
        "focus_area": 3,
        "outcomes": [1, 4],
        "violence_forms": [DA, SV],
        "lead": PRIYA,
        "partners": [HMCTS, CHANGING_LIVES, REFUGE],
        "start_date": D(2025, 4, 1),
        "due_date": D(2026, 12, 31),
        "milestones": [
            ("Court sitting monthly with a support worker", D(2025, 6, 30), D(2025, 6, 12)),
            ("Referral pathway to women's services agreed", D(2025, 12, 31), D(2025, 11, 20)),
            ("First-year review of outcomes published", D(2026, 12, 18), None),
        ],
    },
    # Seed 002 (two workshops, the Co-op Charter Mark); seed 004 ("which may be linked to
    # sexual exploitation").
    {
        "reference": "4.5",
        "title": "Modern slavery awareness action plan",
        "description": (
            "Raise awareness of modern slavery, which may be linked to sexual exploitation, "
            "with two funded workshops for employers and community safety partners. After "
            "signing the Co-op Charter Mark, each council reviews its partnerships and puts "
            "modern slavery checks into its supply chain."
        ),
        "pledges": ["FP4"],
        "focus_area": 1,
        "outcomes": [3, 1],
        "violence_forms": [SLAVERY, EXPLOITATION],
        "lead": PRIYA,
        "partners": [COOP, *COUNCILS],
        "start_date": D(2025, 10, 1),
        "due_date": D(2026, 12, 31),
        "milestones": [
            ("Employers' workshop held", D(2026, 1, 30), D(2026, 1, 27)),
            ("Community safety partners' workshop held", D(2026, 7, 31), None),
            ("Supply-chain reviews done by all five councils", D(2026, 12, 31), None),
        ],
    },
    # Seed 000, pledge 5 (serial perpetrators); seed 003, call 4 (ViSOR and MAPPA).
    {
        "reference": "5.1",
        "title": "Serial perpetrator active monitoring pilot",
        "description": (
            "Pilot preventative policing in two areas to identify, actively monitor and manage "
            "serial perpetrators of domestic and sexual violence and stalking. The pilot tests "
            "how serial stalkers could be registered and managed as violent and sexual "
            "offenders are, through ViSOR and MAPPA."
        ),
        "pledges": ["FP5", "WE4"],
        "focus_area": 3,
        "outcomes": [2, 1],
        "violence_forms": [DA, SV, STALKING],
        "lead": SAM,
        "partners": [POLICE, WIRRAL, SEFTON],
        "start_date": D(2025, 10, 1),
        "due_date": D(2027, 3, 31),
        "milestones": [
            ("Pilot areas and identification criteria agreed", D(2025, 12, 31), D(2025, 12, 19)),
            ("Information-sharing protocol agreed", D(2026, 6, 30), None),
            ("50 serial perpetrators under active management", D(2026, 12, 31), None),
        ],
    },
    # Seed 003, call 3 (court-mandated assessment and treatment for stalkers).
    {
        "reference": "5.2",
        "title": "Stalking perpetrator assessment and treatment",
        "description": (
            "Commission court-mandated assessment and treatment for stalkers, before and after "
            "sentencing, delivered by psychiatrists and psychologists trained in stalking "
            "behaviour. Work starts once health commissioners confirm funding."
        ),
        "pledges": ["FP5", "WE3"],
        "focus_area": 3,
        "outcomes": [2],
        "violence_forms": [STALKING],
        "lead": ALEX,
        "partners": [NHS, PALADIN, HMCTS],
        "start_date": D(2027, 1, 4),
        "due_date": D(2027, 3, 31),
        "milestones": [
            ("Joint commissioning case agreed with NHS England", D(2027, 1, 29), None),
            ("Service specification published", D(2027, 3, 31), None),
        ],
    },
]


# --- What the public reads about each action (synthetic) --------------------------------------

# Written for the public, in plain English, not copied from the internal narratives: what
# the action is for and what people can expect. Synthetic, like everything else here.
PUBLIC_SUMMARIES = {
    "1.1": "One named specialist now leads our work on violence against women and girls, "
    "and one published plan brings together what every partner has promised to do.",
    "1.2": "Tackling violence against women and girls is one of the three priorities in the "
    "police and crime plan, with measures reported to the police and crime panel.",
    "1.3": "We are working with SafeLives and the specialist domestic violence court so that "
    "victims get joined-up support from first report to court.",
    "1.4": "When a domestic homicide review finds lessons, we act on them, and we are running "
    "a campaign so more people know where to get help.",
    "1.5": "An independent review of how sexual violence is handled across Merseyside, so "
    "that victims are better supported and more cases reach court.",
    "2.1": "Specialist police units for domestic abuse and public protection are kept in "
    "place, so victims deal with officers trained for their case.",
    "2.2": "Independent advisers support victims of domestic and sexual violence. We are "
    "keeping the network going and adding advisers where the need is greatest.",
    "2.3": "Support for people at risk of forced marriage, honour-based abuse and FGM, "
    "delivered with Savera UK, and awareness for the professionals who meet them.",
    "2.4": "The Red Umbrella project helps sex workers report crimes against them safely and "
    "get support.",
    "3.1": "Officers, specialist units and the people who buy services are trained by "
    "specialists to recognise abuse and respond well.",
    "3.2": "Police, prosecutors and court staff are trained by stalking specialists to spot "
    "stalking early and take it seriously.",
    "4.1": "Schools teach young people about healthy relationships, so problems are spotted "
    "and help offered early.",
    "4.2": "GP practices are helped to recognise domestic abuse and refer patients to "
    "specialist support.",
    "4.3": "Employers sign up to a workplace scheme, with trained champions who can point "
    "colleagues to help.",
    "4.4": "A review court for women that looks at the reasons behind offending, such as "
    "abuse, and links women to support.",
    "4.5": "A plan to raise awareness of modern slavery, so that more victims are found and "
    "helped.",
    "5.1": "A pilot that closely manages the small number of people who repeatedly abuse "
    "partners, to stop them harming again.",
    "5.2": "People who stalk are assessed and offered treatment to change their behaviour, "
    "alongside action by the police and courts.",
}

# Notes published with each indicator (synthetic, like the figures).
PUBLIC_NOTES = {
    "People turned away from refuges on an average day": "How many people refuges could not "
    "take in on an average day. Demonstration figures, not real ones.",
    "Change in funding to refuges and domestic abuse services": "Funding compared with 2010. "
    "Demonstration figures, not real ones.",
    "Share of 999 calls about domestic abuse": "The share of all 999 calls that were about "
    "domestic abuse. Demonstration figures, not real ones.",
    "Independent domestic violence advisers (IDVAs) in post": "Full-time-equivalent advisers "
    "working across Merseyside. Demonstration figures, not real ones.",
    "Crimes reported through the Red Umbrella project": "Crimes against sex workers reported "
    "to the police through the project. Demonstration figures, not real ones.",
}


# --- Progress updates, one per quarter ------------------------------------------------------


class Update(NamedTuple):
    period: str
    status: Status
    percent: int
    narrative: str
    next_steps: str = ""
    risks: str = ""
    reason: str = ""


PROGRESS = {
    "1.1": [
        Update(
            "2025/26 Q1",
            ON_TRACK,
            40,
            "Lead specialist appointed in May and introduced to all five community safety "
            "partnerships. VAWG commitments from 14 partner plans gathered into one draft.",
            next_steps="Consult partners and survivors' groups on the draft over the summer.",
        ),
        Update(
            "2025/26 Q2",
            COMPLETED,
            100,
            "Draft consulted on with 23 partner organisations and three survivor reference "
            "groups; 41 comments received and answered. Plan agreed by the strategic board and "
            "published in September.",
            next_steps="Delivery is now tracked action by action in this plan.",
        ),
    ],
    "1.2": [
        Update(
            "2025/26 Q1",
            ON_TRACK,
            20,
            "Workshop held with force leadership and the community safety partnerships to shape "
            "a VAWG priority; four candidate measures shortlisted.",
            next_steps="Draft the priority wording and its quarterly measures.",
        ),
        Update(
            "2025/26 Q2",
            ON_TRACK,
            60,
            "VAWG priority and five quarterly measures drafted and shared with partners. Public "
            "consultation on the refreshed plan opened in September.",
            next_steps="Take the draft to the police and crime panel in October.",
        ),
        Update(
            "2025/26 Q3",
            COMPLETED,
            100,
            "Police and crime panel endorsed the VAWG priority in October. Refreshed police and "
            "crime plan published in December with VAWG as one of its three priorities.",
            next_steps="Report the five measures to the panel every quarter.",
        ),
    ],
    "1.3": [
        Update(
            "2025/26 Q1",
            ON_TRACK,
            10,
            "SDVAG agreed its joint action plan with SafeLives. Training audit sent to 62 "
            "partner organisations; 38 returned by the end of the quarter.",
            next_steps="Chase the remaining returns and start the analysis.",
        ),
        Update(
            "2025/26 Q2",
            ON_TRACK,
            20,
            "Training audit closed with 57 returns. First monitoring report on the specialist "
            "domestic violence court received: 214 cases listed this quarter.",
            next_steps="Draft the training map; agree court monitoring measures with HMCTS.",
        ),
        Update(
            "2025/26 Q3",
            ON_TRACK,
            30,
            "Training map published in December; it shows gaps in stalking and coercive control "
            "training for neighbourhood teams. Court monitoring measures agreed with HMCTS.",
            next_steps="Start mapping routes to support with survivors' groups.",
        ),
        Update(
            "2025/26 Q4",
            ON_TRACK,
            45,
            "Six survivor focus groups held across the region to map routes to support. Average "
            "time from charge to trial at the specialist court fell by nine days on Q3.",
            next_steps="Write up the mapping and test it with partners.",
        ),
        Update(
            "2026/27 Q1",
            ON_TRACK,
            55,
            "Draft routes-to-support map shared with partners: in three areas helpline and "
            "police referrals go to different services. SafeLives circulated a note on listing.",
            next_steps="Agree referral pathway changes in the three areas.",
        ),
        Update(
            "2026/27 Q2",
            ON_TRACK,
            65,
            "Routes-to-support map tested with two survivor groups and finalised. Referral "
            "pathway changes agreed in two of the three areas.",
            next_steps="Agree the third area's change in October.",
        ),
        Update(
            "2026/27 Q3",
            ON_TRACK,
            70,
            "Third area agreed its pathway change in October. Half-year court data show fewer "
            "cases withdrawn before trial than in the same period last year.",
            next_steps="Prepare the annual review of the specialist court for February.",
        ),
    ],
    "1.4": [
        Update(
            "2025/26 Q2",
            ON_TRACK,
            10,
            "Review of how domestic homicide reviews are commissioned started: seven reviews "
            "in progress across the five areas, two past their target date.",
            next_steps="Agree a shared tracker for reviews.",
        ),
        Update(
            "2025/26 Q3",
            ON_TRACK,
            20,
            "Shared review tracker agreed by the community safety partnerships. Campaign brief "
            "drafted with input from survivors' groups.",
            next_steps="Tender for a campaign agency.",
        ),
        Update(
            "2025/26 Q4",
            ON_TRACK,
            30,
            "Tracker in use in all five areas from January, a month late. Campaign tender "
            "issued; four bids received.",
            next_steps="Evaluate bids and award the campaign contract.",
        ),
        Update(
            "2026/27 Q1",
            AT_RISK,
            35,
            "Preferred campaign bid exceeded the budget and is being re-scoped. Two reviews "
            "completed and published; one still waits for a health provider's report.",
            next_steps="Re-scope and award the campaign contract.",
            risks="The budget may not cover the planned radio and social media reach.",
            reason="Campaign procurement has slipped a quarter; a September launch is no "
            "longer possible.",
        ),
        Update(
            "2026/27 Q2",
            AT_RISK,
            40,
            "Re-scoped campaign contract awarded in August; launch moved to February. Only one "
            "review is now past its target date.",
            next_steps="Sign off campaign materials with survivors' groups; hold the learning "
            "event in January.",
            reason="The awareness campaign launch has moved from September to February after "
            "the procurement delay.",
        ),
    ],
    "1.5": [
        Update(
            "2025/26 Q1",
            ON_TRACK,
            15,
            "Review jointly commissioned with NHS England and let to the university's Public "
            "Health Institute. Ethics approval for the anonymous survivor survey granted.",
            next_steps="Open the survivor survey in July.",
        ),
        Update(
            "2025/26 Q2",
            ON_TRACK,
            35,
            "Anonymous survivor survey opened in July and promoted by partners; 212 responses "
            "so far. Service mapping under way, with 31 services identified.",
            next_steps="Keep the survey open until December.",
        ),
        Update(
            "2025/26 Q3",
            ON_TRACK,
            55,
            "Survey closed in December with 486 responses. Service mapping complete; analysis "
            "of police and health data started.",
            next_steps="Present draft findings to the steering group.",
        ),
        Update(
            "2025/26 Q4",
            ON_TRACK,
            75,
            "Draft findings presented to the joint steering group: reporting is rising but "
            "access to specialist counselling varies widely between the five areas.",
            next_steps="Publish the final report in June.",
        ),
        Update(
            "2026/27 Q1",
            COMPLETED,
            100,
            "Final report published in June with 12 recommendations, each taken into this plan "
            "or given to a partner. Findings shared with survivors who asked to hear them.",
            next_steps="Recommendations are followed up under actions 1.3 and 2.2.",
        ),
    ],
    "2.1": [
        Update(
            "2025/26 Q1",
            ON_TRACK,
            15,
            "Unit establishment agreed in the force budget, including four posts that had been "
            "at risk. Vacancy rate at the end of the quarter: 6%.",
            next_steps="Fill the remaining vacancies from the development programme.",
        ),
        Update(
            "2025/26 Q2",
            ON_TRACK,
            30,
            "Eleven investigators completed the specialist development programme and joined the "
            "units. Caseload per investigator slightly down on Q1.",
            next_steps="Build a caseload dashboard for the police and crime panel.",
        ),
        Update(
            "2025/26 Q3",
            ON_TRACK,
            45,
            "Caseload dashboard shared with the police and crime panel in November. Vacancy "
            "rate down to 4%.",
            next_steps="Keep the units at strength through the winter peak.",
        ),
        Update(
            "2025/26 Q4",
            ON_TRACK,
            55,
            "Units held at full establishment through the winter peak despite sickness absence; "
            "two temporary posts extended to March 2027.",
            next_steps="Complete the annual review of the units.",
        ),
        Update(
            "2026/27 Q1",
            ON_TRACK,
            65,
            "Annual review found better timeliness in high-risk cases; the force accepted two "
            "recommendations on supervision ratios.",
            next_steps="Put the new supervision ratios in place.",
        ),
        Update(
            "2026/27 Q2",
            ON_TRACK,
            75,
            "New supervision ratios in place. The force's 2027/28 budget bid keeps the full "
            "establishment of both units.",
            next_steps="Confirm the establishment in the 2027/28 budget in February.",
        ),
    ],
    "2.2": [
        Update(
            "2025/26 Q1",
            ON_TRACK,
            10,
            "Needs assessment with SafeLives shows adviser caseloads above recommended levels in "
            "two areas. Bid for four additional IDVA posts prepared.",
            next_steps="Secure funding for existing posts and the new ones.",
        ),
        Update(
            "2025/26 Q2",
            ON_TRACK,
            20,
            "Three-year funding agreed for all existing IDVA and ISVA posts. Bid for four new "
            "IDVA posts approved.",
            next_steps="Recruit to the four new posts.",
        ),
        Update(
            "2025/26 Q3",
            ON_TRACK,
            30,
            "Recruitment to the four new IDVA posts opened; two offers made. Stalking advocacy "
            "specification drafted with Paladin.",
            next_steps="Onboard the first two new IDVAs.",
        ),
        Update(
            "2025/26 Q4",
            AT_RISK,
            35,
            "One of the two new IDVAs started; the other withdrew. The re-advertised posts drew "
            "few qualified applicants.",
            next_steps="Explore a trainee route with SafeLives.",
            risks="Caseloads stay above recommended levels until the posts are filled.",
            reason="Recruitment of qualified IDVAs is slower than planned; three of four new "
            "posts are still vacant.",
        ),
        Update(
            "2026/27 Q1",
            AT_RISK,
            40,
            "Second new IDVA in post. Trainee route agreed with SafeLives so that applicants "
            "without the qualification can be appointed and trained.",
            next_steps="Appoint two trainee IDVAs.",
            reason="Two of four new IDVA posts remain vacant; the June milestone is missed.",
        ),
        Update(
            "2026/27 Q2",
            AT_RISK,
            45,
            "Two trainee IDVAs appointed and started the accredited course. Stalking advocate "
            "post advertised.",
            next_steps="Appoint the stalking advocate.",
            reason="The trainees will not carry a full caseload until they qualify in spring 2027.",
        ),
        Update(
            "2026/27 Q3",
            AT_RISK,
            50,
            "Stalking advocate appointed, starting in January. Caseloads in the two busiest "
            "areas are down but still above the recommended level.",
            next_steps="Review caseloads in February; confirm 2027/28 funding.",
            reason="Full capacity depends on two trainees qualifying in spring 2027.",
        ),
    ],
    "2.3": [
        Update(
            "2025/26 Q1",
            ON_TRACK,
            15,
            "Harmful Practices Group agreed its strategy and a joint referral form for forced "
            "marriage, FGM and so-called honour-based abuse.",
            next_steps="Extend the Savera UK support service.",
        ),
        Update(
            "2025/26 Q2",
            ON_TRACK,
            30,
            "Savera UK's dedicated support service extended within Victim Care Merseyside. "
            "Referrals this quarter: 37, up from 29.",
            next_steps="Roll out the joint referral form.",
        ),
        Update(
            "2025/26 Q3",
            ON_TRACK,
            45,
            "Joint referral form in use by police, councils and two hospital trusts. First "
            "awareness session held for school safeguarding leads.",
            next_steps="Plan awareness sessions in each of the five areas.",
        ),
        Update(
            "2025/26 Q4",
            ON_TRACK,
            60,
            "Referrals steady at 35 to 40 a quarter. Awareness sessions held in two of the five "
            "areas.",
            next_steps="Hold sessions in the remaining three areas.",
        ),
        Update(
            "2026/27 Q1",
            ON_TRACK,
            75,
            "Savera UK collected survivor feedback: most said they felt safer after support. "
            "Sessions held in a third area.",
            next_steps="Book sessions in the last two areas.",
        ),
        Update(
            "2026/27 Q2",
            ON_TRACK,
            85,
            "Fourth area's sessions held in September; the last area is booked for November, "
            "after the planned end date.",
            next_steps="Close the action once the final sessions are held.",
        ),
    ],
    "2.4": [
        Update(
            "2025/26 Q1",
            ON_TRACK,
            10,
            "Project funding renewed for two years. 25 crimes were reported through the "
            "project this quarter, against a baseline of 13 a quarter.",
            next_steps="Make the liaison officer post permanent.",
        ),
        Update(
            "2025/26 Q2",
            ON_TRACK,
            25,
            "The police sex worker liaison officer post was made permanent. 27 crimes reported "
            "through the project this quarter.",
            next_steps="Extend online outreach to more platforms.",
        ),
        Update(
            "2025/26 Q3",
            ON_TRACK,
            40,
            "Online outreach started on a second platform. 30 crimes reported this quarter, "
            "most of them violence or theft by clients.",
            next_steps="Add a third platform by March.",
        ),
        Update(
            "2025/26 Q4",
            ON_TRACK,
            50,
            "Third platform slipped into April. 33 crimes reported this quarter.",
            next_steps="Go live on the third platform.",
        ),
        Update(
            "2026/27 Q1",
            ON_TRACK,
            60,
            "Online outreach now on three platforms. 35 crimes reported this quarter, almost "
            "treble the baseline.",
            next_steps="Agree an evaluation specification with Changing Lives.",
        ),
        Update(
            "2026/27 Q2",
            ON_TRACK,
            70,
            "37 crimes reported this quarter. Evaluation specification agreed with Changing Lives.",
            next_steps="Commission the independent evaluation.",
        ),
    ],
    "3.1": [
        Update(
            "2025/26 Q2",
            ON_TRACK,
            10,
            "Training needs agreed with the force learning team; course design waits for the "
            "SDVAG training map.",
            next_steps="Design the programme once the training map is out.",
        ),
        Update(
            "2025/26 Q3",
            ON_TRACK,
            20,
            "Training map published; programme outline agreed with three modules: "
            "neighbourhood, specialist unit and commissioning.",
            next_steps="Sign off the programme in January.",
        ),
        Update(
            "2025/26 Q4",
            ON_TRACK,
            30,
            "Programme signed off in February, three weeks late. First 120 neighbourhood "
            "officers trained in March.",
            next_steps="Train a further 250 officers by June.",
        ),
        Update(
            "2026/27 Q1",
            AT_RISK,
            35,
            "A further 160 officers trained, but abstraction for public order events cancelled "
            "six sessions.",
            next_steps="Reschedule the cancelled sessions.",
            risks="Training slips further if summer events need more officers.",
            reason="Officer abstraction has cancelled sessions; at this rate half of "
            "neighbourhood officers will not be trained by September.",
        ),
        Update(
            "2026/27 Q2",
            AT_RISK,
            40,
            "410 neighbourhood officers trained so far, about a third. Specialist unit module "
            "piloted with 24 officers.",
            next_steps="Move to shorter sessions at shift change; book the commissioners' course.",
            reason="About a third of neighbourhood officers are trained against a target of "
            "half by September.",
        ),
    ],
    "3.2": [
        Update(
            "2025/26 Q3",
            ON_TRACK,
            10,
            "Course content agreed with specialist trainers: stalking behaviour, risk "
            "assessment and protection orders.",
            next_steps="Run the first cohorts for the specialist units.",
        ),
        Update(
            "2025/26 Q4",
            ON_TRACK,
            30,
            "First two cohorts trained: 48 officers from the specialist units. Average "
            "feedback score 4.6 out of 5.",
            next_steps="Open cohorts to court and probation staff.",
        ),
        Update(
            "2026/27 Q1",
            ON_TRACK,
            55,
            "Four further cohorts trained, including court staff and probation officers; 131 "
            "professionals trained in total.",
            next_steps="Finish the planned cohorts by September.",
        ),
        Update(
            "2026/27 Q2",
            ON_TRACK,
            75,
            "All planned cohorts complete: 203 criminal justice professionals trained. "
            "Evaluation of stalking charging decisions under way.",
            next_steps="Report the evaluation in December.",
        ),
    ],
    "4.1": [
        Update(
            "2025/26 Q2",
            ON_TRACK,
            5,
            "Programme partners agreed; 22 schools expressed interest for the first term.",
            next_steps="Ask young people to review the materials.",
        ),
        Update(
            "2025/26 Q3",
            ON_TRACK,
            20,
            "Materials reviewed by two youth panels, who asked for sessions on intimate image "
            "abuse and online harassment; both added. 18 schools started.",
            next_steps="Train teachers in the first schools.",
        ),
        Update(
            "2025/26 Q4",
            ON_TRACK,
            35,
            "Programme running in 31 schools; 64 teachers trained to deliver sessions.",
            next_steps="Reach 40 schools by the summer.",
        ),
        Update(
            "2026/27 Q1",
            ON_TRACK,
            50,
            "42 schools running the programme by the end of the summer term. Disclosures to "
            "teachers led to 27 safeguarding referrals.",
            next_steps="Sign up schools for the new school year.",
        ),
        Update(
            "2026/27 Q2",
            ON_TRACK,
            60,
            "51 schools signed up for the new school year; roll-out to the remaining two areas "
            "planned for spring.",
            next_steps="Reach 80 schools by March.",
        ),
    ],
    "4.2": [
        Update(
            "2025/26 Q3",
            ON_TRACK,
            10,
            "Twelve practices in two areas agreed to join the pilot. Training for practice "
            "staff designed with Women's Aid.",
            next_steps="Train practice staff; sign the data-sharing agreement.",
        ),
        Update(
            "2025/26 Q4",
            AT_RISK,
            15,
            "Pilot practices trained, but the data-sharing agreement for referrals to the "
            "adviser was not signed by March.",
            next_steps="Resolve the health partners' legal questions.",
            reason="The surgery cannot take referrals until a data-sharing agreement is signed.",
        ),
        Update(
            "2026/27 Q1",
            OFF_TRACK,
            15,
            "Data-sharing agreement still unsigned after legal review by the health partners; "
            "four practices withdrew because of staffing pressures.",
            next_steps="Escalate the agreement to the strategic board.",
            risks="More practices may withdraw.",
            reason="No referrals are possible without the agreement, and only eight practices "
            "remain; the September milestone will be missed.",
        ),
        Update(
            "2026/27 Q2",
            OFF_TRACK,
            15,
            "Agreement escalated to the strategic board. A simpler referral route through the "
            "existing Victim Care service is being assessed.",
            next_steps="Decide in the autumn between the simpler route and a revised agreement.",
            reason="Still no signed data-sharing agreement: the surgery has not started and the "
            "pilot is about six months behind.",
        ),
    ],
    "4.3": [
        Update(
            "2026/27 Q3",
            NOT_STARTED,
            0,
            "Scheme design and the employer commitment agreed by the strategic board. Five "
            "employers, including the Co-op, have asked to be founder members.",
            next_steps="Sign up founder employers in December; start champions' training in "
            "January.",
        ),
    ],
    "4.4": [
        Update(
            "2025/26 Q1",
            ON_TRACK,
            20,
            "Court now sitting monthly with a support worker at each sitting; 14 women reviewed "
            "this quarter.",
            next_steps="Agree referral routes to women's services.",
        ),
        Update(
            "2025/26 Q2",
            ON_TRACK,
            35,
            "Court reviewed 19 women; 11 were referred to women's services, mostly for housing "
            "and domestic abuse support.",
            next_steps="Formalise the referral pathway with probation.",
        ),
        Update(
            "2025/26 Q3",
            ON_TRACK,
            50,
            "Referral pathway to the refuge and specialist services agreed with the court and "
            "probation.",
            next_steps="Start collecting outcome data for the first-year review.",
        ),
        Update(
            "2025/26 Q4",
            ON_TRACK,
            60,
            "Court reviewed 22 women; early data show fewer breaches of community orders than "
            "in a comparison group.",
            next_steps="Gather feedback from magistrates and support workers.",
        ),
        Update(
            "2026/27 Q1",
            ON_TRACK,
            70,
            "Feedback from magistrates and support workers gathered for the first-year review.",
            next_steps="Draft the first-year review.",
        ),
        Update(
            "2026/27 Q2",
            ON_TRACK,
            80,
            "First-year review drafted: most women completed their orders; the main unmet need "
            "is safe housing.",
            next_steps="Publish the review in December.",
        ),
    ],
    "4.5": [
        Update(
            "2025/26 Q3",
            ON_TRACK,
            15,
            "Funding for two workshops confirmed. Each of the five councils, having signed the "
            "Co-op Charter Mark, named an officer to review its supply chain.",
            next_steps="Hold the employers' workshop in January.",
        ),
        Update(
            "2025/26 Q4",
            ON_TRACK,
            40,
            "Employers' workshop held in January: 46 attendees from 29 businesses, 18 of which "
            "committed to review their supply chains. Three councils started their reviews.",
            next_steps="Turn workshop feedback into a guide for small businesses.",
        ),
        Update(
            "2026/27 Q1",
            ON_TRACK,
            55,
            "Short guide for small businesses published from the workshop feedback. A fourth "
            "council started its review.",
            next_steps="Hold the community safety partners' workshop in July.",
        ),
        Update(
            "2026/27 Q2",
            AT_RISK,
            60,
            "Community safety partners' workshop postponed after the venue and two speakers "
            "withdrew. Four of five councils have finished their supply-chain reviews.",
            next_steps="Re-book the workshop for January.",
            reason="The second workshop missed its July date and its funding must be spent by "
            "March.",
        ),
    ],
    "5.1": [
        Update(
            "2025/26 Q3",
            ON_TRACK,
            10,
            "Two pilot areas agreed, with criteria for identifying serial perpetrators agreed "
            "with analysts.",
            next_steps="Produce the first list from police data.",
        ),
        Update(
            "2025/26 Q4",
            ON_TRACK,
            15,
            "First list of 112 people meeting the criteria produced from police data. "
            "Information-sharing protocol drafted for MAPPA partners.",
            next_steps="Agree the protocol with partners by June.",
        ),
        Update(
            "2026/27 Q1",
            AT_RISK,
            20,
            "Protocol under legal review by partners; the pilot's analyst post has been vacant "
            "since May.",
            next_steps="Recruit an analyst; chase the legal review.",
            reason="The information-sharing protocol is late and the analyst post is vacant.",
        ),
        Update(
            "2026/27 Q2",
            OFF_TRACK,
            20,
            "Protocol not agreed by June. Management plans started for only 14 people, using "
            "police information alone.",
            next_steps="Appoint the analyst; seek agreement partner by partner.",
            risks="The pilot may not produce evidence in time for 2027/28 decisions.",
            reason="Without the protocol MAPPA partners cannot join case management; the pilot "
            "is at least two quarters behind.",
        ),
        Update(
            "2026/27 Q3",
            OFF_TRACK,
            25,
            "Analyst appointed in October. Protocol signed by two of four partners; 21 people "
            "now under active management.",
            next_steps="Escalate the protocol to the strategic board in December.",
            reason="Well short of the 50 planned by December; two partners have not signed the "
            "protocol.",
        ),
    ],
    "5.2": [],
}

# --- Indicators (figures from seeds 000, 001 and 002; every value synthetic) -----------------

DATA_SOURCE = "Demo data: synthetic values built from figures in the seed documents"
FIRST_VALUE_QUARTER = Quarter(2024, 1)  # values run quarterly from 2024/25 Q1 ...
LAST_VALUE_QUARTER = Quarter(2026, 2)  # ... to 2026/27 Q2: ten quarters
# Each indicator's target trajectory runs over the plan's eight quarters, 2025/26 Q1 to
# 2026/27 Q4 (synthetic, like the values); its tolerance is in the indicator's unit.
FIRST_TARGET_QUARTER, LAST_TARGET_QUARTER = Quarter(2025, 1), Quarter(2026, 4)
# The latest value of this indicator is provisional: a figure still to be validated.
PROVISIONAL = {
    "name": "Independent domestic violence advisers (IDVAs) in post",
    "source": "Demo: IDVA services' quarterly returns, not yet validated",
}

INDICATORS = [
    # Seed 000: 230 people turned away on an average day in 2011.
    {
        "name": "People turned away from refuges on an average day",
        "description": "230 people were turned away from refuges on an average day in 2011.",
        "unit": "people per day",
        "direction": Direction.LOWER_IS_BETTER,
        "baseline": ("230", "2011"),
        "target": ("150", "2027/28"),
        "pledges": ["FP2", "WE1"],
        "outcomes": [1],
        "values": ["212", "208", "215", "204", "198", "193", "190", "184", "181", "176"],
        "trajectory": ["200", "195", "190", "185", "180", "175", "170", "165"],
        "tolerance": "5",
    },
    # Seed 000: a 31% cut (seed 001: "more than 30%").
    {
        "name": "Change in funding to refuges and domestic abuse services",
        "description": (
            "Funding compared with 2010; the interim report found a 31% cut in funding to "
            "refuges and domestic violence services."
        ),
        "unit": "% change",
        "direction": Direction.HIGHER_IS_BETTER,
        "baseline": ("-31", "2010–2012"),
        "target": ("0", "2027/28"),
        "pledges": ["FP2", "WE1"],
        "outcomes": [1],
        "values": ["-24", "-23", "-21", "-20", "-18", "-17", "-15", "-14", "-12", "-11"],
        "trajectory": ["-19", "-17", "-15", "-13", "-11", "-9", "-7", "-5"],
        "tolerance": "1",
    },
    # Seed 001 (Lancashire): one in five 999 calls.
    {
        "name": "Share of 999 calls about domestic abuse",
        "description": "One in five 999 calls were about domestic violence.",
        "unit": "%",
        "direction": Direction.LOWER_IS_BETTER,
        "baseline": ("20", "2012"),
        "target": ("17", "2027/28"),
        "pledges": ["FP4", "FP5"],
        "outcomes": [1, 3],
        "values": ["19.4", "19.8", "19.1", "18.9", "18.7", "19.0", "18.4", "18.2", "18.0", "17.8"],
        "trajectory": ["19", "18.8", "18.6", "18.4", "18.2", "18", "17.8", "17.6"],
        "tolerance": "0.3",
    },
    # Seed 000: IDVA numbers reduced; the baseline and values are synthetic.
    {
        "name": "Independent domestic violence advisers (IDVAs) in post",
        "description": "Full-time-equivalent IDVAs in post across Merseyside.",
        "unit": "IDVAs (FTE)",
        "direction": Direction.HIGHER_IS_BETTER,
        "baseline": ("39.5", "2023/24"),
        "target": ("48", "2026/27"),
        "pledges": ["FP2"],
        "outcomes": [1, 2],
        "values": ["40", "40.5", "40.5", "41", "41.5", "41.5", "41.5", "42.5", "43.5", "45.5"],
        "trajectory": ["41", "42", "43", "44", "45", "46", "47", "48"],
        "tolerance": "1",
    },
    # Seed 002: reports almost trebled; the baseline of 13 is synthetic.
    {
        "name": "Crimes reported through the Red Umbrella project",
        "description": "Crimes against sex workers reported to the police through the project.",
        "unit": "crimes per quarter",
        "direction": Direction.HIGHER_IS_BETTER,
        "baseline": ("13", "2023/24, a quarter on average"),
        "target": ("36", "2026/27"),
        "pledges": ["FP2"],
        "outcomes": [1, 2],
        "values": ["14", "16", "19", "22", "25", "27", "30", "33", "35", "37"],
        "trajectory": ["24", "26", "28", "30", "32", "34", "35", "36"],
        "tolerance": "2",
    },
]

# The latest value of two indicators broken down by Merseyside's five districts and by sex
# (synthetic, like the values: their source says so): (indicator, dimension, {category:
# part}). The refuge figures' parts sum to the whole; the Red Umbrella reports by sex do
# not (two reports did not record it), so the indicator page shows the difference.
BREAKDOWNS = [
    (
        "People turned away from refuges on an average day",
        Dimension.LOCAL_AUTHORITY,
        {"Liverpool": "71", "Wirral": "38", "Sefton": "29", "Knowsley": "20", "St Helens": "18"},
    ),
    (
        "Crimes reported through the Red Umbrella project",
        Dimension.LOCAL_AUTHORITY,
        {"Liverpool": "17", "Wirral": "7", "Sefton": "5", "Knowsley": "4", "St Helens": "4"},
    ),
    (
        "Crimes reported through the Red Umbrella project",
        Dimension.SEX,
        {"Female": "33", "Male": "2"},
    ),
]

PARTNER_USERS = [("partner", SAFELIVES), ("partner2", SAVERA)]

# --- What partners logged (synthetic; counts, never people) ----------------------------------

AK, AS = ActivityKind, ActivityState
ACTIVITIES = [
    # organisation, action, kind, title, date, people, sessions, hours, area, state, comment
    (SAFELIVES, "3.1", AK.TRAINING, "Domestic abuse awareness training for neighbourhood officers",
     D(2026, 5, 14), 36, 2, "6", "Liverpool", AS.VERIFIED, ""),
    (SAFELIVES, "2.2", AK.WORKSHOP, "IDVA caseload review workshop",
     D(2026, 8, 20), 14, 1, "3", "Sefton", AS.VERIFIED, ""),
    (SAFELIVES, "1.3", AK.REFERRAL_PATHWAY, "Routes-to-support map tested with survivor groups",
     D(2026, 10, 8), 22, 2, "4", "Wirral", AS.SUBMITTED, ""),
    (SAFELIVES, "3.1", AK.TRAINING, "Refresher training for response officers",
     D(2026, 10, 29), 28, 2, "5", "Knowsley", AS.RETURNED,
     "Please give the attendance for each of the two sessions: the agenda lists two dates."),
    (SAVERA, "2.3", AK.AWARENESS, "Harmful practices awareness session for teachers",
     D(2026, 6, 10), 40, 1, "2", "Knowsley", AS.VERIFIED, ""),
    (SAVERA, "2.3", AK.SUPPORT_SERVICE, "Dedicated harmful practices support service",
     D(2026, 7, 1), 31, 0, "120", "Merseyside-wide", AS.VERIFIED, ""),
    (SAVERA, "2.3", AK.TRAINING, "Forced marriage training for school safeguarding leads",
     D(2026, 11, 5), 25, 1, "3", "Liverpool", AS.SUBMITTED, ""),
]  # fmt: skip


# --- The loader ------------------------------------------------------------------------------


@transaction.atomic
def load_demo_data():
    """Load (or top up) the demo data. Idempotent. Returns row counts of what is loaded."""
    names = ("lead", "staff", "staff2", "partner", "partner2")
    users = {name: _demo_user(name) for name in names}
    pledges = _load_pledges()
    strategy, outcomes, focus_areas = _load_strategy()
    forms = _load_violence_forms()
    partners = _load_partners()
    leads = _load_lead_specialists(forms, users)
    plan_fields = {key: value for key, value in PLAN.items() if key != "title"}
    plan_fields |= {"strategy": strategy, "lead": leads[ALEX]}
    plan = _upsert(ActionPlan, {"title": PLAN["title"]}, plan_fields)
    refs = {"pledges": pledges, "outcomes": outcomes, "focus_areas": focus_areas}
    refs |= {"forms": forms, "partners": partners, "leads": leads}
    actions = [_load_action(plan, spec, refs) for spec in ACTIONS]
    for index, action in enumerate(actions):
        _load_progress(action, index, users["staff"])
    _load_reviews(actions, users["staff"], users["staff2"])
    _load_indicators(pledges, outcomes, users["staff"])
    _load_memberships(users, partners)
    _load_activities(plan, users, partners)
    load_funding(partners, actions, users)
    load_risks(leads, actions, pledges, users)
    load_recommendations(leads, actions, users)
    _publish(plan, users["staff"], users["staff2"])
    return _counts(plan)


def _upsert(model, lookup, values):
    """get_or_create, then save only what differs: a rerun writes no row (nor history)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = {field: value for field, value in values.items() if getattr(obj, field) != value}
    if changed:
        for field, value in changed.items():
            setattr(obj, field, value)
        obj.save()
    return obj


def _set_m2m(manager, objects):
    """Set a many-to-many relation, touching it only when it differs."""
    if set(manager.all()) != set(objects):
        manager.set(objects)


def _demo_user(username):
    """A demo user, created with an unusable password if missing; create_demo_users sets it."""
    names = {name: (first, last) for name, _role, first, last in DEMO_USERS}
    first_name, last_name = names[username]
    user, _ = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@demo.invalid",
            "password": make_password(None),
        },
    )
    return user


def _load_pledges():
    """Both pledge sets; returns pledges by code, e.g. {"FP1": <Pledge>, "WE2": <Pledge>}."""
    pledges = {}
    for spec in PLEDGE_SETS:
        fields = {key: spec[key] for key in ("short_title", "source", "published_on")}
        pledge_set = _upsert(
            PledgeSet, {"title": spec["title"]}, {**fields, "description": spec["description"]}
        )
        for number, title, commitment in spec["pledges"]:
            pledges[f"{spec['code']}{number}"] = _upsert(
                Pledge,
                {"pledge_set": pledge_set, "number": number},
                {"title": title, "commitment": commitment},
            )
    return pledges


def _load_strategy():
    strategy = _upsert(
        Strategy,
        {"title": STRATEGY["title"], "area": STRATEGY["area"]},
        {key: STRATEGY[key] for key in ("period_start", "period_end", "aim")},
    )
    items = {}
    for model, specs in ((Outcome, OUTCOMES), (FocusArea, FOCUS_AREAS)):
        items[model] = {
            number: _upsert(
                model,
                {"strategy": strategy, "number": number},
                {"title": title, "description": description},
            )
            for number, title, description in specs
        }
    return strategy, items[Outcome], items[FocusArea]


def _load_violence_forms():
    return {
        name: _upsert(ViolenceForm, {"name": name}, {"description": text, "position": position})
        for position, (name, text) in enumerate(VIOLENCE_FORMS, start=1)
    }


def _load_partners():
    return {
        name: _upsert(
            PartnerOrganisation,
            {"name": name},
            {
                "kind": kind,
                "description": text,
                **NO_ATTRIBUTES,
                "size_band": "",
                **PARTNER_ATTRIBUTES.get(name, {}),
            },
        )
        for name, kind, text in PARTNERS
    }


def _load_lead_specialists(forms, users):
    leads = {}
    for name, job_title, organisation, specialisms, username in LEAD_SPECIALISTS:
        values = {"job_title": job_title, "organisation": organisation}
        values["email"] = f"{name.lower().replace(' ', '.')}@demo.invalid"
        user = users.get(username)
        if user and not LeadSpecialist.objects.filter(user=user).exclude(name=name).exists():
            values["user"] = user
        leads[name] = _upsert(LeadSpecialist, {"name": name}, values)
        _set_m2m(leads[name].specialisms, [forms[form] for form in specialisms])
    return leads


def _load_action(plan, spec, refs):
    fields = ("title", "description", "start_date", "due_date")
    values = {field: spec[field] for field in fields}
    values["public_summary"] = PUBLIC_SUMMARIES[spec["reference"]]
    values["focus_area"] = refs["focus_areas"][spec["focus_area"]]
    values["lead"] = refs["leads"][spec["lead"]]
    action = _upsert(Action, {"plan": plan, "reference": spec["reference"]}, values)
    _set_m2m(action.pledges, [refs["pledges"][code] for code in spec["pledges"]])
    _set_m2m(action.outcomes, [refs["outcomes"][number] for number in spec["outcomes"]])
    _set_m2m(action.violence_forms, [refs["forms"][name] for name in spec["violence_forms"]])
    _set_m2m(action.delivery_partners, [refs["partners"][name] for name in spec["partners"]])
    for title, due_date, completed_on in spec["milestones"]:
        Milestone.objects.get_or_create(
            action=action,
            title=title,
            defaults={"due_date": due_date, "completed_on": completed_on},
        )
    return action


def _load_progress(action, index, staff):
    """Record the action's updates in time order, unless it already has any."""
    if action.progress_updates.exists():
        return
    author = action.lead.user or staff
    for update in PROGRESS[action.reference]:
        period = Quarter.parse(update.period)
        action.record_progress(
            author=author,
            period=period,
            status=update.status,
            percent_complete=update.percent,
            narrative=update.narrative,
            next_steps=update.next_steps,
            risks_and_issues=update.risks,
            reason=update.reason,
            created_at=_reported_at(period, index),
        )


# The PCC office sent this quarter's update for 2.2 back; the demo lead has it to amend.
RETURNED = ("2.2", "Please add how many referrals the pathway received this quarter.")


def _load_reviews(actions, staff, second):
    """Updates for past quarters signed off by the PCC office a few days after they came
    in; this quarter's await sign-off, but for one returned with a comment. Only on the
    first load: reviews are decisions, never redone. What ``staff`` recorded (an action
    with no lead user) ``second`` decides: nobody decides on their own (four eyes)."""
    if ProgressReview.objects.filter(update__action__in=actions).exists():
        return
    current, now = Quarter.current(), timezone.now()
    updates = ProgressUpdate.objects.filter(action__in=actions).select_related("action")
    ProgressReview.objects.bulk_create(
        ProgressReview(
            update=update,
            decision=ReviewDecision.SIGNED_OFF,
            reviewed_by=second if update.author_id == staff.pk else staff,
            reviewed_at=min(update.created_at + datetime.timedelta(days=4), now),
        )
        for update in updates
        if update.period < current
    )
    reference, comment = RETURNED
    returned = updates.filter(action__reference=reference, period=current).first()
    if returned is not None:
        reviewer = second if returned.author_id == staff.pk else staff
        ProgressReview.decide(
            returned, decision=ReviewDecision.RETURNED, by=reviewer, comment=comment
        )


def _reported_at(period, index):
    """Late in the quarter (spread by the action's index), and never in the future."""
    day = period.end - datetime.timedelta(days=3 + index % 12)
    day = min(day, timezone.localdate() - datetime.timedelta(days=1 + index % 5))
    day = max(day, period.start)
    moment = datetime.datetime.combine(day, datetime.time(9 + index % 8, 5 * (index % 12)))
    return timezone.make_aware(moment)


def _load_indicators(pledges, outcomes, staff):
    periods = list(Quarter.range(FIRST_VALUE_QUARTER, LAST_VALUE_QUARTER))
    target_quarters = list(Quarter.range(FIRST_TARGET_QUARTER, LAST_TARGET_QUARTER))
    for spec in INDICATORS:
        indicator = _upsert(Indicator, {"name": spec["name"]}, _indicator_fields(spec))
        _set_m2m(indicator.pledges, [pledges[code] for code in spec["pledges"]])
        _set_m2m(indicator.outcomes, [outcomes[number] for number in spec["outcomes"]])
        for period, value in zip(periods, spec["values"], strict=True):
            IndicatorValue.objects.get_or_create(
                indicator=indicator,
                period=period,
                defaults={
                    "value": Decimal(value),
                    "note": "Synthetic demo value",
                    "source": DATA_SOURCE,
                    "entered_by": staff,
                },
            )
        for quarter, target in zip(target_quarters, spec["trajectory"], strict=True):
            IndicatorTarget.objects.get_or_create(
                indicator=indicator, quarter=quarter, defaults={"value": Decimal(target)}
            )
    for name, dimension, parts in BREAKDOWNS:
        value = IndicatorValue.objects.get(indicator__name=name, period=LAST_VALUE_QUARTER)
        for category, figure in parts.items():
            IndicatorBreakdown.objects.get_or_create(
                value=value,
                dimension=dimension,
                category=category,
                defaults={"figure": Decimal(figure)},
            )
    # The latest value of one indicator is provisional, with where it comes from.
    IndicatorValue.objects.filter(
        indicator__name=PROVISIONAL["name"], period=LAST_VALUE_QUARTER
    ).update(provisional=True, source=PROVISIONAL["source"])


def _indicator_fields(spec):
    (baseline, baseline_period), (target, target_period) = spec["baseline"], spec["target"]
    return {
        "description": spec["description"],
        "unit": spec["unit"],
        "direction": spec["direction"],
        "baseline_value": Decimal(baseline),
        "baseline_period": baseline_period,
        "target_value": Decimal(target),
        "target_period": target_period,
        "tolerance": Decimal(spec["tolerance"]),
        "frequency": Frequency.QUARTERLY,
        "data_source": DATA_SOURCE,
        "publish": True,
        "public_note": PUBLIC_NOTES[spec["name"]],
    }


def _load_memberships(users, partners):
    """Partner users' organisations; an existing membership is left where it is."""
    for username, organisation in PARTNER_USERS:
        PartnerMembership.objects.get_or_create(
            user=users[username], defaults={"organisation": partners[organisation]}
        )


def _load_activities(plan, users, partners):
    """Partners' logged activities and their review steps, once."""
    if Activity.objects.filter(action__plan=plan).exists():
        return
    partner_user = {organisation: users[name] for name, organisation in PARTNER_USERS}
    for spec in ACTIVITIES:
        organisation, reference, kind, title, day, people, sessions, hours, area = spec[:9]
        state, comment = spec[9:]
        activity = Activity.objects.create(
            action=plan.actions.get(reference=reference),
            organisation=partners[organisation],
            kind=kind,
            title=title,
            description="Synthetic demo activity.",
            started_on=day,
            period=Quarter.for_date(day),
            people_reached=people,
            sessions=sessions,
            hours=Decimal(hours),
            area=area,
            created_by=partner_user[organisation],
        )
        activity.record(ActivityEventKind.SUBMITTED, partner_user[organisation])
        if state != ActivityState.SUBMITTED:
            event = {
                AS.VERIFIED: ActivityEventKind.VERIFIED,
                AS.RETURNED: ActivityEventKind.RETURNED,
            }
            activity.move(
                to=state,
                allowed_from=[ActivityState.SUBMITTED],
                user=users["staff"],
                event=event[state],
                comment=comment,
            )


def _publish(plan, staff, staff2):
    """Publish the plan's last ended quarter (within its period: after the plan ends, its
    last quarter) once, as the office does (four eyes): the demo's PCC staff member prepares
    it and the second approves it. A live publication of that quarter is left as it is."""
    quarter = min(Quarter.current().previous(), Quarter.for_date(plan.period_end))
    if Publication.objects.live().filter(plan=plan, quarter=quarter).exists():
        return
    prepared = PublicationRequest.prepare(plan, quarter, by=staff)
    audit.record(audit.Kind.PREPARED, user=staff, obj=prepared)
    publication = prepared.approve(by=staff2)
    audit.record(audit.Kind.PUBLISHED, user=staff2, obj=publication)


def _counts(plan):
    actions = Action.objects.filter(plan=plan)
    return {
        "pledges": Pledge.objects.count(),
        "partners": PartnerOrganisation.objects.count(),
        "lead_specialists": LeadSpecialist.objects.count(),
        "actions": actions.count(),
        "milestones": Milestone.objects.filter(action__in=actions).count(),
        "progress_updates": ProgressUpdate.objects.filter(action__in=actions).count(),
        "indicators": Indicator.objects.count(),
        "indicator_values": IndicatorValue.objects.count(),
        "indicator_targets": IndicatorTarget.objects.count(),
        "indicator_breakdowns": IndicatorBreakdown.objects.count(),
        "activities": Activity.objects.filter(action__in=actions).count(),
        "publications": Publication.objects.filter(plan=plan).live().count(),
        "funding_sources": FundingSource.objects.count(),
        "awards": Award.objects.filter(actions__plan=plan).distinct().count(),
        "spend_returns": SpendReturn.objects.filter(award__actions__plan=plan).distinct().count(),
        "risks": Risk.objects.count(),
        "recommendations": Recommendation.objects.count(),
    }
