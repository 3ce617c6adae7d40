"""
Two tokens made at the same moment by one person with one place left (two tabs, or a
script): one is made and the other refused, never both. ApiToken.issue locks the person's
user row while it counts their live tokens and adds the new one. On PostgreSQL the two
would otherwise overlap (each counts before either adds); SQLite runs one write
transaction at a time (its test database refuses a second writer outright), so there the
two run one after the other, and the outcome must be the same.
"""

import contextlib
import threading

import pytest
from django.db import connection

from api import models
from api.models import ApiToken, TooManyTokens

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_tokens_made_at_once_never_pass_the_limit(staff, settings, monkeypatch):
    overlapping = connection.vendor == "postgresql"
    settings.API_MAX_TOKENS_PER_USER = 2
    ApiToken.issue(staff, "one")
    # Each making waits here, having counted and not yet added, for the other to have
    # counted too; for a second at most, since with the row locked the other cannot count.
    both_counted = threading.Barrier(2, timeout=1)
    new_secret = models.new_secret

    def secret_once_both_counted():
        # Broken: the other is waiting for the lock (or has been refused).
        with contextlib.suppress(threading.BrokenBarrierError):
            both_counted.wait()
        return new_secret()

    if overlapping:
        monkeypatch.setattr(models, "new_secret", secret_once_both_counted)
    outcomes = []

    def make(name):
        try:
            ApiToken.issue(staff, name)
            outcomes.append("made")
        except TooManyTokens:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=make, args=[name]) for name in ("two", "three")]
    for thread in threads:
        thread.start()
        if not overlapping:  # SQLite's test database refuses a second writer at once
            thread.join()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["made", "refused"]
    assert ApiToken.objects.filter(user=staff).live().count() == 2
