"""The care ledger's API: the ledger in scope (CareFilter), an entry recorded through the care
form and `record_care`, and a reversal.

GET/POST  /api/mw-care/               the ledger / record an entry
GET       /api/mw-care/{id}/
POST      /api/mw-care/{id}/reverse/  a reversing entry, with its reason
"""

from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from apps.core.apiwrites import ApiWrites, form_body, write_action
from apps.core.choices import Role
from apps.core.models import User

from ..filters_care import CareFilter
from ..forms.care import CareForm, CareReversalForm
from ..models.care import CareRecord
from ..serializers.care import CareSerializer
from ..services import care as services

SCHEMA_USER = User(is_active=False, role=Role.COUNTY_ADMIN)
CareBody = form_body(CareForm, name="ModelWorkerCare", user=SCHEMA_USER)
ReverseBody = form_body(CareReversalForm, name="ModelWorkerCareReverse")


class CareViewSet(
    ApiWrites, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The care ledger of the model workers in scope: append-only; a POST records an entry, a
    correction is a reversal (`reverse`)."""

    serializer_class = CareSerializer
    filterset_class = CareFilter
    bodies = {"create": CareBody}

    def get_queryset(self):
        return CareRecord.objects.visible_to(self.request.user).select_related("model_worker")

    def create(self, request, *args, **kwargs):
        form = self.form_for(CareBody, user=request.user)
        record = self.save(services.record_care, actor=request.user, **form.service_args())
        fresh = self.get_queryset().get(pk=record.pk)
        return Response(CareSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @write_action(ReverseBody, responses=CareSerializer, code=status.HTTP_201_CREATED)
    def reverse(self, request, pk=None):
        """A reversing entry: the entry's amount negated, with the reason."""
        record = self.get_object()
        form = self.form_for(ReverseBody)
        reversal = self.save(
            services.reverse_care, record=record, actor=request.user, **form.cleaned_data
        )
        fresh = self.get_queryset().get(pk=reversal.pk)
        return Response(CareSerializer(fresh).data, status=status.HTTP_201_CREATED)


def register(router):
    router.register("mw-care", CareViewSet, basename="mw-care")
