"""Payment batches (发放批次): drawn up, reviewed, approved, paid. Each write keyword-only, with
the acting user, in one transaction.

    create_batch    a batch of a programme and round, kept by a union in the actor's scope
    draw_roster     the households on record on the programme's eligibility date (a category)
    add_lines       households entered by hand or imported from a ledger
    remove_line     while the batch is drawn up
    review_batch    审核: draft → reviewed (refused: back to draft, with the opinion)
    approve_batch   审批, the county or the programme's union: reviewed → approved
    pay_batch       every pending line becomes a payment, under the rules of `pay`

Paying locks the programme's row first, as `pay` does, so a batch and single payments of the
same programme are decided one after another, and then the batch's row, so a batch paid twice
at once pays once. The checks are set-based (a few queries for the whole roster, not one per
line) and the payments are written with one bulk insert; the database's unique index on the
first payment per household, programme and period still stands behind them.

Over budget, a batch is paid in roster order up to the line that no longer fits: those paid
stay paid, the rest stay pending, the batch is partly paid and the result names what is left
of the budget; paid again after the budget is raised, it pays the rest.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from apps.core.models import UnionOrg
from apps.core.scoping import ensure_visible
from apps.core.services import history_context

from ..choices import (
    PAYABLE_BATCH_STATUSES,
    BatchStatus,
    Category,
    EntryKind,
    FileStatus,
    FundSource,
    LineStatus,
    PaymentMethod,
    RosterSource,
)
from ..models import AidBatch, AidBatchLine, AidPayment, AidProgramme, HardshipFile
from .common import check_date, in_scope
from .payments import ALREADY_PAID, ONCE_CONSTRAINT, _amount, _spent


def _require_editor(actor):
    if actor is not None and not actor.can_edit:
        raise PermissionDenied(_("Your role reads records but does not change them."))


def _locked_batch(batch, actor):
    return in_scope(AidBatch, batch, actor, lock=True)


def _require_draft(batch):
    if batch.status != BatchStatus.DRAFT:
        raise ValidationError(
            _("The roster of a batch that is %(status)s cannot be changed.")
            % {"status": batch.get_status_display()}
        )


@transaction.atomic
def create_batch(*, batch, actor):
    """A new batch of a programme the actor sees, kept by a union in their scope (their own by
    default), for a round of the programme (its year by default)."""
    _require_editor(actor)
    programme = in_scope(AidProgramme, batch.programme, actor)
    if not batch.org_id:
        batch.org = actor.org if actor is not None else programme.org
    if (
        actor is not None
        and not UnionOrg.objects.visible_to(actor).filter(pk=batch.org_id).exists()
    ):
        raise ValidationError({"org": _("Choose a union within your scope.")})
    if batch.category and batch.category not in Category.values:
        raise ValidationError({"category": _("Choose the hardship category.")})
    batch.name = (batch.name or "").strip()
    if not batch.name:
        raise ValidationError({"name": _("Enter the batch's name.")})
    batch.period = (batch.period or "").strip() or str(programme.year)
    with history_context(actor, action="create_batch"):
        batch.programme = programme
        batch.status = BatchStatus.DRAFT
        batch.created_by = actor
        batch.save()
        ensure_visible(batch, actor)
    return batch


def _eligible_files(batch, actor):
    """The files of the batch's union (and below) the actor sees that the programme's
    eligibility reaches: on record on its date (filed by then, not closed by then), or on
    record today when it names no date; of the batch's category when it has one."""
    files = HardshipFile.objects.all() if actor is None else HardshipFile.objects.visible_to(actor)
    files = files.within(batch.org)
    day = batch.programme.eligible_on
    if day is None:
        files = files.filter(status=FileStatus.ACTIVE)
    else:
        files = files.filter(filed_on__lte=day).exclude(closed_on__lte=day)
    if batch.category:
        files = files.filter(category=batch.category)
    return files


def _line(batch, file_id, org_id, name, category, source, cash=None, goods=Decimal(0)):
    if cash is None:
        cash = Decimal(0) if goods else batch.programme.amount_for(category)
    return AidBatchLine(
        batch=batch,
        file_id=file_id,
        org_id=org_id,
        recipient_name=name,
        cash_amount=cash,
        goods_value=goods,
        source=source,
    )


