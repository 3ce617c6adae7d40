"""
Two confirmations of one upload at the same moment (a double click that reaches two web
processes): both find the upload waiting, both try to take it, one imports and the other
is told it was already confirmed. On PostgreSQL the two overlap (each has read the upload
before either takes it). SQLite runs one write transaction at a time, so there the two
run one after the other, and the outcome must be the same.
"""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from onboarding.models import PendingImport
from plans.models import Action, ActionPlan

from .workbooks import action, xlsx

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_confirmations_at_once_import_once(staff, world, monkeypatch):
    overlapping = connection.vendor == "postgresql"
    first = Client()
    first.force_login(staff)
    preview = first.post(
        reverse("onboarding:upload"),
        {"file": SimpleUploadedFile("plan.xlsx", xlsx(actions=[action()])), "title": "Raced"},
    )
    url = reverse("onboarding:confirm", args=[preview.context["pending"].token])
    both_waiting = threading.Barrier(2, timeout=20)
    claim = PendingImport.claim

    def claim_together(pending):
        both_waiting.wait()  # each has read the upload; now both try to take it
        return claim(pending)

    if overlapping:
        monkeypatch.setattr(PendingImport, "claim", claim_together)
    answers = []

    def confirm():
        client = Client()
        client.force_login(staff)
        try:
            answers.append(client.post(url))
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
        if not overlapping:
            thread.join()
    for thread in threads:
        thread.join()

    assert [answer.status_code for answer in answers] == [302, 302]
    assert ActionPlan.objects.filter(title="Raced").count() == 1
    assert Action.objects.filter(plan__title="Raced").count() == 1
    locations = sorted(answer["Location"] for answer in answers)
    assert locations == sorted(
        [reverse("onboarding:upload"), ActionPlan.objects.get(title="Raced").get_absolute_url()]
    )
