"""
Moving the stored files between the folders under var/ and the object store
(`manage.py move_files --to s3|filesystem`; settings.FILE_STORES names both places).

Each file is copied, the copy's SHA-256 checked against the original's, and only then is
the original deleted. A file already at the destination with the same SHA-256 is not
copied again (its original is deleted), so a run cut short is finished by running it
again, and a finished run moves nothing more. A file at the destination that differs is
left where both are, and reported.
"""

from collections import Counter

from django.conf import settings
from django.core.files.storage import storages

from vawg_tracker.backups.archive import BackupError, stored_files, stored_sha256

# The named storages whose files move (``default`` is the evidence storage's place).
MOVED = ("evidence", "reports", "backups")
PLACES = ("s3", "filesystem")


def places(to):
    """(source, destination): the STORAGES entries of each place, from settings.FILE_STORES."""
    if to not in PLACES:
        raise BackupError(f"--to must be one of {', '.join(PLACES)}, not {to!r}.")
    if settings.FILE_STORES.get("s3") is None:
        raise BackupError(
            "No object store is configured: set AWS_STORAGE_BUCKET_NAME (and the other "
            "AWS_* variables in the README's Configuration) first."
        )
    other = "filesystem" if to == "s3" else "s3"
    return settings.FILE_STORES[other], settings.FILE_STORES[to]


def move_one(source, destination, name, *, keep=False):
    """Move one file; returns what happened: moved, already there, or differs."""
    sha256 = stored_sha256(source, name)
    if destination.exists(name):
        if stored_sha256(destination, name) != sha256:
            return "differs"
        outcome = "already there"
    else:
        with source.open(name, "rb") as content:
            saved = destination.save(name, content)
        if saved != name or stored_sha256(destination, saved) != sha256:
            destination.delete(saved)
            raise BackupError(f"{name}: the copy's SHA-256 does not match; the original is kept.")
        outcome = "moved"
    if not keep:
        source.delete(name)
    return outcome


def move_files(to, *, keep=False, progress=lambda message: None):
    """Move every stored file to ``to``; returns {storage name: Counter of outcomes}."""
    source_config, destination_config = places(to)
    counts = {}
    for alias in MOVED:
        source = storages.create_storage(source_config[alias])
        destination = storages.create_storage(destination_config[alias])
        names, _ = stored_files(source)
        counts[alias] = Counter()
        for name in names:
            outcome = move_one(source, destination, name, keep=keep)
            counts[alias][outcome] += 1
            if outcome == "differs":
                progress(f"{alias}: {name} differs at the destination: left in both places")
    return counts
