"""The 职工医疗互助 API: enrolments by employer and year, claims and their decision.

GET/POST/PATCH  /api/aid-mutual-enrolments/              enrolments (EnrolmentFilter)
GET/POST        /api/aid-mutual-claims/                  claims (ClaimFilter) / record one
POST            /api/aid-mutual-claims/{id}/approve/     the county approves or refuses
"""

from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from apps.core.apiwrites import ApiWrites, FormValidatedViewSet, form_body, write_action

from .. import services
from ..filters import ClaimFilter, EnrolmentFilter
from ..forms import ClaimDecisionForm, ClaimForm, EnrolmentForm
from ..models import MutualAidClaim, MutualAidEnrolment
from ..serializers import ClaimSerializer, EnrolmentSerializer


class EnrolmentViewSet(FormValidatedViewSet):
    """Employers' enrolments in the caller's scope, through the enrolment form and
    `enrol_employer` (the contributions are computed)."""

    serializer_class = EnrolmentSerializer
    filterset_class = EnrolmentFilter
    form_class = EnrolmentForm
    service = staticmethod(services.enrol_employer)
    service_arg = "enrolment"
    body_name = "AidMutualEnrolment"

    def get_queryset(self):
        return MutualAidEnrolment.objects.visible_to(self.request.user).order_by("-year", "pk")


ClaimBody = form_body(ClaimForm, name="AidMutualClaimCreate")
DecisionBody = form_body(ClaimDecisionForm, name="AidMutualClaimDecision")


class ClaimViewSet(
    ApiWrites, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Claims of the enrolments in the caller's scope; a POST records one (`record_claim`), the
    county decides it (`approve`) within its caps."""

    serializer_class = ClaimSerializer
    filterset_class = ClaimFilter
    bodies = {"create": ClaimBody}

    def get_queryset(self):
        return MutualAidClaim.objects.visible_to(self.request.user).order_by("-applied_on", "-pk")

    def answer(self, claim, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=claim.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        form = self.form_for(ClaimBody, user=request.user)
        claim = self.save(services.record_claim, claim=form.save(commit=False), actor=request.user)
        return self.answer(claim, status.HTTP_201_CREATED)

    @write_action(DecisionBody, responses=ClaimSerializer)
    def approve(self, request, pk=None):
        """The county approves (within the caps per claim and per person and year) or refuses
        (with its opinion)."""
        claim = self.get_object()
        form = self.form_for(DecisionBody)
        decided = self.save(
            services.approve_claim, claim=claim, actor=request.user, **form.service_args()
        )
        return self.answer(decided)
