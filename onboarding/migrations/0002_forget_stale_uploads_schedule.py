"""Forget unconfirmed uploads every hour. Editable in the admin (Periodic tasks)."""

from django.db import migrations

NAME = "Forget uploads not confirmed within a day (spreadsheet imports)"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    hourly, _ = CrontabSchedule.objects.get_or_create(
        minute="40",
        hour="*",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={
            "task": "onboarding.forget_stale_uploads",
            "crontab": hourly,
            "description": "A file uploaded to import is kept for its confirmation for a "
            "day at most (onboarding.models.KEEP); then it is removed.",
        },
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("onboarding", "0001_pending_imports"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
