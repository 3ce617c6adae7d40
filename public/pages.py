"""
What the public site shows of a publication: read from its frozen snapshot only, never
from the live records (publication.snapshot decides what may be public), arranged as the
public PDF is (publication.published), with the site's own charts.

Each pledge, outcome, action and indicator of a publication has its own page, found by
its key in the snapshot, so an address stays the same for as long as the publication is
live, and the next quarter's page of the same thing differs only by its quarter.
"""

from decimal import Decimal

from plans.charts import status_bar, status_table, trend_chart
from publication.published import PublishedQuarter, status_counts
from vawg_tracker.quarters import Quarter


def _chart(actions, label, chart_id):
    # A fixed chart id (not a random one): the same publication renders the same page,
    # byte for byte, so its ETag holds.
    counts = status_counts(actions)
    return status_bar(counts, label=label, chart_id=chart_id) + status_table(counts, caption=label)


class PublishedPlan(PublishedQuarter):
    """One plan's publication, arranged for its public pages."""

    @property
    def fragment_key(self):
        """Names this publication's drawn HTML in the cache: a publication never changes,
        and a new one (even reusing an id, as a test database may) is published later."""
        return f"{self.publication.pk}-{self.publication.published_at.timestamp()}"

    def status_chart(self):
        label = f"Where the actions stood at the end of {self.metadata['quarter']}"
        return _chart(self.actions, label, f"status-{self.publication.plan_id}")

    def actions_chart(self, actions, label):
        return _chart(actions, label, "status")


def indicator_trend(indicator):
    """An indicator's trend chart, from the snapshot (its page has the table of numbers)."""
    value_of = {v["quarter"]: Decimal(v["value"]) for v in indicator["values"]}
    # Publications before targets by quarter have no trajectory.
    target_of = {t["quarter"]: Decimal(t["target"]) for t in indicator.get("trajectory", [])}
    # The quarters with a value, and those with a target from the first value's on.
    first = Quarter.parse(indicator["values"][0]["quarter"]) if indicator["values"] else None
    later = [q for q in target_of if first is None or Quarter.parse(q) >= first]
    quarters = sorted({*value_of, *later}, key=Quarter.parse)
    return trend_chart(
        [(q, value_of.get(q)) for q in quarters],
        label=indicator["name"],
        unit=indicator["unit"],
        baseline=Decimal(indicator["baseline"]) if indicator["baseline"] else None,
        target=Decimal(indicator["target"]) if indicator["target"] else None,
        trajectory=[(q, target_of.get(q)) for q in quarters],
        provisional={v["quarter"] for v in indicator["values"] if v.get("provisional")},
        better=indicator["direction"],
        chart_id="trend",
    )
