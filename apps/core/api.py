"""REST API for the organisation registry; the same scope, rules and services as the web."""

from rest_framework import generics
from rest_framework.permissions import IsAuthenticated

from . import services
from .apiwrites import FormValidatedViewSet
from .filters import EmployerFilter, OrgFilter
from .forms import EmployerForm, OrgForm
from .models import Employer, UnionOrg
from .serializers import EmployerSerializer, MeSerializer, OrgSerializer

__all__ = ["FormValidatedViewSet", "OrgViewSet", "EmployerViewSet", "MeView", "register"]


class OrgViewSet(FormValidatedViewSet):
    """Union organisations in the caller's scope; closed on the web, never deleted."""

    serializer_class = OrgSerializer
    filterset_class = OrgFilter
    form_class = OrgForm
    service = staticmethod(services.save_org)
    service_arg = "org"
    body_name = "Org"

    def get_queryset(self):
        return UnionOrg.objects.visible_to(self.request.user).select_related("parent")


class EmployerViewSet(FormValidatedViewSet):
    """Employers (the enterprises and institutions unions are organised in) in scope."""

    serializer_class = EmployerSerializer
    filterset_class = EmployerFilter
    form_class = EmployerForm
    service = staticmethod(services.save_employer)
    service_arg = "employer"

    def get_queryset(self):
        return Employer.objects.visible_to(self.request.user)


class MeView(generics.RetrieveAPIView):
    """The signed-in user's own profile: role and scope."""

    serializer_class = MeSerializer
    permission_classes = [IsAuthenticated]

    def get_object(self):
        return self.request.user


def org_form_statuses():
    """The statuses the organisation form sets (closing has its own page), named
    `OpenOrgStatusEnum` in the schema (settings.SPECTACULAR_SETTINGS)."""
    return list(OrgViewSet.bodies["create"]().fields["status"].choices.items())


def register(router):
    router.register("orgs", OrgViewSet, basename="org")
    router.register("employers", EmployerViewSet, basename="employer")
