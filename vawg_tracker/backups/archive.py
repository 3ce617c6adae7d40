"""
One archive holds everything the service keeps: the database, the partners' evidence files
(the ``evidence`` storage: MEDIA_ROOT, or the object store's media/) and the PDF reports
(the ``reports`` storage). It is written to the ``backups`` storage (BACKUP_DIR, or the
object store's backups/), and a restore reads it from there, a file or stdin.

    vawg-backup-20261122T031500Z.tar.gz        (mode 0600: OFFICIAL-SENSITIVE)
      database/postgresql.dump    pg_dump's custom format, or database/sqlite3.db
      media/…                     every file in the evidence storage
      reports/…                   every file in the reports storage
      manifest.json               written last: when, which code, the database engine, its
                                  migration state and rows per table, and every file's
                                  path, size and SHA-256

The database is copied first (PostgreSQL: pg_dump inside a snapshot that the row counts
are read from; SQLite: the online backup API, counted from the copy), then the files. Files
are written before the rows that name them commit, so every file the copied database
names is already stored; a file newer than the copy is harmless.

A restore fills an empty database only, never overwrites a different file, checks every
file against the manifest before it touches anything, and afterwards counts every table
and hashes every restored file again.
"""

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from vawg_tracker.storage import ARCHIVE_PREFIX, BackupsFolder, local_folder, named

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = {
    "postgresql": "database/postgresql.dump",
    "sqlite": "database/sqlite3.db",
}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Something the operator can act on; the message says what, and names no person."""


# --- Where files live ----------------------------------------------------------------------


def file_storages():
    """Archive prefix → the storage its files live in."""
    return {prefix: named(alias) for alias, prefix in ARCHIVE_PREFIX.items()}


def file_fields():
    """(model, field, storage alias) of every FileField kept in a named storage whose files
    are archived (ARCHIVE_PREFIX): the rows that name evidence and report files."""
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for model_field in model._meta.local_fields:
            if isinstance(model_field, models.FileField):
                alias = model_field.storage.__dict__.get("alias")
                if alias in ARCHIVE_PREFIX:
                    yield model, model_field, alias


def _file_columns():
    """(table, column, archive prefix) of every FileField, for the files rows refer to."""
    return [
        (model._meta.db_table, model_field.column, ARCHIVE_PREFIX[alias])
        for model, model_field, alias in file_fields()
    ]


# --- Hashing while copying -------------------------------------------------------------------


class _HashingReader:
    def __init__(self, raw):
        self.raw, self.digest, self.size = raw, hashlib.sha256(), 0

    def read(self, size=-1):
        data = self.raw.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def stored_sha256(storage, name):
    """The SHA-256 of a stored file, read through its storage (a folder or the object store)."""
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- PostgreSQL's tools --------------------------------------------------------------------


def tool_major_version(version_text):
    """15 from 'pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)' → 15."""
    found = re.search(r"\(PostgreSQL\)\s+(\d+)", version_text)
    if not found:
        raise BackupError(f"Could not read the version of {version_text.strip()!r}.")
    return int(found.group(1))


def postgresql_tool(name):
    """The path and major version of pg_dump or pg_restore, or a message saying what to install."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed (or not on PATH). Install PostgreSQL's client tools of "
            "the server's major version or newer (Debian: postgresql-client-NN)."
        )
    result = subprocess.run(  # noqa: S603 (a fixed program and argument)
        [path, "--version"], capture_output=True, text=True, check=False
    )
    return path, tool_major_version(result.stdout or result.stderr), result.stdout.strip()


def check_dump_tool(tool, client_major, server_major):
    if server_major > client_major:
        raise BackupError(
            f"{tool} {client_major} cannot dump a PostgreSQL {server_major} server. Install "
            f"postgresql-client-{server_major} (the Docker image installs the version "
            "docker-compose.yml runs) and try again."
        )


