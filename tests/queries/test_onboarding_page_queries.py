"""
The import pages run the same number of queries whatever the tracker holds (10 or 1,000
actions) and, for a preview, whatever the file's length: a 20-row and a 400-row file (new
and existing actions, milestones and indicator values) run the same queries, bounded by
the lists of names the file uses, not by its rows. "sign-in" is the session, the user and
the user's permissions (four).
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.scale_data import generate
from plans.models import ActionPlan
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, IndicatorFactory, MilestoneFactory
from ..onboarding.workbooks import action, xlsx
from ..onboarding.workbooks import world as world  # a fixture: what the files name
from ..personas import make_person
from . import NAV

pytestmark = pytest.mark.django_db

SIGN_IN = 4 + NAV  # and the navigation's count of what the person owes


def _count(client, method, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    return response, [query["sql"] for query in queries]


@pytest.mark.parametrize("actions", [10, 1000])
def test_the_upload_pages_and_downloads_at_10_and_1000_actions(client, actions):
    generate(actions)
    client.force_login(make_person(Role.PCC_STAFF, username="sam.staff", is_staff=True))
    plan = ActionPlan.objects.first()
    found = {}
    for name, args in [
        ("onboarding:upload", []),
        ("onboarding:upload_indicator_values", []),
        ("onboarding:template_xlsx", []),
        ("onboarding:template_csv", []),
        ("onboarding:plan_export", [plan.pk]),
    ]:
        response, queries = _count(client, "get", reverse(name, args=args))
        assert response.status_code == 200
        found[name] = len(queries)
    assert found == EXPECTED, found  # the same at 10 and 1,000 actions


EXPECTED = {
    # sign-in; the strategies (is there a choice?); the plans to choose from.
    "onboarding:upload": SIGN_IN + 2,
    # sign-in.
    "onboarding:upload_indicator_values": SIGN_IN,
    # sign-in; the audit event; the newest strategy; for the Read me: the pledge sets and
    # their pledges, the strategy's focus areas and outcomes, the forms of VAWG, the lead
    # specialists, the indicators.
    "onboarding:template_xlsx": SIGN_IN - NAV + 9,  # downloads: no navigation
    # sign-in; the audit event.
    "onboarding:template_csv": SIGN_IN - NAV + 1,
    # sign-in; the plan with its lead and strategy; the audit event; the Read me's names
    # (7, as the template); the actions' pledges, outcomes, forms of VAWG and partners; the
    # actions as at this quarter; the milestones.
    "onboarding:plan_export": SIGN_IN - NAV + 15,
}


def _quarter(k):
    return Quarter(2010 + k // 4, k % 4 + 1)


def _file(rows):
    return xlsx(
        actions=[
            action(f"1.{n}", Outcomes="1", **{"Forms of VAWG": "Stalking"}) for n in range(rows)
        ],
        milestones=[
            {"Action reference": f"1.{n}", "Title": "Launch", "Due": datetime.date(2026, 1, 5)}
            for n in range(rows)
        ],
        indicator_values=[
            {"Indicator": f"Indicator {n % 7}", "Quarter": str(_quarter(n // 7)), "Value": n}
            for n in range(rows)
        ],
    )


@pytest.mark.parametrize("rows", [20, 400])
@pytest.mark.parametrize("problem", [False, True], ids=["clean", "with-a-problem"])
def test_the_preview_page_runs_the_same_queries_at_20_and_400_rows(client, world, rows, problem):
    for n in range(0, rows, 2):  # half the actions are in the plan already
        MilestoneFactory(action=ActionFactory(plan=world.plan, reference=f"1.{n}"))
    for n in range(7):
        IndicatorFactory(name=f"Indicator {n}")
    client.force_login(make_person(Role.PCC_STAFF, username="sam.staff", is_staff=True))
    data = _file(rows)
    if problem:
        data = xlsx(
            actions=[action("1.0", Pledges="FP 9")] + [action(f"1.{n}") for n in range(1, rows)]
        )

    response, queries = _count(
        client,
        "post",
        reverse("onboarding:upload"),
        {"file": SimpleUploadedFile("plan.xlsx", data), "plan": world.plan.pk},
    )

    assert response.status_code == 200
    assert bool(response.context["problems"]) is problem, response.context["problems"][:3]
    # sign-in; the strategies (the form's choice); the plan chosen, with its strategy;
    # the preview (tests/onboarding/test_preview_queries.py): pledges with their sets,
    # outcomes, focus areas, forms of VAWG, lead specialists, partners, the plan's actions
    # and their pledges, outcomes, forms and partners (11), and with milestones and
    # indicator values in the file, the plan's milestones, the indicators and their values
    # (3 more); a clean file is kept for its confirmation (forget stale uploads; keep it).
    expected = SIGN_IN + 2 + (11 if problem else 11 + 3 + 2)
    assert len(queries) == expected, "\n".join(q[:60] for q in queries)
