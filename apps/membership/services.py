"""Writes to the membership records. The ledger (MembershipChange) is the truth; a member's
status is set only here, from the entry just written, in the same transaction.

Rules enforced:
- one active (or retained) membership per ID number: refused with a message that names no
  other union's data; the database's partial unique index settles two staff saving at once;
- ledger entries follow from the current status (a withdrawn member cannot be retained, a
  member cannot be transferred out twice);
- a transfer is requested by the releasing union and decided by the receiving union or the
  county; accepting moves the member and writes 转出 + 转入 in one transaction; refusing
  needs the reason (the releasing union and the member are owed one), whichever way it comes.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.scoping import ensure_visible
from apps.core.services import history_context

from .choices import (
    HOLDING_STATUSES,
    STATUS_AFTER,
    ChangeReason,
    ChangeType,
    MemberStatus,
    TransferStatus,
)
from .models import Member, MembershipChange, MemberTransfer

# Lazy: a module-level message must be translated when shown, in the reader's language.
ALREADY_MEMBER = gettext_lazy(
    "Already an active member of another union; ask the county to transfer."
)
REFUSAL_NEEDS_REASON = gettext_lazy("Give the reason for refusing the transfer.")

# Which ledger entries staff may record by hand from each status (transfers have their own flow).
ALLOWED_CHANGES = {
    MemberStatus.ACTIVE: {ChangeType.RETAIN, ChangeType.EXPEL, ChangeType.WITHDRAW},
    MemberStatus.RETAINED: {ChangeType.JOIN, ChangeType.EXPEL, ChangeType.WITHDRAW},
    MemberStatus.TRANSFERRED_OUT: set(),
    MemberStatus.WITHDRAWN: {ChangeType.JOIN},
    MemberStatus.EXPELLED: {ChangeType.JOIN},
}


def _already_member_elsewhere(member):
    others = Member.objects.filter(id_number=member.id_number, status__in=HOLDING_STATUSES)
    if member.pk:
        others = others.exclude(pk=member.pk)
    return others.exists()


def _save_member(member):
    """Save, turning the database's one-membership constraint into the form's message."""
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as error:
        if "member_one_active_membership_per_id" in str(error):
            raise ValidationError({"id_number": ALREADY_MEMBER}) from error
        raise


@transaction.atomic
def add_member(*, member, actor, reason=ChangeReason.NEW_MEMBER, note=""):
    """Record a new member and the 入会 entry of the ledger."""
    if _already_member_elsewhere(member):
        raise ValidationError({"id_number": ALREADY_MEMBER})
    with history_context(actor):
        member.status = MemberStatus.ACTIVE
        member.status_since = member.joined_on
        _save_member(member)
        MembershipChange.objects.create(
            member=member,
            union=member.union,
            change_type=ChangeType.JOIN,
            changed_on=member.joined_on,
            reason=reason,
            note=note,
            recorded_by=actor,
        )
        ensure_visible(member, actor)
    return member


@transaction.atomic
def update_member(*, member, actor):
    """Save edits to the real-name record (never the status, never the union: those move only
    through the ledger and transfers)."""
    stored = Member.objects.select_for_update().get(pk=member.pk)
    if member.union_id != stored.union_id:
        raise ValidationError({"union": _("Move a member to another union by a transfer.")})
    member.status, member.status_since = stored.status, stored.status_since
    if member.status in HOLDING_STATUSES and _already_member_elsewhere(member):
        raise ValidationError({"id_number": ALREADY_MEMBER})
    with history_context(actor):
        _save_member(member)
        ensure_visible(member, actor)
    return member


@transaction.atomic
def record_change(*, member, actor, change_type, changed_on, reason="", note=""):
    """Add a ledger entry (保留, 除名, 退会, or 入会 again) and set the status it leads to."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    change_type = ChangeType(change_type)
    if change_type not in ALLOWED_CHANGES[MemberStatus(member.status)]:
        raise ValidationError(
            _("A member who is %(status)s cannot be recorded as %(change)s.")
            % {"status": member.get_status_display(), "change": change_type.label}
        )
    if member.status_since and changed_on < member.status_since:
        raise ValidationError(
            {
                "changed_on": _("The date is before the member's last change (%(date)s).")
                % {"date": member.status_since}
            }
        )
    new_status = STATUS_AFTER[change_type]
    rejoining = new_status in HOLDING_STATUSES and member.status not in HOLDING_STATUSES
    if rejoining and _already_member_elsewhere(member):
        raise ValidationError(ALREADY_MEMBER)
    with history_context(actor):
        change = MembershipChange.objects.create(
            member=member,
            union=member.union,
            change_type=change_type,
            changed_on=changed_on,
            reason=reason,
            note=note,
            recorded_by=actor,
        )
        member.status, member.status_since = new_status, changed_on
        _save_member(member)
        ensure_visible(member, actor)
    return change


