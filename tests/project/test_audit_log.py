"""
Security events go in the audit log with who, what object, which view and from where;
never with anything people typed. Only superusers read the log, and nobody changes it.
"""

import logging

import pytest
from django.core.files.base import ContentFile
from django.db import models
from django.test import RequestFactory
from django.urls import reverse

from partners.models import PartnerMembership, PartnerOrganisation
from plans.models import (
    Action,
    ActionPlan,
    Indicator,
    LeadSpecialist,
    Milestone,
    Outcome,
    ProgressUpdate,
)
from pledges.models import Pledge
from reports.models import Report, ReportKind
from vawg_tracker import audit
from vawg_tracker.accounts.models import Role
from vawg_tracker.audit import receivers
from vawg_tracker.audit.models import AuditEvent
from vawg_tracker.quarters import Quarter

from ..factories import (
    ActionFactory,
    ActivityFactory,
    EvidenceFactory,
    LeadSpecialistFactory,
)
from ..personas import PASSWORD, make_person

pytestmark = pytest.mark.django_db
SIGN_IN = reverse("login")


def sign_in(client, user):
    """Sign in as the test client does, leaving the log empty for what the test does next."""
    client.force_login(user)
    AuditEvent.objects.all().delete()


def only_event():
    assert AuditEvent.objects.count() == 1, list(AuditEvent.objects.values())
    return AuditEvent.objects.get()


