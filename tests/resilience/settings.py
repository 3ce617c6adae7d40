"""
The processes the fault tests start run the production settings with the same two
shortcuts as the rest of the suite (tests/conftest.py): fast password hashing, and static
files named as they are (no collectstatic, whose compression takes a minute here). Neither
is what these tests are about.
"""

from vawg_tracker.settings import *  # noqa: F403
from vawg_tracker.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
