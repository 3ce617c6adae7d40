"""Schedule the returned-for-changes notices hourly: those a lost task never sent, failed
emails again, and (from 07:00) the daily digests. Editable in the admin (Periodic tasks)."""

from django.db import migrations

NAME = "Returned for changes: tell whoever has not been told, and the daily digests"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    hourly, _ = CrontabSchedule.objects.get_or_create(
        minute="15",
        hour="*",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={
            "task": "rounds.send_returned_notices",
            "crontab": hourly,
            "description": "Each returned update, activity and spend return told once to whoever "
            "must amend it; one digest a day for those who chose it.",
        },
    )


def unschedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=NAME).delete()
    # Its schedule too, unless another task runs on it: going back leaves what was before.
    apps.get_model("django_celery_beat", "CrontabSchedule").objects.filter(
        minute="15", hour="*", timezone="Europe/London"
    ).exclude(pk__in=PeriodicTask.objects.exclude(crontab=None).values("crontab")).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0002_returnednotice"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
