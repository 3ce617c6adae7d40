"""
Whose names the API shows (README, "The API"): a plan's and an action's lead specialist's
name, as ``lead``, to those who read delivery (PCC staff, lead specialists, commissioners:
the same people see those names on the plans, actions and lead specialists pages), and no
other person's. Not a lead specialist's email, job title or organisation; not the name,
username or email of anyone who signs in (the author of an update, who signed it off, who
entered a value, who logged an activity, a partner's users); no email address at all.

Every list endpoint is read whole, as each role, in the snapshot world
(tests/publication/test_snapshot.py), whose people carry distinctive names and emails.
"""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from api.models import ApiToken
from plans.models import LeadSpecialist
from reports.models import Report, ReportKind
from vawg_tracker.accounts.models import Role

from ..factories import PartnerMembershipFactory
from ..personas import make_person
from ..publication.test_snapshot import Q1, world  # noqa: F401
from ..urlwalk import all_urls

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
READERS = ("staff", "lead", "commissioner")


def _lists():
    """The name of every list endpoint of the API, from the URL conf."""
    names = {pattern.name for path, pattern in all_urls() if path.startswith("/api/v1/")}
    return sorted(name for name in names if name.endswith("-list"))


def _strings(value, path=()):
    """(key path, text) of every string in a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, path)
    elif isinstance(value, str):
        yield path, value


def _read_everything(client, person):
    """{endpoint: every row of it, as JSON} for what ``person``'s token may read."""
    _, secret = ApiToken.issue(person, "names")
    auth = {"HTTP_AUTHORIZATION": f"Token {secret}"}
    read = {}
    for name in _lists():
        response = client.get(reverse(f"api:{name}"), {"page_size": 500}, **auth)
        if response.status_code == 200:
            body = response.json()
            assert body["next"] is None, name
            read[name] = body["results"]
    return read


@pytest.fixture
def people(world, staff):  # noqa: F811
    lead = LeadSpecialist.objects.get(pk=world.lead_id)
    # Distinctive, so that finding one anywhere means it came from the lead specialist.
    LeadSpecialist.objects.filter(pk=lead.pk).update(
        job_title="INTERNAL-JOB-TITLE-5e1a", organisation="INTERNAL-LEAD-EMPLOYER-0c3b"
    )
    partner = make_person(Role.PARTNER, username="pat.partner", email="pat@partner.invalid")
    PartnerMembershipFactory(user=partner, organisation=world.activities.get().organisation)
    commissioner = make_person(Role.COMMISSIONER, username="cam.commissioner")
    Report.objects.create(
        plan=world.plan, period=Q1, kind=ReportKind.QUARTERLY, requested_by=commissioner
    )
    return {"staff": staff, "lead": lead.user, "commissioner": commissioner, "partner": partner}


def _peoples_words():
    """What would name someone who signs in, or reach a lead specialist."""
    words = set()
    for user in get_user_model().objects.all():
        # Not a first name alone: the test people's is "Test", a word of ordinary text.
        words |= {user.username, user.email, user.get_full_name(), user.last_name}
    for lead in LeadSpecialist.objects.all():
        words |= {lead.email, lead.job_title, lead.organisation}
    return {word for word in words if word}


@pytest.mark.parametrize("role", [*READERS, "partner"])
def test_the_api_names_only_lead_specialists_as_leads_and_shows_no_email(client, people, role):
    read = _read_everything(client, people[role])
    assert [name for name, rows in read.items() if not rows] == [], "each has rows"
    leads = set(LeadSpecialist.objects.values_list("name", flat=True))
    words = _peoples_words()
    found, lead_names_shown = [], set()
    for endpoint, rows in read.items():
        for path, text in _strings(rows):
            where = f"{endpoint} {'.'.join(path)}"
            named = {lead for lead in leads if lead in text}
            if named and (endpoint not in ("plan-list", "action-list") or path != ("lead",)):
                found.append(f"{where}: a lead specialist's name")
            lead_names_shown |= named
            found += [f"{where}: {word!r}" for word in words if word in text]
            if EMAIL.search(text):
                found.append(f"{where}: an email address")
    assert found == []
    if role in READERS:  # not blind: every endpoint; the plan's and the action's lead
        assert set(read) == set(_lists())
        assert lead_names_shown == {people["lead"].lead_specialist.name}
        assert {row["lead"] for row in read["plan-list"] + read["action-list"]} == (
            lead_names_shown
        )
    else:
        assert set(read) == {"activity-list"}
        assert lead_names_shown == set()


def test_the_check_would_find_a_name_or_an_email(people):
    """Not blind either way: a username, an email and a lead's email are found."""
    words = _peoples_words()
    assert {"lee.lead", "internal-lead-email-3c4d@example.invalid"} <= words
    assert "internal-specialist-4e2f@example.invalid" in words
    assert "INTERNAL-JOB-TITLE-5e1a" in words
    assert EMAIL.search(json.dumps({"x": "write to a.b@c.example"}))
