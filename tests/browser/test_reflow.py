"""
Every page works on a 320 CSS px wide screen (WCAG 2.2 SC 1.4.10, reflow): nothing makes
the page itself scroll sideways. Wide tables scroll inside their own region, which is
focusable and labelled by the table's caption; long words and addresses wrap.

One browser page visits every page the journeys reach, for each role in turn, with
long titles, long unbroken addresses and tables of many columns, and runs axe on each.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from activities.evidence import check_evidence
from activities.models import ActivityEventKind, ActivityState
from funding.models import ReturnState, SpendReturn
from plans.models import Dimension, IndicatorBreakdown, ProgressReview, ReviewDecision, Status
from public.pages import PublishedPlan
from publication.models import PublicationRequest
from reports.models import Report, ReportKind
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from ..factories import (
    ActionFactory,
    ActionPlanFactory,
    ActivityFactory,
    EvidenceFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    IndicatorValueFactory,
    LeadSpecialistFactory,
    MilestoneFactory,
    OutcomeFactory,
    PartnerMembershipFactory,
    PledgeFactory,
    PledgeSetFactory,
    pdf_bytes,
)
from ..funding.factories import AwardFactory
from ..onboarding.workbooks import action, xlsx
from ..personas import make_person
from ..recommendations.factories import RecommendationFactory, RecommendationSourceFactory
from ..risks.factories import MitigationFactory, RiskFactory

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH, HEIGHT = 320, 640

# Realistic long content: titles that wrap many times, and unbroken strings (an address,
# a reference with no spaces) that only wrap if the page lets them.
ADDRESS = "https://www.merseyside-pcc.example.org/vawg/evidence/2026-27/coercive-control-training-evaluation-final-report.pdf"
LONG_WORD = "Multi-agency-risk-assessment-conference-referral-pathway-documentation"
LONG_TITLE = (
    "Commission coercive control and stalking training for frontline officers, call "
    "handlers and partner agencies across Knowsley, Liverpool, Sefton, St Helens and Wirral"
)
LONG_ORGANISATION = "Merseyside Domestic Abuse and Stalking Advocacy Partnership (test)"
LONG_NARRATIVE = (
    f"Eleven of fourteen cohorts trained; the evaluation is published at {ADDRESS}. "
    f"The {LONG_WORD} is agreed with every district."
)


@pytest.fixture
def long_content():
    """A plan with long content everywhere, and one person in each role."""
    staff = make_person(Role.PCC_STAFF, username="reflow.staff", is_staff=True)
    lead_user = make_person(Role.LEAD_SPECIALIST, username="reflow.lead")
    partner = make_person(Role.PARTNER, username="reflow.partner")
    make_person(Role.COMMISSIONER, username="reflow.commissioner")
    organisation = PartnerMembershipFactory(
        user=partner, organisation__name=LONG_ORGANISATION
    ).organisation

    lead = LeadSpecialistFactory(
        user=lead_user,
        name="Dr Alexandra Montgomery-Fitzwilliam",
        job_title="Head of violence against women and girls commissioning",
        organisation="Office of the Police and Crime Commissioner for Merseyside",
        email="alexandra.montgomery-fitzwilliam@merseyside-pcc.example.org",
    )
    pledge_set = PledgeSetFactory()
    pledges = [
        PledgeFactory(
            pledge_set=pledge_set,
            number=number,
            title=f"{title} with {LONG_WORD}",
            commitment=LONG_NARRATIVE,
        )
        for number, title in [
            # Within the title's 120 characters (PostgreSQL holds to them).
            (1, "Integrated local action plan"),
            (2, "Specialist units and advisers"),
            (3, "Specialist training for officers"),
        ]
    ]
    # The round opens 80 days before the quarter ends, so it is open whatever today is.
    plan = ActionPlanFactory(
        title="Merseyside violence against women and girls action plan 2025 to 2027",
        lead=lead,
        round_opens_days_before=80,
    )
    actions = [
        ActionFactory(
            plan=plan,
            reference=f"{pledge.number}.{n}",
            title=f"{LONG_TITLE}, part {n}",
            lead=lead,
            pledges=[pledge],
            description=LONG_NARRATIVE,
        )
        for pledge in pledges
        for n in (1, 2)
    ]
    action = actions[0]
    outcome = OutcomeFactory(
        strategy=plan.strategy,
        number=1,
        title=f"Women and girls are safer in public spaces, with {LONG_WORD}",
        description=LONG_NARRATIVE,
    )
    for each in actions:
        each.delivery_partners.add(organisation)
        each.outcomes.add(outcome)
    MilestoneFactory(action=action, title=f"Sign the {LONG_WORD}")
    MilestoneFactory(action=action, title="Overdue evaluation", due_date=datetime.date(2025, 6, 30))

    quarter = Quarter.current()
    signed_off = action.record_progress(
        author=lead_user,
        period=quarter.previous(),
        status=Status.ON_TRACK,
        percent_complete=40,
        narrative=LONG_NARRATIVE,
    )
    ProgressReview.decide(signed_off, decision=ReviewDecision.SIGNED_OFF, by=staff)
    actions[2].record_progress(
        author=lead_user,
        period=quarter,
        status=Status.OFF_TRACK,
        percent_complete=15,
        narrative=LONG_NARRATIVE,
        reason=f"The {LONG_WORD} is still with the legal team: {ADDRESS}",
        next_steps=f"Escalate to the strategic board; see {ADDRESS}",
    )
    returned = actions[4].record_progress(
        author=lead_user,
        period=quarter,
        status=Status.AT_RISK,
        percent_complete=30,
        narrative=LONG_NARRATIVE,
        reason="Funding not yet confirmed.",
    )
    ProgressReview.decide(
        returned,
        decision=ReviewDecision.RETURNED,
        by=staff,
        comment=f"Please link the evidence, e.g. {ADDRESS}",
    )

    indicator = IndicatorFactory(
        name=f"People turned away from refuges for lack of space ({LONG_WORD})",
        description=LONG_NARRATIVE,
        unit="people per quarter",
        baseline_value=230,
        target_value=100,
        data_source=ADDRESS,
        publish=True,
        public_note=LONG_NARRATIVE,
    )
    indicator.pledges.add(*pledges)
    for back in range(8):
        latest_value = IndicatorValueFactory(
            indicator=indicator,
            period=_quarters_ago(back + 1),
            value=230 - back * 9,
            note=f"Demo value; source {ADDRESS}",
            source=ADDRESS,
            provisional=back == 0,
            entered_by=staff,
        )
        if back == 0:
            break_down = latest_value
    # The latest value broken down by area (a long category) and by sex, not summing.
    for dimension, category, figure in [
        (Dimension.LOCAL_AUTHORITY, "Liverpool", 120),
        (Dimension.LOCAL_AUTHORITY, f"Wirral ({LONG_WORD})", 60),
        (Dimension.SEX, "Female", 150),
        (Dimension.SEX, "Male", 20),
    ]:
        IndicatorBreakdown.objects.create(
            value=break_down, dimension=dimension, category=category, figure=figure
        )
    # A target trajectory over the values' quarters and on past the latest one.
    ahead = [quarter, quarter.next(), quarter.next().next()]
    for step, target_quarter in enumerate([*(_quarters_ago(n) for n in range(8, 0, -1)), *ahead]):
        IndicatorTargetFactory(indicator=indicator, quarter=target_quarter, value=228 - step * 8)

    def submitted(title, **fields):
        submission = ActivityFactory(
            organisation=organisation,
            title=title,
            started_on=timezone.localdate(),
            created_by=partner,
            **fields,
        )
        submission.record(ActivityEventKind.SUBMITTED, partner)
        return submission

    activity = submitted(
        LONG_TITLE,
        action=action,
        description=LONG_NARRATIVE,
        area="Knowsley, Liverpool, Sefton, St Helens and Wirral",
        people_reached=1240,
        sessions=14,
        hours=96,
    )
    EvidenceFactory(
        activity=activity,
        original_name=f"{LONG_WORD}-attendance-register-all-districts.pdf",
        uploaded_by=partner,
    )
    returned_activity = submitted(f"Returned: {LONG_TITLE}", action=action)
    for each, state, comment in [
        (returned_activity, ActivityState.RETURNED, f"Give the attendance, as in {ADDRESS}"),
        (submitted(f"Verified: {LONG_TITLE}", action=actions[1]), ActivityState.VERIFIED, ""),
    ]:
        each.move(
            to=state,
            allowed_from=[ActivityState.SUBMITTED],
            user=staff,
            event=ActivityEventKind(state.value),
            comment=comment,
        )

    award = AwardFactory(
        organisation=organisation,
        title=LONG_TITLE,
        purpose=LONG_NARRATIVE,
        source__name=f"Ministry of Justice: ring-fenced {LONG_WORD} allocation",
        source__ring_fenced=True,
        source__ring_fenced_for=LONG_WORD,
        # Money in the published quarter's year too, for the public Funding page.
        amounts={2024: Decimal("40000.00"), quarter.previous().year: Decimal("12345678.90")},
    )
    award.actions.add(action)
    spend_returns = {}
    for period, state in zip(
        Quarter.range(Quarter(2024, 1), Quarter(2024, 3)),
        (ReturnState.ACCEPTED, ReturnState.RETURNED, ReturnState.SUBMITTED),
        strict=True,
    ):
        spend_returns[state] = SpendReturn.submit(
            award=award,
            period=period,
            spend=Decimal("12345678.90"),
            variance_note=LONG_NARRATIVE,
            achieved=dict.fromkeys(award.outputs.all(), Decimal("1234567.5")),
            user=partner,
        )
        if state != ReturnState.SUBMITTED:
            spend_returns[state].move(
                to=state,
                allowed_from=[ReturnState.SUBMITTED],
                user=staff,
                event=state.value,
                comment=f"Split out the {LONG_WORD} costs." if state == "returned" else "",
            )

    report = Report.objects.create(
        plan=plan, period=quarter.previous(), kind=ReportKind.QUARTERLY, requested_by=staff
    )
    report.succeed(name="r.pdf", content=ContentFile(b"%PDF-1.7"), sha256="0" * 64, pages=42)
    Report.objects.create(plan=plan, period=quarter, kind=ReportKind.DRAFT)

    risk = RiskFactory(
        # As long as a title may be (200), with a word that will not break.
        title=f"Funding ends for the {LONG_WORD}: {LONG_TITLE}"[:200],
        description=LONG_NARRATIVE,
        owner=lead,
        likelihood=4,
        impact=5,
        next_review=datetime.date(2025, 6, 30),  # past: on the dashboard and My updates
        actions=[action],
        pledges=[pledges[0]],
    )
    MitigationFactory(risk=risk, text=f"Agree the {LONG_WORD}; see {ADDRESS}", owner=lead)
    risk.review(by=lead_user, likelihood=4, impact=5, comment=LONG_NARRATIVE,
                next_review=datetime.date(2025, 6, 30))  # fmt: skip

    source = RecommendationSourceFactory(
        title=f"Review of the {LONG_WORD}: {LONG_TITLE}"[:200],
        reference=LONG_WORD[:100],
        notes=LONG_NARRATIVE,
    )
    recommendation = RecommendationFactory(
        source=source,
        number="AFI-12.3.4(b)",
        text=f"{LONG_TITLE}, using the {LONG_WORD} published at {ADDRESS}.",
        owner=lead,
        due_on=datetime.date(2025, 6, 30),  # past: on the dashboard and My updates
        actions=[action],
        is_public=True,
        public_summary=LONG_NARRATIVE,
    )
    upload = SimpleUploadedFile(f"{LONG_WORD}.pdf", pdf_bytes())
    recommendation.record_update(by=lead_user, status="in_progress", note=LONG_NARRATIVE,
                                 files=[check_evidence(upload)])  # fmt: skip
    # Four eyes: a second member of staff prepares, staff approve; one more waits for them.
    second = make_person(Role.PCC_STAFF, username="reflow.staff2", is_staff=True)
    publication = PublicationRequest.prepare(plan, quarter.previous(), by=second).approve(by=staff)
    prepared = PublicationRequest.prepare(plan, quarter.previous().previous(), by=second)

    return {
        "recommendation": recommendation,
        "risk": risk,
        "action": action,
        "milestone": action.milestones.first(),
        "pledge": pledges[0],
        "outcome": outcome,
        "plan": plan,
        "lead": lead,
        "indicator": indicator,
        "broken_down": break_down,
        "activity": activity,
        "returned_activity": returned_activity,
        "award": award,
        "returned_return": spend_returns[ReturnState.RETURNED],
        "accepted_return": spend_returns[ReturnState.ACCEPTED],
        "organisation": organisation,
        "report": report,
        "publication": publication,
        "prepared": prepared,
    }


def _public_pages(publication):
    """A publication's page of a pledge, an outcome, an action and an indicator."""
    page = PublishedPlan(publication)
    at = (publication.plan_id, publication.quarter)
    pledge = next(p for s in page.pledge_sets for p in s["pledges"] if p["actions"])
    return [
        reverse("public:pledge", args=[*at, pledge["set"]["slug"], pledge["number"]]),
        reverse("public:outcome", args=[*at, page.outcomes[0]["number"]]),
        reverse("public:action", args=[*at, page.actions[0]["slug"]]),
        reverse("public:indicator", args=[*at, page.indicators[0]["slug"]]),
    ]