@transaction.atomic
def request_transfer(*, member, to_union, actor, requested_on, reason, note=""):
    """The releasing union asks the receiving union to take the member."""
    if not actor.can_edit:
        raise PermissionDenied
    member = Member.objects.select_for_update().get(pk=member.pk)
    ensure_visible(member, actor)
    if member.status not in HOLDING_STATUSES:
        raise ValidationError(_("Only a current member can be transferred."))
    if to_union.pk == member.union_id:
        raise ValidationError({"to_union": _("The member already belongs to this union.")})
    if to_union.is_closed:
        raise ValidationError({"to_union": _("The union is closed.")})
    if MemberTransfer.objects.filter(member=member, status=TransferStatus.REQUESTED).exists():
        raise ValidationError(_("A transfer of this member is already awaiting a decision."))
    with history_context(actor):
        return MemberTransfer.objects.create(
            member=member,
            from_union=member.union,
            to_union=to_union,
            requested_on=requested_on,
            reason=reason,
            note=note,
            requested_by=actor,
        )


def can_decide(transfer, actor):
    """The receiving union's side (its subtree's staff above it) or the county decides."""
    return (
        actor.can_edit
        and actor.org is not None
        and (transfer.to_union.is_within(actor.org) or actor.is_county_admin)
    )


@transaction.atomic
def decide_transfer(*, transfer, actor, accept, opinion="", decided_on=None):
    """Accept (move the member, write 转出 and 转入) or refuse a requested transfer. A refusal
    states its reason in `opinion`: the web form and the API both come through here."""
    opinion = (opinion or "").strip()
    transfer = (
        MemberTransfer.objects.select_for_update()
        .select_related("to_union", "from_union")
        .get(pk=transfer.pk)
    )
    if transfer.status != TransferStatus.REQUESTED:
        raise ValidationError(_("This transfer has already been decided."))
    if not can_decide(transfer, actor):
        raise PermissionDenied
    if not accept and not opinion:
        raise ValidationError({"opinion": REFUSAL_NEEDS_REASON})
    decided_on = decided_on or timezone.localdate()
    member = None
    if accept:
        member = Member.objects.select_for_update().get(pk=transfer.member_id)
        # The member may have left (退会/除名) while the request waited: accepting must not
        # bring them back as an active member of the receiving union.
        if member.status not in HOLDING_STATUSES or member.union_id != transfer.from_union_id:
            raise ValidationError(
                _("The member is no longer a current member of the releasing union.")
            )
        if transfer.to_union.is_closed:
            raise ValidationError(_("The receiving union is closed."))
    with history_context(actor):
        transfer.status = TransferStatus.ACCEPTED if accept else TransferStatus.REFUSED
        transfer.decided_by, transfer.decided_at = actor, timezone.now()
        transfer.opinion = opinion
        transfer.save()
        if accept:
            for change_type, union, other in (
                (ChangeType.TRANSFER_OUT, transfer.from_union, transfer.to_union),
                (ChangeType.TRANSFER_IN, transfer.to_union, transfer.from_union),
            ):
                MembershipChange.objects.create(
                    member=member,
                    union=union,
                    other_union=other,
                    change_type=change_type,
                    changed_on=decided_on,
                    reason=transfer.reason,
                    recorded_by=actor,
                )
            member.union = transfer.to_union
            member.status, member.status_since = MemberStatus.ACTIVE, decided_on
            _save_member(member)
    return transfer


def can_cancel(transfer, actor):
    """The releasing union's side (or the county above it) withdraws its own request."""
    return bool(actor.can_edit and actor.org and transfer.from_union.is_within(actor.org))


@transaction.atomic
def cancel_transfer(*, transfer, actor):
    """The releasing union withdraws its request before it is decided."""
    transfer = MemberTransfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status != TransferStatus.REQUESTED:
        raise ValidationError(_("This transfer has already been decided."))
    if not can_cancel(transfer, actor):
        raise PermissionDenied
    with history_context(actor):
        transfer.status = TransferStatus.CANCELLED
        transfer.decided_by, transfer.decided_at = actor, timezone.now()
        transfer.save()
    return transfer
