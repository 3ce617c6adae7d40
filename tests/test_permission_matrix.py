"""
Every URL × every role × GET and POST, against a table of what each may do.

A new URL without a line in EXPECTED fails test_every_url_has_expectations: decide who
may use it before it ships.
"""

import pytest
from django.urls import resolve, reverse

from vawg_tracker.accounts.models import Role

from .factories import (
    ActionFactory,
    IndicatorFactory,
    LeadSpecialistFactory,
    MilestoneFactory,
    PledgeFactory,
)
from .personas import make_person
from .urlwalk import all_urls

ROLES = ["anonymous", "staff", "lead", "other_lead", "commissioner", "partner", "outsider"]
LOGIN = "login"  # an anonymous request is sent to the login page

# (GET, POST) per role, in the order of ROLES. Writes are POSTed empty, so a role that
# may write gets the form back with errors (200, or 400 from a POST-only endpoint).
READ = {"GET": [LOGIN, 200, 200, 200, 200, 403, 403], "POST": [LOGIN, 405, 405, 405, 405, 403, 403]}
STAFF_FORM = {
    "GET": [LOGIN, 200, 403, 403, 403, 403, 403],
    "POST": [LOGIN, 200, 403, 403, 403, 403, 403],
}
STAFF_POST = {
    "GET": [LOGIN, 405, 403, 403, 403, 403, 403],
    "POST": [LOGIN, 400, 403, 403, 403, 403, 403],
}
# Staff on anything; a lead specialist on what they lead.
LEAD_POST = {
    "GET": [LOGIN, 405, 405, 405, 403, 403, 403],
    "POST": [LOGIN, 400, 400, 403, 403, 403, 403],
}
LEAD_FORM = {
    "GET": [LOGIN, 200, 200, 403, 403, 403, 403],
    "POST": [LOGIN, 200, 200, 403, 403, 403, 403],
}

EXPECTED = {
    "home": {
        "GET": [LOGIN, 302, 302, 302, 302, 302, 403],
        "POST": [LOGIN, 302, 302, 302, 302, 302, 403],
    },
    "login": {
        "GET": [200, 302, 302, 302, 302, 302, 302],
        "POST": [200, 302, 302, 302, 302, 302, 302],
    },
    "logout": {
        "GET": [LOGIN, 405, 405, 405, 405, 405, 405],
        "POST": [LOGIN, 302, 302, 302, 302, 302, 302],
    },
    "password_change": {
        "GET": [LOGIN, 200, 200, 200, 200, 200, 200],
        "POST": [LOGIN, 200, 200, 200, 200, 200, 200],
    },
    "password_change_done": {
        "GET": [LOGIN, 200, 200, 200, 200, 200, 200],
        "POST": [LOGIN, 405, 405, 405, 405, 405, 405],
    },
    "healthz": {"GET": [200] * 7, "POST": [405] * 7},
    "partners:home": {
        "GET": [LOGIN, 403, 403, 403, 403, 200, 403],
        "POST": [LOGIN, 403, 403, 403, 403, 200, 403],
    },
    "plans:dashboard": {
        "GET": [LOGIN, 200, 200, 200, 200, 403, 403],
        "POST": [LOGIN, 405, 405, 405, 405, 403, 403],
    },
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
}


def _our_urls():
    """The view name of every URL outside the admin, which has its own rules."""
    return {resolve(path).view_name for path, _ in all_urls() if not path.startswith("/admin/")}


def test_every_url_has_expectations():
    missing = sorted(set(_our_urls()) - set(EXPECTED))
    assert missing == [], "add these URLs to EXPECTED in tests/test_permission_matrix.py"
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
        "outsider": make_person(None, username="olly.outsider"),
    }
    ids = {
        "plans:action_detail": action.pk,
        "plans:action_edit": action.pk,
        "plans:record_progress": action.pk,
        "plans:milestone_add": action.pk,
        "plans:milestone_complete": milestone.pk,
        "plans:milestone_move": milestone.pk,
        "plans:pledge_detail": action.pledges.get().pk,
        "plans:plan_detail": action.plan.pk,
        "plans:plan_edit": action.plan.pk,
        "plans:lead_detail": lead.pk,
        "plans:lead_edit": lead.pk,
        "plans:indicator_detail": IndicatorFactory().pk,
        "plans:indicator_value_add": IndicatorFactory().pk,
    }
    return people, ids


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_each_role_gets_what_the_table_says_from_every_url(client, world, role, method):
    people, ids = world
    failures = []
    for name, expected in EXPECTED.items():
        args = [ids[name]] if name in ids else []
        url = reverse(name, args=args)
        if role != "anonymous":
            client.force_login(people[role])
        response = client.get(url) if method == "GET" else client.post(url, {})
        want = expected[method][ROLES.index(role)]
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
    for name in ("plans:action_detail", "plans:plan_detail", "plans:lead_detail"):
        assert client.get(reverse(name, args=[999999])).status_code == 404
