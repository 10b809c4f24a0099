"""REST API of the registry: the same FilterSets, scope, forms and services as the web.

GET/POST        /api/model-workers/                 list (ModelWorkerFilter) / add a file
GET/PUT/PATCH   /api/model-workers/{id}/            read / edit
POST            /api/model-workers/{id}/status/     a change of status
GET/POST        /api/honoured-collectives/          list / add
GET/PUT/PATCH   /api/honoured-collectives/{id}/     read / edit
GET/POST        /api/honour-awards/                 list (AwardFilter) / record an award
GET             /api/honour-awards/{id}/            read
POST            /api/honour-awards/{id}/revoke/     revoke
GET             /api/honour-types/                  the county's honour types
"""

from rest_framework import viewsets

from apps.core.apiwrites import FormValidatedViewSet, form_body, write_action

from .. import services
from ..filters import AwardFilter, CollectiveFilter, ModelWorkerFilter
from ..forms.registry import (
    AwardForm,
    CollectiveForm,
    CollectiveStatusForm,
    ModelWorkerForm,
    RevokeForm,
    WorkerStatusForm,
)
from ..models import HonourType
from ..serializers.registry import (
    CollectiveSerializer,
    HonourAwardSerializer,
    HonourTypeSerializer,
    ModelWorkerSerializer,
)
from ..spreadsheets import award_queryset, collective_queryset, worker_queryset

WorkerStatusBody = form_body(WorkerStatusForm, name="ModelWorkerStatus")
CollectiveStatusBody = form_body(CollectiveStatusForm, name="CollectiveStatus")
RevokeBody = form_body(RevokeForm, name="HonourAwardRevoke")


class ModelWorkerViewSet(FormValidatedViewSet):
    """Model workers' files in the caller's scope. Files change status, never are deleted."""

    serializer_class = ModelWorkerSerializer
    filterset_class = ModelWorkerFilter
    form_class = ModelWorkerForm
    service = staticmethod(services.save_worker)
    service_arg = "worker"
    body_name = "ModelWorker"

    def get_queryset(self):
        return worker_queryset(self.request.user)

    @write_action(WorkerStatusBody, responses=ModelWorkerSerializer)
    def status(self, request, pk=None):
        worker = self.get_object()
        data = self.form_for(WorkerStatusBody).cleaned_data
        self.save(
            services.change_worker_status,
            worker=worker,
            actor=request.user,
            status=data["status"],
            on=data["on"],
            reason=data["reason"],
            transferred_to=data["transferred_to"],
        )
        return self.answer(worker)


class CollectiveViewSet(FormValidatedViewSet):
    """Honoured collectives in the caller's scope."""

    serializer_class = CollectiveSerializer
    filterset_class = CollectiveFilter
    form_class = CollectiveForm
    service = staticmethod(services.save_collective)
    service_arg = "collective"
    body_name = "Collective"

    def get_queryset(self):
        return collective_queryset(self.request.user)

    @write_action(CollectiveStatusBody, responses=CollectiveSerializer)
    def status(self, request, pk=None):
        collective = self.get_object()
        data = self.form_for(CollectiveStatusBody).cleaned_data
        self.save(
            services.change_collective_status,
            collective=collective,
            actor=request.user,
            status=data["status"],
            on=data["on"],
            reason=data["reason"],
        )
        return self.answer(collective)


class HonourAwardViewSet(FormValidatedViewSet):
    """Awards to model workers, collectives and union organisations in the caller's scope:
    recorded (`record_award`) and revoked, never edited or deleted."""

    serializer_class = HonourAwardSerializer
    filterset_class = AwardFilter
    form_class = AwardForm
    body_name = "HonourAward"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return award_queryset(self.request.user)

    def run_service(self, form, *, actor):
        return services.record_award(actor=actor, **form.service_arguments())

    @write_action(RevokeBody, responses=HonourAwardSerializer)
    def revoke(self, request, pk=None):
        award = self.get_object()
        data = self.form_for(RevokeBody).cleaned_data
        self.save(
            services.revoke_award,
            award=award,
            actor=request.user,
            on=data["on"],
            reason=data["reason"],
        )
        return self.answer(award)


class HonourTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """The county's honour types (edited on the web by the county administrator)."""

    serializer_class = HonourTypeSerializer
    queryset = HonourType.objects.all()


def register(router):
    router.register("model-workers", ModelWorkerViewSet, basename="model-worker")
    router.register("honoured-collectives", CollectiveViewSet, basename="honoured-collective")
    router.register("honour-awards", HonourAwardViewSet, basename="honour-award")
    router.register("honour-types", HonourTypeViewSet, basename="honour-type")
