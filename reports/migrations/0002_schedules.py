"""The report schedules, editable in the admin (Periodic tasks)."""

from django.db import migrations

DAILY = "Quarterly reports: produce what is due"
SWEEP = "Quarterly reports: recover stalled ones"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    six_am, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="6",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    every_ten_minutes, _ = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=DAILY,
        defaults={
            "task": "reports.schedule_due",
            "crontab": six_am,
            "description": "Creates the quarterly report of every active plan whose quarter "
            "has ended, once. Catches up after downtime.",
        },
    )
    PeriodicTask.objects.get_or_create(
        name=SWEEP,
        defaults={
            "task": "reports.recover_stalled",
            "interval": every_ten_minutes,
            "description": "Puts reports whose worker died back in the queue.",
        },
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[DAILY, SWEEP]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
