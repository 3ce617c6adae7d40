"""
Make this process import only what production installs: ``requirements.txt``.

The benchmarks run in the development virtualenv, which also holds the test tools
(``requirements-dev.txt``). Some libraries import an optional package when they find it:
Django REST framework imports ``requests`` (18 MB, there only because moto needs it) and
``pygments``. A production process (the Dockerfile installs ``requirements.txt``) has
neither, so a benchmark measuring a process's memory refuses them too, as ImportError,
which is what those libraries expect of a missing package.
"""

import importlib.abc
import importlib.metadata
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _normal(name):
    return re.sub(r"[-_.]+", "-", name).lower()


PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*==")


def pins(path=ROOT / "requirements.txt"):
    """Each distribution the requirements file at ``path`` pins (its normalised name), with
    the extras it asks for: {"celery": {"redis"}, ...}."""
    found = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line.split("#")[0])
        if match:
            name, extras = match.groups()
            found[_normal(name)] = {e.strip() for e in (extras or "").split(",") if e.strip()}
    return found


def production_distributions():
    """The distributions ``requirements.txt`` pins."""
    return set(pins())


def development_only_modules():
    """Top-level modules that come only from distributions production does not install."""
    production = production_distributions()
    return {
        module
        for module, distributions in importlib.metadata.packages_distributions().items()
        if not {_normal(name) for name in distributions} & production
    }


class _Refuse(importlib.abc.MetaPathFinder):
    def __init__(self, modules):
        self.modules = modules

    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0] in self.modules:
            raise ModuleNotFoundError(f"No module named {fullname!r} (not in production)")
        return None


def only_production_packages():
    """From now on, importing a development-only package fails as if it were absent."""
    # Skipping what is already imported: setuptools' _distutils_hack, loaded by a .pth file.
    sys.meta_path.insert(0, _Refuse(development_only_modules() - set(sys.modules)))
