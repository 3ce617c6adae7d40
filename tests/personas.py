"""
The people our tests are about. Build them with ``make_person(Role.X)`` or use the
fixtures in conftest: ``staff``, ``lead``, ``partner``, ``commissioner``, ``outsider``
(signed in, no role) and ``superuser``.
"""

import factory
from django.contrib.auth.models import Group, User

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
