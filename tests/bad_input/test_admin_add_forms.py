"""
An id that is not a row's, posted to an autocomplete box of the admin's add forms (a word,
a fraction, a number past 64 bits), is an invalid choice: the form comes back (200) with
the error beside the box, never a 500. Django's autocomplete widget draws the chosen
options by looking the posted ids up, and a value the id column cannot hold raised while
the page was drawn (vawg_tracker/admin_helpers.py, SafeAutocompleteAdmin).

Every registered ModelAdmin's autocomplete fields, and its inlines', are found from the
admin itself, so a new one is covered.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from vawg_tracker.admin_helpers import SafeAutocomplete

from ..admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

NOT_IDS = ["abc", "1.5", "-1e3", str(10**20), str(-(10**20)), "١٢", "\x00", "x" * 1000]


def _autocomplete_boxes():
    """(add page, model admin, POST name, inline or None) of every autocomplete box on an
    add form the admin offers."""
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda i: str(i[0])):
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        for name in model_admin.autocomplete_fields:
            yield url, name, None
        for inline in model_admin.inlines:
            for name in inline.autocomplete_fields:
                yield url, name, inline


def _post_name(response, name, inline):
    """The field's name in the POST: an inline's first form's, prefixed."""
    if inline is None:
        return name
    for formset in response.context["inline_admin_formsets"]:
        if formset.opts.__class__ is inline:
            return f"{formset.formset.prefix}-0-{name}"
    raise AssertionError(f"{inline.__name__} is not on {response.request['PATH_INFO']}")


def _with_a_form(data, response, inline):
    """An inline's first form, there even where it shows none until asked (extra = 0)."""
    if inline is None:
        return data
    for formset in response.context["inline_admin_formsets"]:
        if formset.opts.__class__ is inline:
            total = f"{formset.formset.prefix}-TOTAL_FORMS"
            data[total] = str(max(int(data[total]), 1))
    return data


def _errors(response, inline):
    if inline is None:
        return response.context["adminform"].form.errors
    for formset in response.context["inline_admin_formsets"]:
        if formset.opts.__class__ is inline:
            return formset.formset.errors[0]
    return {}


def test_every_autocomplete_box_of_the_add_forms_is_found():
    boxes = {(url, name) for url, name, _ in _autocomplete_boxes()}
    assert ("/admin/plans/actionplan/add/", "lead") in boxes
    assert ("/admin/risks/risk/add/", "actions") in boxes  # many to many
    assert ("/admin/partners/partnerorganisation/add/", "user") in boxes  # an inline's
    assert len(boxes) >= 20


def test_every_admin_with_autocomplete_boxes_draws_them_safely():
    admins = [
        admin_class
        for model_admin in admin.site._registry.values()
        for admin_class in (type(model_admin), *model_admin.inlines)
        if admin_class.autocomplete_fields
    ]
    unsafe = sorted(a.__name__ for a in admins if not issubclass(a, SafeAutocomplete))
    assert unsafe == [], "give these SafeAutocomplete (vawg_tracker/admin_helpers.py)"


@pytest.mark.parametrize("value", NOT_IDS, ids=lambda v: repr(v[:10]))
def test_an_id_that_is_not_a_number_is_an_invalid_choice_on_every_admin_add_form(
    client, superuser, value
):
    client.force_login(superuser)
    client.raise_request_exception = False  # collect every failure, not just the first
    failures = []
    for url, name, inline in _autocomplete_boxes():
        page = client.get(url)
        assert page.status_code == 200, url
        field = _post_name(page, name, inline)
        data = _with_a_form(admin_form_data(page), page, inline)
        data[field] = value
        response = client.post(url, data)
        if response.status_code != 200:
            failures.append(f"{url} {field}={value[:20]!r}: {response.status_code}")
        elif name not in _errors(response, inline):
            failures.append(f"{url} {field}={value[:20]!r}: no error for {name}")
    assert not failures, "\n".join(failures)
