"""Roles are groups created by migrations, each with its permissions."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError

from vawg_tracker.accounts.models import Role

pytestmark = pytest.mark.django_db


def _perms(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_migrations_create_one_group_per_role():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_only_pcc_staff_may_manage_delivery_sign_off_and_verify():
    for perm in ("manage_delivery", "sign_off_progress", "verify_activities", "manage_partners"):
        holders = {role for role in Role.values if f"accounts.{perm}" in _perms(role)}
        assert holders == {Role.PCC_STAFF}, perm


def test_commissioners_read_but_do_not_record_progress():
    perms = _perms(Role.COMMISSIONER)
    assert {"accounts.view_dashboard", "accounts.view_delivery", "accounts.view_reports"} <= perms
    assert "accounts.record_progress" not in perms
    assert "accounts.manage_delivery" not in perms


def test_lead_specialists_record_progress():
    assert "accounts.record_progress" in _perms(Role.LEAD_SPECIALIST)


def test_partners_only_use_the_partner_portal():
    assert _perms(Role.PARTNER) == {"accounts.use_partner_portal"}


def test_pcc_staff_can_edit_schedules_in_the_admin():
    assert "django_celery_beat.change_periodictask" in _perms(Role.PCC_STAFF)


def test_demo_users_cover_every_role_and_running_twice_changes_nothing(settings, capsys):
    settings.DEBUG = True
    call_command("create_demo_users")
    first = list(User.objects.order_by("username").values_list("username", "is_staff"))
    call_command("create_demo_users")
    assert list(User.objects.order_by("username").values_list("username", "is_staff")) == first
    per_role = {role: User.objects.filter(groups__name=role).count() for role in Role.values}
    # Two partner users, so that the demo can show one organisation not seeing another;
    # two staff, so that one decides on what the other entered (four eyes).
    assert per_role == {
        Role.PCC_STAFF: 2,
        Role.LEAD_SPECIALIST: 1,
        Role.PARTNER: 2,
        Role.COMMISSIONER: 1,
    }
    assert User.objects.get(username="admin").is_superuser
    output = capsys.readouterr().out
    assert "vawg-demo-2026" in output
    assert "commissioner" in output
    assert User.objects.get(username="lead").check_password("vawg-demo-2026")


def test_demo_users_are_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("create_demo_users")
    assert not User.objects.exists()
