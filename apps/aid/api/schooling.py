"""The 金秋助学 API: applications on the parent's file, each step an action, the step log.

GET/POST  /api/aid-school-aid/                    list (SchoolAidFilter) / apply (the
                                                  application form's fields and `file`)
GET       /api/aid-school-aid/{id}/               an application with its steps
POST      /api/aid-school-aid/{id}/{step}/        start_publicity, close_publicity, approve
GET       /api/aid-school-aid/{id}/steps/         the step log
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.apiwrites import ApiWrites, FormBody, form_body, write_action

from .. import services
from ..filters import SchoolAidFilter
from ..forms import (
    SchoolAidDecisionForm,
    SchoolAidForm,
    SchoolAidPublicityCloseForm,
    SchoolAidPublicityStartForm,
)
from ..models import HardshipFile, SchoolAidApplication, SchoolAidStep
from ..serializers import SchoolAidSerializer, SchoolAidStepSerializer


class SchoolAidBody(FormBody):
    """The application form's fields, and `file`: the parent's hardship file."""

    file = serializers.IntegerField(
        min_value=1, help_text=gettext_lazy("The parent's hardship file (its id).")
    )


ApplyBody = form_body(SchoolAidForm, name="AidSchoolAidApply", base=SchoolAidBody)
PublicityStartBody = form_body(SchoolAidPublicityStartForm, name="AidSchoolAidPublicityStart")
PublicityCloseBody = form_body(SchoolAidPublicityCloseForm, name="AidSchoolAidPublicityClose")
ApprovalBody = form_body(SchoolAidDecisionForm, name="AidSchoolAidApproval")


class SchoolAidViewSet(
    ApiWrites, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """金秋助学 applications in the caller's scope (placed by the parent's file); a POST applies,
    each step is an action; never edited or deleted (a refusal is a step)."""

    serializer_class = SchoolAidSerializer
    filterset_class = SchoolAidFilter
    bodies = {"create": ApplyBody}

    def get_queryset(self):
        steps = SchoolAidStep.objects.order_by("acted_on", "pk")
        return (
            SchoolAidApplication.objects.visible_to(self.request.user)
            .prefetch_related(Prefetch("steps", queryset=steps))
            .order_by("-school_year", "-pk")
        )

    def answer(self, application, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=application.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        data = request.data if isinstance(request.data, dict) else {}
        file_id = data.get("file")
        file = None
        if not isinstance(file_id, bool) and str(file_id).isdigit() and len(str(file_id)) < 10:
            file = HardshipFile.objects.visible_to(request.user).filter(pk=file_id).first()
        form = self.form_for(ApplyBody, file=file, user=request.user)
        if file is None:
            raise serializers.ValidationError({"file": [_("No such hardship file in your scope.")]})
        application = form.save(commit=False)
        application.file = file
        saved = self.save(
            services.apply_for_school_aid, application=application, actor=request.user
        )
        return self.answer(saved, status.HTTP_201_CREATED)

    def _step(self, body, service):
        application = self.get_object()
        form = self.form_for(body)
        saved = self.save(
            service, application=application, actor=self.request.user, **form.service_args()
        )
        return self.answer(saved)

    @write_action(PublicityStartBody, responses=SchoolAidSerializer)
    def start_publicity(self, request, pk=None):
        """公示: the students to be aided are posted, from/until."""
        return self._step(PublicityStartBody, services.start_school_aid_publicity)

    @write_action(PublicityCloseBody, responses=SchoolAidSerializer)
    def close_publicity(self, request, pk=None):
        """公示期满: passed, or refused by an objection upheld (its finding the opinion)."""
        return self._step(PublicityCloseBody, services.close_school_aid_publicity)

    @write_action(ApprovalBody, responses=SchoolAidSerializer)
    def approve(self, request, pk=None):
        """审批 (the county or the programme's union); refused when the student is already
        aided in the school year by another programme."""
        return self._step(ApprovalBody, services.approve_school_aid)

    @extend_schema(responses=SchoolAidStepSerializer(many=True))
    @action(
        detail=True,
        methods=["get"],
        serializer_class=SchoolAidStepSerializer,
        filterset_class=None,
        pagination_class=None,
    )
    def steps(self, request, pk=None):
        application = self.get_object()
        return Response(SchoolAidStepSerializer(application.steps.all(), many=True).data)
