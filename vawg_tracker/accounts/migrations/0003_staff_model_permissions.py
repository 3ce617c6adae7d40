"""
PCC staff run the office from the admin until the custom views exist: they may add,
change and view the delivery model. Plans are closed, never deleted; progress updates
are only ever added. User accounts stay with superusers (change_user would let anyone
holding it make themselves a superuser).
"""

from django.db import migrations

from vawg_tracker.accounts.grants import grant, revoke

ADD_CHANGE_VIEW = ["add", "change", "view"]
MODELS = {
    "pledges": {"pledgeset": ADD_CHANGE_VIEW, "pledge": ADD_CHANGE_VIEW},
    "partners": {
        "partnerorganisation": ADD_CHANGE_VIEW,
        "partnermembership": [*ADD_CHANGE_VIEW, "delete"],
    },
    "plans": {
        "strategy": ADD_CHANGE_VIEW,
        "outcome": ADD_CHANGE_VIEW,
        "focusarea": ADD_CHANGE_VIEW,
        "violenceform": ADD_CHANGE_VIEW,
        "leadspecialist": ADD_CHANGE_VIEW,
        "actionplan": ADD_CHANGE_VIEW,
        "action": [*ADD_CHANGE_VIEW, "delete"],  # only those with no progress yet
        "milestone": [*ADD_CHANGE_VIEW, "delete"],
        "progressupdate": ["add", "view"],
        "indicator": ADD_CHANGE_VIEW,
        "indicatorvalue": ADD_CHANGE_VIEW,
    },
}
ROLE_PERMISSIONS = {
    "PCC staff": [
        f"{app}.{verb}_{model}"
        for app, models in MODELS.items()
        for model, verbs in models.items()
        for verb in verbs
    ]
}


def forwards(apps, schema_editor):
    grant(apps, ROLE_PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("pledges", "0001_initial"),
        ("partners", "0001_initial"),
        ("plans", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
