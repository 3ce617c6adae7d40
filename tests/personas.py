"""
The people our tests are about, in one place. Build one with ``make_person(Role.X)`` or
use a fixture (conftest makes them every test's): ``staff``, ``lead``, ``partner`` (of
"SafeLives (test)"), ``partner_a`` and ``partner_b`` (of two other organisations),
``commissioner``, ``outsider`` (signed in, no role) and ``superuser``; ``staff_client``
is the test client signed in as ``staff``.
"""

import factory
import pytest
from django.contrib.auth.models import Group, User

from vawg_tracker.accounts.models import Role

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.invalid")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


def make_person(role=None, **fields):
    return UserFactory(role=role, **fields)


@pytest.fixture
def staff(db):
    return make_person(Role.PCC_STAFF, username="sam.staff", is_staff=True)


@pytest.fixture
def other_staff(db):
    """A second member of PCC staff: who decides on what ``staff`` recorded (four eyes)."""
    return make_person(Role.PCC_STAFF, username="ola.other", is_staff=True)


@pytest.fixture
def staff_client(client, staff):
    """The test client, signed in as the staff member."""
    client.force_login(staff)
    return client


@pytest.fixture
def lead(db):
    return make_person(Role.LEAD_SPECIALIST, username="lee.lead")


@pytest.fixture
def partner(db):
    from .factories import PartnerMembershipFactory

    person = make_person(Role.PARTNER, username="pat.partner")
    PartnerMembershipFactory(user=person, organisation__name="SafeLives (test)")
    return person


@pytest.fixture
def partner_a(db):
    """A partner of another organisation than ``partner``'s: "Partner A"."""
    from .factories import PartnerMembershipFactory

    person = make_person(Role.PARTNER, username="ana.partner")
    PartnerMembershipFactory(user=person, organisation__name="Partner A")
    return person


@pytest.fixture
def partner_b(db):
    """A partner of a third organisation, "Partner B": for what one may not see of another's."""
    from .factories import PartnerMembershipFactory

    person = make_person(Role.PARTNER, username="ben.partner")
    PartnerMembershipFactory(user=person, organisation__name="Partner B")
    return person


@pytest.fixture
def commissioner(db):
    return make_person(Role.COMMISSIONER, username="cam.commissioner")


@pytest.fixture
def outsider(db):
    return make_person(None, username="olly.outsider")


@pytest.fixture
def superuser(db):
    return make_person(None, username="ada.admin", is_staff=True, is_superuser=True)