def _quarters_ago(count):
    quarter = Quarter.current()
    for _ in range(count):
        quarter = quarter.previous()
    return quarter


def _pages(world):
    """(role, address) of every page each role's journeys reach."""
    action, plan, lead = world["action"], world["plan"], world["lead"]
    indicator, organisation = world["indicator"], world["organisation"]
    activity, report = world["activity"], world["report"]
    reading = [
        reverse("reports:dashboard"),
        reverse("plans:action_list"),
        reverse("plans:action_detail", args=[action.pk]),
        reverse("plans:pledge_detail", args=[world["pledge"].pk]),
        reverse("reports:outcome_detail", args=[world["outcome"].pk]),
        reverse("plans:plan_list"),
        reverse("plans:plan_detail", args=[plan.pk]),
        reverse("plans:lead_list"),
        reverse("plans:lead_detail", args=[lead.pk]),
        reverse("plans:indicator_list"),
        reverse("plans:indicator_detail", args=[indicator.pk]),
        reverse("reports:archive"),
        reverse("reports:detail", args=[report.pk]),
        reverse("risks:register"),
        reverse("risks:detail", args=[world["risk"].pk]),
        reverse("recommendations:list"),
        reverse("recommendations:detail", args=[world["recommendation"].pk]),
        reverse("recommendations:source", args=[world["recommendation"].source_id]),
    ]
    funding = [reverse("funding:overview"), reverse("funding:source_list")]
    account = [
        reverse("account"),
        reverse("password_change"),
        reverse("password_change_done"),
        reverse("api:token_list"),
        reverse("api:token_create"),
        reverse("api:docs"),
        reverse("two_factor"),
    ]
    return {
        "staff": reading
        + [
            reverse("rounds:my_updates"),
            reverse("plans:action_create"),
            reverse("plans:action_edit", args=[action.pk]),
            reverse("plans:milestone_move", args=[world["milestone"].pk]),
            reverse("plans:plan_create"),
            reverse("plans:plan_edit", args=[plan.pk]),
            reverse("plans:lead_create"),
            reverse("plans:lead_edit", args=[lead.pk]),
            reverse("plans:indicator_value_breakdown", args=[world["broken_down"].pk]),
            reverse("activities:activity_detail", args=[activity.pk]),
            reverse("activities:review_queue"),
            reverse("plans:sign_off_queue"),
            reverse("rounds:round_status"),
            reverse("rounds:close_quarter", args=[plan.pk, Quarter.current().previous()]),
            reverse("rounds:reopen_quarter", args=[plan.pk, Quarter.current().previous()]),
            reverse("publication:list"),
            reverse("publication:detail", args=[world["publication"].pk]),
            reverse("publication:publish"),
            reverse("publication:prepared", args=[world["prepared"].pk]),
            reverse("partners:organisation_list"),
            reverse("partners:organisation_detail", args=[organisation.pk]),
            reverse("partners:organisation_create"),
            reverse("partners:organisation_edit", args=[organisation.pk]),
            reverse("funding:award_detail", args=[world["award"].pk]),
            reverse("funding:review_queue"),
            reverse("funding:award_create"),
            reverse("funding:award_edit", args=[world["award"].pk]),
            reverse("funding:source_create"),
            reverse("funding:source_edit", args=[world["award"].source_id]),
            reverse("onboarding:upload"),
            reverse("onboarding:upload_indicator_values"),
            reverse("risks:create"),
            reverse("risks:edit", args=[world["risk"].pk]),
            reverse("risks:review", args=[world["risk"].pk]),
            reverse("recommendations:create"),
            reverse("recommendations:edit", args=[world["recommendation"].pk]),
            reverse("recommendations:update", args=[world["recommendation"].pk]),
            reverse("recommendations:source_create"),
            reverse("recommendations:source_edit", args=[world["recommendation"].source_id]),
        ]
        + funding
        + account,
        "lead": reading
        + [
            reverse("rounds:my_updates"),
            reverse("plans:milestone_move", args=[world["milestone"].pk]),
            reverse("risks:review", args=[world["risk"].pk]),
            reverse("recommendations:update", args=[world["recommendation"].pk]),
        ]
        + account,
        "partner": [
            reverse("activities:home"),
            reverse("activities:activity_create"),
            reverse("activities:activity_create") + f"?action={action.pk}",
            reverse("activities:activity_detail", args=[activity.pk]),
            reverse("activities:activity_detail", args=[world["returned_activity"].pk]),
            reverse("activities:activity_edit", args=[world["returned_activity"].pk]),
            reverse("funding_portal:home"),
            reverse("funding_portal:return_submit", args=[world["award"].pk]),
            reverse("funding_portal:return_amend", args=[world["returned_return"].pk]),
            reverse("funding_portal:return_correct", args=[world["accepted_return"].pk]),
            reverse("rounds:my_updates"),
        ]
        + account,
        "commissioner": reading
        + [reverse("activities:activity_detail", args=[activity.pk])]
        + [reverse("funding:award_detail", args=[world["award"].pk])]
        + [reverse("public:home"), reverse("public:past"), reverse("public:accessibility")]
        + [reverse("public:data")]
        + [
            reverse(
                "public:publication",
                args=[world["publication"].plan_id, world["publication"].quarter],
            )
        ]
        + _public_pages(world["publication"])
        + [
            reverse(
                "public:funding",
                args=[world["publication"].plan_id, world["publication"].quarter],
            ),
            reverse(
                "public:recommendations",
                args=[world["publication"].plan_id, world["publication"].quarter],
            ),
        ]
        + funding
        + account,
    }