def check_restore_tool(tool, client_major, dump_major):
    if dump_major > client_major:
        raise BackupError(
            f"The archive was dumped by pg_dump {dump_major}; {tool} {client_major} cannot "
            f"read it. Install postgresql-client-{dump_major} or newer and try again."
        )


_PG_OPTIONS_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
}


def _pg_environment(settings_dict):
    """Connection settings for pg_dump/pg_restore, passed in the environment (never argv)."""
    env = dict(os.environ)
    for key, variable in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ]:
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for option, variable in _PG_OPTIONS_ENV.items():
        if settings_dict.get("OPTIONS", {}).get(option):
            env[variable] = str(settings_dict["OPTIONS"][option])
    return env


def _run_tool(args, env, what):
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        # DETAIL and CONTEXT lines can quote rows; leave them out of what we print.
        lines = [
            line
            for line in result.stderr.splitlines()
            if not re.match(r"^\s*(DETAIL|CONTEXT|LINE \d+):", line)
        ]
        raise BackupError(f"{what} failed (exit {result.returncode}):\n" + "\n".join(lines[:20]))


# --- Reading a database's state ----------------------------------------------------------------


def _quote(name):
    return '"' + name.replace('"', '""') + '"'


def _state(cursor, tables):
    """Rows per table, applied migrations, and the stored files rows refer to."""
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 (a table name we listed)
        counts[table] = cursor.fetchone()[0]
    migrations = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    referenced = set()
    for table, column, prefix in _file_columns():
        if table in tables:
            cursor.execute(
                f"SELECT {_quote(column)} FROM {_quote(table)} "  # noqa: S608
                f"WHERE {_quote(column)} IS NOT NULL AND {_quote(column)} <> ''"
            )
            referenced.update(f"{prefix}/{name}" for (name,) in cursor.fetchall())
    return counts, migrations, referenced


def _sqlite_tables(cursor):
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return {name for (name,) in cursor.fetchall()}


def engine_of(conn=connection):
    if conn.vendor not in DATABASE_MEMBER:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {conn.vendor}.")
    return conn.vendor


def existing_tables(conn=connection):
    with conn.cursor() as cursor:
        return set(conn.introspection.table_names(cursor))


def database_description(conn=connection):
    """'PostgreSQL database vawg' or 'SQLite database /path/db.sqlite3', for messages."""
    name = conn.settings_dict["NAME"]
    return f"{'PostgreSQL' if conn.vendor == 'postgresql' else 'SQLite'} database {name}"


# --- Backing up ------------------------------------------------------------------------------


@dataclass
class DatabaseCopy:
    path: Path
    details: dict
    referenced: set


def _copy_postgresql(work):
    pg_dump, client_major, client_version = postgresql_tool("pg_dump")
    # A connection of our own, so that the snapshot is a fresh transaction whatever the
    # caller's connection is doing.
    conn = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        conn.ensure_connection()
        server_major = conn.pg_version // 10000
        check_dump_tool("pg_dump", client_major, server_major)
        conn.set_autocommit(False)
        out = work / "postgresql.dump"
        with conn.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            # pg_dump reads the same snapshot the counts are read from: they agree.
            _run_tool(
                [
                    pg_dump,
                    "--format=custom",
                    "--compress=0",  # the archive is compressed as a whole
                    f"--snapshot={snapshot}",
                    f"--file={out}",
                ],
                _pg_environment(conn.settings_dict),
                "pg_dump",
            )
            counts, migrations, referenced = _state(
                cursor, set(conn.introspection.table_names(cursor))
            )
        conn.rollback()
        version = conn.pg_version
        server_version = f"{version // 10000}.{version % 10000}"
    finally:
        conn.close()
    details = {
        "engine": "postgresql",
        "server_version": server_version,
        "dumped_with": client_version,
        "dump_major_version": client_major,
        "migrations": migrations,
        "tables": counts,
    }
    return DatabaseCopy(out, details, referenced)


