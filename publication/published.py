"""
A publication's frozen snapshot arranged for reading: what the public site's pages
(public.pages) and the public PDF (publication.public_pdf) show of it, read from the
snapshot only, never from the live records (publication.snapshot decides what may be
public).
"""

from dataclasses import dataclass
from functools import cached_property


@dataclass
class PublishedQuarter:
    """One publication's snapshot, arranged: by status, pledge, outcome."""

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

    @cached_property
    def outcomes(self):
        """Each of the strategy's outcomes with the actions that serve it."""
        serving = {}
        for action in self.actions:
            for outcome in action["outcomes"]:
                serving.setdefault(outcome["number"], []).append(action)
        return [
            {**outcome, "actions": serving.get(outcome["number"], [])}
            for outcome in self.snapshot["outcomes"]
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
