from django.db import models
from simple_history.models import HistoricalRecords

from vawg_tracker.limits import LONG_TEXT, BoundedTextField


class PledgeSet(models.Model):
    """A published set of commitments, e.g. the five-point plan on women's safety."""

    title = models.CharField(max_length=200, unique=True)
    short_title = models.CharField(
        max_length=60, blank=True, help_text="Used in menus and headings, e.g. 'Five-point plan'."
    )
    source = models.CharField(
        max_length=300, help_text="Who published it, and where (e.g. a manifesto or web page)."
    )
    published_on = models.DateField(null=True, blank=True)
    description = BoundedTextField(max_length=LONG_TEXT, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.short_title or self.title


class Pledge(models.Model):
    """One numbered commitment within a pledge set."""

    pledge_set = models.ForeignKey(PledgeSet, on_delete=models.PROTECT, related_name="pledges")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120, help_text="A short title, e.g. 'Specialist training'.")
    commitment = BoundedTextField(
        max_length=LONG_TEXT, help_text="The commitment as it was published."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pledge_set", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge_set", "number"],
                name="pledge_number_unique_in_set",
                violation_error_message="This pledge set already has a pledge with that number.",
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1),
                name="pledge_number_positive",
                violation_error_message="Pledges are numbered from 1.",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"