# Elements wider than the window that are not inside something that clips or scrolls
# them (a table's scroll region, a visually hidden text alternative): the ones that make
# the page scroll sideways. Only the outermost of each is named.
OVERFLOWING = """() => {
  const width = window.innerWidth;
  // Inside something that clips or scrolls it: an ancestor with overflow, not counting
  // those a positioned element escapes (the ones below its containing block).
  const contained = (element) => {
    let escapes = false;
    for (let up = element; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (up !== element && !(escapes && style.position === "static")
          && style.overflowX !== "visible") return true;
      if (up === element || !(escapes && style.position === "static")) {
        escapes = ["absolute", "fixed"].includes(style.position);
      }
    }
    return false;
  };
  const name = (element) => element.tagName.toLowerCase()
    + (element.id ? "#" + element.id : "")
    + (element.classList.length ? "." + [...element.classList].join(".") : "");
  const found = [];
  const note = (element, right) => {
    if (right > width + 0.5 && !contained(element)
        && !found.some((outer) => outer.contains(element))) {
      found.push(element);
    }
  };
  for (const element of document.body.querySelectorAll("*")) {
    note(element, element.getBoundingClientRect().right);
  }
  // Text (a long word, an address) can run out of its element's box.
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (texts.nextNode()) {
    range.selectNodeContents(texts.currentNode);
    const parent = texts.currentNode.parentElement;
    if (getComputedStyle(parent).overflowX === "visible") {
      note(parent, range.getBoundingClientRect().right);
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    overflowing: found.map((element) =>
      `${name(element)} (right edge ${Math.round(element.getBoundingClientRect().right)} px): `
      + element.textContent.trim().slice(0, 60)),
  };
}"""

