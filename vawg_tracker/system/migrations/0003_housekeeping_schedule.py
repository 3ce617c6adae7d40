"""Run the housekeeping nightly. Editable in the admin (Periodic tasks)."""

from django.db import migrations

NAME = "Housekeeping: remove expired sessions and audit events past retention"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    quarter_past_three, _ = CrontabSchedule.objects.get_or_create(
        minute="15",
        hour="3",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={
            "task": "system.housekeeping",
            "crontab": quarter_past_three,
            "description": "Sessions past their expiry and audit events older than "
            "AUDIT_RETENTION_DAYS. Same as manage.py housekeeping.",
        },
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("system", "0002_heartbeat_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
