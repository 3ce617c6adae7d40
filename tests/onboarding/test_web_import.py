"""
Importing in the browser: staff upload a file and see its preview (nothing saved), then
confirm it (saved once, as them, audited). The file is kept on the server for the
confirmation; confirming makes the preview again and saves only if there is still no
problem.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from onboarding.models import KEEP, PendingImport
from partners.models import PartnerOrganisation
from plans.models import Action, ActionPlan, IndicatorValue, LeadSpecialist, Milestone
from vawg_tracker.audit.models import AuditEvent

from .workbooks import action, xlsx

pytestmark = pytest.mark.django_db

UPLOAD = reverse("onboarding:upload")


def _file(data, name="plan.xlsx"):
    return SimpleUploadedFile(name, data)


def _upload(client, data, *, name="plan.xlsx", **fields):
    return client.post(UPLOAD, {"file": _file(data, name), **fields})


def _confirm(client, response, **fields):
    pending = response.context["pending"]
    return client.post(reverse("onboarding:confirm", args=[pending.token]), fields)


TWO_ACTIONS = xlsx(
    actions=[action("1.1"), action("1.2", Title="Train call handlers")],
    milestones=[{"Action reference": "1.1", "Title": "Launch", "Due": datetime.date(2026, 1, 5)}],
)


def test_the_preview_saves_nothing_and_keeps_the_file_for_the_confirmation(staff_client, world):
    response = _upload(staff_client, TWO_ACTIONS, title="Imported plan")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Check the import" in page
    assert "Confirm and import" in page
    counts = {name: len(changes.created) for name, changes in response.context["sheets"]}
    assert counts == {"Actions": 2, "Milestones": 1, "Indicator values": 0}
    assert not ActionPlan.objects.filter(title="Imported plan").exists()
    assert Action.objects.count() == 0
    pending = PendingImport.objects.get()
    assert bytes(pending.data) == TWO_ACTIONS
    assert pending.title == "Imported plan"
    assert pending.strategy == world.strategy


def test_confirming_imports_a_new_plan_as_the_user_and_says_what_it_did(staff_client, staff, world):
    preview = _upload(staff_client, TWO_ACTIONS, title="Imported plan")

    response = _confirm(staff_client, preview)

    plan = ActionPlan.objects.get(title="Imported plan")
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert sorted(plan.actions.values_list("reference", flat=True)) == ["1.1", "1.2"]
    assert Milestone.objects.filter(action__plan=plan).count() == 1
    assert plan.actions.get(reference="1.2").history.first().history_user == staff
    page = staff_client.get(response["Location"]).content.decode()
    assert "Imported: 2 actions created, 0 changed" in page
    event = AuditEvent.objects.get(kind="imported")
    assert (event.user, event.object_type, event.object_id) == (
        staff,
        "plans.actionplan",
        str(plan.pk),
    )
    assert not PendingImport.objects.exists()  # forgotten once used


def test_an_existing_plan_shows_what_changes_old_to_new(staff_client, world):
    staff_client.post(
        reverse(
            "onboarding:confirm",
            args=[_upload(staff_client, TWO_ACTIONS, plan=world.plan.pk).context["pending"].token],
        )
    )
    edited = xlsx(
        actions=[action("1.1", Title="Renamed"), action("1.2", Title="Train call handlers")]
    )

    response = _upload(staff_client, edited, plan=world.plan.pk)

    sheets = dict(response.context["sheets"])
    assert (len(sheets["Actions"].changed), len(sheets["Actions"].unchanged)) == (1, 1)
    assert "1.1 Renamed (row 2): Title: Action 1.1 → Renamed" in response.content.decode()
    confirmed = _confirm(staff_client, response)
    assert confirmed["Location"] == world.plan.get_absolute_url()
    assert world.plan.actions.get(reference="1.1").title == "Renamed"
    assert (
        "Imported: 0 actions created, 1 changed"
        in staff_client.get(confirmed["Location"]).content.decode()
    )


def test_a_file_with_problems_names_each_and_offers_no_confirmation(staff_client, world):
    data = xlsx(actions=[action("1.1"), action("1.2", Pledges="FP 6", Percent=140)])

    response = _upload(staff_client, data, title="Imported plan")

    page = response.content.decode()
    assert "2 problems: nothing can be imported" in page
    assert "Confirm and import" not in page
    problems = [(p.sheet, p.row, p.column) for p in response.context["problems"]]
    assert problems == [("Actions", 3, "Pledges"), ("Actions", 3, "Percent")]
    assert "“FP 6” is not a pledge" in page
    assert not PendingImport.objects.exists()  # nothing kept to confirm


def test_confirming_twice_imports_once(staff_client, world):
    preview = _upload(staff_client, TWO_ACTIONS, title="Imported plan")
    url = reverse("onboarding:confirm", args=[preview.context["pending"].token])

    first = staff_client.post(url)
    second = staff_client.post(url)

    assert first.status_code == second.status_code == 302
    assert ActionPlan.objects.filter(title="Imported plan").count() == 1
    assert Action.objects.count() == 2
    assert AuditEvent.objects.filter(kind="imported").count() == 1
    page = staff_client.get(second["Location"]).content.decode()
    assert "already been confirmed" in page


def test_an_upload_claimed_by_another_request_is_not_imported_again(staff_client, world):
    # The second of two clicks reads the upload before the first has used it, then
    # finds it gone when it tries to take it.
    preview = _upload(staff_client, TWO_ACTIONS, title="Imported plan")
    pending = preview.context["pending"]
    stale_copy = PendingImport.objects.get(pk=pending.pk)
    _confirm(staff_client, preview)

    assert stale_copy.claim() is False
    assert Action.objects.count() == 2


def test_a_database_changed_since_the_preview_is_checked_again(staff_client, world):
    data = xlsx(actions=[action("1.1", **{"Lead specialist": "Alex Lead"})])
    preview = _upload(staff_client, data, plan=world.plan.pk)
    LeadSpecialist.objects.filter(pk=world.lead.pk).update(name="Alexandra Lead")

    response = _confirm(staff_client, preview)

    assert response.status_code == 409
    page = response.content.decode()
    assert "The tracker has changed since the preview" in page
    assert "“Alex Lead” is not a lead specialist" in page
    assert "Confirm and import" not in page
    assert world.plan.actions.count() == 0
    assert not PendingImport.objects.exists()


def test_missing_leads_and_partners_are_created_only_with_the_tick(staff_client, world):
    data = xlsx(
        actions=[
            action(
                "1.1", **{"Lead specialist": "Nia New", "Delivery partners": "New Refuge (test)"}
            )
        ]
    )
    preview = _upload(staff_client, data, plan=world.plan.pk)
    page = preview.content.decode()
    assert "Not in the tracker yet" in page
    assert "Nia New" in page
    assert "New Refuge (test)" in page

    unticked = _confirm(staff_client, preview)

    assert unticked.status_code == 400
    assert "Tick the box to create them" in unticked.content.decode()
    assert not LeadSpecialist.objects.filter(name="Nia New").exists()

    ticked = _confirm(staff_client, preview, create_missing="on")

    assert ticked.status_code == 302
    assert LeadSpecialist.objects.filter(name="Nia New").exists()
    assert PartnerOrganisation.objects.filter(name="New Refuge (test)").exists()
    assert world.plan.actions.get().lead.name == "Nia New"


def test_another_persons_upload_cannot_be_confirmed(client, staff_client, world):
    from tests.personas import make_person
    from vawg_tracker.accounts.models import Role

    preview = _upload(staff_client, TWO_ACTIONS, title="Imported plan")
    client.force_login(make_person(Role.PCC_STAFF, username="sol.staff"))

    response = _confirm(client, preview)

    assert response.status_code == 302
    assert response["Location"] == UPLOAD
    assert Action.objects.count() == 0
    assert PendingImport.objects.count() == 1


def test_an_upload_older_than_a_day_is_forgotten(staff_client, world):
    preview = _upload(staff_client, TWO_ACTIONS, title="Imported plan")
    PendingImport.objects.update(created_at=preview.context["pending"].created_at - KEEP)

    response = _confirm(staff_client, preview)

    assert response.status_code == 302
    assert response["Location"] == UPLOAD
    assert Action.objects.count() == 0
    _upload(staff_client, TWO_ACTIONS, title="Another plan")
    assert PendingImport.objects.count() == 1  # the stale one went with the next upload


def test_indicator_values_import_on_their_own(staff_client, staff, world):
    data = xlsx(
        indicator_values=[{"Indicator": "Referrals to IDVAs", "Quarter": "2025/26 Q1", "Value": 12}]
    )
    preview = staff_client.post(
        reverse("onboarding:upload_indicator_values"), {"file": _file(data)}
    )
    assert dict(preview.context["sheets"])["Indicator values"].created

    response = _confirm(staff_client, preview)

    assert response["Location"] == reverse("plans:indicator_list")
    page = staff_client.get(response["Location"]).content.decode()
    assert "Imported: 1 indicator values created." in page
    value = IndicatorValue.objects.get()
    assert (value.value, value.entered_by) == (12, staff)


def test_indicator_values_import_their_source_and_provisional_flag_in_the_browser(
    staff_client, world
):
    row = {"Indicator": "Referrals to IDVAs", "Quarter": "2025/26 Q1", "Value": 12}
    bad = xlsx(indicator_values=[{**row, "Source": "IDVA returns", "Provisional": "maybe"}])
    preview = staff_client.post(reverse("onboarding:upload_indicator_values"), {"file": _file(bad)})
    assert "“maybe” is not yes or no" in preview.content.decode()
    good = xlsx(indicator_values=[{**row, "Source": "IDVA returns", "Provisional": "yes"}])
    preview = staff_client.post(
        reverse("onboarding:upload_indicator_values"), {"file": _file(good)}
    )
    assert _confirm(staff_client, preview).status_code == 302
    value = IndicatorValue.objects.get()
    assert (value.source, value.provisional) == ("IDVA returns", True)


def test_unconfirmed_uploads_are_forgotten_hourly_after_a_day(staff_client, world):
    from django_celery_beat.models import PeriodicTask

    from onboarding.tasks import forget_stale_uploads

    old = _upload(staff_client, TWO_ACTIONS, title="Imported plan").context["pending"]
    new = _upload(staff_client, TWO_ACTIONS, title="Imported plan").context["pending"]
    PendingImport.objects.filter(pk=old.pk).update(created_at=old.created_at - KEEP)
    PendingImport.objects.filter(pk=new.pk).update(created_at=new.created_at - KEEP / 2)

    forget_stale_uploads()

    assert list(PendingImport.objects.values_list("pk", flat=True)) == [new.pk]
    task = PeriodicTask.objects.get(task="onboarding.forget_stale_uploads")
    assert (task.enabled, task.crontab.minute, task.crontab.hour) == (True, "40", "*")
