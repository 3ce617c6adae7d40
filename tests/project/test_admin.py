"""Staff can run the office from the admin; it keeps the model's rules and its history."""

import html
import re

import pytest
from django.urls import reverse

from plans.models import Action, ActionPlan, ProgressUpdate, Status
from vawg_tracker.quarters import Quarter

from ..admin_forms import admin_form_data
from ..factories import (
    ActionFactory,
    ActionPlanFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PartnerMembershipFactory,
    PartnerOrganisationFactory,
    PledgeFactory,
    PledgeSetFactory,
)
from ..personas import make_person

pytestmark = pytest.mark.django_db
Q3 = Quarter(2026, 3)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _text(response):
    """The words on the page, without tags."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _record(action, author, **fields):
    return action.record_progress(
        author=author,
        period=Q3,
        status=fields.pop("status", Status.ON_TRACK),
        percent_complete=fields.pop("percent_complete", 30),
        narrative=fields.pop("narrative", "Delivered as planned."),
        **fields,
    )


@pytest.mark.parametrize("size", [10, 500])
def test_the_actions_changelist_runs_the_same_queries_at_10_and_500_actions(
    staff_client, django_assert_num_queries, size
):
    plan = ActionPlanFactory()
    pledge = PledgeFactory(number=1)
    for number in range(size):
        ActionFactory(
            plan=plan, reference=f"{number // 10 + 1}.{number % 10 + 1}", pledges=[pledge]
        )
    # 1 session, 2 user, 3 user's own permissions, 4 user's group permissions,
    # 5-8 the list filters' choices (plans, focus areas, pledges, lead specialists),
    # 9 count of the filtered actions, 10 count of all actions,
    # 11 the page of actions with their plan and lead joined.
    with django_assert_num_queries(11):
        response = staff_client.get(reverse("admin:plans_action_changelist"))
    assert response.status_code == 200
    assert f"{size} actions" in response.content.decode()


def test_every_change_to_an_action_is_in_its_history_with_who_made_it(staff_client, staff):
    action = ActionFactory(title="Schools programme")
    url = reverse("admin:plans_action_change", args=[action.pk])
    data = admin_form_data(staff_client.get(url), title="Schools early intervention programme")
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = action.history.first()
    assert latest.title == "Schools early intervention programme"
    assert latest.history_user == staff
    assert latest.history_type == "~"
    history = staff_client.get(reverse("admin:plans_action_history", args=[action.pk]))
    assert history.status_code == 200
    assert "Schools early intervention programme" in history.content.decode()


def test_the_action_page_links_to_its_history(staff_client):
    action = ActionFactory()
    page = staff_client.get(reverse("admin:plans_action_change", args=[action.pk])).content
    assert reverse("admin:plans_action_history", args=[action.pk]).encode() in page


def test_status_and_percent_are_not_editable_on_the_action(staff_client):
    action = ActionFactory()
    url = reverse("admin:plans_action_change", args=[action.pk])
    data = admin_form_data(staff_client.get(url))
    data.update(status=Status.COMPLETED, percent_complete="100")
    staff_client.post(url, data)
    action.refresh_from_db()
    assert (action.status, action.percent_complete) == (Status.NOT_STARTED, 0)


def test_a_duplicate_reference_is_a_form_error_not_a_crash(staff_client):
    existing = ActionFactory(reference="2.1")
    url = reverse("admin:plans_action_add")
    data = admin_form_data(
        staff_client.get(url),
        plan=existing.plan.pk,
        reference="2.1",
        title="Another",
        lead=existing.lead.pk,
        pledges=[existing.pledges.get().pk],
        start_date="2026-04-01",
        due_date="2027-03-31",
    )
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "This plan already has an action with that reference." in response.content.decode()
    assert 'value="Another"' in response.content.decode()  # what was typed is kept
    assert Action.objects.count() == 1


def _add_action_in_the_admin(staff_client, *, start_date, due_date):
    """Post the admin's add-action form for action 3.1 with these dates."""
    plan = ActionPlanFactory()
    url = reverse("admin:plans_action_add")
    data = admin_form_data(
        staff_client.get(url),
        plan=plan.pk,
        reference="3.1",
        title="Training for frontline staff",
        lead=plan.lead.pk,
        pledges=[PledgeFactory(number=3).pk],
        start_date=start_date,
        due_date=due_date,
    )
    return staff_client.post(url, data)


def test_a_due_date_before_the_start_is_a_form_error(staff_client):
    response = _add_action_in_the_admin(
        staff_client, start_date="2026-05-01", due_date="2026-04-01"
    )
    assert response.status_code == 200
    assert "The due date cannot be before the start date." in response.content.decode()


