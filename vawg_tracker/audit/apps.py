from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Keeps a log of security events: who signed in, downloaded, exported or was refused."""

    name = "vawg_tracker.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self):
        # Sign-ins, failures and sign-outs reach us only as Django's auth signals.
        from axes.signals import user_locked_out
        from django.contrib.auth import signals

        from . import receivers

        signals.user_logged_in.connect(receivers.logged_in, dispatch_uid="audit_logged_in")
        signals.user_login_failed.connect(receivers.login_failed, dispatch_uid="audit_failed")
        signals.user_logged_out.connect(receivers.logged_out, dispatch_uid="audit_logged_out")
        # Lockouts come from django-axes (see vawg_tracker/accounts/throttling.py).
        user_locked_out.connect(receivers.locked_out, dispatch_uid="audit_locked_out")
