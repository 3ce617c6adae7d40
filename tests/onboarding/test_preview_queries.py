"""
A preview reads each list of names once, whatever the file's size: a 20-row and a 400-row
file (actions, milestones and indicator values, against a plan that has them) run the
same queries.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onboarding.preview import preview_plan
from tests.factories import ActionFactory, IndicatorFactory, MilestoneFactory

from .workbooks import action, xlsx

pytestmark = pytest.mark.django_db


def _file(rows):
    return xlsx(
        actions=[
            action(f"1.{n}", Outcomes="1", **{"Forms of VAWG": "Stalking"}) for n in range(rows)
        ],
        milestones=[
            {"Action reference": f"1.{n}", "Title": "Launch", "Due": datetime.date(2026, 1, 1)}
            for n in range(rows)
        ],
        indicator_values=[
            {"Indicator": f"Indicator {n % 7}", "Quarter": "2025/26 Q1", "Value": n}
            for n in range(7)
        ]
        + [
            {"Indicator": "Referrals to IDVAs", "Quarter": "2025/26 Q2", "Value": n}
            for n in range(1)
        ],
    )


@pytest.mark.parametrize("rows", [20, 400])
def test_a_preview_runs_the_same_queries_at_20_and_400_rows(world, rows):
    for n in range(0, rows, 2):  # half the actions are in the plan already
        MilestoneFactory(action=ActionFactory(plan=world.plan, reference=f"1.{n}"))
    for n in range(7):
        IndicatorFactory(name=f"Indicator {n}")
    data = _file(rows)

    with CaptureQueriesContext(connection) as queries:
        preview = preview_plan(data, plan=world.plan)

    assert not preview.errors(), preview.errors()[:3]
    assert len(preview.actions.created) == rows // 2
    assert len(preview.actions.changed) == rows // 2
    # 1 pledges with their sets; 2 outcomes; 3 focus areas; 4 forms of VAWG; 5 lead
    # specialists; 6 partners; 7 the plan's actions; 8-11 their pledges, outcomes, forms
    # and partners; 12 the plan's milestones; 13 indicators; 14 their values.
    assert len(queries) == 14, [query["sql"][:80] for query in queries]
