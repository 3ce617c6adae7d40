"""
The production settings on loopback, shared by the load test (bench/load/run.py) and the
fault tests (tests/resilience): DEBUG off, a fresh secret key, plain http on 127.0.0.1,
and every stored file in a folder of the run's own.
"""

import os
import secrets


def production_env(folder, **overrides):
    """The environment for every process of one run, with ``overrides`` on top."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain http on loopback: no TLS redirect, cookies not https-only.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        # No burst of report renders when a worker starts: the runs measure what they do.
        "CATCH_UP_ON_START": "0",
        "VAR_DIR": str(folder / "var"),
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "REPORTS_ROOT": str(folder / "reports"),
        **overrides,
    }
