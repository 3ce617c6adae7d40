"""Partners log what they deliver and see only their own; staff verify it."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Activity, ActivityEventKind, ActivityState, Evidence
from partners.models import PartnerMembership
from vawg_tracker.accounts.models import Role

from ..downloads import xlsx_rows
from ..factories import (
    ActionFactory,
    ActivityFactory,
    EvidenceFactory,
    pdf_bytes,
)
from ..personas import PASSWORD, make_person

pytestmark = pytest.mark.django_db
PDF = pdf_bytes(pages=1)


@pytest.fixture
def action(partner_a):
    action = ActionFactory(reference="3.1", title="Specialist training")
    action.delivery_partners.add(partner_a.partner_membership.organisation)
    return action


def _activity_data(action, **fields):
    return {
        "action": action.pk,
        "kind": "training",
        "title": "Training for response officers",
        "started_on": "2026-10-14",
        "ended_on": "",
        "people_reached": "24",
        "sessions": "2",
        "hours": "6",
        "area": "Sefton",
        "description": "Two half-day sessions.",
        **fields,
    }


def test_a_partner_lands_on_their_organisations_page(client, partner_a, action):
    ActivityFactory(action=action, organisation=partner_a.partner_membership.organisation)
    client.force_login(partner_a)
    response = client.get(reverse("home"), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("activities:home")
    assert "Partner A" in page
    assert "3.1" in page
    assert "Specialist training" in page


def test_a_partner_logs_an_activity_with_evidence(client, partner_a, action, settings):
    client.force_login(partner_a)
    data = _activity_data(action, evidence=SimpleUploadedFile("agenda.pdf", PDF))
    response = client.post(reverse("activities:activity_create"), data)
    activity = Activity.objects.get()
    assert response["Location"] == activity.get_absolute_url()
    assert activity.organisation == partner_a.partner_membership.organisation
    assert (activity.state, activity.created_by, str(activity.period)) == (
        ActivityState.SUBMITTED,
        partner_a,
        "2026/27 Q3",
    )
    evidence = activity.evidence.get()
    assert (evidence.extension, evidence.original_name) == ("pdf", "agenda.pdf")
    assert "agenda" not in evidence.file.name  # stored under a generated name
    assert evidence.file.name.startswith("evidence/")
    assert str(settings.MEDIA_ROOT) in evidence.file.path
    assert [e.kind for e in activity.events.all()] == [ActivityEventKind.SUBMITTED]


def test_a_partner_can_only_log_against_actions_their_organisation_delivers(
    client, partner_a, action
):
    other_action = ActionFactory(reference="9.9")
    client.force_login(partner_a)
    response = client.post(reverse("activities:activity_create"), _activity_data(other_action))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("field", "text", "reason"),
    [
        ("description", "Referred by jo@example.org", "an email address"),
        ("title", "Follow-up call 07700 900123", "a phone number"),
        ("area", "L1 8JQ", "a full postcode"),
    ],
)
def test_personal_data_is_refused_naming_the_field_and_keeping_the_text(
    client, partner_a, action, field, text, reason
):
    client.force_login(partner_a)
    response = client.post(
        reverse("activities:activity_create"), _activity_data(action, **{field: text})
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert reason in form.errors[field][0]
    assert text in response.content.decode()
    assert not Activity.objects.exists()


def test_a_bad_file_is_refused_and_nothing_is_saved(client, partner_a, action, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    client.force_login(partner_a)
    files = [
        SimpleUploadedFile("ok.pdf", PDF),
        SimpleUploadedFile("setup.pdf", b"MZ\x90\x00" + b"\x00" * 60),
        SimpleUploadedFile("big.pdf", PDF + b"0" * 2048),
    ]
    response = client.post(
        reverse("activities:activity_create"), _activity_data(action, evidence=files)
    )
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["evidence"])
    assert "“setup.pdf” is not a file type we accept" in errors
    assert "“big.pdf” is 2.5" in errors
    assert not Activity.objects.exists()
    assert not Evidence.objects.exists()
    assert not list(settings.MEDIA_ROOT.rglob("*.pdf"))  # no file left behind either


def test_a_csv_with_a_formula_is_refused_naming_its_cell_and_keeping_the_form(
    client, partner_a, action, settings
):
    client.force_login(partner_a)
    counts = b'session,people\n1,24\n2,"=HYPERLINK(""http://evil.example"",""18"")"\n'
    data = _activity_data(
        action,
        title="Coercive control training",
        evidence=SimpleUploadedFile("attendance.csv", counts),
    )
    response = client.post(reverse("activities:activity_create"), data)
    assert response.status_code == 400
    (error,) = response.context["form"].errors["evidence"]
    assert error.startswith("Row 3, column B of “attendance.csv” starts a formula")
    page = response.content.decode()
    assert "Row 3, column B of" in page
    assert 'value="Coercive control training"' in page  # what they typed is still there
    assert not Activity.objects.exists()
    assert not list(settings.MEDIA_ROOT.rglob("*.csv"))


def test_a_file_that_claims_to_be_a_pdf_but_carries_html_is_refused(client, partner_a, action):
    client.force_login(partner_a)
    fake = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n"
    data = _activity_data(action, evidence=SimpleUploadedFile("agenda.pdf", fake))
    response = client.post(reverse("activities:activity_create"), data)
    assert response.status_code == 400
    (error,) = response.context["form"].errors["evidence"]
    assert "starts like a PDF but is not one we can open" in error
    assert not Activity.objects.exists()


def test_staff_return_an_activity_and_the_partner_amends_and_resubmits(
    client, staff, partner_a, action
):
    activity = ActivityFactory(
        action=action, organisation=partner_a.partner_membership.organisation, created_by=partner_a
    )
    client.force_login(staff)
    url = reverse("activities:activity_return", args=[activity.pk])
    assert client.post(url, {"comment": ""}).status_code == 302  # no comment: refused
    activity.refresh_from_db()
    assert activity.state == ActivityState.SUBMITTED
    client.post(url, {"comment": "Split the attendance by session, please."})
    activity.refresh_from_db()
    assert activity.state == ActivityState.RETURNED

    client.force_login(partner_a)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "Split the attendance by session, please." in page
    edit = reverse("activities:activity_edit", args=[activity.pk])
    response = client.post(
        edit, _activity_data(action, description="Session 1: 12; session 2: 12.")
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.state == ActivityState.SUBMITTED
    assert activity.description == "Session 1: 12; session 2: 12."
    steps = [(e.kind, e.user, e.comment) for e in activity.events.all()]
    assert steps[-2:] == [
        (ActivityEventKind.RETURNED, staff, "Split the attendance by session, please."),
        (ActivityEventKind.RESUBMITTED, partner_a, ""),
    ]


def test_a_verified_activity_is_locked(client, staff, partner_a, action):
    activity = ActivityFactory(
        action=action, organisation=partner_a.partner_membership.organisation
    )
    client.force_login(staff)
    client.post(reverse("activities:activity_verify", args=[activity.pk]))
    activity.refresh_from_db()
    assert activity.state == ActivityState.VERIFIED
    # Verifying twice changes nothing and says so.
    response = client.post(reverse("activities:activity_verify", args=[activity.pk]), follow=True)
    assert "no longer waiting to be verified" in response.content.decode()
    assert activity.events.filter(kind=ActivityEventKind.VERIFIED).count() == 1

    client.force_login(partner_a)
    edit = reverse("activities:activity_edit", args=[activity.pk])
    response = client.post(edit, _activity_data(action, title="Changed"), follow=True)
    assert "it is locked" in response.content.decode()
    client.post(reverse("activities:activity_withdraw", args=[activity.pk]))
    title = activity.title
    activity.refresh_from_db()
    assert (activity.state, activity.title) == (ActivityState.VERIFIED, title)


def test_a_partner_withdraws_a_submitted_activity(client, partner_a, action):
    activity = ActivityFactory(
        action=action, organisation=partner_a.partner_membership.organisation
    )
    client.force_login(partner_a)
    client.post(reverse("activities:activity_withdraw", args=[activity.pk]))
    activity.refresh_from_db()
    assert activity.state == ActivityState.WITHDRAWN


def test_another_organisations_ids_are_not_found(client, partner_a, partner_b, action):
    activity = ActivityFactory(
        action=action, organisation=partner_a.partner_membership.organisation
    )
    evidence = EvidenceFactory(activity=activity)
    client.force_login(partner_b)
    for name, pk in [
        ("activities:activity_detail", activity.pk),
        ("activities:activity_edit", activity.pk),
        ("activities:evidence_download", evidence.pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    assert (
        client.post(reverse("activities:activity_withdraw", args=[activity.pk])).status_code == 404
    )
    activity.refresh_from_db()
    assert activity.state == ActivityState.SUBMITTED
    export = b"".join(client.get(reverse("activities:activity_export")).streaming_content)
    assert activity.title.encode() not in export
    home = client.get(reverse("activities:home")).content.decode()
    assert activity.title not in home


def test_partners_cannot_reach_staff_pages_or_the_admin(client, partner_a):
    client.force_login(partner_a)
    for url in ("/dashboard/", "/actions/", "/partners/review/", "/partners/organisations/"):
        assert client.get(url).status_code == 403, url
    assert client.get("/admin/", follow=True).status_code == 403


def test_evidence_downloads_as_an_attachment_with_a_safe_name(
    client, partner_a, action, commissioner
):
    activity = ActivityFactory(
        action=action, organisation=partner_a.partner_membership.organisation
    )
    evidence = EvidenceFactory(activity=activity, original_name="Jo Bloggs referral.pdf")
    for person in (partner_a, commissioner):
        client.force_login(person)
        response = client.get(evidence.get_absolute_url())
        assert response.status_code == 200
        disposition = response["Content-Disposition"]
        assert disposition == (f'attachment; filename="evidence-{activity.pk}-{evidence.pk}.pdf"')
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_lead_specialists_read_activities_but_not_evidence(client, lead, partner_a, action):
    activity = ActivityFactory(
        action=action, organisation=partner_a.partner_membership.organisation
    )
    evidence = EvidenceFactory(activity=activity)
    client.force_login(lead)
    assert client.get(activity.get_absolute_url()).status_code == 200
    assert client.get(evidence.get_absolute_url()).status_code == 403


def test_the_export_holds_only_our_activities(client, partner_a, partner_b, action):
    ours = ActivityFactory(action=action, organisation=partner_a.partner_membership.organisation)
    ActivityFactory(action=action, organisation=partner_b.partner_membership.organisation)
    client.force_login(partner_a)
    response = client.get(reverse("activities:activity_export"))
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Date", "Until", "Quarter"]
    assert [row[5] for row in rows[1:]] == [ours.title]


def test_the_excel_download_holds_only_our_activities_with_numbers_and_dates(
    client, partner_a, partner_b, action
):
    organisation = partner_a.partner_membership.organisation
    ours = ActivityFactory(
        action=action,
        organisation=organisation,
        title='=HYPERLINK("http://x")',
        started_on=datetime.date(2026, 10, 14),
        people_reached=24,
        hours=Decimal("6.5"),
    )
    ActivityFactory(action=action, organisation=partner_b.partner_membership.organisation)
    client.force_login(partner_a)
    response = client.get(reverse("activities:activity_export"), {"format": "xlsx"})
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = xlsx_rows(response)
    assert rows[0][:3] == ["Date", "Until", "Quarter"]
    assert len(rows) == 2
    date, until, _, _, _, title, people, _, hours, _, _ = rows[1]
    assert (date, until) == (datetime.datetime(2026, 10, 14), None)
    assert title == "'" + ours.title
    assert (people, hours) == (24, 6.5)
    home = client.get(reverse("activities:home")).content.decode()
    assert f'href="{reverse("activities:activity_export")}?format=xlsx"' in home


def test_totals_by_quarter_and_kind(client, partner_a, action):
    organisation = partner_a.partner_membership.organisation
    ActivityFactory(action=action, organisation=organisation, people_reached=10, sessions=1)
    ActivityFactory(action=action, organisation=organisation, people_reached=15, sessions=2)
    ActivityFactory(
        action=action, organisation=organisation, people_reached=99, state=ActivityState.WITHDRAWN
    )
    client.force_login(partner_a)
    totals = client.get(reverse("activities:home")).context["totals"]
    assert [
        (str(t["period"]), t["kind_label"], t["count"], t["people"], t["sessions"]) for t in totals
    ] == [("2026/27 Q3", "Training delivered", 2, 25, 3)]


def test_verified_activities_show_on_the_action_page_and_the_dashboard(
    client, staff, partner_a, action
):
    activity = ActivityFactory(
        action=action,
        organisation=partner_a.partner_membership.organisation,
        state=ActivityState.VERIFIED,
        people_reached=48,
    )
    client.force_login(staff)
    page = client.get(action.get_absolute_url()).content.decode()
    assert activity.title in page
    dashboard = client.get(reverse("reports:dashboard"), {"quarter": "2026/27 Q3"})
    assert dashboard.context["board"].partner_activity[0]["people"] == 48


def test_staff_invite_a_partner_user_who_sets_their_own_password(
    client, staff, partner_a, settings
):
    organisation = partner_a.partner_membership.organisation
    client.force_login(staff)
    invite = reverse("partners:member_invite", args=[organisation.pk])
    data = {"username": "new.partner", "first_name": "New", "last_name": "Partner",
            "email": "new.partner@example.invalid"}  # fmt: skip
    assert client.post(invite, data).status_code == 302
    user = User.objects.get(username="new.partner")
    assert user.partner_membership.organisation == organisation
    assert user.groups.get().name == Role.PARTNER
    assert not user.has_usable_password()
    (email,) = mail.outbox
    link = next(line for line in email.body.splitlines() if "/accounts/set-password/" in line)
    client.logout()
    path = link.removeprefix(settings.SITE_URL)
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new = "quiet harbour lantern 7"
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert response["Location"] == "/accounts/login/?password=set"
    user.refresh_from_db()
    assert user.check_password(new)


def test_the_invite_link_comes_from_site_url_not_the_requests_host_header(
    client, staff, partner_a, settings
):
    # Even where the Host header gets through (a wildcard ALLOWED_HOSTS, a proxy passing
    # it on), the emailed link must point at our site, never at the host the request named.
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://vawg.example.org"
    organisation = partner_a.partner_membership.organisation
    client.force_login(staff)
    invite = reverse("partners:member_invite", args=[organisation.pk])
    data = {"username": "new.partner", "first_name": "New", "last_name": "Partner",
            "email": "new.partner@example.invalid"}  # fmt: skip
    response = client.post(invite, data, HTTP_HOST="evil.example", follow=True)
    (email,) = mail.outbox
    (link,) = [line for line in email.body.splitlines() if "/accounts/set-password/" in line]
    assert link.startswith("https://vawg.example.org/accounts/set-password/")
    assert "evil.example" not in email.body
    assert "evil.example" not in response.content.decode()


def test_deactivating_a_partner_user_keeps_their_records(client, staff, partner_a, action):
    activity = ActivityFactory(
        action=action, organisation=partner_a.partner_membership.organisation, created_by=partner_a
    )
    membership = PartnerMembership.objects.get(user=partner_a)
    client.force_login(staff)
    client.post(reverse("partners:member_deactivate", args=[membership.pk]))
    partner_a.refresh_from_db()
    assert not partner_a.is_active
    assert Activity.objects.filter(pk=activity.pk, created_by=partner_a).exists()
    client.logout()
    client.post(reverse("login"), {"username": "ana.partner", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_a_partner_user_without_an_organisation_is_told_so(client):
    client.force_login(make_person(Role.PARTNER, username="nora.noorg"))
    response = client.get(reverse("activities:home"))
    assert response.status_code == 403
    assert "not linked to an organisation" in response.content.decode()
    assert client.get(reverse("activities:activity_create")).status_code == 403
