"""
Every URL × every role × GET, HEAD and POST, against a table of what each may do (HEAD
answers what GET does), and every answer to a signed-in person private and never stored.

A new URL without a line in EXPECTED fails test_every_url_has_expectations: decide who
may use it before it ships.
"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from activities.evidence import check_evidence
from api.models import ApiToken
from funding.models import SpendReturn
from public.pages import PublishedPlan
from publication.models import Publication, PublicationRequest
from recommendations.models import RecommendationEvidence
from reports.models import Report, ReportKind
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from ..factories import (
    ActionFactory,
    ActivityFactory,
    EvidenceFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    LeadSpecialistFactory,
    MilestoneFactory,
    OutcomeFactory,
    PartnerMembershipFactory,
    PledgeFactory,
    pdf_bytes,
)
from ..funding.factories import AwardFactory
from ..personas import make_person
from ..recommendations.factories import RecommendationFactory
from ..risks.factories import RiskFactory
from ..urlwalk import all_urls

ROLES = [
    "anonymous",
    "staff",
    "lead",
    "other_lead",
    "commissioner",
    "partner",
    "other_partner",
    "outsider",
]
LOGIN = "login"  # an anonymous request is sent to the login page


def rule(get, post, **overrides):
    """
    Expected status per role for GET and POST. ``get``/``post`` give the status for
    every signed-in role; ``overrides`` set single roles as (GET, POST) pairs.
    Anonymous requests always go to the login page, except where overridden.
    """
    expected = {"GET": dict.fromkeys(ROLES, get), "POST": dict.fromkeys(ROLES, post)}
    expected["GET"]["anonymous"] = expected["POST"]["anonymous"] = LOGIN
    for role, (get_status, post_status) in overrides.items():
        expected["GET"][role], expected["POST"][role] = get_status, post_status
    return expected


NOBODY = {"partner": (403, 403), "other_partner": (403, 403), "outsider": (403, 403)}
# Writes are POSTed empty, so a role that may write gets the form back with its errors:
# 200 from a page with a form, 400 from a POST-only endpoint.
READ = rule(200, 405, **NOBODY)
STAFF_FORM = rule(403, 403, staff=(200, 200))
STAFF_POST = rule(403, 403, staff=(405, 400))
# Staff on anything; a lead specialist on what they lead.
LEAD_POST = rule(403, 403, staff=(405, 400), lead=(405, 400), other_lead=(405, 403))
LEAD_FORM = rule(403, 403, staff=(200, 200), lead=(200, 200))
# The partner portal: partner (of the organisation that owns the objects) and nobody else;
# another partner's ids are not found.
OWN = rule(403, 403, partner=(200, 400), other_partner=(404, 404))
OWN_POST = rule(403, 403, partner=(405, 302), other_partner=(405, 404))
OWN_LIST = rule(403, 403, partner=(200, 405), other_partner=(200, 405))
OWN_FORM = rule(403, 403, partner=(200, 400), other_partner=(200, 400))
VERIFY_POST = rule(403, 403, staff=(405, 302))
MANAGE_PAGE = rule(403, 403, staff=(200, 405))
ANY_ROLE_PAGE = rule(200, 405, outsider=(403, 403))
API_READ = rule(200, 405, **NOBODY, anonymous=(401, 401))
API_DELIVERY = ["plan", "action", "progress_update", "milestone", "indicator", "pledge", "outcome"]

EXPECTED = {
    "home": rule(302, 302, outsider=(403, 403)),
    "login": rule(302, 302, anonymous=(200, 200)),
    # The code step of signing in needs a pending sign-in: without one, back to the login
    # page; a signed-in user goes home.
    "login_code": rule(302, 302),
    "logout": rule(405, 302),
    # Your account: your email choice (an empty POST is the form with its error).
    "account": rule(200, 400),
    "password_change": rule(200, 200),
    "password_change_done": rule(200, 405),
    # Two-factor sign-in is everyone's own. An empty confirm or remove (no code, and no
    # device waiting for one: they come before two_factor_start, which makes one) goes
    # back to the page.
    "two_factor": rule(200, 405),
    "two_factor_confirm": rule(405, 302),
    "two_factor_remove": rule(405, 302),
    "two_factor_start": rule(405, 302),
    # A made-up token: the page says the link is not valid.
    "password_set": rule(200, 200, anonymous=(200, 200)),
    "healthz": rule(200, 405, anonymous=(200, 405)),
    # The public site: everyone, signed in or not, reads it; nobody writes to it.
    "public:home": rule(200, 405, anonymous=(200, 405)),
    "public:past": rule(200, 405, anonymous=(200, 405)),
    "public:publication": rule(200, 405, anonymous=(200, 405)),
    "public:pledge": rule(200, 405, anonymous=(200, 405)),
    "public:outcome": rule(200, 405, anonymous=(200, 405)),
    "public:action": rule(200, 405, anonymous=(200, 405)),
    "public:indicator": rule(200, 405, anonymous=(200, 405)),
    "public:funding": rule(200, 405, anonymous=(200, 405)),
    "public:recommendations": rule(200, 405, anonymous=(200, 405)),
    "public:data": rule(200, 405, anonymous=(200, 405)),
    "public:data_csv": rule(200, 405, anonymous=(200, 405)),
    "public:data_json": rule(200, 405, anonymous=(200, 405)),
    "public:report_pdf": rule(200, 405, anonymous=(200, 405)),
    "public:accessibility": rule(200, 405, anonymous=(200, 405)),
    "public:robots_txt": rule(200, 405, anonymous=(200, 405)),
    "reports:dashboard": READ,
    "plans:action_list": READ,
    "plans:action_export": READ,
    "plans:action_create": STAFF_FORM,
    "plans:action_detail": READ,
    "plans:action_edit": STAFF_FORM,
    "plans:record_progress": LEAD_POST,
    "plans:milestone_add": LEAD_POST,
    "plans:milestone_complete": LEAD_POST,
    "plans:milestone_move": LEAD_FORM,
    "plans:pledge_detail": READ,
    "reports:outcome_detail": READ,
    "plans:plan_list": READ,
    "plans:plan_create": STAFF_FORM,
    "plans:plan_detail": READ,
    "plans:plan_edit": STAFF_FORM,
    "plans:lead_list": READ,
    "plans:lead_create": STAFF_FORM,
    "plans:lead_detail": READ,
    "plans:lead_edit": STAFF_FORM,
    "plans:indicator_list": READ,
    "plans:indicator_detail": READ,
    "plans:indicator_value_add": STAFF_POST,
    "plans:indicator_value_breakdown": STAFF_FORM,
    # The update round: PCC staff sign off and chase; leads and partners see what is due
    # from them (an empty return is refused with a message: 302 back to the action).
    "plans:sign_off_queue": MANAGE_PAGE,
    "plans:update_sign_off": rule(403, 403, staff=(405, 302)),
    "plans:update_return": rule(403, 403, staff=(405, 302)),
    # Everyone's inbox: each sees only what is theirs (a commissioner or someone with no
    # role, nothing).
    "rounds:my_updates": rule(200, 405),
    "rounds:round_status": MANAGE_PAGE,
    "rounds:remind_now": rule(403, 403, staff=(405, 302)),
    # Closing a quarter that has not ended, and reopening one that is not closed, are
    # refused on the page (400).
    "rounds:close_quarter": rule(403, 403, staff=(200, 400)),
    "rounds:reopen_quarter": rule(403, 403, staff=(200, 400)),
    "activities:home": OWN_LIST,
    "activities:activity_create": OWN_FORM,
    "activities:activity_export": OWN_LIST,
    # Readers see every activity; its own organisation sees it; another does not.
    "activities:activity_detail": rule(
        200, 405, partner=(200, 405), other_partner=(404, 405), outsider=(403, 403)
    ),
    "activities:activity_edit": OWN,
    "activities:activity_withdraw": OWN_POST,
    "activities:activity_verify": VERIFY_POST,
    "activities:activity_return": VERIFY_POST,
    # Evidence: its organisation, staff and commissioners only.
    "activities:evidence_download": rule(
        403,
        403,
        staff=(200, 405),
        commissioner=(200, 405),
        partner=(200, 405),
        other_partner=(404, 405),
    ),
    "activities:review_queue": MANAGE_PAGE,
    # Funding: a partner's own awards and returns (another's ids are not found); the award
    # page for staff and commissioners; reviewing returns for staff, as for activities.
    "funding_portal:home": OWN_LIST,
    "funding_portal:return_submit": OWN,
    "funding_portal:return_amend": OWN,
    "funding_portal:return_correct": OWN,
    "funding:award_detail": rule(403, 403, staff=(200, 405), commissioner=(200, 405)),
    "funding:review_queue": MANAGE_PAGE,
    "funding:return_accept": VERIFY_POST,
    "funding:return_return": VERIFY_POST,
    "partners:organisation_list": MANAGE_PAGE,
    "partners:organisation_create": STAFF_FORM,
    "partners:organisation_detail": MANAGE_PAGE,
    "partners:organisation_edit": STAFF_FORM,
    "partners:member_invite": rule(403, 403, staff=(405, 400)),
    "partners:member_deactivate": rule(403, 403, staff=(405, 302)),
    "partners:member_reactivate": rule(403, 403, staff=(405, 302)),
    # Reports: staff, lead specialists and commissioners read and download; staff and
    # commissioners request (an empty request is refused with a message: 302 back);
    # staff retry failed ones.
    "reports:archive": READ,
    "reports:detail": READ,
    "reports:status": READ,
    "reports:download": READ,
    "reports:request": rule(403, 403, staff=(405, 302), commissioner=(405, 302)),
    "reports:retry": rule(403, 403, staff=(405, 302)),
    # Funding: staff and commissioners read the totals and download the awards; lead
    # specialists and partners do not see other organisations' money.
    "funding:overview": rule(403, 403, staff=(200, 405), commissioner=(200, 405)),
    "funding:export": rule(403, 403, staff=(200, 405), commissioner=(200, 405)),
    "funding:source_list": rule(403, 403, staff=(200, 405), commissioner=(200, 405)),
    # Staff keep funding sources and awards (an empty form is sent back with its errors);
    # commissioners read only.
    "funding:award_create": STAFF_FORM,
    "funding:award_edit": STAFF_FORM,
    "funding:source_create": STAFF_FORM,
    "funding:source_edit": STAFF_FORM,
    # The risk register: readers of the plan read it; staff record and edit risks; staff
    # and the risk's owner (a lead specialist) review it.
    "risks:register": READ,
    "risks:detail": READ,
    "risks:create": STAFF_FORM,
    "risks:edit": STAFF_FORM,
    "risks:review": LEAD_FORM,
    # The recommendations tracker: readers of the plan read it and its evidence files;
    # staff record and edit sources and recommendations; staff and the recommendation's
    # owner (a lead specialist) add updates.
    "recommendations:list": READ,
    "recommendations:detail": READ,
    "recommendations:source": READ,
    "recommendations:evidence_download": READ,
    "recommendations:create": STAFF_FORM,
    "recommendations:edit": STAFF_FORM,
    "recommendations:source_create": STAFF_FORM,
    "recommendations:source_edit": STAFF_FORM,
    "recommendations:update": LEAD_FORM,
    # Publication: staff only. An empty publish is the form back with its errors; a
    # withdrawal goes back to the list (with a message if it was already withdrawn).
    "publication:list": MANAGE_PAGE,
    "publication:detail": MANAGE_PAGE,
    "publication:publish": STAFF_FORM,
    "publication:withdraw": rule(403, 403, staff=(405, 302)),
    # A quarter prepared by another member of staff: staff read it, approve it (which
    # publishes it) or cancel it, and either goes back to a page (once settled, with a
    # message). The preparer's own approval is a 403 (tests/publication/test_two_people.py).
    "publication:prepared": MANAGE_PAGE,
    "publication:approve": rule(403, 403, staff=(405, 302)),
    "publication:cancel": rule(403, 403, staff=(405, 302)),
    # A failed public PDF: staff queue it again.
    "publication:retry_pdf": rule(403, 403, staff=(405, 302)),
    # Importing from a spreadsheet: staff only (an empty upload is the form back with its
    # errors; a confirmation whose upload is gone, or another's, goes back to the upload
    # page). A plan's export in the template's shape: whoever reads the plan.
    "onboarding:upload": STAFF_FORM,
    "onboarding:upload_indicator_values": STAFF_FORM,
    "onboarding:template_xlsx": MANAGE_PAGE,
    "onboarding:template_csv": MANAGE_PAGE,
    "onboarding:confirm": rule(403, 403, staff=(405, 302)),
    "onboarding:plan_export": READ,
    # The API (tests/api/ has its own matrix: every endpoint, role and method, with
    # tokens). Here, signed in with the session: the same answers. Not signed in is 401,
    # never the login page; writes are 405 for those who may read, 403 for the rest.
    **{f"api:{name}-{kind}": API_READ for name in API_DELIVERY for kind in ("list", "detail")},
    "api:report-list": API_READ,
    "api:report-detail": API_READ,
    "api:report-download": API_READ,  # the PDF, for a token as for the pages
    # Activities: readers of the plan see all; a partner their organisation's (another's
    # id is not found).
    "api:activity-list": rule(
        200,
        405,
        partner=(200, 405),
        other_partner=(200, 405),
        outsider=(403, 403),
        anonymous=(401, 401),
    ),
    "api:activity-detail": rule(
        200,
        405,
        partner=(200, 405),
        other_partner=(404, 405),
        outsider=(403, 403),
        anonymous=(401, 401),
    ),
    # The schema and its docs page, and the tokens pages: anyone with a role. An empty
    # new token is the form with its errors; a token is revoked by its owner only (the
    # staff member's here: anyone else's is not found).
    "api:schema": rule(200, 405, outsider=(403, 403), anonymous=(401, 401)),
    "api:docs": ANY_ROLE_PAGE,
    "api:token_list": ANY_ROLE_PAGE,
    "api:token_create": rule(200, 200, outsider=(403, 403)),
    "api:token_revoke": rule(405, 404, staff=(405, 302), outsider=(403, 403)),
}


def _our_urls():
    """The view name of every URL outside the admin, which has its own rules."""
    return {resolve(path).view_name for path, _ in all_urls() if not path.startswith("/admin/")}


def test_every_url_has_expectations():
    missing = sorted(set(_our_urls()) - set(EXPECTED))
    assert missing == [], (
        "add these URLs to EXPECTED in tests/permissions/test_permission_matrix.py"
    )
    assert sorted(set(EXPECTED) - set(_our_urls())) == []


@pytest.fixture
def world(db):
    """One of everything, and a person for each role."""
    lead_user = make_person(Role.LEAD_SPECIALIST, username="lee.lead")
    lead = LeadSpecialistFactory(user=lead_user)
    action = ActionFactory(plan__lead=lead, lead=lead, pledges=[PledgeFactory(number=1)])
    milestone = MilestoneFactory(action=action)
    people = {
        "staff": make_person(Role.PCC_STAFF, username="sam.staff", is_staff=True),
        "lead": lead_user,
        "other_lead": make_person(Role.LEAD_SPECIALIST, username="olu.otherlead"),
        "commissioner": make_person(Role.COMMISSIONER, username="cam.commissioner"),
        "partner": make_person(Role.PARTNER, username="pat.partner"),
        "other_partner": make_person(Role.PARTNER, username="bea.otherpartner"),
        "outsider": make_person(None, username="olly.outsider"),
    }
    update = action.record_progress(
        author=lead_user,
        period=Quarter(2026, 3),
        status="on_track",
        percent_complete=10,
        narrative="Started.",
    )
    membership = PartnerMembershipFactory(user=people["partner"])
    PartnerMembershipFactory(user=people["other_partner"])
    action.delivery_partners.add(membership.organisation)
    activity = ActivityFactory(action=action, organisation=membership.organisation)
    evidence = EvidenceFactory(activity=activity)
    award = AwardFactory(organisation=membership.organisation)
    returns = {
        state: SpendReturn.objects.create(
            award=award, period=period, spend=1, state=state, created_by=people["partner"]
        )
        for state, period in zip(
            ("accepted", "returned", "submitted"),
            Quarter.range(Quarter(2024, 1), Quarter(2024, 3)),
            strict=True,
        )
    }
    ready = Report.objects.create(
        plan=action.plan, period=Quarter(2026, 2), kind=ReportKind.QUARTERLY
    )
    ready.succeed(name="r.pdf", content=ContentFile(b"%PDF-1.7 test"), sha256="0" * 64, pages=1)
    failed = Report.objects.create(
        plan=action.plan, period=Quarter(2026, 1), kind=ReportKind.QUARTERLY, state="failed"
    )
    action.outcomes.add(OutcomeFactory(strategy=action.plan.strategy))
    IndicatorFactory(publish=True)
    RecommendationFactory(is_public=True, actions=[action])  # "You told us — we did"
    publication = Publication.publish(action.plan, Quarter(2026, 2), by=people["staff"])
    published = PublishedPlan(publication)
    at = (publication.plan_id, publication.quarter)
    publication.public_report.succeed(
        name="p.pdf", content=ContentFile(b"%PDF-1.7 test"), sha256="0" * 64, pages=1
    )
    failed_pdf = Publication.publish(action.plan, Quarter(2026, 1), by=people["staff"])
    failed_pdf.public_report.fail("RuntimeError: fonts missing", retry=False)
    preparer = make_person(Role.PCC_STAFF, username="pip.preparer", is_staff=True)
    prepared = PublicationRequest.prepare(action.plan, Quarter(2025, 4), by=preparer)
    indicator = IndicatorFactory()
    outcome = OutcomeFactory(strategy=action.plan.strategy)
    token, _ = ApiToken.issue(people["staff"], "Power BI")
    risk = RiskFactory(owner=lead, actions=[action])
    recommendation = RecommendationFactory(owner=lead, actions=[action])
    recommendation.record_update(
        by=people["staff"],
        status="in_progress",
        note="Begun.",
        files=[check_evidence(SimpleUploadedFile("minutes.pdf", pdf_bytes()))],
    )
    recommendation_evidence = RecommendationEvidence.objects.get()
    ids = {
        "publication:detail": publication.pk,
        "public:publication": at,
        "public:pledge": (*at, published.pledge_sets[0]["slug"], 1),
        "public:outcome": (*at, published.outcomes[0]["number"]),
        "public:action": (*at, published.actions[0]["slug"]),
        "public:indicator": (*at, published.indicators[0]["slug"]),
        "public:funding": at,
        "public:recommendations": at,
        "public:data_csv": (publication.quarter, "actions"),
        "public:data_json": publication.quarter,
        "public:report_pdf": at,
        "publication:retry_pdf": failed_pdf.pk,
        "publication:withdraw": publication.pk,
        "publication:prepared": prepared.pk,
        "publication:approve": prepared.pk,
        "publication:cancel": prepared.pk,
        "api:plan-detail": action.plan.pk,
        "api:action-detail": action.pk,
        "api:progress_update-detail": update.pk,
        "api:milestone-detail": milestone.pk,
        "api:indicator-detail": indicator.pk,
        "api:pledge-detail": action.pledges.get().pk,
        "api:outcome-detail": outcome.pk,
        "api:report-detail": ready.pk,
        "api:report-download": ready.pk,
        "api:activity-detail": activity.pk,
        "api:token_revoke": token.pk,
        "plans:action_detail": action.pk,
        "plans:action_edit": action.pk,
        "plans:record_progress": action.pk,
        "plans:milestone_add": action.pk,
        "plans:milestone_complete": milestone.pk,
        "plans:milestone_move": milestone.pk,
        "plans:pledge_detail": action.pledges.get().pk,
        "reports:outcome_detail": OutcomeFactory(strategy=action.plan.strategy).pk,
        "plans:plan_detail": action.plan.pk,
        "plans:plan_edit": action.plan.pk,
        "plans:lead_detail": lead.pk,
        "plans:lead_edit": lead.pk,
        "plans:indicator_detail": IndicatorFactory().pk,
        "plans:indicator_value_add": IndicatorFactory().pk,
        "plans:indicator_value_breakdown": IndicatorValueFactory(period=Quarter(2026, 2)).pk,
        "plans:update_sign_off": update.pk,
        "plans:update_return": update.pk,
        "rounds:remind_now": (action.plan.pk, Quarter(2026, 3)),
        "rounds:close_quarter": (action.plan.pk, Quarter(2026, 3)),
        "rounds:reopen_quarter": (action.plan.pk, Quarter(2026, 3)),
        "activities:activity_detail": activity.pk,
        "activities:activity_edit": activity.pk,
        "activities:activity_withdraw": activity.pk,
        "activities:activity_verify": activity.pk,
        "activities:activity_return": activity.pk,
        "activities:evidence_download": evidence.pk,
        "funding_portal:return_submit": award.pk,
        "funding_portal:return_amend": returns["returned"].pk,
        "funding_portal:return_correct": returns["accepted"].pk,
        "funding:award_detail": award.pk,
        "funding:award_edit": award.pk,
        "funding:source_edit": award.source_id,
        "funding:return_accept": returns["submitted"].pk,
        "funding:return_return": returns["submitted"].pk,
        "partners:organisation_detail": membership.organisation.pk,
        "partners:organisation_edit": membership.organisation.pk,
        "partners:member_invite": membership.organisation.pk,
        "partners:member_deactivate": membership.pk,
        "partners:member_reactivate": membership.pk,
        "password_set": ("MQ", "made-up-token"),
        "reports:detail": ready.pk,
        "reports:status": ready.pk,
        "reports:download": ready.pk,
        "reports:retry": failed.pk,
        "onboarding:confirm": "made-up-token",
        "onboarding:plan_export": action.plan.pk,
        "risks:detail": risk.pk,
        "risks:edit": risk.pk,
        "risks:review": risk.pk,
        "recommendations:detail": recommendation.pk,
        "recommendations:edit": recommendation.pk,
        "recommendations:update": recommendation.pk,
        "recommendations:source": recommendation.source_id,
        "recommendations:source_edit": recommendation.source_id,
        "recommendations:evidence_download": recommendation_evidence.pk,
    }
    return people, ids


# HEAD is answered as GET is (without the body), by every view: link checkers and uptime
# monitors use it (tests/project/test_code_rules.py keeps require_GET out).


def _wanted(expected, name, method, role):
    return expected["GET" if method == "HEAD" else method][role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", ["GET", "HEAD", "POST"])
def test_each_role_gets_what_the_table_says_from_every_url(client, world, role, method):
    people, ids = world
    failures = []
    for name, expected in EXPECTED.items():
        args = ids.get(name, ())
        url = reverse(name, args=args if isinstance(args, tuple) else [args])
        if role != "anonymous":
            client.force_login(people[role])
        if method == "POST":
            response = client.post(url, {})
        else:
            response = client.get(url) if method == "GET" else client.head(url)
        want = _wanted(expected, name, method, role)
        if want == LOGIN:
            ok = response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        else:
            ok = response.status_code == want
        if not ok:
            failures.append(f"{method} {name}: {response.status_code}, expected {want}")
        client.logout()
    assert failures == []


def test_a_guessed_id_that_does_not_exist_is_404_not_500(client, world):
    people, _ = world
    client.force_login(people["staff"])
    names = (
        "plans:action_detail",
        "plans:plan_detail",
        "plans:lead_detail",
        "onboarding:plan_export",
        "recommendations:detail",
        "recommendations:source",
        "recommendations:evidence_download",
    )
    for name in (*names, "reports:outcome_detail"):
        assert client.get(reverse(name, args=[999999])).status_code == 404


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_no_answer_to_a_signed_in_person_may_be_stored_by_a_cache(client, world, role):
    # Pages, exports and downloads carry OFFICIAL-SENSITIVE data: whatever the status (a
    # page, a CSV, a PDF, a 403, a 404, a form sent back with its errors), no browser or
    # proxy may keep a copy (Cache-Control: private, no-store).
    people, ids = world
    client.force_login(people[role])
    stored = []
    for name in EXPECTED:
        if name == "logout":
            continue  # the one request after which the person is no longer signed in
        args = ids.get(name, ())
        url = reverse(name, args=args if isinstance(args, tuple) else [args])
        for method in ("get", "post"):
            response = getattr(client, method)(url, {})
            directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
            if not {"private", "no-store"} <= directives:
                stored.append(f"{method.upper()} {name}: {response.get('Cache-Control')!r}")
    assert stored == []


# The Excel sibling of each download is the same URL with ?format=xlsx: it answers every
# role as the CSV does, and privately.
EXCEL_DOWNLOADS = ("plans:action_export", "activities:activity_export", "funding:export")


@pytest.mark.parametrize("role", ROLES)
def test_each_excel_download_answers_each_role_as_its_csv_does(client, world, role):
    people, _ = world
    if role != "anonymous":
        client.force_login(people[role])
    failures = []
    for name in EXCEL_DOWNLOADS:
        response = client.get(reverse(name), {"format": "xlsx"})
        want = EXPECTED[name]["GET"][role]
        if want == LOGIN:
            ok = response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        else:
            ok = response.status_code == want
            if want == 200:
                ok = ok and response["Content-Disposition"].endswith('.xlsx"')
                ok = ok and "no-store" in response["Cache-Control"]
        if not ok:
            failures.append(f"GET {name}?format=xlsx: {response.status_code}, expected {want}")
    assert failures == []