def _copy_sqlite(work):
    out = work / "sqlite3.db"
    if connection.in_atomic_block:
        # SQLite's backup of a database this connection is writing waits forever.
        raise BackupError("backup cannot run inside a database transaction.")
    connection.ensure_connection()
    target = sqlite3.connect(out)
    try:
        connection.connection.backup(target)
        # Counted from the copy, so the counts are the copy's whatever happens meanwhile.
        cursor = target.cursor()
        counts, migrations, referenced = _state(cursor, _sqlite_tables(cursor))
        cursor.close()
    finally:
        target.close()
    details = {
        "engine": "sqlite",
        "server_version": sqlite3.sqlite_version,
        "migrations": migrations,
        "tables": counts,
    }
    return DatabaseCopy(out, details, referenced)


def stored_files(storage, skip=()):
    """
    The names of a storage's files (POSIX paths), sorted, and how many entries were left
    out: in a folder, links and special files, and the folders in ``skip``.
    """
    found, others = [], 0
    folder = local_folder(storage)
    if folder is not None:
        root = Path(folder)
        if not root.is_dir():
            return found, others
        for parent, subfolders, names in os.walk(root):
            subfolders[:] = sorted(
                d for d in subfolders if (Path(parent) / d).resolve() not in skip
            )
            for name in sorted(names):
                path = Path(parent) / name
                if path.is_symlink() or not path.is_file():
                    others += 1
                    continue
                found.append(path.relative_to(root).as_posix())
        return found, others
    pending = [""]
    while pending:
        prefix = pending.pop()
        subfolders, names = storage.listdir(prefix)
        found += [f"{prefix}{name}" for name in names]
        pending += [f"{prefix}{sub}/" for sub in subfolders]
    return sorted(found), others


def _add_file(tar, path, member):
    stat = path.stat()
    info = tarfile.TarInfo(member)
    info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
    with open(path, "rb") as handle:
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    return {"path": member, "size": reader.size, "sha256": reader.digest.hexdigest()}


def _add_stored(tar, storage, name, member):
    info = tarfile.TarInfo(member)
    info.size, info.mode = storage.size(name), 0o600
    info.mtime = int(storage.get_modified_time(name).timestamp())
    with storage.open(name, "rb") as handle:
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    return {"path": member, "size": reader.size, "sha256": reader.digest.hexdigest()}


def _add_bytes(tar, member, data, mtime):
    info = tarfile.TarInfo(member)
    info.size, info.mtime, info.mode = len(data), mtime, 0o600
    tar.addfile(info, io.BytesIO(data))


