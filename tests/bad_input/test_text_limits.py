"""
Free text has a length limit, checked before anything else reads it: every text field of
every model and every form, and every cell of the spreadsheet import (vawg_tracker/limits.py).
An outsider's test had posted a 120,000-character description that held a web worker for
31 s; it is now a form error at once, and the personal-data guard never sees the text.
"""

from unittest import mock

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from activities.models import Activity
from onboarding.columns import SHEETS, Kind
from onboarding.preview import preview_plan
from plans import personal_data
from vawg_tracker.limits import LONG_TEXT, SHORT_TEXT, BoundedTextField

from ..factories import ActionFactory
from ..onboarding.workbooks import action, world, xlsx  # noqa: F401  (world: a fixture)
from .test_fuzz_forms import PROJECT_PACKAGES, _project_classes

# Text the system writes itself, never a person: a failed job's error.
SYSTEM_TEXT = {"reports.Report.error", "publication.PublicReport.error", "rounds.Reminder.error"}


def _our_models():
    for model in apps.get_models():
        if model.__module__.split(".")[0] in PROJECT_PACKAGES + ("activities", "risks"):
            yield model


def test_every_free_text_field_of_every_model_is_bounded():
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for model in _our_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField)
        and not isinstance(field, BoundedTextField)
        and f"{model._meta.label}.{field.name}".replace("Historical", "") not in SYSTEM_TEXT
    ]
    assert unbounded == [], "use vawg_tracker.limits.BoundedTextField with SHORT or LONG_TEXT"


# Form fields whose limit is set elsewhere, each with where.
FORM_LIMITS_ELSEWHERE = {
    "vawg_tracker.accounts.forms.SignInForm.username": "AuthenticationForm sets 150 in __init__",
    "plans.forms.IndicatorValueForm.period": "QuarterFormField.MAX_LENGTH, before parsing",
    "vawg_tracker.accounts.forms.SignInForm.password": (
        "clean_password's PASSWORD_MAX_LENGTH: no maxlength, so a browser never cuts a paste"
    ),
}


def test_every_text_field_of_every_form_has_a_length_limit():
    unbounded = [
        f"{form.__module__}.{form.__qualname__}.{name}"
        for form in _project_classes()
        if issubclass(form, forms.BaseForm)
        for name, field in form.base_fields.items()
        if isinstance(field, forms.CharField)
        and field.max_length is None
        and f"{form.__module__}.{form.__qualname__}.{name}" not in FORM_LIMITS_ELSEWHERE
    ]
    assert unbounded == []


@pytest.mark.django_db
def test_a_bounded_text_field_is_validated_by_the_model():
    activity = Activity(description="x" * (LONG_TEXT + 1))
    with pytest.raises(ValidationError) as caught:
        activity.full_clean()
    assert "at most 6000 characters" in " ".join(caught.value.message_dict["description"])


@pytest.mark.django_db
def test_a_partners_120000_character_description_is_a_form_error_and_never_reaches_the_guard(
    client, partner
):
    action_ = ActionFactory()
    action_.delivery_partners.add(partner.partner_membership.organisation)
    client.force_login(partner)
    posted = "a" * 120_000
    with mock.patch(
        "activities.forms.personal_data_error", wraps=personal_data.personal_data_error
    ) as guard:
        response = client.post(
            reverse("activities:activity_create"),
            {
                "action": action_.pk,
                "kind": "training",
                "title": "Session",
                "started_on": "2026-11-02",
                "description": posted,
            },
        )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ensure this value has at most 6000 characters (it has 120000)." in page
    assert "Session" in page  # what the partner typed is kept
    assert not Activity.objects.exists()
    assert all(len(call.args[0]) < LONG_TEXT for call in guard.call_args_list)


@pytest.mark.django_db
def test_a_cell_over_its_columns_limit_is_a_row_error_naming_it_before_the_guard(world):  # noqa: F811
    data = xlsx(
        actions=[
            action("1.1", Description="a" * (LONG_TEXT + 1)),
            action("1.2", Reason="b" * (SHORT_TEXT + 1), Status="At risk"),
        ]
    )
    with mock.patch(
        "onboarding.checking.personal_data_error", wraps=personal_data.personal_data_error
    ) as guard:
        preview = preview_plan(data, plan=world.plan)
    problems = {(p.column, p.message) for p in preview.errors()}
    assert ("Description", "is 6,001 characters long; at most 6,000") in problems
    assert ("Reason", "is 2,001 characters long; at most 2,000") in problems
    assert all(len(call.args[0]) <= SHORT_TEXT for call in guard.call_args_list)


def test_every_text_column_of_the_import_has_a_limit_no_longer_than_its_fields():
    for sheet in SHEETS:
        for column in sheet.columns:
            if column.kind in (Kind.TEXT, Kind.NAME, Kind.NAMES):
                assert column.limit() <= LONG_TEXT, (sheet.name, column.name)
