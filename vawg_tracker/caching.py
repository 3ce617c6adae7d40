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
"""

from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, private=True, no_store=True)
        return response
