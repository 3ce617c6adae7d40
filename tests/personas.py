"""
The people our tests are about. Build them with ``make_person(Role.X)`` or use the
fixtures in conftest: ``staff``, ``lead``, ``partner``, ``commissioner``, ``outsider``
(signed in, no role) and ``superuser``.
"""

import importlib

import factory
from django.apps import apps
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


def ensure_roles():
    """
    Transactional tests (browser, worker) empty the database when they finish, which
    takes away the role groups the migration made: put them back with the migration's
    own code, so every test sees the roles exactly as a migrated database has them.
    """
    if Group.objects.filter(name__in=Role.values).count() < len(Role.values):
        importlib.import_module("vawg_tracker.accounts.migrations.0002_roles").create_roles(
            apps, schema_editor=None
        )


def make_person(role=None, **fields):
    ensure_roles()
    return UserFactory(role=role, **fields)
