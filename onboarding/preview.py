"""
What a filled template would do: ``preview_plan()`` and ``preview_indicator_values()`` read
a file (onboarding.reading) and check it (onboarding.checking), saying what it would
create, change and leave as it is, and every problem by sheet, row and column;
``Preview.apply()`` saves it all in one transaction (onboarding.saving), or nothing when
there is a problem.
"""

from dataclasses import dataclass, field

from django.db import transaction

from plans.models import ActionPlan

from .checking import Changes, Checker
from .columns import ACTIONS, INDICATOR_VALUES, MILESTONES, SHEETS
from .reading import Problem, read
from .saving import Saver, recorded_as


class NotReady(Exception):
    """apply() was called on a preview with problems: nothing was saved."""


@dataclass
class Preview:
    """What a file would create, change and leave as it is in each sheet, the names the
    tracker lacks, and every problem: nothing is saved while there is one."""

    plan: ActionPlan | None = None
    plan_title: str = ""
    strategy: object = None
    actions: Changes = field(default_factory=Changes)
    milestones: Changes = field(default_factory=Changes)
    indicator_values: Changes = field(default_factory=Changes)
    missing_leads: list = field(default_factory=list)
    missing_partners: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    # Unknown lead specialists and partners: problems unless they are to be created.
    missing: list = field(default_factory=list)
    plan_lead: str = ""  # a new plan's lead specialist: the first action's

    def errors(self, create_missing=False):
        """Every problem, in the order of the sheets, their rows and their columns."""
        problems = self.problems + ([] if create_missing else self.missing)
        return sorted(problems, key=_problem_order)

    def refusal(self, create_missing=False):
        count = len(self.errors(create_missing))
        return f"{count} problem{'' if count == 1 else 's'}: nothing was saved."

    def summary_lines(self):
        lines = []
        if self.plan_title:
            what = "an existing plan" if self.plan else "a new plan"
            lines.append(f"Plan: {self.plan_title} ({what})")
        for name, changes in (
            ("Actions", self.actions),
            ("Milestones", self.milestones),
            ("Indicator values", self.indicator_values),
        ):
            lines.append(f"{name}: {changes.summary()}")
        if self.missing_leads:
            lines.append("Lead specialists not in the tracker: " + "; ".join(self.missing_leads))
        if self.missing_partners:
            lines.append("Partners not in the tracker: " + "; ".join(self.missing_partners))
        return lines

    def change_lines(self):
        for changes in (self.actions, self.milestones, self.indicator_values):
            for item in changes.changed:
                for column, (old, new) in item.diff.items():
                    yield f"{item.label} (row {item.row}): {column}: {old or '–'} → {new or '–'}"

    @transaction.atomic
    def apply(self, *, by, create_missing=False):
        """Save everything the preview shows, or raise NotReady and save nothing."""
        if self.errors(create_missing):
            raise NotReady(self.refusal(create_missing))
        saver = Saver(self, by)
        with recorded_as(by):
            saver.create_missing()
            if self.plan_title:
                saver.save_actions()
                saver.save_milestones()
            saver.save_indicator_values()
        return saver.counts


def preview_plan(data, *, plan=None, title="", strategy=None):
    """The preview of ``data`` (bytes: the workbook, or a CSV of one of its sheets) for
    ``plan``, or for a new plan called ``title`` under ``strategy``."""
    strategy = plan.strategy if plan else strategy
    reading = read(data, (ACTIONS, MILESTONES, INDICATOR_VALUES))
    preview = Preview(plan=plan, plan_title=plan.title if plan else title, strategy=strategy)
    preview.problems += reading.problems
    checker = Checker(preview, strategy)
    checker.check_actions(reading.rows(ACTIONS))
    checker.check_milestones(reading.rows(MILESTONES))
    checker.check_indicator_values(reading.rows(INDICATOR_VALUES))
    if plan is None and not preview.plan_lead and not preview.problems:
        preview.problems.append(
            Problem(ACTIONS.name, 1, "", "a new plan needs at least one action")
        )
    return preview


def preview_indicator_values(data):
    reading = read(data, (INDICATOR_VALUES,))
    preview = Preview()
    preview.problems += reading.problems
    if INDICATOR_VALUES.name not in reading.tables:
        preview.problems.append(
            Problem(INDICATOR_VALUES.name, 1, "", "the file has no “Indicator values” sheet")
        )
    Checker(preview, None).check_indicator_values(reading.rows(INDICATOR_VALUES))
    return preview


def _problem_order(problem):
    sheets = [sheet.name for sheet in SHEETS]
    sheet = sheets.index(problem.sheet) if problem.sheet in sheets else len(sheets)
    headers = [column.name for column in SHEETS[sheet].columns] if sheet < len(sheets) else []
    column = headers.index(problem.column) if problem.column in headers else len(headers)
    return sheet, problem.row, column
