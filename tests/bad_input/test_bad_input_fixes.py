"""What the fuzz tests found, each pinned: bad input is a form error or 404, never a 500."""

import pytest
from django.urls import reverse

from activities.models import Activity
from plans.models import ActionPlan, IndicatorValue
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, IndicatorFactory
from ..personas import make_person


@pytest.fixture
def action(partner):
    action = ActionFactory()
    action.delivery_partners.add(partner.partner_membership.organisation)
    return action


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "9999-12-31", "2100-01-01"])
def test_an_activity_dated_outside_any_plausible_quarter_is_refused(client, partner, action, day):
    client.force_login(partner)
    response = client.post(
        reverse("activities:activity_create"),
        {"action": action.pk, "kind": "training", "title": "Session", "started_on": day},
    )
    assert response.status_code == 400
    assert "Enter a date between 1990 and 2099." in response.content.decode()
    assert not Activity.objects.exists()


def test_counts_beyond_what_postgresql_stores_are_refused_on_every_database(
    client, partner, action
):
    client.force_login(partner)
    response = client.post(
        reverse("activities:activity_create"),
        {
            "action": action.pk,
            "kind": "training",
            "title": "Session",
            "started_on": "2026-10-01",
            "people_reached": 2**40,
            "sessions": 2**31,
        },
    )
    assert response.status_code == 400
    assert not Activity.objects.exists()


def test_a_plan_running_to_the_year_9999_is_refused(client, staff):
    action = ActionFactory()
    plan = action.plan
    client.force_login(staff)
    response = client.post(
        reverse("plans:plan_edit", args=[plan.pk]),
        {
            "strategy": plan.strategy_id,
            "title": plan.title,
            "lead": plan.lead_id,
            "period_start": "2025-04-01",
            "period_end": "9999-12-31",
            "state": "active",
            "version": plan.current_version(),
        },
    )
    assert response.status_code == 200
    assert "Enter a date between 1990 and 2099." in response.content.decode()
    assert ActionPlan.objects.get(pk=plan.pk).period_end.year == 2027
    assert client.get(reverse("reports:dashboard")).status_code == 200


def test_an_indicator_value_for_a_quarter_with_no_end_is_refused(client, staff):
    indicator = IndicatorFactory()
    client.force_login(staff)
    response = client.post(
        reverse("plans:indicator_value_add", args=[indicator.pk]),
        {"period": "9998/99 Q4", "value": "1"},
    )
    assert response.status_code == 400
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("next_page", "lands_on"),
    [
        ("/sign-off/?page=1", "/sign-off/?page=1"),
        ("0", None),  # not a page: was a NoReverseMatch, a 500
        ("reports:dashboard", None),
        ("https://example.invalid/", None),
        ("//example.invalid/", None),
        ("javascript:alert(1)", None),
    ],
)
def test_signing_off_goes_next_only_to_a_page_of_this_site(client, staff, next_page, lands_on):
    lead = make_person(None, username="lee.lead")
    action = ActionFactory()
    update = action.record_progress(
        author=lead,
        period=Quarter.current(),
        status="on_track",
        percent_complete=5,
        narrative="Started.",
    )
    client.force_login(staff)
    response = client.post(reverse("plans:update_sign_off", args=[update.pk]), {"next": next_page})
    assert response.status_code == 302
    assert response["Location"] == (lands_on or action.get_absolute_url())


@pytest.mark.parametrize("field", ["pledges", "outcomes", "violence_forms", "delivery_partners"])
def test_an_id_beyond_64_bits_among_several_is_an_invalid_choice(client, staff, field):
    ActionFactory()
    client.force_login(staff)
    response = client.post(reverse("plans:action_create"), {field: ["1", str(2**63)]})
    assert response.status_code == 200
    assert "is not one of the available choices" in response.content.decode()


def test_an_id_beyond_64_bits_is_an_invalid_specialism(client, staff):
    client.force_login(staff)
    response = client.post(reverse("plans:lead_create"), {"specialisms": str(2**64)})
    assert response.status_code == 200
    assert response.context["form"].has_error("specialisms", code="invalid_choice")


def test_a_pledge_that_is_not_a_number_sends_the_admin_action_list_back_with_e_1(client, superuser):
    ActionFactory()  # a pledge, so the list shows its pledge filter
    client.force_login(superuser)
    for value in ("abc", "1.5", str(10**40)):
        response = client.get(reverse("admin:plans_action_changelist"), {"pledge": value})
        assert response.status_code == 302
        assert response.url.endswith("?e=1")


def test_an_admin_date_drill_down_past_64_bits_is_a_bad_request(client, superuser):
    client.force_login(superuser)
    url = reverse("admin:audit_auditevent_changelist")
    assert client.get(url, {"at__year": str(10**40)}).status_code == 400
    assert client.get(url, {"at__year": "2026", "at__month": str(10**20)}).status_code == 400
    assert client.get(url, {"at__year": "abc"}).status_code == 302  # Django's own ?e=1
    assert client.get(url, {"at__year": "2026"}).status_code == 200


def test_a_nul_in_an_admin_query_string_is_a_bad_request(client, superuser):
    # PostgreSQL refuses NUL in text: the list filter's query would fail as the page is drawn.
    client.force_login(superuser)
    url = reverse("admin:plans_action_changelist")
    assert client.get(url, {"status__exact": "\x00"}).status_code == 400
    assert client.get(url, {"q": "a\x00b"}).status_code == 400
    autocomplete = {"app_label": "plans", "model_name": "action", "field_name": "pledges"}
    response = client.get(reverse("admin:autocomplete"), {**autocomplete, "term": "\x00"})
    assert response.status_code == 400