# Every visible table scrolls inside a focusable region labelled by its caption.
UNWRAPPED_TABLES = """() => [...document.querySelectorAll("main table:not(.visually-hidden)")]
  .filter((table) => {
    const region = table.parentElement;
    const caption = table.querySelector("caption");
    return !(region.matches('.table-responsive[role="region"][tabindex="0"]')
      && caption && caption.id && region.getAttribute("aria-labelledby") === caption.id);
  })
  .map((table) => table.querySelector("caption")?.textContent.trim()
    || table.outerHTML.slice(0, 80))
"""


def _check(page, address, assert_accessible, problems):
    layout = page.evaluate(OVERFLOWING)
    if layout["scrollWidth"] > layout["innerWidth"]:
        problems.append(
            f"{address}: page is {layout['scrollWidth']} px wide at {layout['innerWidth']} px, "
            f"overflowing: {layout['overflowing']}"
        )
    unwrapped = page.evaluate(UNWRAPPED_TABLES)
    if unwrapped:
        problems.append(f"{address}: tables outside a labelled scroll region: {unwrapped}")
    try:
        assert_accessible(page)
    except AssertionError as failure:
        problems.append(f"{address}: {failure}")


def _preview_with_problems(page, live_server):
    """Upload a file whose long titles, names and references are each a problem."""
    data = xlsx(
        actions=[
            action(
                f"{LONG_WORD}-{n}",
                Title=LONG_TITLE,
                Pledges=f"{LONG_WORD} 9",
                **{"Lead specialist": LONG_ORGANISATION, "Delivery partners": ADDRESS},
            )
            for n in range(3)
        ]
    )
    page.goto(live_server.url + reverse("onboarding:upload"))
    page.get_by_label("Filled template").set_input_files(
        files=[{"name": "plan.xlsx", "mimeType": "application/octet-stream", "buffer": data}]
    )
    page.get_by_label("Or the title of a new plan").fill(LONG_TITLE)
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_test_id("problems").wait_for()


