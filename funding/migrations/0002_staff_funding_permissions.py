"""
PCC staff keep the funding records in the admin: they add, change and view funding
sources, awards, award-years and outputs (nothing is deleted: an award is withdrawn or
ended). Spend returns are made by partners and reviewed in the portal, so staff only view
them, their outputs and their review steps here.
"""

from django.db import migrations

from vawg_tracker.accounts.grants import grant, revoke

ADD_CHANGE_VIEW = ["add", "change", "view"]
MODELS = {
    "fundingsource": ADD_CHANGE_VIEW,
    "award": ADD_CHANGE_VIEW,
    "awardyear": ADD_CHANGE_VIEW,
    "awardoutput": ADD_CHANGE_VIEW,
    "spendreturn": ["view"],
    "returnoutput": ["view"],
    "returnevent": ["view"],
}
ROLE_PERMISSIONS = {
    "PCC staff": [f"funding.{verb}_{model}" for model, verbs in MODELS.items() for verb in verbs]
}


def forwards(apps, schema_editor):
    grant(apps, ROLE_PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_staff_view_activities"), ("funding", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
