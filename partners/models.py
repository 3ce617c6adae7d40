from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


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


class PartnerOrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class PartnerOrganisation(models.Model):
    """An organisation that delivers part of the plan with the police."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    is_active = models.BooleanField(
        default=True, help_text="Inactive organisations keep their records but cannot be chosen."
    )
    history = HistoricalRecords()

    objects = PartnerOrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


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
