"""REST API for members, their ledger and transfers: the same scope, filters, form, rules,
services and masking as the web pages."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from apps.core.apiwrites import (
    ApiWrites,
    FormValidatedViewSet,
    NoBody,
    StrictBody,
    form_body,
    write_action,
)

from . import services
from .filters import ChangeFilter, MemberFilter, TransferFilter
from .forms import DecisionForm, MemberForm
from .models import Member, MembershipChange
from .queries import transfers_for
from .serializers import MemberSerializer, MembershipChangeSerializer, TransferSerializer

DecisionBody = form_body(DecisionForm, name="TransferDecision")


class TransferRequestBody(StrictBody, TransferSerializer):
    """A transfer request: the member, the receiving union, the date and reason."""


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
    body_name = "Member"
    read_only_messages = {"union": _("Move a member to another union by a transfer.")}

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
    create=extend_schema(
        summary="Request a transfer (by the releasing union)", request=TransferRequestBody
    ),
)
class TransferViewSet(
    ApiWrites,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Membership transfers (组织关系接转): the releasing union requests, the receiving union or
    the county accepts or refuses, the requester may cancel while it is open. Incoming requests
    awaiting the caller's decision come first."""

    serializer_class = TransferSerializer
    filterset_class = TransferFilter

    def get_queryset(self):
        return transfers_for(self.request.user)

    def create(self, request, *args, **kwargs):
        data = self.body(TransferRequestBody)
        transfer = self.save(
            services.request_transfer,
            member=data["member"],
            to_union=data["to_union"],
            actor=request.user,
            requested_on=data.get("requested_on") or timezone.localdate(),
            reason=data["reason"],
            note=data.get("note", ""),
        )
        return self._answer(transfer, status.HTTP_201_CREATED)

    def _answer(self, transfer, code=status.HTTP_200_OK):
        transfer = self.get_queryset().get(pk=transfer.pk)
        return Response(self.get_serializer(transfer).data, status=code)

    def _decide(self, *, accept):
        transfer = self.get_object()
        opinion = self.form_for(DecisionBody).cleaned_data["opinion"]
        self.save(
            services.decide_transfer,
            transfer=transfer,
            actor=self.request.user,
            accept=accept,
            opinion=opinion,
        )
        return self._answer(transfer)

    @write_action(
        DecisionBody,
        responses=TransferSerializer,
        summary="Accept: the member moves; 转出 and 转入 are written",
    )
    def accept(self, request, pk=None):
        return self._decide(accept=True)

    @write_action(DecisionBody, responses=TransferSerializer, summary="Refuse")
    def refuse(self, request, pk=None):
        return self._decide(accept=False)

    @write_action(
        NoBody, responses=TransferSerializer, summary="Cancel an open request (the releasing side)"
    )
    def cancel(self, request, pk=None):
        transfer = self.get_object()
        self.body(NoBody)
        self.save(services.cancel_transfer, transfer=transfer, actor=request.user)
        return self._answer(transfer)


def register(router):
    router.register("members", MemberViewSet, basename="member")
    router.register("membership-changes", MembershipChangeViewSet, basename="membership-change")
    router.register("transfers", TransferViewSet, basename="transfer")
