from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from vawg_tracker.limits import LONG_TEXT, BoundedTextField


class OrganisationKind(models.TextChoices):
    REFUGE = "refuge", "Refuge"
    SPECIALIST_CHARITY = "specialist_charity", "Specialist charity"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    HEALTH = "health", "Health (NHS)"
    EDUCATION = "education", "School or college"
    POLICE = "police", "Police"
    CRIMINAL_JUSTICE = "criminal_justice", "Criminal justice"
    UNIVERSITY = "university", "University"
    BUSINESS = "business", "Business"
    OTHER = "other", "Other"


class SizeBand(models.TextChoices):
    """By annual income, as the NCVO counts charities."""

    MICRO = "micro", "Micro (under £10,000 a year)"
    SMALL = "small", "Small (£10,000 to £100,000)"
    MEDIUM = "medium", "Medium (£100,000 to £1 million)"
    LARGE = "large", "Large (£1 million to £10 million)"
    MAJOR = "major", "Major (over £10 million)"


# "Smaller organisations" (Women's Equality's first call on stalking): under £1 million.
SMALL_BANDS = (SizeBand.MICRO, SizeBand.SMALL, SizeBand.MEDIUM)


class PartnerOrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class PartnerOrganisation(models.Model):
    """An organisation that delivers part of the plan with the police."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    description = BoundedTextField(max_length=LONG_TEXT, blank=True)
    website = models.URLField(blank=True)
    is_active = models.BooleanField(
        default=True, help_text="Inactive organisations keep their records but cannot be chosen."
    )
    by_and_for = models.BooleanField(
        "by and for",
        default=False,
        help_text="Led by and for the women it serves, e.g. by and for Black and minoritised "
        "women.",
    )
    by_and_for_whom = models.CharField(
        "by and for whom",
        max_length=200,
        blank=True,
        help_text="Whom it is led by and for, e.g. 'Black and minoritised women'.",
    )
    specialist_vawg = models.BooleanField(
        "specialist VAWG provider",
        default=False,
        help_text="Its main work is support for women and girls facing violence and abuse.",
    )
    size_band = models.CharField(
        "size", max_length=10, choices=SizeBand.choices, blank=True, help_text="By annual income."
    )
    history = HistoricalRecords()

    objects = PartnerOrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_small(self):
        return self.size_band in SMALL_BANDS


class PartnerMembership(models.Model):
    """A partner user's organisation. A partner user belongs to exactly one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_membership"
    )
    organisation = models.ForeignKey(
        PartnerOrganisation, on_delete=models.PROTECT, related_name="memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "user__username"]

    def __str__(self):
        return f"{self.user} at {self.organisation}"
