"""Reads beyond a filter: the transfers a person sees, in the order they must act on them."""

from django.db.models import Case, IntegerField, Q, Value, When

from apps.core.scoping import user_scope_path

from .choices import TransferStatus
from .models import MemberTransfer


def transfers_for(user):
    """Transfers visible to the user (either side in their scope): incoming requests awaiting
    their decision first, then their own requests still open, then decided ones, newest first."""
    path = user_scope_path(user) or "\0"
    awaiting = Q(status=TransferStatus.REQUESTED)
    return (
        MemberTransfer.objects.visible_to(user)
        .select_related("member", "from_union", "to_union", "requested_by", "decided_by")
        .annotate(
            urgency=Case(
                When(awaiting & Q(to_union__path__startswith=path), then=Value(0)),
                When(awaiting, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("urgency", "-requested_on", "-pk")
    )
