"""
An indicator with its recent values: its latest value, whether that is better than its
baseline, its RAG against the quarter's target, and its trend chart.

The one computation behind every page and report that shows indicators (the dashboard,
the outcome page, the indicator and action pages, the quarterly PDF), so they cannot
disagree about an indicator.
"""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Prefetch

from . import charts
from .models import Direction, IndicatorTarget, IndicatorValue

TREND_QUARTERS = 8


class Rag(models.TextChoices):
    GREEN = "green", "On target"
    AMBER = "amber", "Within tolerance"
    RED = "red", "Off target"
    NONE = "none", "No target for this quarter"


@dataclass(frozen=True)
class AgainstTarget:
    """A value judged against its quarter's target: a RAG status and its words."""

    status: Rag
    provisional: bool = False

    @property
    def words(self):
        return self.status.label

    def __str__(self):
        return f"{self.words} (provisional)" if self.provisional else self.words


def rag_against_target(value, target, tolerance, direction, provisional=False):
    """
    How ``value`` stands against ``target``: green at or beyond it (on the better side for
    ``direction``), amber when short of it by no more than ``tolerance`` (in the indicator's
    unit), red when further off; no status without both a value and a target. A
    provisional value gets its status all the same, marked provisional.
    """
    if value is None or target is None:
        return AgainstTarget(Rag.NONE, provisional=bool(provisional and value is not None))
    shortfall = target - value if direction == Direction.HIGHER_IS_BETTER else value - target
    if shortfall <= 0:
        status = Rag.GREEN
    elif shortfall <= (tolerance or 0):
        status = Rag.AMBER
    else:
        status = Rag.RED
    return AgainstTarget(status, provisional=provisional)


@dataclass
class IndicatorCard:
    """An indicator with its recent values: where it stands against its baseline."""

    indicator: object  # Indicator
    values: list  # IndicatorValue, oldest first, up to the quarter
    chart: str = ""
    targets: list = field(default_factory=list)  # IndicatorTarget, any order

    @property
    def latest(self):
        return self.values[-1] if self.values else None

    @property
    def target_of(self):
        """Each quarter's target value."""
        return {target.quarter: target.value for target in self.targets}

    @property
    def target(self):
        """The target for the latest value's quarter, if there is one."""
        return self.target_of.get(self.latest.period) if self.latest else None

    @property
    def against_target(self):
        """The latest value's RAG against its quarter's target."""
        latest = self.latest
        return rag_against_target(
            latest.value if latest else None,
            self.target,
            self.indicator.tolerance,
            self.indicator.direction,
            provisional=latest.provisional if latest else False,
        )

    @property
    def better_than_baseline(self):
        if self.latest is None or self.indicator.baseline_value is None:
            return None
        return self.indicator.is_better(self.latest.value, self.indicator.baseline_value)

    @property
    def quarters(self):
        """The quarters to draw: those with a value, and those with a target from the first
        value's quarter on (all of them if there is no value yet)."""
        found = {value.period for value in self.values}
        first = min(found) if found else None
        found |= {quarter for quarter in self.target_of if first is None or quarter >= first}
        return sorted(found)

    @property
    def points(self):
        """(quarter label, value or None) for each quarter, oldest first."""
        value_of = {value.period: value.value for value in self.values}
        return [(str(quarter), value_of.get(quarter)) for quarter in self.quarters]

    @property
    def trajectory(self):
        """(quarter label, target or None) for each quarter, oldest first."""
        target_of = self.target_of
        return [(str(quarter), target_of.get(quarter)) for quarter in self.quarters]

    @property
    def provisional_quarters(self):
        return {str(value.period) for value in self.values if value.provisional}

    def trend(self, *, compact=False):
        """The trend chart of the values (a sparkline if ``compact``), against baseline and
        target, the better direction marked."""
        indicator = self.indicator
        better = "higher" if indicator.direction == Direction.HIGHER_IS_BETTER else "lower"
        return charts.trend_chart(
            self.points,
            label=indicator.name,
            unit=indicator.unit,
            baseline=indicator.baseline_value,
            target=indicator.target_value,
            trajectory=self.trajectory,
            provisional=self.provisional_quarters,
            better=better,
            compact=compact,
        )

    def trend_table(self):
        """The values as a table: the trend chart's text alternative."""
        indicator = self.indicator
        return charts.trend_table(
            self.points,
            label=indicator.name,
            unit=indicator.unit,
            baseline=indicator.baseline_value,
            target=indicator.target_value,
            trajectory=self.trajectory,
            provisional=self.provisional_quarters,
        )


def indicator_cards(indicators, quarter, *, limit=None):
    """
    An IndicatorCard for each of ``indicators`` (a queryset), by name, with its last
    TREND_QUARTERS values up to the quarter and its targets up to the quarter: three
    queries.
    """
    values = IndicatorValue.objects.latest_per_indicator(TREND_QUARTERS, quarter)
    targets = IndicatorTarget.objects.filter(quarter__lte=quarter)
    indicators = indicators.order_by("name").prefetch_related(
        Prefetch("values", queryset=values, to_attr="values_so_far"),
        Prefetch("targets", queryset=targets, to_attr="targets_so_far"),
    )[:limit]
    return [
        IndicatorCard(indicator, indicator.values_so_far, targets=indicator.targets_so_far)
        for indicator in indicators
    ]
