from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """
    The last time a Celery worker ran the heartbeat task that beat schedules every
    minute: if it is recent, both beat and a worker are running.
    """

    name = models.CharField(max_length=50, unique=True)
    last_seen = models.DateTimeField()

    def __str__(self):
        return f"{self.name} last seen {self.last_seen:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def beat(cls, name="worker"):
        cls.objects.update_or_create(name=name, defaults={"last_seen": timezone.now()})

    @classmethod
    def age_seconds(cls, name="worker"):
        last_seen = cls.objects.filter(name=name).values_list("last_seen", flat=True).first()
        if last_seen is None:
            return None
        return round((timezone.now() - last_seen).total_seconds())
