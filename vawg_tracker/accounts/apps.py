from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Who may sign in, and what each role may do."""

    name = "vawg_tracker.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