def test_recording_progress_in_the_admin_moves_the_action_and_names_the_author(staff_client, staff):
    action = ActionFactory()
    url = reverse("admin:plans_progressupdate_add")
    data = admin_form_data(
        staff_client.get(url),
        action=action.pk,
        period="2026/27 Q3",
        status=Status.OFF_TRACK,
        percent_complete="20",
        narrative="Venue lost.",
        reason="The training venue closed.",
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.percent_complete) == (Status.OFF_TRACK, 20)
    assert ProgressUpdate.objects.get().author == staff


def test_at_risk_without_a_reason_is_refused_in_the_admin_keeping_the_text(staff_client):
    action = ActionFactory()
    url = reverse("admin:plans_progressupdate_add")
    data = admin_form_data(
        staff_client.get(url),
        action=action.pk,
        period="2026/27 Q3",
        status=Status.AT_RISK,
        percent_complete="20",
        narrative="Recruitment is slower than planned.",
    )
    response = staff_client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Give a reason when an action is at risk or off track." in page
    assert "Recruitment is slower than planned." in page
    assert not ProgressUpdate.objects.exists()


def test_progress_updates_are_read_only_in_the_admin(staff_client, staff):
    update = _record(ActionFactory(), staff)
    change = reverse("admin:plans_progressupdate_change", args=[update.pk])
    page = staff_client.get(change)
    assert page.status_code == 200  # viewable
    assert b'name="narrative"' not in page.content  # but no field to edit
    assert staff_client.post(change, {"narrative": "Rewritten"}).status_code == 403
    delete = reverse("admin:plans_progressupdate_delete", args=[update.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    assert ProgressUpdate.objects.get().narrative == "Delivered as planned."


def test_an_action_with_progress_cannot_be_deleted_in_the_admin(client, staff, superuser):
    action = ActionFactory()
    _record(action, staff)
    url = reverse("admin:plans_action_delete", args=[action.pk])
    for person in (staff, superuser):  # progress updates are never deleted, by anyone
        client.force_login(person)
        response = client.post(url, {"post": "yes"})
        assert response.status_code == 200
        assert "<title>Cannot delete action" in response.content.decode()
        assert "to delete the following types of objects: progress update" in _text(response)
    assert Action.objects.filter(pk=action.pk).exists()


def test_plans_are_closed_not_deleted(staff_client):
    plan = ActionPlanFactory()
    url = reverse("admin:plans_actionplan_delete", args=[plan.pk])
    assert staff_client.post(url, {"post": "yes"}).status_code == 403
    assert type(plan).objects.filter(pk=plan.pk).exists()


def _add_a_second_value_in_the_admin(staff_client, period):
    """An indicator with 12 for 2026/27 Q3; post its admin page adding 15 for ``period``."""
    indicator = IndicatorFactory()
    IndicatorValueFactory(indicator=indicator, period=Q3, value=12)
    url = reverse("admin:plans_indicator_change", args=[indicator.pk])
    data = admin_form_data(staff_client.get(url))
    data.update({"values-1-period": period, "values-1-value": "15"})
    return indicator, staff_client.post(url, data)


def test_a_second_value_for_the_same_quarter_is_refused_in_the_admin(staff_client, staff):
    indicator, response = _add_a_second_value_in_the_admin(staff_client, "2026/27 Q3")
    assert response.status_code == 200
    assert "Please correct the duplicate data for period." in response.content.decode()
    assert indicator.values.get().value == 12


def test_a_new_indicator_value_records_who_entered_it(staff_client, staff):
    indicator = IndicatorFactory()
    url = reverse("admin:plans_indicator_change", args=[indicator.pk])
    data = admin_form_data(staff_client.get(url))
    data.update({"values-0-period": "2026/27 Q2", "values-0-value": "15"})
    assert staff_client.post(url, data).status_code == 302
    value = indicator.values.get()
    assert (value.period, value.entered_by) == (Quarter(2026, 2), staff)


def test_a_partner_user_cannot_be_given_a_second_organisation(staff_client):
    person = make_person(None, username="new.partner")
    PartnerMembershipFactory(user=person)
    url = reverse("admin:partners_partnermembership_add")
    data = admin_form_data(
        staff_client.get(url), user=person.pk, organisation=PartnerOrganisationFactory().pk
    )
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "Partner membership with this User already exists." in response.content.decode()


def test_staff_may_not_edit_user_accounts_in_the_admin(staff_client):
    # change_user would let them make themselves superusers.
    assert staff_client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_the_lead_specialist_is_required_on_a_plan(staff_client):
    url = reverse("admin:plans_actionplan_add")
    data = admin_form_data(
        staff_client.get(url),
        strategy=ActionPlanFactory().strategy.pk,
        title="Plan without a lead",
        period_start="2026-04-01",
        period_end="2027-03-31",
        state="draft",
    )
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not ActionPlan.objects.filter(title="Plan without a lead").exists()


def test_the_actions_changelist_filters_by_pledge_named_with_its_set(staff_client):
    five_point = PledgeFactory(number=1, title="Integrated local action plan")
    stalking = PledgeFactory(
        number=1,
        title="Ring-fenced funding",
        pledge_set=PledgeSetFactory(title="WE join the dots", short_title="Four calls"),
    )
    ActionFactory(title="Lead specialist appointed", pledges=[five_point])
    ActionFactory(title="Stalking support funded", pledges=[stalking])
    url = reverse("admin:plans_action_changelist")
    page = _text(staff_client.get(url))
    assert "Five-point plan: 1. Integrated local action plan" in page
    assert "Four calls: 1. Ring-fenced funding" in page
    filtered = _text(staff_client.get(url, {"pledge": stalking.pk}))
    assert "Stalking support funded" in filtered
    assert "Lead specialist appointed" not in filtered


def test_every_model_of_ours_is_in_the_admin():
    from django.apps import apps
    from django.contrib import admin as django_admin

    ours = [
        model
        for label in ("pledges", "partners", "plans", "system", "api")
        for model in apps.get_app_config(label).get_models()
        if not model._meta.label.split(".")[1].startswith("Historical")
    ]
    missing = [model._meta.label for model in ours if not django_admin.site.is_registered(model)]
    assert missing == []


def test_a_second_value_for_a_quarter_is_refused_on_its_own_admin_page(staff_client):
    existing = IndicatorValueFactory(period=Q3, value=12)
    url = reverse("admin:plans_indicatorvalue_add")
    data = admin_form_data(
        staff_client.get(url), indicator=existing.indicator.pk, period="2026/27 Q3", value="15"
    )
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "This indicator already has a value for that quarter." in response.content.decode()
    assert 'value="15"' in response.content.decode()


def test_an_implausible_date_in_the_admin_is_a_form_error_keeping_the_rest(staff_client):
    response = _add_action_in_the_admin(
        staff_client, start_date="0001-01-01", due_date="2026-04-01"
    )
    assert response.status_code == 200
    page = _text(response)
    assert "Enter a date between 1990 and 2099." in page
    assert 'value="Training for frontline staff"' in response.content.decode()
    assert not Action.objects.filter(reference="3.1").exists()


def test_an_implausible_quarter_in_an_admin_inline_is_refused(staff_client, staff):
    indicator, response = _add_a_second_value_in_the_admin(staff_client, "2150/51 Q1")
    assert response.status_code == 200
    assert "Enter a date between 1990 and 2099." in _text(response)
    assert indicator.values.count() == 1


def test_members_are_listed_and_added_on_the_organisation_admin_page(staff_client):
    organisation = PartnerOrganisationFactory()
    member = make_person(None, username="old.member")
    PartnerMembershipFactory(user=member, organisation=organisation)
    url = reverse("admin:partners_partnerorganisation_change", args=[organisation.pk])
    page = staff_client.get(url)
    assert "old.member" in _text(page)
    data = admin_form_data(page)
    new = [inline.formset.prefix for inline in page.context["inline_admin_formsets"]][1]
    newcomer = make_person(None, username="new.member")
    data.update({f"{new}-TOTAL_FORMS": "1", f"{new}-0-user": str(newcomer.pk)})
    assert staff_client.post(url, data).status_code == 302
    members = organisation.memberships.values_list("user__username", flat=True)
    assert sorted(members) == ["new.member", "old.member"]


def test_the_actions_changelist_counts_each_filter_choice_with_facets_shown(staff_client):
    pledge = PledgeFactory(number=1, title="Integrated local action plan")
    plan = ActionPlanFactory(title="Plan A")
    ActionFactory(plan=plan, reference="1.1", pledges=[pledge])
    ActionFactory(plan=plan, reference="1.2", pledges=[pledge])
    ActionFactory(reference="1.3", plan__title="Plan B", pledges=[PledgeFactory(number=2)])
    page = _text(staff_client.get(reverse("admin:plans_action_changelist"), {"_facets": "1"}))
    assert "Five-point plan: 1. Integrated local action plan (2)" in page
    assert "Plan A (2)" in page
    assert "Plan B (1)" in page
