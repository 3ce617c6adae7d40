"""
What the public site shows of a publication: read from its frozen snapshot only, never
from the live records (publication.snapshot decides what may be public), arranged as
the public PDF is (publication.published).
"""

from plans.charts import status_bar, status_table
from publication.published import PublishedQuarter


class PublishedPlan(PublishedQuarter):
    """One plan's current publication, arranged for its public page."""

    def status_chart(self):
        label = f"Where the actions stood at the end of {self.metadata['quarter']}"
        return status_bar(self.status_counts, label=label) + status_table(
            self.status_counts, caption=label
        )
