from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin, with the project's site as ``admin.site``."""

    default_site = "vawg_tracker.admin_site.AdminSite"
