"""
An indicator with its recent values: its latest value, whether that is better than its
baseline, and its trend chart.

The one computation behind every page and report that shows indicators (the dashboard,
the outcome page, the indicator and action pages, the quarterly PDF), so they cannot
disagree about an indicator.
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from . import charts
from .models import Direction, IndicatorValue

TREND_QUARTERS = 8


@dataclass
class IndicatorCard:
    """An indicator with its recent values: where it stands against its baseline."""

    indicator: object  # Indicator
    values: list  # IndicatorValue, oldest first, up to the quarter
    chart: str = ""

    @property
    def latest(self):
        return self.values[-1] if self.values else None

    @property
    def better_than_baseline(self):
        if self.latest is None or self.indicator.baseline_value is None:
            return None
        return self.indicator.is_better(self.latest.value, self.indicator.baseline_value)

    @property
    def points(self):
        """(quarter label, value) for each value, oldest first."""
        return [(str(value.period), value.value) for value in self.values]

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
        )


def indicator_cards(indicators, quarter, *, limit=None):
    """
    An IndicatorCard for each of ``indicators`` (a queryset), by name, with its last
    TREND_QUARTERS values up to the quarter: two queries.
    """
    values = IndicatorValue.objects.latest_per_indicator(TREND_QUARTERS, quarter)
    indicators = indicators.order_by("name").prefetch_related(
        Prefetch("values", queryset=values, to_attr="values_so_far")
    )[:limit]
    return [IndicatorCard(indicator, indicator.values_so_far) for indicator in indicators]
