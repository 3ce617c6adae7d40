"""
The importer never fails with an exception on hostile input: any bytes, and workbooks and
CSVs whose cells hold anything a spreadsheet can, give a refusal or a preview of problems;
a preview without problems saves without error.
"""

import contextlib
import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onboarding.columns import ACTIONS, INDICATOR_VALUES, MILESTONES
from onboarding.preview import preview_indicator_values, preview_plan
from onboarding.reading import FileRefused
from tests.fuzzing import NASTY

from .workbooks import action, csv_bytes, xlsx

pytestmark = pytest.mark.django_db

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=60,
)
CELL = st.one_of(
    st.none(),
    TEXT,
    st.sampled_from([n for n in NASTY if "\x00" not in n and len(n) < 5000]),
    st.sampled_from(
        [
            "FP 1",
            "FP 6",
            "Five-point plan 2; FP 3",
            "1",
            "Safer victims",
            "Stalking",
            "Alex Lead",
            "SafeLives (test)",
            "On track",
            "At risk",
            "Completed",
            "2025/26 Q1",
            "31/12/2026",
            "12/31/2026",
            "2026-02-30",
            "=1+1",
            "'=1+1",
            "Referrals to IDVAs",
            "1.1",
            "1.2",
        ]
    ),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 1, 1)),
)


def _save_if_clean(preview, staff):
    if not preview.errors(create_missing=True):
        preview.apply(by=staff, create_missing=True)


@settings(max_examples=100)
@given(data=st.binary(max_size=2000))
def test_any_bytes_give_a_refusal_or_a_preview(world, data):
    for make in (
        lambda: preview_plan(data, plan=world.plan),
        lambda: preview_indicator_values(data),
    ):
        with contextlib.suppress(FileRefused):
            make()


@settings(max_examples=60)
@given(
    actions=st.lists(
        st.fixed_dictionaries({}, optional=dict.fromkeys([c.name for c in ACTIONS.columns], CELL)),
        max_size=4,
    ),
    milestones=st.lists(
        st.fixed_dictionaries(
            {}, optional=dict.fromkeys([c.name for c in MILESTONES.columns], CELL)
        ),
        max_size=3,
    ),
    values=st.lists(
        st.fixed_dictionaries(
            {}, optional=dict.fromkeys([c.name for c in INDICATOR_VALUES.columns], CELL)
        ),
        max_size=3,
    ),
    as_csv=st.booleans(),
)
def test_any_cell_values_give_a_preview_and_a_clean_one_saves(
    world, staff, actions, milestones, values, as_csv
):
    actions = [action(f"9.{n}") | row for n, row in enumerate(actions)]
    if as_csv:
        files = [csv_bytes(ACTIONS, actions), csv_bytes(MILESTONES, milestones)]
    else:
        files = [xlsx(actions=actions, milestones=milestones, indicator_values=values)]
    for data in files:
        try:
            preview = preview_plan(data, plan=world.plan)
        except FileRefused:
            continue
        _save_if_clean(preview, staff)
    try:
        preview = preview_indicator_values(
            csv_bytes(INDICATOR_VALUES, values) if as_csv else xlsx(indicator_values=values)
        )
    except FileRefused:
        return
    _save_if_clean(preview, staff)
