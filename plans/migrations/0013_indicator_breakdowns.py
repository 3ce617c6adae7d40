"""
Indicator values broken down by a dimension (local authority area, sex, ethnicity), with
their history; PCC staff add, change, view and delete the parts in the admin, under the
value, as they do its targets (plans 0012).
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from vawg_tracker.accounts.grants import grant, revoke

ROLE_PERMISSIONS = {
    "PCC staff": [
        f"plans.{verb}_indicatorbreakdown" for verb in ("add", "change", "view", "delete")
    ]
}


def forwards(apps, schema_editor):
    grant(apps, ROLE_PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_staff_model_permissions"),
        ("plans", "0012_staff_indicator_target_permissions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalIndicatorBreakdown",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "dimension",
                    models.CharField(
                        choices=[
                            ("local_authority", "Local authority area"),
                            ("sex", "Sex"),
                            ("ethnicity", "Ethnicity"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "category",
                    models.CharField(
                        help_text="The part's name within its dimension, e.g. 'Wirral', 'Female'.",
                        max_length=100,
                    ),
                ),
                (
                    "figure",
                    models.DecimalField(decimal_places=2, max_digits=14, verbose_name="value"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "value",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="plans.indicatorvalue",
                        verbose_name="indicator value",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical indicator breakdown",
                "verbose_name_plural": "historical indicator breakdowns",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="IndicatorBreakdown",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "dimension",
                    models.CharField(
                        choices=[
                            ("local_authority", "Local authority area"),
                            ("sex", "Sex"),
                            ("ethnicity", "Ethnicity"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "category",
                    models.CharField(
                        help_text="The part's name within its dimension, e.g. 'Wirral', 'Female'.",
                        max_length=100,
                    ),
                ),
                (
                    "figure",
                    models.DecimalField(decimal_places=2, max_digits=14, verbose_name="value"),
                ),
                (
                    "value",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="parts",
                        to="plans.indicatorvalue",
                        verbose_name="indicator value",
                    ),
                ),
            ],
            options={
                "ordering": ["value", "dimension", "category"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("value", "dimension", "category"),
                        name="one_breakdown_part_per_category",
                        violation_error_message="This value already has a part for that category.",
                    )
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
