"""
The public PDFs' sweep, editable in the admin (Periodic tasks), and a public PDF queued
for every publication made before there were any (the sweep sends them to a worker).
"""

from django.db import migrations

SWEEP = "Public PDFs: recover stalled ones"


def schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_ten_minutes, _ = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=SWEEP,
        defaults={
            "task": "publication.recover_stalled",
            "interval": every_ten_minutes,
            "description": "Puts public PDFs whose worker died, or whose message was lost, "
            "back in the queue.",
        },
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=SWEEP).delete()


def queue_existing(apps, schema_editor):
    Publication = apps.get_model("publication", "Publication")
    PublicReport = apps.get_model("publication", "PublicReport")
    PublicReport.objects.bulk_create(
        PublicReport(publication=publication)
        for publication in Publication.objects.filter(public_report__isnull=True)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("publication", "0002_public_report"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(schedule, unschedule),
        migrations.RunPython(queue_existing, migrations.RunPython.noop),
    ]
