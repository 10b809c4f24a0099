"""REST API for members, their ledger and transfers: the same scope, filters, form, rules,
services and masking as the web pages."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.api import FormValidatedViewSet
from apps.core.serializers import as_drf_error

from . import services
from .filters import ChangeFilter, MemberFilter, TransferFilter
from .forms import MemberForm
from .models import Member, MembershipChange
from .queries import transfers_for
from .serializers import (
    DecisionSerializer,
    MemberSerializer,
    MembershipChangeSerializer,
    TransferSerializer,
)


def save_member(*, member, actor):
    """A new record joins (入会 in the ledger); an existing one is edited."""
    if member.pk:
        return services.update_member(member=member, actor=actor)
    return services.add_member(member=member, actor=actor)


@extend_schema_view(
    list=extend_schema(summary="Members in the caller's scope (ID and phone masked)"),
    create=extend_schema(summary="Add a member: records 入会 in the ledger"),
    update=extend_schema(summary="Edit a member's real-name record"),
    partial_update=extend_schema(summary="Edit some fields of a member's real-name record"),
)
class MemberViewSet(FormValidatedViewSet):
    """Members (会员). Status changes only through the ledger and transfers; the union only
    through a transfer. Filters are those of the web list."""

    serializer_class = MemberSerializer
    filterset_class = MemberFilter
    form_class = MemberForm
    service = staticmethod(save_member)
    service_arg = "member"

    def get_queryset(self):
        return Member.objects.visible_to(self.request.user).select_related("union")


class MembershipChangeViewSet(viewsets.ReadOnlyModelViewSet):
    """The membership ledger (会籍变动) of the unions in the caller's scope, append-only: each
    line belongs to the union where the change happened (a transfer writes 转出 at the
    releasing union and 转入 at the receiving one)."""

    serializer_class = MembershipChangeSerializer
    filterset_class = ChangeFilter

    def get_queryset(self):
        return MembershipChange.objects.visible_to(self.request.user).select_related(
            "union", "other_union"
        )


@extend_schema_view(
    list=extend_schema(summary="Transfers either side of which is in the caller's scope"),
    create=extend_schema(summary="Request a transfer (by the releasing union)"),
)
class TransferViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Membership transfers (组织关系接转): the releasing union requests, the receiving union or
    the county accepts or refuses, the requester may cancel while it is open. Incoming requests
    awaiting the caller's decision come first."""

    serializer_class = TransferSerializer
    filterset_class = TransferFilter

    def get_queryset(self):
        return transfers_for(self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = services.request_transfer(
                member=data["member"],
                to_union=data["to_union"],
                actor=self.request.user,
                requested_on=data.get("requested_on") or timezone.localdate(),
                reason=data["reason"],
                note=data.get("note", ""),
            )
        except ValidationError as error:
            raise as_drf_error(error) from error

    def _act(self, request, service, **kwargs):
        transfer = self.get_object()
        try:
            service(transfer=transfer, actor=request.user, **kwargs)
        except ValidationError as error:
            raise as_drf_error(error) from error
        transfer = self.get_queryset().get(pk=transfer.pk)
        return Response(self.get_serializer(transfer).data)

    def _opinion(self, request):
        decision = DecisionSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        return decision.validated_data.get("opinion", "")

    @extend_schema(
        summary="Accept: the member moves; 转出 and 转入 are written",
        request=DecisionSerializer,
        responses=TransferSerializer,
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        opinion = self._opinion(request)
        return self._act(request, services.decide_transfer, accept=True, opinion=opinion)

    @extend_schema(summary="Refuse", request=DecisionSerializer, responses=TransferSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        opinion = self._opinion(request)
        return self._act(request, services.decide_transfer, accept=False, opinion=opinion)

    @extend_schema(
        summary="Cancel an open request (the releasing side)",
        request=None,
        responses=TransferSerializer,
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._act(request, services.cancel_transfer)


def register(router):
    router.register("members", MemberViewSet, basename="member")
    router.register("membership-changes", MembershipChangeViewSet, basename="membership-change")
    router.register("transfers", TransferViewSet, basename="transfer")
