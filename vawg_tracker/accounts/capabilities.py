"""
The product's permissions by name, for Python code: ``@requires(Can.MANAGE_DELIVERY)``,
``user.has_perm(Can.USE_PARTNER_PORTAL)``. Templates test ``perms.accounts.<codename>``.

The permissions themselves are ``Capability.Meta.permissions`` (accounts/models.py), which
the migrations give to the roles; a test holds these names equal to that list.
"""

from enum import StrEnum


class Can(StrEnum):
    VIEW_DASHBOARD = "accounts.view_dashboard"
    VIEW_DELIVERY = "accounts.view_delivery"
    MANAGE_DELIVERY = "accounts.manage_delivery"
    RECORD_PROGRESS = "accounts.record_progress"
    SIGN_OFF_PROGRESS = "accounts.sign_off_progress"
    USE_PARTNER_PORTAL = "accounts.use_partner_portal"
    VERIFY_ACTIVITIES = "accounts.verify_activities"
    MANAGE_PARTNERS = "accounts.manage_partners"
    VIEW_REPORTS = "accounts.view_reports"
    REQUEST_REPORTS = "accounts.request_reports"
    VIEW_EVIDENCE = "accounts.view_evidence"
    VIEW_FUNDING = "accounts.view_funding"
