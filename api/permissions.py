"""
Who may read each endpoint: the capabilities the pages require (``required`` on the view,
any one of them). No capability named, nobody. Writes never reach a view: the endpoints
are read-only, so a write from someone who may read is 405.
"""

from rest_framework.permissions import BasePermission

from vawg_tracker import audit


class HasCapability(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False  # 401: DRF asks for credentials
        required = getattr(view, "required", ())
        if required and any(user.has_perm(perm) for perm in required):
            return True
        audit.record(audit.Kind.FORBIDDEN, request._request, user=user)
        return False
