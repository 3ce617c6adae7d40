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
