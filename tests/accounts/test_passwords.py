"""Password rules: 12 to 128 characters, not common, not like the user; no composition rules."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from vawg_tracker.accounts.demo import create_demo_users
from vawg_tracker.accounts.management.commands.create_demo_users import DEFAULT_PASSWORD

from ..personas import PASSWORD

pytestmark = pytest.mark.django_db

LONGEST = ("a long passphrase of many plain words " * 4)[:128]


def errors(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return [e.code for e in error.error_list]
    return []


def change_password(client, new):
    return client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )


def test_a_128_character_password_can_be_set_and_used_to_sign_in(client, lead):
    assert len(LONGEST) == 128
    client.force_login(lead)
    assert change_password(client, LONGEST)["Location"] == reverse("password_change_done")
    client.logout()
    client.post(reverse("login"), {"username": "lee.lead", "password": LONGEST})
    assert client.session[SESSION_KEY] == str(lead.pk)


def test_a_129_character_password_is_refused_with_a_message_not_cut(client, lead):
    client.force_login(lead)
    response = change_password(client, LONGEST + "x")
    assert response.status_code == 200
    assert "This password is too long: use at most 128 characters (it has 129)." in (
        response.content.decode()
    )
    lead.refresh_from_db()
    assert lead.check_password(PASSWORD)


def password_inputs(page):
    return re.findall(r'<input[^>]*type="password"[^>]*>', page.content.decode())


def test_the_password_fields_carry_no_maxlength_that_would_cut_a_paste(client, lead):
    inputs = password_inputs(client.get(reverse("login")))
    client.force_login(lead)
    inputs += password_inputs(client.get(reverse("password_change")))
    assert len(inputs) == 4
    assert [tag for tag in inputs if "maxlength" in tag] == []


def test_signing_in_with_a_password_over_128_characters_says_why(client, lead):
    response = client.post(reverse("login"), {"username": "lee.lead", "password": "y" * 200})
    assert response.status_code == 200
    assert "Passwords are at most 128 characters; this one has 200" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_short_common_and_personal_passwords_are_refused():
    person = User(username="sam.staff", first_name="Samantha", email="sam.staff@example.invalid")
    assert errors("eleven char") == ["password_too_short"]
    assert errors("qwerty123456") == ["password_too_common"]
    assert errors("sam.staff.2026", person) == ["password_too_similar"]


def test_there_are_no_composition_rules():
    assert errors("only lowercase words here") == []
    assert errors("739184620573") == []  # all digits, long and not common
    assert errors("ALL CAPITALS SHOUTED") == []


def test_the_demo_users_password_meets_the_rules():
    for user, _role in create_demo_users(DEFAULT_PASSWORD):
        assert errors(DEFAULT_PASSWORD, user) == [], user.username