def app_version():
    version = None
    pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
    if pyproject.exists():
        version = tomllib.loads(pyproject.read_text())["project"].get("version")
    commit = None
    git = shutil.which("git")
    if git and (Path(settings.BASE_DIR) / ".git").exists():
        result = subprocess.run(  # noqa: S603
            [git, "rev-parse", "HEAD"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
        commit = result.stdout.strip() if result.returncode == 0 else None
    return {"version": version, "git_commit": commit or None}


@dataclass
class WrittenBackup:
    name: str  # in the backups storage
    where: str  # its path on disk, or its place in the object store
    size: int
    manifest: dict


def create_backup(directory=None):
    """
    Write the archive into the ``backups`` storage (or into ``directory``, a folder on
    disk); return a WrittenBackup.
    """
    engine = engine_of()
    if directory is not None:
        storage = BackupsFolder(location=Path(directory).resolve())
    else:
        storage = named("backups")
    target_folder = local_folder(storage)
    created = timezone.now().replace(microsecond=0)
    stamp = created.strftime("%Y%m%dT%H%M%SZ")
    name = f"vawg-backup-{stamp}.tar.gz"
    if storage.exists(name):
        raise BackupError(f"{name} already exists; wait a second and run backup again.")
    skip = {Path(target_folder).resolve()} if target_folder else set()
    with tempfile.TemporaryDirectory(prefix="vawg-backup-") as work:
        copy = (_copy_postgresql if engine == "postgresql" else _copy_sqlite)(Path(work))
        partial = Path(work) / name
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
                files = [_add_file(tar, copy.path, DATABASE_MEMBER[engine])]
                skipped = 0
                for prefix, files_storage in file_storages().items():
                    found, others = stored_files(files_storage, skip=skip)
                    skipped += others
                    files += [
                        _add_stored(tar, files_storage, rel, f"{prefix}/{rel}") for rel in found
                    ]
                archived = {entry["path"] for entry in files}
                manifest = {
                    "format": FORMAT,
                    "kind": "vawg-tracker-backup",
                    "created_at": created.isoformat().replace("+00:00", "Z"),
                    "protective_marking": settings.PROTECTIVE_MARKING,
                    "app": app_version(),
                    "database": {**copy.details, "member": DATABASE_MEMBER[engine]},
                    # Files the database names that were not stored when it was copied.
                    "missing_files": sorted(copy.referenced - archived),
                    "skipped_entries": skipped,
                    "files": files,
                }
                data = json.dumps(manifest, indent=2).encode()
                _add_bytes(tar, MANIFEST, data, int(created.timestamp()))
            raw.flush()
            os.fsync(raw.fileno())
        with open(partial, "rb") as archive:
            saved = storage.save(name, File(archive, name=name))
    size = storage.size(saved)
    where = storage.path(saved) if target_folder else f"{saved} (in the object store's backups)"
    return WrittenBackup(name=saved, where=where, size=size, manifest=manifest)


# --- Restoring -------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    manifest: dict
    tables: int = 0
    rows: int = 0
    files_written: int = 0
    files_already_there: int = 0
    bytes_by_prefix: dict = field(default_factory=dict)
    files_by_prefix: dict = field(default_factory=dict)
    pending_migrations: list = field(default_factory=list)
    unknown_migrations: list = field(default_factory=list)


def _safe_member_name(name):
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return False
    if name == MANIFEST:
        return True
    return len(path.parts) >= 2 and path.parts[0] in ("database", "media", "reports")


@contextlib.contextmanager
def _archive_source(archive):
    """stdin (-), a file on disk, or an archive's name in the ``backups`` storage."""
    if str(archive) == "-":
        yield {"fileobj": sys.stdin.buffer}
        return
    if Path(archive).exists():
        yield {"name": archive}
        return
    storage = named("backups")
    if not storage.exists(str(archive)):
        raise BackupError(
            f"There is no file {archive}, nor an archive of that name in the backups."
        )
    with storage.open(str(archive), "rb") as handle:
        yield {"fileobj": handle}


def _stage(archive, staging):
    """Extract into staging, hashing; return (manifest, {member: (size, sha256)})."""
    seen = {}
    manifest_bytes = None
    try:
        with _archive_source(archive) as source, tarfile.open(mode="r|gz", **source) as tar:
            for member in tar:
                if not member.isfile() or not _safe_member_name(member.name):
                    raise BackupError(
                        f"The archive holds an entry this tool never writes ({member.name!r}): "
                        "it is not a VAWG Tracker backup, or it was changed."
                    )
                source = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest_bytes = source.read()
                    continue
                destination = staging / member.name
                destination.parent.mkdir(parents=True, exist_ok=True)
                reader = _HashingReader(source)
                with open(destination, "wb") as out:
                    shutil.copyfileobj(reader, out, CHUNK)
                seen[member.name] = (reader.size, reader.digest.hexdigest())
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        if isinstance(error, FileNotFoundError) and error.filename == str(archive):
            raise BackupError(f"There is no file {archive}.") from None
        raise BackupError(
            f"Could not read the archive ({type(error).__name__}: {error}): it is damaged, "
            "cut short, or not a VAWG Tracker backup."
        ) from None
    if manifest_bytes is None:
        raise BackupError("The archive has no manifest.json: it is not a VAWG Tracker backup.")
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError:
        raise BackupError("The archive's manifest.json is not valid JSON.") from None
    if manifest.get("kind") != "vawg-tracker-backup" or manifest.get("format", 0) > FORMAT:
        raise BackupError(
            "The archive's manifest is not one this version can read (format "
            f"{manifest.get('format')!r}); use the version of the code that made it."
        )
    return manifest, seen


def _archive_problems(manifest, seen):
    problems = []
    listed = {entry["path"]: entry for entry in manifest["files"]}
    for path in sorted(set(listed) - set(seen)):
        problems.append(f"{path}: listed in the manifest but not in the archive")
    for path in sorted(set(seen) - set(listed)):
        problems.append(f"{path}: in the archive but not listed in the manifest")
    for path in sorted(set(listed) & set(seen)):
        size, sha256 = seen[path]
        if sha256 != listed[path]["sha256"] or size != listed[path]["size"]:
            problems.append(f"{path}: its SHA-256 does not match the manifest")
    member = manifest["database"].get("member")
    if member not in listed:
        problems.append("the manifest names no database copy in the archive")
    return problems


def _raise_problems(headline, problems, advice):
    shown = problems[:25]
    more = f"\n  … and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
    raise BackupError(f"{headline}\n  " + "\n  ".join(shown) + more + f"\n{advice}")


def check_database_is_empty(conn=connection):
    tables = existing_tables(conn)
    if not tables:
        return
    rows = 0
    with conn.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608
            rows += cursor.fetchone()[0]
    raise BackupError(
        f"The {database_description(conn)} is not empty: it has {len(tables)} tables "
        f"holding {rows:,} rows. restore fills an empty database only. Create an empty "
        "database and point DATABASE_URL at it (PostgreSQL: createdb; SQLite: a new file "
        "name), or pass --replace-database to drop every table in this one first."
    )


def _drop_every_table(conn=connection):
    tables = existing_tables(conn)
    if not tables:
        return
    if conn.vendor == "postgresql":
        with conn.cursor() as cursor:
            cursor.execute(
                "DROP TABLE IF EXISTS " + ", ".join(_quote(t) for t in sorted(tables)) + " CASCADE"
            )
    # SQLite: the backup API replaces the whole file's content.


def _restore_postgresql(staged_dump, manifest):
    pg_restore, client_major, _ = postgresql_tool("pg_restore")
    check_restore_tool(
        "pg_restore", client_major, manifest["database"].get("dump_major_version", 0)
    )
    connection.close()
    _run_tool(
        [
            pg_restore,
            # Owned by, and granted to, whoever restores: the role names may differ.
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(staged_dump),
        ],
        _pg_environment(connection.settings_dict),
        "pg_restore",
    )


def _restore_sqlite(staged_copy):
    connection.ensure_connection()
    source = sqlite3.connect(staged_copy)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


@dataclass
class _Destination:
    storage: object
    name: str

    def __str__(self):
        folder = local_folder(self.storage)
        return str(Path(folder) / self.name) if folder else self.name


def _file_plan(manifest):
    """(manifest entry, destination, already there?) for every file, or refuse on a conflict."""
    storages = file_storages()
    plan, conflicts = [], []
    for entry in manifest["files"]:
        prefix, _, rel = entry["path"].partition("/")
        if prefix not in storages:
            continue
        destination = _Destination(storages[prefix], rel)
        if destination.storage.exists(rel):
            folder = local_folder(destination.storage)
            if (folder is None or (Path(folder) / rel).is_file()) and stored_sha256(
                destination.storage, rel
            ) == entry["sha256"]:
                plan.append((entry, destination, True))
            else:
                conflicts.append(f"{destination}: exists and differs from the archive's copy")
            continue
        plan.append((entry, destination, False))
    if conflicts:
        _raise_problems(
            "restore would overwrite files that differ from the archive's, so it changed nothing:",
            conflicts,
            "Restore into empty evidence and reports storages (MEDIA_ROOT and REPORTS_ROOT, "
            "or the object store's media/ and reports/), or move these files away.",
        )
    return plan


def _verify(manifest, plan):
    problems = []
    expected = manifest["database"]["tables"]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        actual, _, referenced = _state(cursor, tables)
    for table in sorted(set(expected) | set(actual)):
        if table not in actual:
            problems.append(f"table {table}: missing from the restored database")
        elif table not in expected:
            problems.append(f"table {table}: not in the archive but in the restored database")
        elif actual[table] != expected[table]:
            problems.append(
                f"table {table}: {actual[table]:,} rows, the manifest says {expected[table]:,}"
            )
    for entry, destination, _ in plan:
        if not destination.storage.exists(destination.name):
            problems.append(f"{entry['path']}: not restored")
        elif stored_sha256(destination.storage, destination.name) != entry["sha256"]:
            problems.append(f"{entry['path']}: its SHA-256 does not match the manifest")
    archived = {entry["path"] for entry in manifest["files"]}
    known_missing = set(manifest.get("missing_files", []))
    for path in sorted(referenced - archived - known_missing):
        problems.append(f"{path}: the database refers to it but the archive lacks it")
    return problems


def _migration_drift(manifest):
    """Migrations this code has that the archive lacks, and the reverse (newer code made it)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    on_disk = set(loader.disk_migrations)
    applied = {
        (app, name)
        for app, names in manifest["database"].get("migrations", {}).items()
        for name in names
    }
    squashes = {key for key, migration in loader.disk_migrations.items() if migration.replaces}
    replaced = {old for key in squashes for old in loader.disk_migrations[key].replaces}
    pending = sorted(on_disk - applied - squashes)
    unknown = sorted(applied - on_disk - replaced)
    return [f"{a}.{n}" for a, n in pending], [f"{a}.{n}" for a, n in unknown]


def restore_backup(archive, *, replace_database=False, progress=lambda message: None):
    engine = engine_of()
    if not replace_database:
        check_database_is_empty()
    with tempfile.TemporaryDirectory(prefix="vawg-restore-") as work:
        staging = Path(work)
        progress("Reading the archive and checking every file against its manifest…")
        manifest, seen = _stage(archive, staging)
        problems = _archive_problems(manifest, seen)
        if problems:
            _raise_problems(
                "The archive does not match its manifest, so nothing was restored:",
                problems,
                "The archive was changed or damaged after it was made; use another copy.",
            )
        archived_engine = manifest["database"]["engine"]
        if archived_engine != engine:
            raise BackupError(
                f"The archive holds a {archived_engine} database and DATABASE_URL names a "
                f"{engine} one; restore it into a {archived_engine} database."
            )
        plan = _file_plan(manifest)
        if replace_database:
            progress(f"Dropping every table in the {database_description()}…")
            _drop_every_table()
        progress(f"Restoring the {database_description()}…")
        staged_database = staging / manifest["database"]["member"]
        if engine == "postgresql":
            _restore_postgresql(staged_database, manifest)
        else:
            _restore_sqlite(staged_database)
        progress("Restoring files…")
        result = RestoreResult(manifest=manifest)
        for entry, destination, already_there in plan:
            prefix = entry["path"].split("/", 1)[0]
            result.files_by_prefix[prefix] = result.files_by_prefix.get(prefix, 0) + 1
            result.bytes_by_prefix[prefix] = result.bytes_by_prefix.get(prefix, 0) + entry["size"]
            if already_there:
                result.files_already_there += 1
                continue
            with open(staging / entry["path"], "rb") as staged:
                saved = destination.storage.save(destination.name, File(staged))
            if saved != destination.name:
                raise BackupError(
                    f"{destination} was stored as {saved}: another file took its name."
                )
            result.files_written += 1
    progress("Checking rows and files against the manifest…")
    problems = _verify(manifest, plan)
    if problems:
        _raise_problems(
            "The restored data does not match the manifest:",
            problems,
            "Do not use this database until the difference is understood.",
        )
    result.tables = len(manifest["database"]["tables"])
    result.rows = sum(manifest["database"]["tables"].values())
    result.pending_migrations, result.unknown_migrations = _migration_drift(manifest)
    return result
