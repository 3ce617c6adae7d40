"""
A report's PDF downloads through the API with the same token that lists it: ready
reports only, the same roles as the pages, audited like a download from the pages.
"""

import pytest
from django.urls import reverse

from api.models import ApiToken
from reports.models import Report
from vawg_tracker.audit.models import AuditEvent

from ..permissions import test_permission_matrix as matrix

world = matrix.world  # one of everything, and a person for each role


def token(person):
    return {"HTTP_AUTHORIZATION": f"Token {ApiToken.issue(person, 'tool')[1]}"}


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("staff", 200),
        ("lead", 200),
        ("commissioner", 200),
        ("partner", 403),
        ("outsider", 403),
        ("anonymous", 401),
    ],
)
def test_each_role_downloads_the_pdf_as_the_pages_allow(client, world, role, status):
    people, ids = world
    auth = token(people[role]) if role != "anonymous" else {}
    url = reverse("api:report-download", args=[ids["api:report-download"]])
    response = client.get(url, **auth)
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert 'filename="vawg-delivery-report-' in response["Content-Disposition"]
        assert "no-store" in response["Cache-Control"]
        event = AuditEvent.objects.get(kind="report_download")
        assert event.user == people[role]
    assert client.post(url, **auth).status_code == (405 if status == 200 else status)


def test_the_report_says_where_its_pdf_downloads_and_the_token_opens_it(client, world):
    people, ids = world
    auth = token(people["commissioner"])
    detail = client.get(reverse("api:report-detail", args=[ids["api:report-detail"]]), **auth)
    link = detail.json()["download_url"]
    assert link == f"http://testserver/api/v1/reports/{ids['api:report-detail']}/download/"
    assert client.get(link, **auth).status_code == 200


def test_a_report_not_ready_has_no_pdf(client, world):
    people, _ = world
    auth = token(people["staff"])
    failed = Report.objects.get(state="failed")
    assert (
        client.get(reverse("api:report-detail", args=[failed.pk]), **auth).json()["download_url"]
        is None
    )
    response = client.get(reverse("api:report-download", args=[failed.pk]), **auth)
    assert response.status_code == 404
    assert response.json() == {"detail": "This report is not ready yet."}


def test_a_ready_report_whose_file_is_lost_is_404_with_a_reason(client, world):
    people, ids = world
    report = Report.objects.get(pk=ids["api:report-download"])
    report.file.storage.delete(report.file.name)
    response = client.get(
        reverse("api:report-download", args=[report.pk]), **token(people["staff"])
    )
    assert response.status_code == 404
    assert "missing" in response.json()["detail"]
