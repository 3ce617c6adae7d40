"""
Rules about the code itself, read from the source: permission names come from one place,
and views fetch objects through their app's access helpers.
"""

import ast
from pathlib import Path

from vawg_tracker.accounts.capabilities import Can
from vawg_tracker.accounts.models import Capability

ROOT = Path(__file__).resolve().parent.parent
NOT_OURS = {".venv", "var", "tests", "node_modules", "static", "templates"}


def _our_modules():
    """Every Python module of the project but its tests and its migrations (history)."""
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in NOT_OURS or "migrations" in parts or parts[0].startswith("."):
            continue
        yield path


def _where(path, node):
    return f"{path.relative_to(ROOT)}:{node.lineno}"


# --- Permission names ------------------------------------------------------------------------


def test_can_names_every_capability_and_nothing_else():
    codenames = {f"accounts.{codename}" for codename, _ in Capability._meta.permissions}
    assert {can.value for can in Can} == codenames


def test_no_module_spells_a_permission_name_itself():
    """``@requires(Can.VIEW_REPORTS)``, never ``@requires("accounts.view_reports")``."""
    names = {can.value for can in Can}
    home = ROOT / "vawg_tracker" / "accounts" / "capabilities.py"
    spelled = [
        f"{_where(path, node)} {node.value!r}"
        for path in _our_modules()
        if path != home
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path)))
        if isinstance(node, ast.Constant) and node.value in names
    ]
    assert spelled == [], "name these permissions with Can (accounts/capabilities.py)"
