"""
What the public site shows of a publication: read from its frozen snapshot only, never
from the live records (publication.snapshot decides what may be public).
"""

from dataclasses import dataclass
from functools import cached_property

from plans.charts import status_bar, status_table


@dataclass
class PublishedPlan:
    """One plan's current publication, arranged for its public page."""

    publication: object  # publication.models.Publication

    @property
    def snapshot(self):
        return self.publication.snapshot

    @property
    def metadata(self):
        return self.snapshot["metadata"]

    @property
    def actions(self):
        return self.snapshot["actions"]

    @cached_property
    def status_counts(self):
        """Actions by published status; those with no update published are left out."""
        counts = {}
        for action in self.actions:
            if action["status"]:
                counts[action["status"]] = counts.get(action["status"], 0) + 1
        return counts

    @property
    def unpublished_count(self):
        return sum(1 for action in self.actions if not action["status"])

    def status_chart(self):
        label = f"Where the actions stood at the end of {self.metadata['quarter']}"
        return status_bar(self.status_counts, label=label) + status_table(
            self.status_counts, caption=label
        )

    @cached_property
    def pledge_sets(self):
        """Each pledge set with each pledge and the actions that deliver it."""
        delivering = {}
        for action in self.actions:
            for pledge in action["pledges"]:
                delivering.setdefault((pledge["set"], pledge["number"]), []).append(action)
        return [
            {
                **pledge_set,
                "pledges": [
                    {
                        **pledge,
                        "actions": delivering.get(
                            (pledge_set["short_title"], pledge["number"]), []
                        ),
                    }
                    for pledge in pledge_set["pledges"]
                ],
            }
            for pledge_set in self.snapshot["pledge_sets"]
        ]

    @property
    def indicators(self):
        return [
            {**indicator, "latest": indicator["values"][-1] if indicator["values"] else None}
            for indicator in self.snapshot["indicators"]
        ]

    @property
    def partner_contribution(self):
        return self.snapshot["partner_contribution"]
