"""
import_plan from the shell: a file with problems saves nothing and names each problem by
sheet, row and column with what is allowed; a clean one saves through the models (history,
progress updates) and says what it did; unknown leads and partners are created only when
asked.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partners.models import OrganisationKind, PartnerOrganisation
from plans.models import Action, IndicatorValue, LeadSpecialist, Milestone, ProgressUpdate, Status

from .workbooks import action, xlsx

pytestmark = pytest.mark.django_db


def _run(tmp_path, data, *args, plan="The plan", user="sam.staff"):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(data)
    out = StringIO()
    options = ["--user", user] if user else []
    try:
        call_command("import_plan", str(path), "--plan", plan, *options, *args, stdout=out)
    except CommandError as error:
        return False, out.getvalue() + str(error)
    return True, out.getvalue()


TEN_KINDS = xlsx(
    actions=[
        action("1.1", Pledges="FP 6"),
        action("1.2", Outcomes="Happier cats"),
        action("1.3", Status="Going well"),
        action("1.4"),
        action("1.4"),
        action("1.5", Start=datetime.date(2026, 4, 1), Due=datetime.date(2026, 1, 1)),
        action("1.6", Percent=150),
        action("1.7", Status="At risk"),
        action("1.8", Title='=HYPERLINK("http://x")'),
        action("1.9", Description="Call the survivor on 07700 900123."),
    ],
    milestones=[
        {"Action reference": "9.9", "Title": "Launch", "Due": datetime.date(2026, 1, 1)},
        {"Action reference": "1.1", "Title": "Review", "Due": "12/31/2026"},
    ],
    indicator_values=[
        {"Indicator": "Happiness index", "Quarter": "2025/26 Q1", "Value": 4},
        {"Indicator": "Referrals to IDVAs", "Quarter": "2025/26 Q5", "Value": 4},
        {"Indicator": "Referrals to IDVAs", "Quarter": "2025/26 Q2", "Value": "lots"},
    ],
)


def test_a_workbook_with_one_error_of_each_kind_saves_nothing_and_names_each(
    world, staff, tmp_path
):
    saved, output = _run(tmp_path, TEN_KINDS)

    assert not saved
    expected = [
        "Actions, row 2, column Pledges: “FP 6” is not a pledge; the Five-point plan has "
        "pledges 1–5",
        "Actions, row 3, column Outcomes: “Happier cats” is not an outcome of the plan's "
        "strategy; the outcomes are: Fewer perpetrators; Safer victims",
        "Actions, row 4, column Status: “Going well” is not a status; one of: Not started, On "
        "track, At risk, Off track, Completed, Cancelled",
        "Actions, row 6, column Reference: “1.4” is also in row 5; each reference once",
        "Actions, row 7, column Due: 01/01/2026 is before the start, 01/04/2026",
        "Actions, row 8, column Percent: 150 is outside 0 to 100",
        "Actions, row 9, column Reason: is required when the status is At risk",
        'Actions, row 10, column Title: “=HYPERLINK("http://x")” is a formula',
        "Actions, row 11, column Description: This looks like it contains a phone number",
        "Milestones, row 2, column Action reference: “9.9” is not an action",
        "Milestones, row 3, column Due: “12/31/2026” reads month first (US order); write it "
        "day first, 31/12/2026, or as 2026-12-31",
        "Indicator values, row 2, column Indicator: “Happiness index” is not an indicator; "
        "the indicators are: Referrals to IDVAs",
        "Indicator values, row 3, column Quarter: “2025/26 Q5” is not a quarter",
        "Indicator values, row 4, column Value: “lots” is not a number",
    ]
    problems = [line for line in output.splitlines() if line.startswith("  problem: ")]
    assert len(problems) == len(expected)
    for line, problem in zip(problems, expected, strict=True):
        assert line.startswith(f"  problem: {problem}")
    assert f"{len(expected)} problems: nothing was saved." in output
    assert not Action.objects.exists()
    assert not Milestone.objects.exists()
    assert not IndicatorValue.objects.exists()


def test_a_clean_workbook_saves_actions_milestones_and_values_through_the_models(
    world, staff, tmp_path
):
    data = xlsx(
        actions=[
            action(
                "1.1",
                Pledges="FP 1; Five-point plan 3",
                Outcomes="1; Fewer perpetrators",
                **{"Focus area": "Support", "Forms of VAWG": "stalking"},
                **{"Delivery partners": "SafeLives (test)"},
            ),
            action("1.2", Status="Not started", Percent=0),
        ],
        milestones=[
            {
                "Action reference": "1.1",
                "Title": "Launch",
                "Due": "30/06/2025",
                "Done on": "2025-06-20",
            },
        ],
        indicator_values=[
            {
                "Indicator": "Referrals to IDVAs",
                "Quarter": "2025/26 Q1",
                "Value": 12.5,
                "Note": "From the IDVA service.",
            },
        ],
    )

    saved, output = _run(tmp_path, data)

    assert saved, output
    assert "Actions: 2 to create, 0 changed, 0 unchanged" in output
    first = Action.objects.get(reference="1.1")
    assert sorted(first.pledges.values_list("number", flat=True)) == [1, 3]
    assert sorted(first.outcomes.values_list("number", flat=True)) == [1, 2]
    assert first.focus_area.title == "Support"
    assert list(first.violence_forms.values_list("name", flat=True)) == ["Stalking"]
    assert list(first.delivery_partners.all()) == [world.partner]
    assert (first.status, first.percent_complete) == (Status.ON_TRACK, 10)
    update = first.progress_updates.get()
    assert (update.author, update.narrative) == (staff, "Recorded by a spreadsheet import.")
    created = first.history.get()  # one record, with the links as they were made
    assert (created.history_type, created.history_user) == ("+", staff)
    assert sorted(link.pledge.number for link in created.pledges.all()) == [1, 3]
    assert [link.partnerorganisation for link in created.delivery_partners.all()] == [world.partner]
    assert not Action.objects.get(reference="1.2").progress_updates.exists()
    milestone = first.milestones.get()
    assert (milestone.due_date, milestone.completed_on) == (
        datetime.date(2025, 6, 30),
        datetime.date(2025, 6, 20),
    )
    value = IndicatorValue.objects.get()
    assert (str(value.value), value.entered_by) == ("12.50", staff)


def test_an_edited_file_changes_the_action_and_records_progress_without_rewriting_any(
    world, staff, tmp_path
):
    _run(tmp_path, xlsx(actions=[action("1.1")]))
    first_update = ProgressUpdate.objects.get()

    saved, output = _run(
        tmp_path,
        xlsx(actions=[action("1.1", Title="Renamed", Status="At risk", Reason="No venue.")]),
    )

    assert saved, output
    assert "Actions: 0 to create, 1 changed, 0 unchanged" in output
    assert "1.1 Renamed (row 2): Title: Action 1.1 → Renamed" in output
    assert "Status: On track → At risk" in output
    action_ = Action.objects.get()
    assert (action_.title, action_.status) == ("Renamed", Status.AT_RISK)
    assert ProgressUpdate.objects.count() == 2
    assert ProgressUpdate.objects.get(pk=first_update.pk).status == Status.ON_TRACK
    assert ProgressUpdate.objects.latest("id").reason == "No venue."
    assert {record.history_user for record in action_.history.all()} == {staff}


def test_an_edited_milestone_is_changed_with_its_history_and_a_new_one_added(
    world, staff, tmp_path
):
    launch = {"Action reference": "1.1", "Title": "Launch", "Due": "30/06/2025"}
    _run(tmp_path, xlsx(actions=[action("1.1")], milestones=[launch]))

    moved = launch | {"Due": "31/07/2025", "Done on": "2025-07-20"}
    review = {"Action reference": "1.1", "Title": "Review", "Due": "31/12/2025"}
    saved, output = _run(tmp_path, xlsx(actions=[action("1.1")], milestones=[moved, review]))

    assert saved, output
    assert "Milestones: 1 to create, 1 changed, 0 unchanged" in output
    assert "1.1: Launch (row 2): Due: 30/06/2025 → 31/07/2025" in output
    milestone = Milestone.objects.get(title="Launch")
    assert (milestone.due_date, milestone.completed_on) == (
        datetime.date(2025, 7, 31),
        datetime.date(2025, 7, 20),
    )
    latest = milestone.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        staff,
        "Imported from a spreadsheet",
    )
    assert Milestone.objects.filter(title="Review").exists()


def test_unknown_leads_and_partners_are_listed_and_created_only_when_asked(world, staff, tmp_path):
    data = xlsx(
        actions=[action("1.1", **{"Lead specialist": "Nia New", "Delivery partners": "New Org"})]
    )

    saved, output = _run(tmp_path, data)

    assert not saved
    assert "Lead specialists not in the tracker: Nia New" in output
    assert "Partners not in the tracker: New Org" in output
    assert "Actions, row 2, column Lead specialist: “Nia New” is not a lead specialist" in output
    assert not LeadSpecialist.objects.filter(name="Nia New").exists()

    saved, output = _run(tmp_path, data, "--create-missing")

    assert saved, output
    action_ = Action.objects.get()
    assert action_.lead.name == "Nia New"
    assert action_.delivery_partners.get().kind == OrganisationKind.OTHER
    assert PartnerOrganisation.objects.filter(name="New Org").count() == 1


def test_a_new_plan_takes_the_newest_strategy_and_the_first_actions_lead(world, staff, tmp_path):
    saved, output = _run(tmp_path, xlsx(actions=[action("1.1")]), plan="A new plan")

    assert saved, output
    assert "Plan: A new plan (a new plan)" in output
    plan = Action.objects.get().plan
    assert (plan.title, plan.strategy, plan.lead) == ("A new plan", world.strategy, world.lead)


def test_saving_needs_a_user_but_a_dry_run_does_not(world, tmp_path):
    saved, output = _run(tmp_path, xlsx(actions=[action("1.1")]), user=None)
    assert not saved
    assert "Give --user USERNAME" in output

    saved, output = _run(tmp_path, xlsx(actions=[action("1.1")]), "--dry-run", user=None)
    assert saved, output
    assert not Action.objects.exists()


def test_a_file_that_cannot_be_read_is_refused_with_the_reason(world, staff, tmp_path):
    saved, output = _run(tmp_path, b"PK\x03\x04 not really a zip")
    assert not saved
    assert "cannot be opened" in output
