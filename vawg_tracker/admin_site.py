"""
The project's admin site: Django's, except that a date drill-down too large for a date is
a 400, not a 500.

A changelist with a date hierarchy turns ``?at__year=`` (and ``__month``, ``__day``) into
a datetime; Django answers a value that is not a number, or a year past 9999, with its
"?e=1" page, but a number past 64 bits raises OverflowError (a 500) before its check.
"""

from functools import wraps

from django.contrib import admin
from django.http import HttpResponseBadRequest

DATE_PARTS = ("__year", "__month", "__day")


def _is_huge_number(value):
    try:
        return abs(int(value)) > 9999
    except ValueError:
        return False  # not a number at all: Django's own check answers it


def has_huge_date_part(query):
    return any(
        _is_huge_number(value)
        for name, values in query.lists()
        if name.endswith(DATE_PARTS)
        for value in values
    )


class AdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        view = super().admin_view(view, cacheable)

        @wraps(view)
        def inner(request, *args, **kwargs):
            if has_huge_date_part(request.GET):
                return HttpResponseBadRequest("That date is out of range.")
            return view(request, *args, **kwargs)

        return inner