def test_signing_in_is_recorded_with_the_user_and_address(client, lead):
    client.post(SIGN_IN, {"username": "lee.lead", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")
    event = only_event()
    assert (event.kind, event.user, event.username) == (audit.Kind.LOGIN, lead, "lee.lead")
    assert (event.view_name, event.method, event.ip) == ("login", "POST", "203.0.113.7")


def test_a_failed_sign_in_as_a_real_user_keeps_their_username(client, lead):
    client.post(SIGN_IN, {"username": "lee.lead", "password": "wrong"}, REMOTE_ADDR="203.0.113.8")
    event = only_event()
    assert (event.kind, event.user, event.username) == (audit.Kind.LOGIN_FAILED, lead, "lee.lead")
    assert event.ip == "203.0.113.8"


def test_a_failed_sign_in_with_an_unknown_username_keeps_no_username(client, lead):
    # People type their password into the username box.
    typed = "Hunter2-my-password"
    client.post(SIGN_IN, {"username": typed, "password": "x"})
    event = only_event()
    assert event.kind == audit.Kind.LOGIN_FAILED
    assert (event.user, event.username) == (None, "")
    assert_not_stored(typed)


def test_signing_out_is_recorded(client, staff):
    sign_in(client, staff)
    client.post(reverse("logout"))
    event = only_event()
    assert (event.kind, event.user, event.view_name) == (audit.Kind.LOGOUT, staff, "logout")


def test_changing_a_password_is_recorded_without_the_password(client, partner):
    sign_in(client, partner)
    new = "a much longer new passphrase"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(kind=audit.Kind.PASSWORD_CHANGED)
    assert event.user == partner
    assert_not_stored(new)
    assert_not_stored(PASSWORD)


def test_a_lockout_from_the_lockout_signal_is_recorded(lead):
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="198.51.100.4")
    receivers.locked_out(sender=None, request=request, username="lee.lead", ip_address="x")
    event = only_event()
    assert (event.kind, event.user, event.username) == (audit.Kind.LOCKOUT, lead, "lee.lead")
    assert event.ip == "198.51.100.4"


def test_a_lockout_for_an_unknown_username_keeps_no_username(db):
    receivers.locked_out(sender=None, request=RequestFactory().post("/"), username="s3cret!")
    assert (only_event().kind, only_event().username) == (audit.Kind.LOCKOUT, "")


def _ready_report():
    report = Report.objects.create(
        plan=ActionFactory().plan, period=Quarter(2026, 2), kind=ReportKind.QUARTERLY
    )
    report.succeed(name="r.pdf", content=ContentFile(b"%PDF-1.7 test"), sha256="0" * 64, pages=1)
    return report


def test_downloading_a_report_is_recorded_with_the_report(client, commissioner):
    report = _ready_report()
    sign_in(client, commissioner)
    response = client.get(reverse("reports:download", args=[report.pk]), REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 200
    event = only_event()
    assert (event.kind, event.user) == (audit.Kind.REPORT_DOWNLOAD, commissioner)
    assert (event.object_type, event.object_id) == ("reports.report", str(report.pk))
    assert (event.view_name, event.method, event.ip) == ("reports:download", "GET", "192.0.2.1")


def test_downloading_evidence_is_recorded_with_the_file(client, partner):
    organisation = PartnerMembership.objects.get(user=partner).organisation
    evidence = EvidenceFactory(activity__organisation=organisation, uploaded_by=partner)
    sign_in(client, partner)
    assert (
        client.get(reverse("activities:evidence_download", args=[evidence.pk])).status_code == 200
    )
    event = only_event()
    assert (event.kind, event.user) == (audit.Kind.EVIDENCE_DOWNLOAD, partner)
    assert (event.object_type, event.object_id) == ("activities.evidence", str(evidence.pk))


def test_exporting_actions_is_recorded_without_the_search_typed(client, staff):
    ActionFactory(title="Healthy relationships education")
    sign_in(client, staff)
    response = client.get(reverse("plans:action_export"), {"q": "relationships zebra"})
    assert response.status_code == 200
    event = only_event()
    assert (event.kind, event.user, event.view_name) == (
        audit.Kind.EXPORT,
        staff,
        "plans:action_export",
    )
    assert_not_stored("zebra")


def test_exporting_a_partners_activities_is_recorded_with_the_organisation(client, partner):
    organisation = PartnerMembership.objects.get(user=partner).organisation
    sign_in(client, partner)
    assert client.get(reverse("activities:activity_export")).status_code == 200
    event = only_event()
    assert (event.kind, event.view_name) == (audit.Kind.EXPORT, "activities:activity_export")
    assert (event.object_type, event.object_id) == (
        "partners.partnerorganisation",
        str(organisation.pk),
    )


def test_a_role_refused_a_page_is_recorded_as_forbidden(client, partner):
    sign_in(client, partner)
    assert client.get(reverse("reports:dashboard"), REMOTE_ADDR="192.0.2.9").status_code == 403
    event = only_event()
    assert (event.kind, event.user, event.view_name) == (
        audit.Kind.FORBIDDEN,
        partner,
        "reports:dashboard",
    )
    assert (event.object_type, event.ip) == ("", "192.0.2.9")


def test_a_lead_refused_an_action_they_do_not_lead_is_recorded_with_the_action(client):
    other_lead = make_person(Role.LEAD_SPECIALIST, username="olu.otherlead")
    action = ActionFactory(lead=LeadSpecialistFactory(), plan__lead=LeadSpecialistFactory())
    sign_in(client, other_lead)
    assert client.post(reverse("plans:record_progress", args=[action.pk])).status_code == 403
    event = only_event()
    assert (event.kind, event.user) == (audit.Kind.FORBIDDEN, other_lead)
    assert (event.object_type, event.object_id) == ("plans.action", str(action.pk))
    assert (event.view_name, event.method) == ("plans:record_progress", "POST")


def test_another_organisations_activity_is_recorded_as_not_found(client, partner, partner_b):
    activity = ActivityFactory(
        organisation=PartnerMembership.objects.get(user=partner).organisation
    )
    sign_in(client, partner_b)
    response = client.get(reverse("activities:activity_detail", args=[activity.pk]))
    assert response.status_code == 404
    event = only_event()
    assert (event.kind, event.user) == (audit.Kind.NOT_FOUND, partner_b)
    assert (event.object_type, event.object_id) == ("activities.activity", str(activity.pk))
    assert event.view_name == "activities:activity_detail"


def test_another_organisations_evidence_is_recorded_as_not_found(client, partner, partner_b):
    organisation = PartnerMembership.objects.get(user=partner).organisation
    evidence = EvidenceFactory(activity__organisation=organisation)
    sign_in(client, partner_b)
    assert (
        client.get(reverse("activities:evidence_download", args=[evidence.pk])).status_code == 404
    )
    event = only_event()
    assert (event.kind, event.object_type, event.object_id) == (
        audit.Kind.NOT_FOUND,
        "activities.evidence",
        str(evidence.pk),
    )


MISSING = 987654

# Every page that takes an id, and what it fetches by it (the model the audit log names).
LOOKUPS = [
    ("get", "plans:action_detail", Action),
    ("get", "plans:action_edit", Action),
    ("post", "plans:record_progress", Action),
    ("post", "plans:milestone_add", Action),
    ("post", "plans:milestone_complete", Milestone),
    ("get", "plans:milestone_move", Milestone),
    ("get", "plans:pledge_detail", Pledge),
    ("get", "reports:outcome_detail", Outcome),
    ("get", "plans:plan_detail", ActionPlan),
    ("get", "plans:plan_edit", ActionPlan),
    ("get", "plans:lead_detail", LeadSpecialist),
    ("get", "plans:lead_edit", LeadSpecialist),
    ("get", "plans:indicator_detail", Indicator),
    ("post", "plans:indicator_value_add", Indicator),
    ("post", "plans:update_sign_off", ProgressUpdate),
    ("post", "plans:update_return", ProgressUpdate),
    ("get", "activities:activity_detail", ActivityFactory._meta.model),
    ("post", "activities:activity_verify", ActivityFactory._meta.model),
    ("post", "activities:activity_return", ActivityFactory._meta.model),
    ("get", "activities:evidence_download", EvidenceFactory._meta.model),
    ("get", "partners:organisation_detail", PartnerOrganisation),
    ("get", "partners:organisation_edit", PartnerOrganisation),
    ("post", "partners:member_invite", PartnerOrganisation),
    ("post", "partners:member_deactivate", PartnerMembership),
    ("post", "partners:member_reactivate", PartnerMembership),
    ("get", "reports:detail", Report),
    ("get", "reports:status", Report),
    ("get", "reports:download", Report),
    ("post", "reports:retry", Report),
]


@pytest.mark.parametrize(("method", "view_name", "model"), LOOKUPS)
def test_an_id_that_is_not_there_is_recorded_as_not_found_naming_the_model(
    client, staff, method, view_name, model
):
    sign_in(client, staff)
    response = getattr(client, method)(reverse(view_name, args=[MISSING]))
    assert response.status_code == 404
    event = only_event()
    assert (event.kind, event.user, event.view_name) == (audit.Kind.NOT_FOUND, staff, view_name)
    assert (event.object_type, event.object_id) == (model._meta.label_lower, str(MISSING))


def test_a_return_comment_never_reaches_the_audit_log(client, staff, partner, partner_b):
    organisation = PartnerMembership.objects.get(user=partner).organisation
    activity = ActivityFactory(organisation=organisation, created_by=partner)
    sign_in(client, staff)
    comment = "Please remove the survivor's first name from the title"
    client.post(reverse("activities:activity_return", args=[activity.pk]), {"comment": comment})
    sign_in(client, partner_b)  # and someone else tries to see it
    client.get(reverse("activities:activity_detail", args=[activity.pk]) + "?q=first+name")
    assert AuditEvent.objects.filter(kind=audit.Kind.NOT_FOUND).exists()
    assert_not_stored(comment)
    assert_not_stored("first name")
    assert_not_stored("?q=")


def assert_not_stored(text):
    """No column of any audit event holds ``text`` (or a part of it)."""
    text_columns = [
        f.name
        for f in AuditEvent._meta.fields
        if isinstance(f, (models.CharField, models.TextField))
    ]
    for row in AuditEvent.objects.values(*text_columns):
        for column, value in row.items():
            assert text not in (value or ""), f"{column} holds typed text"


def test_the_client_address_comes_from_the_proxy_only_when_one_is_trusted(client, staff, settings):
    sign_in(client, staff)
    url = reverse("plans:action_export")
    forged = "10.9.9.9, 203.0.113.50"  # the client's own claim first; our proxy added the last
    settings.TRUSTED_PROXY_COUNT = 0
    client.get(url, REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR=forged)
    settings.TRUSTED_PROXY_COUNT = 1
    client.get(url, REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR=forged)
    client.get(url, REMOTE_ADDR="192.0.2.10")  # no header: the connection's address
    assert list(AuditEvent.objects.order_by("id").values_list("ip", flat=True)) == [
        "192.0.2.10",
        "203.0.113.50",
        "192.0.2.10",
    ]


def test_a_failed_write_does_not_break_the_request_and_logs_no_personal_data(
    client, commissioner, monkeypatch, caplog
):
    report = _ready_report()

    def refuse(**values):
        raise RuntimeError(f"database down while writing {values}")

    monkeypatch.setattr(AuditEvent.objects, "create", refuse)
    sign_in(client, commissioner)
    with caplog.at_level(logging.ERROR, logger="vawg_tracker.audit"):
        response = client.get(
            reverse("reports:download", args=[report.pk]), REMOTE_ADDR="192.0.2.77"
        )
    assert response.status_code == 200
    assert "report_download could not be recorded (RuntimeError)" in caplog.text
    assert "cam.commissioner" not in caplog.text
    assert "192.0.2.77" not in caplog.text


def test_writing_an_event_is_one_insert(django_assert_num_queries, staff):
    request = RequestFactory().get("/")
    request.user = staff
    with django_assert_num_queries(1):
        audit.record(audit.Kind.EXPORT, request)


# --- Who may read the log ----------------------------------------------------------------


def test_pcc_staff_cannot_see_the_audit_log_in_the_admin(client, staff):
    sign_in(client, staff)
    audit.record(audit.Kind.LOGIN, user=staff)
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 403
    assert b"Audit log" not in client.get(reverse("admin:index")).content
    assert not any(perm.startswith("audit.") for perm in staff.get_all_permissions())


def test_superusers_read_the_audit_log_filter_it_and_search_it(client, superuser, lead):
    sign_in(client, superuser)
    audit.record(audit.Kind.LOGIN, user=lead)
    audit.record(audit.Kind.EXPORT, user=superuser, object_type="reports.report", object_id=4242)
    url = reverse("admin:audit_auditevent_changelist")
    page = client.get(url)
    assert page.status_code == 200
    assert b"lee.lead" in page.content
    filtered = client.get(url, {"kind__exact": "login"}).content.decode()
    assert "lee.lead" in filtered
    assert "4242" not in filtered
    found = client.get(url, {"q": "4242"}).content.decode()
    assert "reports.report" in found
    assert "lee.lead" not in found
    by_name = client.get(url, {"q": "lee.lead"}).content.decode()
    assert "lee.lead" in by_name
    assert "4242" not in by_name


def test_the_audit_log_cannot_be_added_to_changed_or_deleted_in_the_admin(client, superuser, lead):
    sign_in(client, superuser)
    event = audit.record(audit.Kind.LOGIN, user=lead)
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    client.post(change, {"kind": "logout", "username": "someone.else"})
    assert client.get(reverse("admin:audit_auditevent_delete", args=[event.pk])).status_code == 403
    client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"})
    event.refresh_from_db()
    assert (event.kind, event.username) == (audit.Kind.LOGIN, "lee.lead")
