"""
No cache, in a browser or on the way to it, may keep anything the service answers.

Pages, exports and downloads carry OFFICIAL-SENSITIVE data, so every response Django
produces gets ``Cache-Control: private, no-store``, merged into what a view set (a
download's own header, ``never_cache`` on /healthz) rather than replacing it.

Every response, not only those to a signed-in person: the answers before signing in are
not worth caching (the sign-in page carries a CSRF token and, after a failure, the
username typed; the redirects to it name the page asked for), and one rule with no
condition cannot miss a response whose person signed out or timed out during the request,
or one an earlier middleware answered (a lockout, a CSRF refusal). Static files never
reach it: WhiteNoise, before it in MIDDLEWARE, serves them with their own long-lived
caching, and they hold no data.

The one exception is the public site (``@public_page``): what it shows is published on
purpose, so an anonymous reader's copy may be kept for PUBLIC_MAX_AGE seconds, and asked
for again cheaply: each page carries an ETag (a hash of its content) and, where its view
knows when its content last changed (Django's ``condition``), Last-Modified, and a
matching If-None-Match or If-Modified-Since is answered 304 Not Modified. A
signed-in person's copy of the same page still gets no-store (one rule: nothing answered
to a signed-in person is kept). Every other answer also says ``X-Robots-Tag: noindex``:
search engines index the public site and nothing else (robots.txt says the same).
"""

from functools import wraps

from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import parse_http_date_safe

PUBLIC_MAX_AGE = 300


def public_page(view):
    """Mark a view's answers as the public site's (see the module's docstring)."""

    @wraps(view)
    def marked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            if not response.has_header("ETag"):
                set_response_etag(response)
            last_modified = response.get("Last-Modified")
            response = get_conditional_response(
                request,
                etag=response["ETag"],
                last_modified=last_modified and parse_http_date_safe(last_modified),
                response=response,
            )
        response.public_page = True
        return response

    return marked


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if getattr(response, "public_page", False) and response.status_code in (200, 304):
            if signed_in:
                patch_cache_control(response, private=True, no_store=True)
            else:
                patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        else:
            patch_cache_control(response, private=True, no_store=True)
            response.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response
