"""
Create the four role groups and give each its permissions.

The mapping is written out here, as it stood when this migration was made; a later
change to what a role may do is a new migration, so every database can be brought to
the same state.
"""

from django.db import migrations

from vawg_tracker.accounts.grants import grant

ROLE_PERMISSIONS = {
    "PCC staff": [
        "accounts.view_dashboard",
        "accounts.view_delivery",
        "accounts.manage_delivery",
        "accounts.record_progress",
        "accounts.sign_off_progress",
        "accounts.verify_activities",
        "accounts.manage_partners",
        "accounts.view_reports",
        "accounts.request_reports",
        # Schedules of background jobs are edited in the admin.
        "django_celery_beat.view_periodictask",
        "django_celery_beat.change_periodictask",
        "django_celery_beat.view_intervalschedule",
        "django_celery_beat.view_crontabschedule",
    ],
    "Lead specialist": [
        "accounts.view_dashboard",
        "accounts.view_delivery",
        "accounts.record_progress",
        "accounts.view_reports",
    ],
    "Partner": [
        "accounts.use_partner_portal",
    ],
    "Commissioner": [
        "accounts.view_dashboard",
        "accounts.view_delivery",
        "accounts.view_reports",
        "accounts.request_reports",
    ],
}


def create_roles(apps, schema_editor):
    grant(apps, ROLE_PERMISSIONS)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
