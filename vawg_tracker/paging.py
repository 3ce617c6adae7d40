"""
Lists a page at a time, read from ``?page=`` the way Django's generic list views read it:
no page is the first, ``last`` is the last, and a page that is not a whole number or does
not exist is 404, so every list in the project answers a bad page the same way.
"""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404


def page_or_404(request, queryset, per_page):
    paginator = Paginator(queryset, per_page)
    number = request.GET.get("page") or 1
    if number == "last":
        number = paginator.num_pages
    try:
        return paginator.page(number)
    except InvalidPage:
        raise Http404("There is no such page of this list.") from None
