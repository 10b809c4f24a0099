"""REST API for collective contracts: the same FilterSet, scope, forms and services as the web.

GET/POST        /api/contracts/                 list (ContractFilter) / record an offer
GET/PUT/PATCH   /api/contracts/{id}/            read / edit parties, term, coverage
POST            /api/contracts/{id}/{move}/     reply, vote, sign, submit, review, renew,
                                                terminate (the move's form fields)
GET/POST        /api/contracts/{id}/checks/     performance checks
GET/POST        /api/contracts/{id}/assessments/  quality assessments ({"scores": {item: n}})
GET             /api/contracts/attention/       the attention page's counts (?township=)
GET             /api/contract-rubric/           the county's rubric
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.apiwrites import FormBody, FormValidatedViewSet, form_body, write_action
from apps.core.models import Employer

from . import queries, services
from .actions import ACTIONS
from .filters import ContractFilter
from .forms import AssessmentForm, CheckForm, ContractForm
from .models import CollectiveContract, PerformanceCheck, QualityAssessment, RubricItem
from .serializers import (
    AssessmentSerializer,
    CheckSerializer,
    ContractSerializer,
    RubricItemSerializer,
)
from .spreadsheets import contract_queryset


class ScoresBody(FormBody):
    """The assessment form's date, assessor and note, and its scores by rubric item id."""

    scores = serializers.DictField(
        child=serializers.DecimalField(
            max_digits=5, decimal_places=1, min_value=0, coerce_to_string=False
        ),
        help_text=gettext_lazy("Score per active rubric item: {item id: score}."),
    )

    def get_fields(self):
        fields = super().get_fields()
        for name in [n for n in fields if n.startswith("item_")]:
            del fields[name]
        return fields

    def validate_scores(self, scores):
        form = self.context.get("form")
        items = {str(item.pk) for item in form.items} if form is not None else set()
        unknown = sorted(set(scores) - items)
        if unknown:
            raise serializers.ValidationError(
                _("Not an active rubric item: %(items)s.") % {"items": ", ".join(unknown)}
            )
        return scores

    def form_data(self, values):
        values = dict(values)
        scores = values.pop("scores", None) or {}
        return {**values, **{f"item_{key}": value for key, value in scores.items()}}


CheckBody = form_body(CheckForm, name="ContractCheck")
AssessmentBody = form_body(AssessmentForm, name="ContractAssessment", base=ScoresBody, items=())


class ContractViewSet(FormValidatedViewSet):
    """Collective contracts in the caller's scope. Contracts are terminated, never deleted."""

    serializer_class = ContractSerializer
    filterset_class = ContractFilter
    form_class = ContractForm
    body_name = "Contract"

    def get_queryset(self):
        return contract_queryset(self.request.user).prefetch_related("coverage")

    def run_service(self, form, *, actor):
        service = services.update_contract if form.instance.pk else services.start_negotiation
        return service(contract=form.save(commit=False), actor=actor, covered=form.covered)

    @extend_schema(methods=["GET"], responses=CheckSerializer(many=True))
    @extend_schema(methods=["POST"], request=CheckBody, responses={201: CheckSerializer})
    @action(detail=True, methods=["get", "post"], serializer_class=CheckSerializer)
    def checks(self, request, pk=None):
        contract = self.get_object()
        if request.method == "GET":
            rows = PerformanceCheck.objects.visible_to(request.user).filter(contract=contract)
            return Response(CheckSerializer(rows, many=True).data)
        form = self.form_for(
            CheckBody, instance=PerformanceCheck(contract=contract), user=request.user
        )
        check = self.save(services.record_check, check=form.save(commit=False), actor=request.user)
        return Response(CheckSerializer(check).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=AssessmentSerializer(many=True))
    @extend_schema(methods=["POST"], request=AssessmentBody, responses={201: AssessmentSerializer})
    @action(detail=True, methods=["get", "post"], serializer_class=AssessmentSerializer)
    def assessments(self, request, pk=None):
        contract = self.get_object()
        if request.method == "GET":
            rows = (
                QualityAssessment.objects.visible_to(request.user)
                .filter(contract=contract)
                .prefetch_related("scores")
            )
            return Response(AssessmentSerializer(rows, many=True).data)
        items = RubricItem.objects.visible_to(request.user).filter(active=True)
        form = self.form_for(AssessmentBody, items=items)
        assessment = form.assessment(contract)
        self.save(
            services.record_assessment,
            assessment=assessment,
            scores=form.scores,
            actor=request.user,
        )
        return Response(AssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def attention(self, request):
        """How many contracts expire within 3 months, filings and replies are overdue, and
        organised employers have no contract in force, as of today (?township=<id>)."""
        today = timezone.localdate()
        contracts = CollectiveContract.objects.visible_to(request.user)
        employers = Employer.objects.visible_to(request.user)
        township = request.query_params.get("township", "")
        if township.isdigit():
            contracts = contracts.filter(union__township_id=township)
            employers = employers.filter(township_id=township)
        return Response(
            {
                "as_of": today,
                **queries.flag_counts(contracts, today),
                "no_contract": queries.organised_without_contract(employers, today).count(),
            }
        )


def _move_endpoint(move):
    """The API endpoint of a move: its body is the move's form, its answer the contract (the
    new one, for a renewal)."""
    body = form_body(move.form_class, name=f"Contract{move.name.capitalize()}")
    code = status.HTTP_201_CREATED if move.name == "renew" else status.HTTP_200_OK

    def endpoint(self, request, pk=None):
        contract = self.get_object()
        form = self.form_for(body)
        return self.answer(self.save(move.run, contract, request.user, form.cleaned_data), code)

    endpoint.__name__ = move.name
    endpoint.__doc__ = str(move.title)
    return write_action(
        body, responses=ContractSerializer, code=code, url_path=move.name, url_name=move.name
    )(endpoint)


for _move in ACTIONS.values():
    setattr(ContractViewSet, _move.name, _move_endpoint(_move))


class RubricItemViewSet(viewsets.ReadOnlyModelViewSet):
    """The county's quality-assessment rubric (edited on the web by county administrators)."""

    serializer_class = RubricItemSerializer

    def get_queryset(self):
        return RubricItem.objects.visible_to(self.request.user)


def register(router):
    router.register("contracts", ContractViewSet, basename="contract")
    router.register("contract-rubric", RubricItemViewSet, basename="contract-rubric")
