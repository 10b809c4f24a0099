"""Who may do what, beyond scope: staff roles write, leaders and auditors only read."""

from django.core.exceptions import PermissionDenied
from rest_framework import permissions


def require_edit(user):
    """Called first in every view that writes."""
    if not user.can_edit:
        raise PermissionDenied


def require_county_admin(user):
    if not user.is_county_admin:
        raise PermissionDenied


class PortalPermission(permissions.BasePermission):
    """API: signed in and active with a scope; writes only for staff roles.

    Records outside the caller's scope never reach this check: every viewset's queryset starts
    from `visible_to(user)`, so they answer 404.
    """

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return user.can_edit
