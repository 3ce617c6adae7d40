"""
The test suite's settings: the project's own, read with DEBUG on by default, so that the
development defaults apply (plain http, a development secret key, two-factor off unless a
test turns it on). pytest-django still runs every test with ``settings.DEBUG = False``.
Processes that tests start (tests/commands.py) get only the environment the test gives.
"""

import os

_unset = "DEBUG" not in os.environ
os.environ.setdefault("DEBUG", "1")
try:
    from vawg_tracker.settings import *  # noqa: F403
finally:
    if _unset:
        del os.environ["DEBUG"]

# The suite makes many API requests as the same few people (their ids repeat from test to
# test, and the throttle counts in the cache): the throttle has its own test
# (tests/api/test_tokens.py), which sets a low rate.
API_THROTTLE_RATE = "100000/hour"
