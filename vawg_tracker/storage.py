"""
Where stored files live: four named storages in settings.STORAGES, the local filesystem
under var/ by default, or an S3-compatible object store when AWS_STORAGE_BUCKET_NAME is set.

- ``evidence``: the partners' evidence files (MEDIA_ROOT; the store's ``media/``);
  ``default`` is the same place.
- ``reports``: the PDF reports and public PDFs (REPORTS_ROOT; the store's ``reports/``).
- ``backups``: the archives ``manage.py backup`` writes (BACKUP_DIR; ``backups/``).

Code reaches a storage through ``storages[name]`` (or a model field's storage, one of the
lazy ``named()`` storages below), never through a path on disk, so the same code runs on
either. Nothing stored is public: downloads go through views that check who is asking.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

# Each named storage, and the folder of the backup archive its files go under.
ARCHIVE_PREFIX = {"evidence": "media", "reports": "reports"}


class FolderStorage(FileSystemStorage):
    """A folder named by a setting, read at each use (tests move it)."""

    setting = None

    @property
    def base_location(self):
        if self._location is not None:
            return str(self._location)
        return str(getattr(settings, self.setting))

    @property
    def location(self):
        return os.path.abspath(self.base_location)


class ReportsFolder(FolderStorage):
    setting = "REPORTS_ROOT"


class BackupsFolder(FolderStorage):
    """Archives hold OFFICIAL-SENSITIVE data: readable by their owner only."""

    setting = "BACKUP_DIR"

    def __init__(self, **options):
        super().__init__(file_permissions_mode=0o600, directory_permissions_mode=0o700, **options)

    def _save(self, name, content):
        """Written under a temporary name, then renamed: an archive whose copy was cut short
        is never found under an archive's name."""
        partial = super()._save(f"{name}.partial", content)
        os.replace(self.path(partial), self.path(name))
        return name


class NamedStorage(LazyObject):
    """storages[alias], looked up when first used and again after STORAGES changes."""

    _instances = []

    def __init__(self, alias):
        self.__dict__["alias"] = alias
        super().__init__()
        NamedStorage._instances.append(self)

    def _setup(self):
        self._wrapped = storages[self.alias]


_named = {}


def named(alias):
    """The lazy storage of one name (the same object each time)."""
    if alias not in _named:
        _named[alias] = NamedStorage(alias)
    return _named[alias]


def evidence_storage():
    return named("evidence")


def backups_storage():
    return named("backups")


def local_folder(storage):
    """The folder a filesystem storage keeps its files in, or None (an object store)."""
    if isinstance(storage, FileSystemStorage):
        return storage.location
    return None


@receiver(setting_changed)
def _forget_storages(*, setting, **kwargs):
    # Django's own receiver resets `storages` when STORAGES changes; ours follow it.
    if setting == "STORAGES":
        for storage in NamedStorage._instances:
            storage._wrapped = empty
