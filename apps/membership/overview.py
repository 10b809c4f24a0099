"""Membership on the overview pages (`apps.core.overview`): members beside each organisation
of the tree, and the transfers waiting for the user's decision on the home page."""

import datetime

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core.overview import Todo, TreeCount
from apps.core.scoping import user_scope_path

from .choices import TransferStatus
from .models import Member, MemberTransfer

# A transfer waiting longer than this is flagged on the home page.
TRANSFER_WAIT_DAYS = 30
SHOWN_TRANSFERS = 5


def _members(user, day):
    return Member.objects.visible_to(user).holding()


def _member_list(org, day):
    return reverse("membership:member_list") + "?" + urlencode({"subtree": org.pk})


TREE_COUNTS = [
    TreeCount(
        key="members",
        label=_("Members"),
        records=_members,
        path="union__path",
        url=_member_list,
        order=10,
    )
]


def _short(org):
    return org.short_name or org.name


def awaiting_decision(user):
    """Requested transfers the user decides (`services.can_decide`: staff of the receiving
    union's side, or the county): received by a union in the user's scope."""
    if not user.can_edit:
        return MemberTransfer.objects.none()
    path = user_scope_path(user)
    if path is None:
        return MemberTransfer.objects.none()
    return MemberTransfer.objects.visible_to(user).filter(
        status=TransferStatus.REQUESTED, to_union__path__startswith=path
    )


def todos(user, day):
    waiting = awaiting_decision(user)
    late_before = day - datetime.timedelta(days=TRANSFER_WAIT_DAYS)
    summary = waiting.aggregate(
        n=Count("pk"),
        late=Count("pk", filter=Q(requested_on__lt=late_before)),
        oldest=Min("requested_on"),
    )
    if not summary["n"]:
        return []
    rows = []
    for transfer in waiting.select_related("member", "from_union", "to_union").order_by(
        "requested_on", "pk"
    )[:SHOWN_TRANSFERS]:
        days = (day - transfer.requested_on).days
        rows.append(
            (
                f"{transfer.member.name}："
                f"{_short(transfer.from_union)} → {_short(transfer.to_union)}",
                reverse("membership:transfer_detail", args=[transfer.pk]),
                ngettext("waiting %(days)d day", "waiting %(days)d days", days) % {"days": days},
                days > TRANSFER_WAIT_DAYS,
            )
        )
    late = summary["late"]
    oldest = (day - summary["oldest"]).days
    note = ngettext(
        "the oldest has waited %(days)d day", "the oldest has waited %(days)d days", oldest
    ) % {"days": oldest}
    if late:
        note += "; " + ngettext(
            "%(n)d waiting over 30 days", "%(n)d waiting over 30 days", late
        ) % {"n": late}
    url = (
        reverse("membership:transfer_list")
        + "?"
        + urlencode({"direction": "incoming", "status": TransferStatus.REQUESTED.value})
    )
    return [
        Todo(
            order=10,
            label=_("Transfers waiting for your decision"),
            count=summary["n"],
            url=url,
            note=note,
            urgent=bool(late),
            rows=tuple(rows),
        )
    ]