def test_every_page_reflows_at_320_px_for_every_role(
    page, live_server, sign_in, assert_accessible, long_content
):
    pages = _pages(long_content)
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    problems, visited = [], []

    def visit(address):
        response = page.goto(live_server.url + address)
        assert response.status == 200, f"{address} answered {response.status}"
        visited.append(address)
        _check(page, address, assert_accessible, problems)

    for address in [reverse("login"), reverse("password_set", args=["MQ", "not-a-token"])]:
        visit(address)

    for role, addresses in pages.items():
        # sign_in waits for the name in the navigation, which is collapsed at 320 px.
        page.set_viewport_size({"width": 1280, "height": 800})
        sign_in(page, f"reflow.{role}")
        page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
        # The collapsed main navigation, opened.
        page.get_by_role("button", name="Show navigation").click()
        page.locator("#main-nav.show").wait_for()
        _check(page, f"{role}: navigation open", assert_accessible, problems)
        for address in addresses:
            visit(address)
        if role == "staff":
            _preview_with_problems(page, live_server)
            visited.append("import preview with problems")
            _check(page, "import preview with problems", assert_accessible, problems)
        if role == "partner":
            # Setting up two-factor sign-in on a phone: the QR code and the key to type.
            assert page.url.endswith(reverse("two_factor"))
            page.get_by_role("button", name="Set up two-factor sign-in").click()
            page.get_by_test_id("totp-secret").wait_for()
            visited.append("two-factor set-up")
            _check(page, "two-factor set-up", assert_accessible, problems)
        page.context.clear_cookies()  # signed out

    assert not problems, "\n".join(problems)
    # The login page, the password link, then each role's pages: staff 65 (a quarter
    # prepared for publishing, and closing and reopening a quarter, among them) and an
    # import's preview with problems, lead 28, partner 18 and two-factor set-up,
    # commissioner 39 (and each role's open navigation).
    assert len(visited) == 157, visited
