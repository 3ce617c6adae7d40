"""
``Authorization: Token <secret>`` (or ``Bearer <secret>``): a personal API token that is
neither expired nor revoked, of an active user. A use from a new address goes in the
audit log; "last used" is written at most once a minute.
"""

from django.conf import settings
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from vawg_tracker import audit
from vawg_tracker.accounts.two_factor import must_use

from .models import ApiToken, hash_secret

KEYWORDS = (b"token", b"bearer")


class TokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() not in KEYWORDS:
            return None  # no token: the session may sign the request in
        if len(words) != 2:
            raise AuthenticationFailed("Send one token: Authorization: Token <secret>.")
        try:
            secret = words[1].decode("ascii")
        except UnicodeError:
            raise AuthenticationFailed("Invalid token.") from None
        token = (
            ApiToken.objects.live()
            .select_related("user")
            .filter(key_hash=hash_secret(secret))
            .first()
        )
        if token is None or not token.user.is_active:
            raise AuthenticationFailed("Invalid, expired or revoked token.")
        if token.note_use(audit.client_ip(request._request)):
            kind = audit.Kind.API_TOKEN_NEW_ADDRESS
            audit.record(kind, request._request, user=token.user, obj=token)
        return token.user, token

    def authenticate_header(self, request):
        return 'Token realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """
    The browser's session, for a quick look: only once it has passed two-factor sign-in
    where REQUIRE_TWO_FACTOR asks for it (the API's views are outside the middleware that
    holds such a session to setting it up). Otherwise the request has no credentials.
    """

    def authenticate(self, request):
        signed_in = super().authenticate(request)
        if signed_in is None:
            return None
        user = signed_in[0]
        if settings.REQUIRE_TWO_FACTOR and must_use(user) and not user.is_verified():
            return None
        return signed_in


class TokenScheme(OpenApiAuthenticationExtension):
    """How the schema describes the token: an API key in the Authorization header."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A personal token from /api/tokens/, sent as `Token <secret>`.",
        }


class VerifiedSessionScheme(SessionScheme):
    """The session, described as DRF's own is: the cookie."""

    target_class = SessionAuthentication
