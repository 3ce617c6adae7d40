"""
At most API_THROTTLE_RATE requests per person, then 429: all their tokens and their
signed-in session count together, so making more tokens does not buy more requests.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class PerUserThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def allow_request(self, request, view):
        # The rate is read per request, so a change of setting (or a test) takes effect.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        # The person a token or the session signs in, whichever it is: one budget each.
        if request.user and request.user.is_authenticated:
            return self.cache_format % {"scope": self.scope, "ident": f"user-{request.user.pk}"}
        return None  # not signed in: refused before this
