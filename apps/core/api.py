"""REST API for the organisation registry; the same scope, rules and services as the web."""

from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework import generics, mixins, viewsets
from rest_framework.permissions import IsAuthenticated

from . import services
from .filters import EmployerFilter, OrgFilter
from .forms import EmployerForm, OrgForm
from .models import Employer, UnionOrg
from .serializers import EmployerSerializer, MeSerializer, OrgSerializer, as_drf_error


class FormValidatedViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Writes go through the web form's rules and the same service as the web view.

    Deleting is not offered: organisations are closed, not deleted.
    """

    form_class = None
    service = None
    service_arg = ""

    def perform_create(self, serializer):
        self._save(serializer, self.get_queryset().model())

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def _save(self, serializer, instance):
        sent = self.request.data
        sent = sent.dict() if hasattr(sent, "dict") else dict(sent)
        data = {**self._form_initial(instance), **sent}
        form = self.form_class(data=data, instance=instance, user=self.request.user)
        if not form.is_valid():
            raise as_drf_error(ValidationError(dict(form.errors)))
        try:
            with transaction.atomic():
                record = form.save(commit=False)
                saved = self.service(**{self.service_arg: record}, actor=self.request.user)
        except ValidationError as error:
            raise as_drf_error(error) from error
        serializer.instance = saved

    def _form_initial(self, instance):
        from django.forms.models import model_to_dict

        return {k: v for k, v in model_to_dict(instance).items() if v is not None}


class OrgViewSet(FormValidatedViewSet):
    serializer_class = OrgSerializer
    filterset_class = OrgFilter
    form_class = OrgForm
    service = staticmethod(services.save_org)
    service_arg = "org"

    def get_queryset(self):
        return UnionOrg.objects.visible_to(self.request.user).select_related("parent")


class EmployerViewSet(FormValidatedViewSet):
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


def register(router):
    router.register("orgs", OrgViewSet, basename="org")
    router.register("employers", EmployerViewSet, basename="employer")
