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

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.models import Employer
from apps.core.serializers import as_drf_error

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


def _data(request):
    data = request.data
    return data.dict() if hasattr(data, "dict") else dict(data)


def _form_errors(form):
    return as_drf_error(ValidationError(dict(form.errors)))


class ContractViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Collective contracts in the caller's scope. Contracts are terminated, never deleted."""

    serializer_class = ContractSerializer
    filterset_class = ContractFilter

    def get_queryset(self):
        return contract_queryset(self.request.user).prefetch_related("coverage")

    def _answer(self, contract, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=contract.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def _write(self, instance, data, service):
        form = ContractForm(data=data, instance=instance, user=self.request.user)
        if not form.is_valid():
            raise _form_errors(form)
        try:
            return service(
                contract=form.save(commit=False), actor=self.request.user, covered=form.covered
            )
        except ValidationError as error:
            raise as_drf_error(error) from error

    @extend_schema(request=OpenApiTypes.OBJECT)
    def create(self, request, *args, **kwargs):
        contract = self._write(CollectiveContract(), _data(request), services.start_negotiation)
        return self._answer(contract, status.HTTP_201_CREATED)

    @extend_schema(request=OpenApiTypes.OBJECT)
    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        current = {
            name: getattr(instance, f"{name}_id", None) or getattr(instance, name)
            for name in ContractForm.Meta.fields
            if name not in ("covered_employers", "offer_on")
        }
        current["covered_employers"] = [row.employer_id for row in instance.coverage.all()]
        current = {k: v for k, v in current.items() if v is not None}
        contract = self._write(instance, {**current, **_data(request)}, services.update_contract)
        return self._answer(contract)

    def _move(self, request, name):
        contract = self.get_object()
        move = ACTIONS[name]
        form = move.form_class(data=_data(request))
        if not form.is_valid():
            raise _form_errors(form)
        try:
            result = move.run(contract, request.user, form.cleaned_data)
        except ValidationError as error:
            raise as_drf_error(error) from error
        return self._answer(result, status.HTTP_201_CREATED if name == "renew" else 200)

    @extend_schema(request=OpenApiTypes.OBJECT, responses=CheckSerializer(many=True))
    @action(detail=True, methods=["get", "post"], serializer_class=CheckSerializer)
    def checks(self, request, pk=None):
        contract = self.get_object()
        if request.method == "GET":
            rows = PerformanceCheck.objects.visible_to(request.user).filter(contract=contract)
            return Response(CheckSerializer(rows, many=True).data)
        form = CheckForm(
            data=_data(request), instance=PerformanceCheck(contract=contract), user=request.user
        )
        if not form.is_valid():
            raise _form_errors(form)
        try:
            check = services.record_check(check=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            raise as_drf_error(error) from error
        return Response(CheckSerializer(check).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OpenApiTypes.OBJECT, responses=AssessmentSerializer(many=True))
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
        data = _data(request)
        scores = data.pop("scores", None) or {}
        data.update({f"item_{k}": v for k, v in scores.items()})
        items = RubricItem.objects.visible_to(request.user).filter(active=True)
        form = AssessmentForm(data=data, items=items)
        if not form.is_valid():
            raise _form_errors(form)
        assessment = form.assessment(contract)
        try:
            services.record_assessment(
                assessment=assessment, scores=form.scores, actor=request.user
            )
        except ValidationError as error:
            raise as_drf_error(error) from error
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


def _move_endpoint(name):
    def endpoint(self, request, pk=None):
        return self._move(request, name)

    endpoint.__name__ = name
    endpoint.__doc__ = str(ACTIONS[name].title)
    endpoint = extend_schema(request=OpenApiTypes.OBJECT, responses=ContractSerializer)(endpoint)
    return action(detail=True, methods=["post"], url_path=name, url_name=name)(endpoint)


for _name in ACTIONS:
    setattr(ContractViewSet, _name, _move_endpoint(_name))


class RubricItemViewSet(viewsets.ReadOnlyModelViewSet):
    """The county's quality-assessment rubric (edited on the web by county administrators)."""

    serializer_class = RubricItemSerializer

    def get_queryset(self):
        return RubricItem.objects.visible_to(self.request.user)


def register(router):
    router.register("contracts", ContractViewSet, basename="contract")
    router.register("contract-rubric", RubricItemViewSet, basename="contract-rubric")