@transaction.atomic
def draw_roster(*, batch, actor):
    """Add every eligible household not yet on the roster (the programme's amount for its
    category); returns how many were added. One read and one insert, whatever the size."""
    _require_editor(actor)
    batch = _locked_batch(batch, actor)
    _require_draft(batch)
    on_roster = AidBatchLine.objects.filter(batch=batch, file_id=OuterRef("pk"))
    rows = (
        _eligible_files(batch, actor)
        .filter(~Exists(on_roster))
        .order_by("org__path", "file_no")
        .values_list("pk", "org_id", "name", "category")
    )
    lines = [_line(batch, *row, RosterSource.DRAWN) for row in rows]
    with history_context(actor, action="draw_roster"):
        AidBatchLine.objects.bulk_create(lines, batch_size=2000)
        batch.save(update_fields=["updated_at"])
    return len(lines)


@transaction.atomic
def add_lines(*, batch, actor, lines, source=RosterSource.ENTERED):
    """Households entered by hand or imported: `lines` are dicts with `file` (a file or its
    id) and optionally `cash_amount` and `goods_value` (default: the programme's amount for the
    household's category). All or none: a file out of scope, not on record, listed twice or
    already on the roster refuses the whole list, naming the line."""
    _require_editor(actor)
    batch = _locked_batch(batch, actor)
    _require_draft(batch)
    if source not in (RosterSource.ENTERED, RosterSource.IMPORTED):
        raise ValidationError({"source": _("Lines are entered or imported.")})
    lines = list(lines)
    ids = [getattr(line["file"], "pk", line["file"]) for line in lines]
    files = HardshipFile.objects.all() if actor is None else HardshipFile.objects.visible_to(actor)
    found = {f.pk: f for f in files.within(batch.org).filter(pk__in=ids)}
    on_roster = set(batch.lines.filter(file_id__in=ids).values_list("file_id", flat=True))
    errors, made, seen = [], [], set()
    for number, (file_id, line) in enumerate(zip(ids, lines, strict=True), start=1):
        file = found.get(file_id)
        if file is None:
            errors.append(_("Line %(n)d: no such file in your scope.") % {"n": number})
        elif file.status != FileStatus.ACTIVE:
            errors.append(
                _("Line %(n)d: %(name)s's file is %(status)s.")
                % {"n": number, "name": file.name, "status": file.get_status_display()}
            )
        elif file_id in on_roster or file_id in seen:
            errors.append(
                _("Line %(n)d: %(name)s is already on the roster.")
                % {"n": number, "name": file.name}
            )
        else:
            seen.add(file_id)
            cash = line.get("cash_amount")
            goods = _amount("goods_value", line.get("goods_value"))
            cash = None if cash in (None, "") else _amount("cash_amount", cash)
            made.append(
                _line(batch, file.pk, file.org_id, file.name, file.category, source, cash, goods)
            )
            if made[-1].cash_amount + goods <= 0:
                errors.append(_("Line %(n)d: enter the cash or the goods.") % {"n": number})
    if errors:
        raise ValidationError({"lines": errors})
    with history_context(actor, action="add_batch_lines"):
        AidBatchLine.objects.bulk_create(made, batch_size=2000)
        batch.save(update_fields=["updated_at"])
    return made


@transaction.atomic
def remove_line(*, line, actor):
    """Take a household off a roster that is still being drawn up (the removal is recorded)."""
    _require_editor(actor)
    line = in_scope(AidBatchLine, line, actor)
    _require_draft(_locked_batch(line.batch, actor))
    with history_context(actor, action="remove_batch_line"):
        line.delete()


