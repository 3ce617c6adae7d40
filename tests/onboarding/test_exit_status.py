"""
As an operator runs them, in a process of their own: import_plan exits 0 when it would
save (--dry-run) or saved, and 1, naming each problem, when the file has any.
"""

from onboarding.columns import ACTIONS
from tests.commands import manage

from .workbooks import action, csv_bytes


def test_import_plan_exits_0_when_it_saves_and_1_with_the_problems_when_not(tmp_path):
    env = {"DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}

    def run(*args):
        return manage(*args, tmp_path=tmp_path, **env)

    assert run("migrate", "-v0").returncode == 0
    assert run("seed_demo").returncode == 0
    plan = tmp_path / "plan.xlsx"
    assert run("export_plan", "1", str(plan)).returncode == 0

    dry = run("import_plan", str(plan), "--plan", "Copy", "--dry-run")
    saved = run("import_plan", str(plan), "--plan", "Copy", "--user", "staff")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(ACTIONS, [action("1.1", Pledges="FP 6", Percent=101)]))
    refused = run("import_plan", str(bad), "--plan", "Copy", "--user", "staff")

    assert (dry.returncode, saved.returncode) == (0, 0), dry.stderr + saved.stderr
    assert "Dry run: no problems; nothing was saved." in dry.stdout
    assert "Saved: " in saved.stdout
    assert refused.returncode == 1
    assert "Actions, row 2, column Pledges: “FP 6” is not a pledge" in refused.stdout
    assert "Actions, row 2, column Percent: 101 is outside 0 to 100" in refused.stdout
    assert "problems: nothing was saved." in refused.stderr
