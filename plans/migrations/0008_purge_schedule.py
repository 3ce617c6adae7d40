"""Run the retention purge daily. Editable in the admin (Periodic tasks)."""

from django.db import migrations

NAME = "Retention: remove activity descriptions and evidence files past their period"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    half_past_two, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="2",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={
            "task": "plans.purge_expired",
            "crontab": half_past_two,
            "description": "ACTIVITY_RETENTION_DAYS and EVIDENCE_RETENTION_DAYS: the text "
            "and files go, the counts stay. Same as manage.py purge_expired.",
        },
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0007_retention"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
