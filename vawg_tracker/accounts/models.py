from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    """The four kinds of user. Each is a Django group of the same name."""

    PCC_STAFF = "PCC staff", "PCC staff"
    LEAD_SPECIALIST = "Lead specialist", "Lead specialist"
    PARTNER = "Partner", "Partner"
    COMMISSIONER = "Commissioner", "Commissioner"


class Capability(models.Model):
    """
    Holds the product's own permissions: what a role may do, as opposed to which rows
    it may change in the admin. No table; groups are given these in migrations.

    Python names them by ``Can`` (accounts/capabilities.py): ``@requires(Can.VIEW_REPORTS)``;
    templates test ``perms.accounts.<codename>``.
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_dashboard", "Can view the delivery dashboard"),
            ("view_delivery", "Can browse plans, actions, pledges and indicators"),
            ("manage_delivery", "Can create and edit plans, actions and lead specialists"),
            ("record_progress", "Can record progress on actions"),
            ("sign_off_progress", "Can sign off progress updates"),
            ("use_partner_portal", "Can log activities for their own organisation"),
            ("verify_activities", "Can verify activities logged by partners"),
            ("manage_partners", "Can manage partner organisations and their users"),
            ("view_reports", "Can view and download quarterly reports"),
            ("request_reports", "Can request a quarterly report"),
            ("view_evidence", "Can open evidence files of any organisation"),
            ("view_funding", "Can read funding: awards, spend and outputs"),
        ]

    def __str__(self):
        return "Capability"


class ReturnedEmails(models.TextChoices):
    """How a person is told that something of theirs was returned for changes."""

    IMMEDIATE = "immediate", "Straight away: one email each time something is returned"
    DAILY = "daily", "Once a day: one email listing what was returned since the last"


class EmailPreference(models.Model):
    """A person's choice of emails (their account page). No row: the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference"
    )
    returned = models.CharField(
        "when something of yours is returned",
        max_length=12,
        choices=ReturnedEmails.choices,
        default=ReturnedEmails.IMMEDIATE,
    )

    def __str__(self):
        return f"{self.user}: {self.get_returned_display()}"

    @classmethod
    def returned_for(cls, user):
        """The user's choice for returned items (immediate if they never chose)."""
        row = cls.objects.filter(user=user).values_list("returned", flat=True).first()
        return row or ReturnedEmails.IMMEDIATE
