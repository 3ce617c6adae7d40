"""
PCC staff keep indicators' target trajectories in the admin, beside their values: they
add, change, view and delete targets (a trajectory is revised, and the history keeps what
it was).
"""

from django.db import migrations

from vawg_tracker.accounts.grants import grant, revoke

ROLE_PERMISSIONS = {
    "PCC staff": [f"plans.{verb}_indicatortarget" for verb in ("add", "change", "view", "delete")]
}


def forwards(apps, schema_editor):
    grant(apps, ROLE_PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_staff_model_permissions"),
        ("plans", "0011_indicator_targets_tolerance_and_value_quality"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
