"""
Evidence, reports and backups on an S3-compatible object store (moto's server on loopback,
tests/storage/conftest.py): what a partner uploads and what the worker produces land in the
bucket, come back through the views only to those allowed, go when retention says so, and
a backup written to the bucket restores from it with every SHA-256 checked. Each test
looks in the bucket itself (boto3), not through the app's storages.
"""

import datetime
import hashlib
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from botocore.exceptions import ClientError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from activities.models import Activity, Evidence
from activities.retention import purge_expired
from publication import tasks as publication_tasks
from publication.models import Publication
from reports import tasks
from reports.models import Report, ReportKind, ReportState
from vawg_tracker.produced import ProductionState
from vawg_tracker.system.housekeeping import sweep

from ..commands import manage
from ..factories import ActionFactory, EvidenceFactory, pdf_bytes
from ..publication.test_snapshot import Q2 as PUBLISHED
from ..reporting import Q2, plan_worth_reporting

PDF = pdf_bytes(pages=2)
LONDON = ZoneInfo("Europe/London")


def _files_under(root):
    return sorted(path for path in root.rglob("*") if path.is_file())


def _upload(client, partner, data=PDF):
    action = ActionFactory(reference="3.1", title="Specialist training")
    action.delivery_partners.add(partner.partner_membership.organisation)
    client.force_login(partner)
    response = client.post(
        reverse("activities:activity_create"),
        {
            "action": action.pk,
            "kind": "training",
            "title": "Training for response officers",
            "started_on": "2026-10-14",
            "ended_on": "",
            "people_reached": "24",
            "sessions": "2",
            "hours": "6",
            "area": "Sefton",
            "description": "Two half-day sessions.",
            "evidence": SimpleUploadedFile("agenda.pdf", data),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Activity.objects.get().evidence.get()


def _missing(bucket, key):
    with pytest.raises(ClientError) as error:
        bucket.head(key)
    return error.value.response["Error"]["Code"] in ("404", "NoSuchKey")


@pytest.mark.django_db
def test_evidence_a_partner_uploads_is_in_the_bucket_encrypted_and_downloaded_only_by_its_own(
    client, bucket, settings, partner_a, partner_b, outsider
):
    evidence = _upload(client, partner_a)

    key = f"media/{evidence.file.name}"
    assert bucket.objects() == [key]
    assert bucket.read(key) == PDF
    assert bucket.head(key)["ServerSideEncryption"] == "AES256"
    assert _files_under(settings.MEDIA_ROOT) == []  # nothing on this machine's disk
    url = reverse("activities:evidence_download", args=[evidence.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")
    # The bucket's objects are not public: no grant to anyone but the owner.
    grants = bucket.client.get_object_acl(Bucket=bucket.name, Key=key)["Grants"]
    assert {grant["Permission"] for grant in grants} == {"FULL_CONTROL"}
    assert {grant["Grantee"]["Type"] for grant in grants} == {"CanonicalUser"}
    client.force_login(partner_b)
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_a_report_the_worker_produces_is_in_the_bucket_and_downloaded_through_the_view(
    client, bucket, settings, staff, lead, partner_a
):
    plan = plan_worth_reporting(staff)
    report, _ = Report.request(plan, Q2, kind=ReportKind.QUARTERLY, user=staff)

    tasks.generate_report.apply(args=[report.pk])

    report.refresh_from_db()
    assert report.state == ReportState.READY, report.error
    key = f"reports/{report.file.name}"
    assert bucket.objects("reports/") == [key]
    stored = bucket.read(key)
    assert stored.startswith(b"%PDF")
    assert hashlib.sha256(stored).hexdigest() == report.sha256
    assert bucket.head(key)["ServerSideEncryption"] == "AES256"
    assert _files_under(settings.REPORTS_ROOT) == []
    url = reverse("reports:download", args=[report.pk])
    client.force_login(lead)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(partner_a)
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_a_public_pdf_the_worker_renders_is_in_the_bucket_and_served_at_its_address(
    client, bucket, settings, world, staff
):
    publication = Publication.publish(world.plan, PUBLISHED, by=staff)
    public_report = publication.public_report

    publication_tasks.render_pdf.apply(args=[public_report.pk])

    public_report.refresh_from_db()
    assert public_report.state == ProductionState.READY, public_report.error
    key = f"reports/{public_report.file.name}"
    assert bucket.objects("reports/") == [key]
    stored = bucket.read(key)
    assert hashlib.sha256(stored).hexdigest() == public_report.sha256
    assert _files_under(settings.REPORTS_ROOT) == []
    url = reverse("public:report_pdf", args=[publication.plan_id, publication.quarter])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored


@pytest.mark.django_db
def test_the_retention_purge_deletes_the_object_from_the_bucket_and_keeps_the_row(bucket, settings):
    settings.EVIDENCE_RETENTION_DAYS = 30
    with time_machine.travel(datetime.datetime(2026, 9, 1, 9, tzinfo=LONDON), tick=False):
        old = EvidenceFactory()
    recent = EvidenceFactory(activity=old.activity)
    old_key, recent_key = f"media/{old.file.name}", f"media/{recent.file.name}"
    assert bucket.objects("media/") == sorted([old_key, recent_key])

    purged = purge_expired()

    assert purged.evidence == 1
    assert _missing(bucket, old_key)
    assert bucket.objects("media/") == [recent_key]
    old.refresh_from_db()
    assert (old.file.name, old.removed_on) == ("", datetime.date.today())
    assert Evidence.objects.count() == 2


@pytest.mark.django_db
def test_housekeeping_removes_objects_no_row_names_once_a_day_old(bucket):
    recorded = EvidenceFactory()
    storage = Evidence._meta.get_field("file").storage
    orphan = storage.save("evidence/2026/12/cut-short.png", io.BytesIO(b"synthetic"))
    keys = sorted([f"media/{recorded.file.name}", f"media/{orphan}"])
    assert bucket.objects("media/") == keys

    assert sweep().unrecorded_files == 0  # a minute old: its row may yet be committed
    with time_machine.travel(datetime.datetime.now(LONDON) + datetime.timedelta(days=1, minutes=1)):
        assert sweep().unrecorded_files == 1

    assert bucket.objects("media/") == [f"media/{recorded.file.name}"]


@pytest.mark.django_db(transaction=True)
def test_a_backup_goes_to_the_bucket_and_restores_from_it_checking_every_sha256(
    bucket, staff, tmp_path, fresh_database_url
):
    evidence = EvidenceFactory(file__data=PDF, size=len(PDF))
    plan = plan_worth_reporting(staff)
    report, _ = Report.request(plan, Q2, kind=ReportKind.QUARTERLY, user=staff)
    tasks.generate_report.apply(args=[report.pk])
    report.refresh_from_db()
    originals = {key: bucket.read(key) for key in bucket.objects()}
    assert set(originals) == {f"media/{evidence.file.name}", f"reports/{report.file.name}"}

    out = io.StringIO()
    call_command("backup", stdout=out)

    name = re.search(r"Backup written: (\S+)", out.getvalue()).group(1)
    assert re.fullmatch(r"vawg-backup-\d{8}T\d{6}Z\.tar\.gz", name)
    assert bucket.objects("backups/") == [f"backups/{name}"]
    assert bucket.head(f"backups/{name}")["ServerSideEncryption"] == "AES256"
    assert "1 evidence files" in out.getvalue()
    assert "1 report files" in out.getvalue()

    # The files are lost from the store; a fresh database, restored from the bucket's
    # archive, gets them back, each checked against the manifest's SHA-256.
    for key in originals:
        bucket.delete(key)
    restored = manage(
        "restore",
        name,
        tmp_path=tmp_path,
        DEBUG="1",
        DATABASE_URL=fresh_database_url,
        **bucket.environment(),
    )

    assert restored.returncode == 0, restored.stderr
    assert "every SHA-256 matches the manifest (2 written, 0 already in place)" in (restored.stdout)
    assert {
        key: bucket.read(key) for key in bucket.objects() if not key.startswith("backups/")
    } == (originals)


@pytest.mark.django_db
def test_on_the_filesystem_nothing_reaches_the_bucket(client, s3_server, settings, partner_a):
    # The other tests' checks look in the bucket: with the folders (the default) the
    # same upload leaves the bucket empty and the file on disk.
    from .conftest import Bucket

    bucket = Bucket(s3_server)
    evidence = _upload(client, partner_a)
    assert bucket.objects() == []
    assert _missing(bucket, f"media/{evidence.file.name}")
    assert [p.name for p in _files_under(settings.MEDIA_ROOT)] == [
        evidence.file.name.split("/")[-1]
    ]
