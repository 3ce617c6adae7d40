from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Who may sign in, and what each role may do."""

    name = "vawg_tracker.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .sessions import start_clock

        # Every way of signing in (our two steps, the test client) starts the session's
        # clock, as Django's own update_last_login does for last_login.
        user_logged_in.connect(start_clock, dispatch_uid="accounts.sessions.start_clock")
