"""
`manage.py backup` and `restore`: everything comes back, into a fresh database (a new one on
the same PostgreSQL server under CI, a new SQLite file locally) and fresh folders, and a
restore refuses what it must not do.
"""

import io
import json
import re
import stat
import tarfile
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connection, connections

from activities.models import Activity
from plans.lifecycle import QuarterCycle
from plans.models import ActionPlan
from vawg_tracker.backups.archive import (
    BackupError,
    _file_columns,
    check_dump_tool,
    check_restore_tool,
    postgresql_tool,
    tool_major_version,
)
from vawg_tracker.quarters import Quarter

from ..commands import ROOT, manage
from ..database_contents import PRINT_CHECKSUMS, table_checksums
from ..factories import EvidenceFactory

EVIDENCE = b"%PDF-1.4\n% synthetic evidence for the backup test\n" + bytes(range(256)) * 40


@pytest.fixture
def backup_dir(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    return settings.BACKUP_DIR


@pytest.fixture
def fresh_database_url(tmp_path, django_db_blocker):
    """An empty database beside the test one: a new PostgreSQL database, or a new SQLite file."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored' / 'db.sqlite3'}"
        return
    name = f"vawg_backup_{uuid.uuid4().hex[:12]}"
    with django_db_blocker.unblock():
        server = connections.create_connection(DEFAULT_DB_ALIAS)  # autocommit, its own
        with server.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        server.close()
    params = connection.settings_dict
    credentials = quote(params["USER"] or "", safe="")
    if params["PASSWORD"]:
        credentials += ":" + quote(params["PASSWORD"], safe="")
    host, port = params["HOST"] or "localhost", params["PORT"] or 5432
    yield f"postgres://{credentials}@{host}:{port}/{name}"
    with django_db_blocker.unblock():
        server = connections.create_connection(DEFAULT_DB_ALIAS)
        with server.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.close()


def _target(tmp_path, database_url):
    """The environment of a restore into fresh folders and the given database."""
    return {
        "DEBUG": "1",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp_path / "restored-media"),
        "REPORTS_ROOT": str(tmp_path / "restored-reports"),
    }


def _back_up():
    out = io.StringIO()
    call_command("backup", stdout=out)
    return Path(re.search(r"Backup written: (\S+)", out.getvalue()).group(1))


def _files_under(root):
    root = Path(root)
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _manifest(archive):
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


@pytest.mark.django_db(transaction=True)
def test_a_restore_into_a_fresh_database_and_folders_finds_every_row_and_file(
    settings, tmp_path, backup_dir, fresh_database_url
):
    call_command("seed_demo", stdout=io.StringIO())
    evidence = EvidenceFactory(
        activity=Activity.objects.first(),
        file__data=EVIDENCE,
        size=len(EVIDENCE),
    )
    plan = ActionPlan.objects.active().first()
    ended = Quarter.current().previous()
    QuarterCycle(plan, ended).close()  # its final report is made once it is closed
    call_command("generate_report", plan.pk, ended.slug, stdout=io.StringIO())
    source_files = {
        "media": _files_under(settings.MEDIA_ROOT),
        "reports": _files_under(settings.REPORTS_ROOT),
    }
    assert evidence.file.name in source_files["media"]
    assert len(source_files["reports"]) == 1
    source_tables = table_checksums(connection)

    archive = _back_up()

    assert re.fullmatch(r"vawg-backup-\d{8}T\d{6}Z\.tar\.gz", archive.name)
    assert archive.parent == backup_dir
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    manifest = _manifest(archive)
    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["database"]["tables"] == {
        table: int(checksum.split(":")[0]) for table, checksum in source_tables.items()
    }
    assert "plans" in manifest["database"]["migrations"]
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert listed[f"media/{evidence.file.name}"]["size"] == len(EVIDENCE)

    target = _target(tmp_path, fresh_database_url)
    restored = manage("restore", str(archive), tmp_path=tmp_path, **target)

    assert restored.returncode == 0, restored.stderr
    assert "every table's row count matches the manifest" in restored.stdout
    assert "1 evidence files" in restored.stdout
    assert "1 report files" in restored.stdout
    checksums = manage("shell", "-c", PRINT_CHECKSUMS, tmp_path=tmp_path, **target)
    assert checksums.returncode == 0, checksums.stderr
    restored_tables = json.loads(checksums.stdout.strip().splitlines()[-1])
    assert restored_tables == source_tables
    assert _files_under(target["MEDIA_ROOT"]) == source_files["media"]
    assert _files_under(target["REPORTS_ROOT"]) == source_files["reports"]

    # Restoring it again is refused: the database is no longer empty ...
    again = manage("restore", str(archive), tmp_path=tmp_path, **target)
    assert again.returncode != 0
    assert "is not empty" in again.stderr
    # ... unless told to replace it; the files already there are the same, so kept.
    replaced = manage("restore", "--replace-database", str(archive), tmp_path=tmp_path, **target)
    assert replaced.returncode == 0, replaced.stderr
    assert "every table's row count matches the manifest" in replaced.stdout
    assert "0 written, 2 already in place" in replaced.stdout


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(settings, backup_dir):
    evidence = EvidenceFactory(file__data=EVIDENCE)
    archive = _back_up()
    stored = Path(settings.MEDIA_ROOT) / evidence.file.name
    stored.unlink()
    rows_before = table_checksums(connection)

    with pytest.raises(CommandError, match="is not empty: it has \\d+ tables") as refused:
        call_command("restore", str(archive), stderr=io.StringIO())

    assert "--replace-database" in str(refused.value)
    assert table_checksums(connection) == rows_before
    assert not stored.exists()


@pytest.mark.django_db(transaction=True)
def test_a_changed_file_in_the_archive_fails_verification_and_restores_nothing(
    tmp_path, backup_dir, fresh_database_url
):
    evidence = EvidenceFactory(file__data=EVIDENCE)
    archive = _back_up()
    member = f"media/{evidence.file.name}"
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as original, tarfile.open(tampered, "w:gz") as copy:
        for info in original.getmembers():
            data = original.extractfile(info).read()
            if info.name == member:
                data = data.replace(b"synthetic", b"SYNTHETIC")  # same size, other bytes
            copy.addfile(info, io.BytesIO(data))
    target = _target(tmp_path, fresh_database_url)

    refused = manage("restore", str(tampered), tmp_path=tmp_path, **target)

    assert refused.returncode != 0
    assert f"{member}: its SHA-256 does not match the manifest" in refused.stderr
    assert "nothing was restored" in refused.stderr
    assert not Path(target["MEDIA_ROOT"], evidence.file.name).exists()
    # The database was left empty: the untouched archive restores into it.
    restored = manage("restore", str(archive), tmp_path=tmp_path, **target)
    assert restored.returncode == 0, restored.stderr


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_files_that_differ_from_the_archives(
    tmp_path, backup_dir, fresh_database_url
):
    evidence = EvidenceFactory(file__data=EVIDENCE)
    archive = _back_up()
    target = _target(tmp_path, fresh_database_url)
    other = Path(target["MEDIA_ROOT"], evidence.file.name)
    other.parent.mkdir(parents=True)
    other.write_bytes(b"another file with the same name")

    refused = manage("restore", str(archive), tmp_path=tmp_path, **target)

    assert refused.returncode != 0
    assert "exists and differs from the archive's copy" in refused.stderr
    assert other.read_bytes() == b"another file with the same name"


@pytest.mark.django_db(transaction=True)
def test_backup_lists_files_the_database_names_that_were_not_on_disk(settings, backup_dir):
    evidence = EvidenceFactory(file__data=EVIDENCE)
    (Path(settings.MEDIA_ROOT) / evidence.file.name).unlink()
    out, err = io.StringIO(), io.StringIO()

    call_command("backup", stdout=out, stderr=err)

    archive = Path(re.search(r"Backup written: (\S+)", out.getvalue()).group(1))
    assert _manifest(archive)["missing_files"] == [f"media/{evidence.file.name}"]
    assert "the database refers to 1 files that were not stored" in err.getvalue()


def test_pg_dump_older_than_the_server_is_refused_naming_the_package_to_install():
    assert tool_major_version("pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)") == 15
    check_dump_tool("pg_dump", 15, 15)
    check_dump_tool("pg_dump", 16, 15)
    with pytest.raises(BackupError, match="pg_dump 15 cannot dump a PostgreSQL 16 server"):
        check_dump_tool("pg_dump", 15, 16)
    with pytest.raises(BackupError, match="postgresql-client-16"):
        check_restore_tool("pg_restore", 15, 16)


def test_a_missing_pg_dump_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackupError, match="pg_dump is not installed"):
        postgresql_tool("pg_dump")


def test_the_docker_image_has_the_pg_dump_of_the_server_compose_runs():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    major = compose["services"]["db"]["image"].split(":")[1].split(".")[0]
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert f"ARG POSTGRESQL_MAJOR={major}\n" in dockerfile
    assert "install -y --no-install-recommends postgresql-client-${POSTGRESQL_MAJOR}" in dockerfile


def test_make_backup_and_restore_call_the_management_commands():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^backup:.*\n\t.*manage\.py backup$", makefile, re.M)
    restore = r"^restore:.*\n(\t.*\n)*\t.*manage\.py restore \"\$\(ARCHIVE\)\"$"
    assert re.search(restore, makefile, re.M)


def test_an_archive_cut_short_while_saved_leaves_nothing_under_an_archives_name(tmp_path):
    """The backups folder writes under a temporary name and renames at the end: a copy
    that fails half way is never taken for an archive."""
    from django.core.files import File

    from vawg_tracker.storage import BackupsFolder

    class Failing(io.BytesIO):
        def read(self, size=-1):
            if self.tell() > 0:
                raise OSError("disk full")
            return super().read(4)

    folder = BackupsFolder(location=tmp_path)
    with pytest.raises(OSError, match="disk full"):
        folder.save("vawg-backup-x.tar.gz", File(Failing(b"0123456789"), name="x"))
    assert not (tmp_path / "vawg-backup-x.tar.gz").exists()
    saved = folder.save("vawg-backup-y.tar.gz", File(io.BytesIO(b"whole"), name="y"))
    assert (tmp_path / saved).read_bytes() == b"whole"
    assert sorted(p.name for p in tmp_path.iterdir() if "partial" not in p.name) == [saved]


def test_every_file_field_keeps_its_files_in_a_named_storage():
    """Backups, restores and move_files find files through the named storages: a file
    field on Django's default storage would be left out of their checks."""
    from django.apps import apps
    from django.db import models

    fields = [
        (model._meta.db_table, field.column)
        for model in apps.get_models()
        for field in model._meta.local_fields
        if isinstance(field, models.FileField)
    ]
    assert ("recommendations_recommendationevidence", "file") in fields
    assert sorted(fields) == sorted((table, column) for table, column, _ in _file_columns())