def _decide(batch, *, actor, approved, acted_on, opinion, passes_to, who, action):
    check_date("acted_on", acted_on)
    opinion = (opinion or "").strip()
    if approved is None:
        raise ValidationError({"approved": _("Approve or refuse.")})
    if not approved and not opinion:
        raise ValidationError({"opinion": _("A refusal states its opinion.")})
    with history_context(actor, action=action):
        batch.status = passes_to if approved else BatchStatus.DRAFT
        setattr(batch, f"{who}_by", actor)
        setattr(batch, f"{who}_on", acted_on)
        opinion_field = "review_opinion" if who == "reviewed" else "approval_opinion"
        setattr(batch, opinion_field, opinion)
        batch.save()
        ensure_visible(batch, actor)
    return batch


@transaction.atomic
def review_batch(*, batch, actor, approved, acted_on, opinion=""):
    """审核: the roster checked against the files; refused, it goes back to be drawn up."""
    _require_editor(actor)
    batch = _locked_batch(batch, actor)
    if batch.status != BatchStatus.DRAFT:
        raise ValidationError(_("Only a batch being drawn up is reviewed."))
    if approved and not batch.lines.exists():
        raise ValidationError(_("The roster is empty."))
    return _decide(
        batch,
        actor=actor,
        approved=approved,
        acted_on=acted_on,
        opinion=opinion,
        passes_to=BatchStatus.REVIEWED,
        who="reviewed",
        action="review_batch",
    )


@transaction.atomic
def approve_batch(*, batch, actor, approved, acted_on, opinion=""):
    """审批: by the county administrator or the staff of the union that runs the programme."""
    _require_editor(actor)
    batch = _locked_batch(batch, actor)
    programme = batch.programme
    if actor is not None and not (actor.is_county_admin or actor.org_id == programme.org_id):
        raise PermissionDenied(
            _("Only the county or the union that runs the programme approves its batches.")
        )
    if batch.status != BatchStatus.REVIEWED:
        raise ValidationError(
            _("Only a reviewed batch is approved (this one is %(status)s).")
            % {"status": batch.get_status_display()}
        )
    return _decide(
        batch,
        actor=actor,
        approved=approved,
        acted_on=acted_on,
        opinion=opinion,
        passes_to=BatchStatus.APPROVED,
        who="approved",
        action="approve_batch",
    )


@dataclass
class BatchPayment:
    """What paying a batch did: the payments written and their total, the lines left unpaid
    with the reason, and what is left of the budget."""

    payments: int = 0
    total: Decimal = Decimal(0)
    remaining: Decimal = Decimal(0)
    unpaid: dict = field(default_factory=dict)  # line id → reason
    pending: int = 0  # lines the budget could not reach

    @property
    def message(self):
        if self.pending:
            return _(
                "%(paid)d households paid (%(total)s yuan); %(pending)d not paid: the "
                "programme's budget has %(remaining)s yuan left."
            ) % {
                "paid": self.payments,
                "total": self.total,
                "pending": self.pending,
                "remaining": self.remaining,
            }
        return _("%(paid)d households paid (%(total)s yuan).") % {
            "paid": self.payments,
            "total": self.total,
        }


def _check_terms(programme, paid_on, method, fund_source):
    check_date("paid_on", paid_on)
    if method not in PaymentMethod.values:
        raise ValidationError({"method": _("Choose how it was paid.")})
    if fund_source not in FundSource.values or (
        programme.fund_sources and fund_source not in programme.fund_sources
    ):
        raise ValidationError({"fund_source": _("Choose one of the programme's fund sources.")})


def _slots(programme, period, file_ids):
    """Per household, None when it holds no first payment in the programme and period, the id
    of the reversal a new payment follows, or False when it holds a payment not reversed."""
    rows = (
        AidPayment.objects.filter(
            programme=programme,
            period=period,
            kind=EntryKind.PAYMENT,
            is_exception=False,
            file_id__in=file_ids,
        )
        .order_by("file_id", "-pk")
        .values_list("file_id", "reversal__pk")
    )
    slots = {}
    for file_id, reversal_id in rows:
        slots.setdefault(file_id, reversal_id or False)
    return slots


def _mark_paid(pairs):
    """Each paid line names its payment: one UPDATE for the whole roster."""
    if not pairs:
        return
    line_ids, payment_ids = zip(*pairs, strict=True)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AidBatchLine._meta.db_table} AS line "
            "SET status = %s, payment_id = paid.payment_id, unpaid_reason = '' "
            "FROM unnest(%s::bigint[], %s::bigint[]) AS paid(line_id, payment_id) "
            "WHERE line.id = paid.line_id",
            [LineStatus.PAID.value, list(line_ids), list(payment_ids)],
        )


