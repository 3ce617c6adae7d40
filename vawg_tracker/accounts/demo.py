"""
The demo users that `make run` creates: one per role (two partners, and two PCC staff so
that one signs off what the other recorded: four eyes), all synthetic.
"""

from django.contrib.auth.models import Group, User
from django.db import transaction

from .models import Role

DEMO_USERS = [
    # username, role (None: superuser), first name, last name
    ("staff", Role.PCC_STAFF, "Demo", "Staff Officer"),
    ("staff2", Role.PCC_STAFF, "Demo", "Second Staff Officer"),  # decides what staff entered
    ("lead", Role.LEAD_SPECIALIST, "Demo", "Lead Specialist"),
    ("partner", Role.PARTNER, "Demo", "Partner User"),  # SafeLives, in the demo data
    ("partner2", Role.PARTNER, "Demo", "Second Partner"),  # Savera UK
    ("commissioner", Role.COMMISSIONER, "Demo", "Commissioner"),
    ("admin", None, "Demo", "Administrator"),
]


@transaction.atomic
def create_demo_users(password):
    """Create (or reset) the demo users. Running it again changes nothing but passwords."""
    users = []
    for username, role, first_name, last_name in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@demo.invalid",
                "is_active": True,
                "is_staff": role in (None, Role.PCC_STAFF),
                "is_superuser": role is None,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        if role is not None:
            user.groups.set([Group.objects.get(name=role)])
        users.append((user, role))
    return users
