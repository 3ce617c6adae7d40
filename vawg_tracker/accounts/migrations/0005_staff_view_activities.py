"""PCC staff read partners' activities in the admin too (they verify them in the portal)."""

from django.db import migrations

from vawg_tracker.accounts.grants import grant, revoke

ROLE_PERMISSIONS = {
    "PCC staff": ["plans.view_activity", "plans.view_activityevent", "plans.view_evidence"]
}


def forwards(apps, schema_editor):
    grant(apps, ROLE_PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_view_evidence"), ("plans", "0003_partner_activities")]

    operations = [migrations.RunPython(forwards, backwards)]
