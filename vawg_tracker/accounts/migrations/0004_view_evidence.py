"""Evidence files partners upload are opened by their organisation, PCC staff and
commissioners only (the permission is checked by partners.access)."""

from django.db import migrations

from vawg_tracker.accounts.grants import grant, revoke

ROLE_PERMISSIONS = {
    "PCC staff": ["accounts.view_evidence"],
    "Commissioner": ["accounts.view_evidence"],
}


def forwards(apps, schema_editor):
    grant(apps, ROLE_PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_staff_model_permissions")]

    operations = [
        migrations.AlterModelOptions(
            name="capability",
            options={
                "default_permissions": (),
                "managed": False,
                "permissions": [
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
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
