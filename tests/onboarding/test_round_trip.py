"""
export_plan writes a plan in the template's shape, and import_plan of that file as a new
plan gives the same plan: actions, pledge links, outcomes, forms of VAWG, leads, partners,
milestones and statuses, compared field by field. Importing the same file again changes
nothing.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from demo.demo_data import PLAN, load_demo_data
from plans.models import Action, ActionPlan, Milestone, ProgressUpdate

pytestmark = pytest.mark.django_db

NEW_PLAN = "Imported plan"


def _import(path, *args):
    out = StringIO()
    call_command("import_plan", str(path), "--plan", NEW_PLAN, "--user", "staff", *args, stdout=out)
    return out.getvalue()


def _plan_as_compared(plan):
    """Each action's fields and links (by name), with its milestones, keyed by reference."""
    actions = plan.actions.prefetch_related(
        "pledges__pledge_set", "outcomes", "violence_forms", "delivery_partners", "milestones"
    ).select_related("focus_area", "lead")
    return {
        action.reference: {
            "title": action.title,
            "description": action.description,
            "pledges": sorted((p.pledge_set.title, p.number) for p in action.pledges.all()),
            "focus_area": action.focus_area and action.focus_area.title,
            "outcomes": sorted(o.title for o in action.outcomes.all()),
            "forms": sorted(f.name for f in action.violence_forms.all()),
            "lead": action.lead.name,
            "partners": sorted(p.name for p in action.delivery_partners.all()),
            "start": action.start_date,
            "due": action.due_date,
            "status": action.status,
            "percent": action.percent_complete,
            "milestones": sorted(
                (m.title, m.due_date, m.completed_on) for m in action.milestones.all()
            ),
        }
        for action in actions
    }


@pytest.fixture
def demo_plan():
    load_demo_data()
    return ActionPlan.objects.get(title=PLAN["title"])


def test_the_demo_plan_exported_and_imported_as_a_new_plan_is_the_same_plan(demo_plan, tmp_path):
    path = tmp_path / "plan.xlsx"
    call_command("export_plan", str(demo_plan.pk), str(path), stdout=StringIO())

    output = _import(path)

    imported = ActionPlan.objects.get(title=NEW_PLAN)
    original = _plan_as_compared(demo_plan)
    assert len(original) == demo_plan.actions.count() > 10
    assert _plan_as_compared(imported) == original
    assert imported.strategy == demo_plan.strategy
    assert f"Actions: {len(original)} to create, 0 changed, 0 unchanged" in output


def test_importing_the_same_file_again_changes_nothing(demo_plan, tmp_path):
    path = tmp_path / "plan.xlsx"
    call_command("export_plan", str(demo_plan.pk), str(path), stdout=StringIO())
    _import(path)
    counts = (
        Action.objects.count(),
        Milestone.objects.count(),
        ProgressUpdate.objects.count(),
        Action.history.count(),
        Milestone.history.count(),
    )

    output = _import(path)

    assert "0 to create, 0 changed" in output
    assert "Saved: nothing to change." in output
    assert (
        Action.objects.count(),
        Milestone.objects.count(),
        ProgressUpdate.objects.count(),
        Action.history.count(),
        Milestone.history.count(),
    ) == counts


def test_the_demo_plan_exported_imports_into_itself_unchanged(demo_plan, tmp_path):
    path = tmp_path / "plan.xlsx"
    call_command("export_plan", str(demo_plan.pk), str(path), stdout=StringIO())
    updates = ProgressUpdate.objects.count()

    out = StringIO()
    call_command("import_plan", str(path), "--plan", demo_plan.title, "--user", "staff", stdout=out)

    assert f"0 to create, 0 changed, {demo_plan.actions.count()} unchanged" in out.getvalue()
    assert ProgressUpdate.objects.count() == updates


def test_the_actions_sheet_as_csv_imports_too(demo_plan, tmp_path):
    path = tmp_path / "actions.csv"
    call_command("export_plan", str(demo_plan.pk), str(path), stdout=StringIO())

    _import(path)

    imported = _plan_as_compared(ActionPlan.objects.get(title=NEW_PLAN))
    original = _plan_as_compared(demo_plan)
    for compared in (imported, original):
        for action in compared.values():
            action.pop("milestones")  # the CSV holds the Actions sheet only
    assert imported == original


def test_a_dry_run_saves_nothing(demo_plan, tmp_path):
    path = tmp_path / "plan.xlsx"
    call_command("export_plan", str(demo_plan.pk), str(path), stdout=StringIO())

    output = _import(path, "--dry-run")

    assert "Dry run: no problems; nothing was saved." in output
    assert not ActionPlan.objects.filter(title=NEW_PLAN).exists()


def test_export_of_a_plan_that_does_not_exist_is_refused(tmp_path):
    with pytest.raises(CommandError, match="There is no action plan 999"):
        call_command("export_plan", "999", str(tmp_path / "x.xlsx"))
