"""The Funding page (where the money goes, what it delivers) is read by PCC staff and
commissioners; lead specialists and partners do not see other organisations' money."""

from django.db import migrations

from vawg_tracker.accounts.grants import grant, revoke

ROLE_PERMISSIONS = {
    "PCC staff": ["accounts.view_funding"],
    "Commissioner": ["accounts.view_funding"],
}


def forwards(apps, schema_editor):
    grant(apps, ROLE_PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_staff_view_activities")]

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
                    ("view_funding", "Can read funding: awards, spend and outputs"),
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
