"""The one API router: each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from apps.core.api import EmployerViewSet, MeView, OrgViewSet

router = DefaultRouter()
router.register("orgs", OrgViewSet, basename="org")
router.register("employers", EmployerViewSet, basename="employer")

__all__ = ["router", "MeView"]
