"""
`manage.py move_files --to s3|filesystem` moves every evidence file, report and backup
archive between the folders and the object store (moto's server on loopback), checking
each SHA-256; run again it moves nothing more, and a run cut short is finished by the next.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from activities.models import Evidence
from reports.models import Report, ReportKind
from vawg_tracker.storage import named

from ..factories import EvidenceFactory
from ..reporting import Q2, plan_worth_reporting

pytestmark = pytest.mark.django_db
REPORT = b"%PDF-1.7\n% a synthetic report\n"
ARCHIVE = b"\x1f\x8b synthetic archive bytes"


def _files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def stored(settings, staff):
    """An evidence file, a report and a backup archive in the folders under var/."""
    settings.BACKUP_DIR = settings.MEDIA_ROOT.parent / "backups"
    evidence = EvidenceFactory(file__data=b"%PDF-1.4\n% evidence\n")
    report = Report.objects.create(
        plan=plan_worth_reporting(staff), period=Q2, kind=ReportKind.QUARTERLY
    )
    report.succeed(name="x.pdf", content=ContentFile(REPORT), sha256="a" * 64, pages=1)
    named("backups").save("vawg-backup-20261201T031500Z.tar.gz", ContentFile(ARCHIVE))
    return {
        f"media/{evidence.file.name}": b"%PDF-1.4\n% evidence\n",
        f"reports/{report.file.name}": REPORT,
        "backups/vawg-backup-20261201T031500Z.tar.gz": ARCHIVE,
    }


def _move(to, *args):
    out = io.StringIO()
    call_command("move_files", "--to", to, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_files_move_to_the_store_once_and_come_back(configured_bucket, stored, settings):
    folders = {
        "media": settings.MEDIA_ROOT,
        "reports": settings.REPORTS_ROOT,
        "backups": settings.BACKUP_DIR,
    }

    out = _move("s3")

    assert out.splitlines() == [
        "evidence: 1 moved, 0 already there, 0 differ",
        "reports: 1 moved, 0 already there, 0 differ",
        "backups: 1 moved, 0 already there, 0 differ",
    ]
    assert {key: configured_bucket.read(key) for key in configured_bucket.objects()} == stored
    assert all(_files(root) == {} for root in folders.values())
    # Idempotent: nothing is left to move.
    assert "evidence: 0 moved, 0 already there, 0 differ" in _move("s3")
    # The app, switched to the store, finds the file where the row says.
    settings.STORAGES = {
        **settings.FILE_STORES["s3"],
        "staticfiles": settings.STORAGES["staticfiles"],
    }
    evidence = Evidence.objects.get()
    with evidence.file.open("rb") as moved:
        assert moved.read() == stored[f"media/{evidence.file.name}"]

    back = _move("filesystem")

    assert "reports: 1 moved, 0 already there, 0 differ" in back
    assert configured_bucket.objects() == []
    on_disk = {
        f"{prefix}/{name}": data
        for prefix, root in folders.items()
        for name, data in _files(root).items()
    }
    assert on_disk == stored


def test_a_run_cut_short_is_finished_by_the_next_and_a_different_file_is_left_alone(
    configured_bucket, stored, settings
):
    evidence_key, report_key, archive_key = stored
    # The last run copied the evidence file and stopped before deleting the original; a
    # different file has the report's name in the store.
    configured_bucket.client.put_object(
        Bucket=configured_bucket.name, Key=evidence_key, Body=stored[evidence_key]
    )
    configured_bucket.client.put_object(
        Bucket=configured_bucket.name, Key=report_key, Body=b"%PDF another report"
    )

    with pytest.raises(CommandError, match="1 files differ"):
        _move("s3")

    assert configured_bucket.read(evidence_key) == stored[evidence_key]
    assert not (settings.MEDIA_ROOT / evidence_key.removeprefix("media/")).exists()
    assert configured_bucket.read(report_key) == b"%PDF another report"
    assert (settings.REPORTS_ROOT / report_key.removeprefix("reports/")).read_bytes() == REPORT
    assert configured_bucket.read(archive_key) == ARCHIVE
    # Once the wrong one is removed, the next run finishes the move.
    configured_bucket.delete(report_key)
    assert _move("s3").splitlines() == [
        "evidence: 0 moved, 0 already there, 0 differ",
        "reports: 1 moved, 0 already there, 0 differ",
        "backups: 0 moved, 0 already there, 0 differ",
    ]
    assert configured_bucket.read(report_key) == REPORT


def test_keep_copies_and_leaves_the_originals(configured_bucket, stored, settings):
    assert "evidence: 1 copied, 0 already there, 0 differ" in _move("s3", "--keep")
    assert sorted(configured_bucket.objects()) == sorted(stored)
    assert _files(settings.REPORTS_ROOT) != {}
    # Run again: each is already there, with the same SHA-256.
    assert "reports: 0 copied, 1 already there, 0 differ" in _move("s3", "--keep")


def test_without_an_object_store_it_says_what_to_set(settings):
    settings.FILE_STORES = {**settings.FILE_STORES, "s3": None}
    with pytest.raises(CommandError, match="set AWS_STORAGE_BUCKET_NAME"):
        _move("s3")
