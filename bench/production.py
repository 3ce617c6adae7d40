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


def production_distributions():
    """The distributions ``requirements.txt`` pins."""
    names = set()
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        requirement = line.split("#")[0].strip()
        if "==" in requirement:
            names.add(_normal(requirement.split("==")[0].split("[")[0]))
    return names


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