@transaction.atomic
def pay_batch(*, batch, actor, paid_on, method, fund_source):
    """Pay an approved batch: every pending line becomes a payment to its household, as `pay`
    would make it (the file on record, once per household, programme and period, a reversed
    payment paid again once, within the budget). A line a rule refuses is left unpaid with the
    rule named; a batch already paid pays nothing; beyond the budget, see the module's note."""
    _require_editor(actor)
    programme = in_scope(AidProgramme, batch.programme, actor, lock=True)
    batch = _locked_batch(batch, actor)
    result = BatchPayment()
    if batch.status == BatchStatus.PAID:
        result.remaining = programme.budget - _spent(programme)
        return result
    if batch.status not in PAYABLE_BATCH_STATUSES:
        raise ValidationError(
            _("Only an approved batch is paid (this one is %(status)s).")
            % {"status": batch.get_status_display()}
        )
    _check_terms(programme, paid_on, method, fund_source)
    visible = (
        HardshipFile.objects.all() if actor is None else HardshipFile.objects.visible_to(actor)
    )
    lines = list(
        batch.lines.filter(status=LineStatus.PENDING)
        .annotate(in_scope=Exists(visible.filter(pk=OuterRef("file_id"))))
        .order_by("pk")
        .values_list(
            "pk",
            "file_id",
            "org_id",
            "recipient_name",
            "cash_amount",
            "goods_value",
            "file__status",
            "in_scope",
        )
    )
    slots = _slots(programme, batch.period, [line[1] for line in lines])
    remaining = programme.budget - _spent(programme)
    payments, paid_lines, unpaid = [], [], {}
    for index, (pk, file_id, org_id, name, cash, goods, status, seen) in enumerate(lines):
        if not seen:
            unpaid[pk] = _("The file is outside your scope.")
            continue
        if status != FileStatus.ACTIVE:
            unpaid[pk] = _("Only a household on file can be paid (this file is %(status)s).") % {
                "status": FileStatus(status).label
            }
            continue
        slot = slots.get(file_id)
        if slot is False:
            unpaid[pk] = str(ALREADY_PAID)
            continue
        if cash + goods > remaining:
            result.pending = len(lines) - index
            break
        remaining -= cash + goods
        slots[file_id] = False  # the same household twice in one roster is paid once
        payments.append(
            AidPayment(
                kind=EntryKind.PAYMENT,
                programme=programme,
                period=batch.period,
                file_id=file_id,
                org_id=org_id,
                recipient_name=name,
                cash_amount=cash,
                goods_value=goods,
                paid_on=paid_on,
                method=method,
                fund_source=fund_source,
                replaces_id=slot,
                recorded_by=actor,
            )
        )
        paid_lines.append(pk)
    with history_context(actor, action="pay_batch"):
        try:
            with transaction.atomic():
                AidPayment.objects.bulk_create(payments, batch_size=2000)
        except IntegrityError as error:
            if ONCE_CONSTRAINT in str(error) or "replaces_id" in str(error):
                raise ValidationError({"file": ALREADY_PAID}) from error
            raise
        _mark_paid(list(zip(paid_lines, (p.pk for p in payments), strict=True)))
        for reason in set(unpaid.values()):
            ids = [pk for pk, why in unpaid.items() if why == reason]
            AidBatchLine.objects.filter(pk__in=ids).update(
                status=LineStatus.UNPAID, unpaid_reason=reason[:300]
            )
        batch.status = BatchStatus.PARTLY_PAID if result.pending else BatchStatus.PAID
        batch.paid_on, batch.method, batch.fund_source = paid_on, method, fund_source
        batch.paid_by = actor
        batch.save()
        ensure_visible(batch, actor)
    result.payments = len(payments)
    result.total = sum((p.cash_amount + p.goods_value for p in payments), Decimal(0))
    result.remaining = remaining
    result.unpaid = unpaid
    return result
