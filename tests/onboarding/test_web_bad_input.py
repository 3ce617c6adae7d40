"""
Bad files in the browser: a clear message on the file field (never a blank 400 or 413,
never a 500), the form keeps what else was chosen, and nothing is kept or saved.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from onboarding.models import PendingImport
from onboarding.reading import MAX_BYTES
from plans.models import Action

from .test_bad_input import _macro_content_type, _with_entry
from .workbooks import action, xlsx

pytestmark = pytest.mark.django_db

UPLOAD = reverse("onboarding:upload")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def _post(client, data, name, **fields):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data), **fields})


def _file_errors(response):
    return response.context["form"].errors.get("file", [])


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (PNG, "plan.xlsx", "This is not a CSV or Excel file"),
        (
            _with_entry(xlsx(actions=[action()]), None, content_types=_macro_content_type),
            "plan.xlsm",
            "This is a macro-enabled workbook (.xlsm): it is refused",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "plan.xls", "old-style Excel file"),
        (b"", "plan.xlsx", "The file is empty"),
        (b"x" * (MAX_BYTES + 1), "plan.csv", "The file is over the limit of 10 MB (it is 10.0 MB)"),
    ],
    ids=["wrong-type", "xlsm", "xls", "empty", "over-10-mb"],
)
def test_a_bad_file_is_refused_on_its_field_keeping_the_other_fields(
    staff_client, world, data, name, message
):
    response = _post(staff_client, data, name, title="My new plan", create_missing="on")

    assert response.status_code == 200
    assert any(message in error for error in _file_errors(response)), _file_errors(response)
    page = response.content.decode()
    assert 'value="My new plan"' in page
    assert response.context["form"]["create_missing"].value() is True
    assert "Upload and preview" in page
    assert not PendingImport.objects.exists()
    assert not Action.objects.exists()


def test_the_upload_page_names_the_limits(staff_client, world):
    page = staff_client.get(UPLOAD).content.decode()
    assert "at most 10 MB and 20,000 rows" in page
    assert "Download the template" in page


def test_a_plan_needs_a_title_or_an_existing_plan_not_both(staff_client, world):
    data = xlsx(actions=[action()])
    neither = _post(staff_client, data, "plan.xlsx")
    both = _post(staff_client, data, "plan.xlsx", plan=world.plan.pk, title="Another")
    taken = _post(staff_client, data, "plan.xlsx", title="the PLAN")

    assert "Give the new plan a title" in str(neither.context["form"].errors)
    assert "not both" in str(both.context["form"].errors)
    assert "A plan already has this title" in str(taken.context["form"].errors)
    assert not PendingImport.objects.exists()


def test_more_than_one_strategy_offers_a_choice(staff_client, world):
    from tests.factories import StrategyFactory

    other = StrategyFactory(title="An older strategy")
    page = staff_client.get(UPLOAD).content.decode()
    assert "The new plan&#x27;s strategy" in page or "The new plan's strategy" in page

    response = _post(
        staff_client, xlsx(actions=[action()]), "plan.xlsx", title="Plan B", strategy=other.pk
    )

    assert response.context["pending"].strategy == other
