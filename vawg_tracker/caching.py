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

Its pages and open data files (not the PDF, a file on disk already) are also kept whole in the
server's cache, ``kept_until_changed``: built once per change of what they show, and
answered from the cache until it changes again, with nothing read but the date.
"""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import parse_http_date_safe

PUBLIC_MAX_AGE = 300
KEPT_FOR = 3600  # seconds a kept answer stays in the cache, unchanged or not
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Last-Modified", "ETag")


def once_per_request(changed_at):
    """``changed_at(request, *args, **kwargs)`` (when what a page shows last changed) asked
    once per request, however many decorators ask: it is a query."""

    @wraps(changed_at)
    def asked(request, *args, **kwargs):
        answers = request.__dict__.setdefault("_changed_at", {})
        key = (changed_at.__qualname__, args, tuple(sorted(kwargs.items())))
        if key not in answers:
            answers[key] = changed_at(request, *args, **kwargs)
        return answers[key]

    return asked


def kept_until_changed(changed_at):
    """
    Keep a public view's 200 answer to an anonymous reader whole in the cache, under its
    address and the moment ``changed_at`` (a ``once_per_request`` function, the view's
    Last-Modified) says it last changed: the next reader's copy is the kept one, until
    the moment moves. What is kept is exactly what the ETag and Last-Modified already
    promise a browser is unchanged. A signed-in person's answer is never kept.
    """

    def decorator(view):
        @wraps(view)
        def kept(request, *args, **kwargs):
            moment = changed_at(request, *args, **kwargs)
            if moment is None or request.user.is_authenticated:
                return view(request, *args, **kwargs)
            path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
            key = f"kept:{path}:{moment.timestamp()}"
            if (found := cache.get(key)) is not None:
                headers, content = found
                return HttpResponse(content, headers=headers)
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                content = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                headers = {name: response[name] for name in KEPT_HEADERS if name in response}
                cache.set(key, (headers, content), KEPT_FOR)
                return HttpResponse(content, headers=headers)
            return response

        return kept

    return decorator


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
