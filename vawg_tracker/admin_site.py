"""
The project's admin site: Django's, except that two kinds of query string value the
database cannot use are a 400, not a 500, on every admin page:

- a NUL character (PostgreSQL refuses it in any text; Django's list filters pass it on,
  and the query fails while the page is drawn);
- a date drill-down too large for a date: a changelist with a date hierarchy turns
  ``?at__year=`` (and ``__month``, ``__day``) into a datetime, and Django answers a value
  that is not a number, or a year past 9999, with its "?e=1" page, but a number past 64
  bits raises OverflowError before its check.
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


def unusable_query(query):
    """Why the database cannot use this query string, or None."""
    for name, values in query.lists():
        if any("\x00" in text for text in (name, *values)):
            return "A NUL character is not allowed."
        if name.endswith(DATE_PARTS) and any(_is_huge_number(value) for value in values):
            return "That date is out of range."
    return None


class AdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        view = super().admin_view(view, cacheable)

        @wraps(view)
        def inner(request, *args, **kwargs):
            problem = unusable_query(request.GET)
            if problem:
                return HttpResponseBadRequest(problem)
            return view(request, *args, **kwargs)

        return inner
