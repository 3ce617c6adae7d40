"""
The shape of the code (README, "Architecture"): imports between apps run one way, as the
contracts in .importlinter say, and no app grows to hold most of the application.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["vawg_tracker", "pledges", "partners", "plans", "activities", "rounds", "reports"]
APPS += ["publication", "demo", "public", "api", "funding", "onboarding", "risks"]
APPS += ["recommendations"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(where):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=where,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_every_import_between_apps_runs_the_way_the_contracts_say():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


@pytest.fixture
def copy_of_the_code(tmp_path):
    for name in [*APPS, ".importlinter"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize(
    ("module", "wrong_way"),
    [
        ("partners/models.py", "from plans.models import Action"),
        ("plans/models.py", "from activities.models import Activity"),
        ("activities/models.py", "from rounds.models import Reminder"),
        ("reports/models.py", "from rounds.models import Reminder"),
        ("pledges/models.py", "from partners.models import PartnerOrganisation"),
        ("vawg_tracker/quarters.py", "from plans.models import Action"),
    ],
)
def test_an_import_the_wrong_way_fails_and_is_named(copy_of_the_code, module, wrong_way):
    path = copy_of_the_code / module
    path.write_text(path.read_text() + f"\n{wrong_way}  # the wrong way\n")
    result = lint_imports(copy_of_the_code)
    assert result.returncode == 1
    importer = module.removesuffix(".py").replace("/", ".")
    imported = wrong_way.split()[1]
    assert f"{importer} -> {imported}" in result.stdout


def _lines(app):
    return sum(
        len(path.read_text().splitlines())
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    )


def test_no_app_holds_more_than_two_fifths_of_the_application_code():
    lines = {app: _lines(app) for app in APPS}
    total = sum(lines.values())
    shares = {app: round(100 * count / total, 1) for app, count in lines.items()}
    assert max(shares.values()) <= 40, shares
