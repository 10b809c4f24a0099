"""Writes to the money side: the county's minimum living standards, programmes, and the
payments ledger. Each is keyword-only, with the acting user, in one transaction.

Paying locks the programme's row for the rest of the transaction, so payments from one
programme are decided one after another: the budget check sees every payment before it, and
two clerks paying the same household at the same moment cannot both pass the "already paid"
check. The database holds the same two rules on its own (append-only ledger, unique first
payment per household, programme and period), so no other path can break them.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.models import Employer, UnionOrg
from apps.core.scoping import ensure_visible
from apps.core.services import history_context

from ..choices import EntryKind, FileStatus, FundSource, PaymentMethod
from ..models import AidPayment, AidProgramme, HardshipFile
from .common import check_date, in_scope

ALREADY_PAID = gettext_lazy(
    "This household has already been paid in this programme and period "
    "(a second payment needs the county's exception, with its reason)."
)
ONCE_CONSTRAINT = "aid_payment_once_per_household_and_period"


def _require_county_admin(actor, what):
    if actor is not None and not actor.is_county_admin:
        raise PermissionDenied(what)


def _amount(field, value):
    try:
        value = Decimal(value if value not in (None, "") else 0)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise ValidationError({field: _("Enter an amount in yuan.")}) from error
    if not value.is_finite() or value < 0:
        raise ValidationError({field: _("Enter an amount of zero or more.")})
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError({field: _("At most two decimal places (fen).")})
    return value


@transaction.atomic
def save_standard(*, standard, actor):
    """The county admin records a year's 低保标准 for the county or a township (as published by
    the civil affairs bureau); files applied for that year are measured against it."""
    _require_county_admin(
        actor, _("Only the county administrator sets the minimum living standard.")
    )
    if (
        actor is not None
        and not UnionOrg.objects.visible_to(actor).filter(pk=standard.org_id).exists()
    ):
        raise ValidationError({"org": _("Choose an area within your scope.")})
    standard.monthly_amount = _amount("monthly_amount", standard.monthly_amount)
    if standard.monthly_amount <= 0:
        raise ValidationError({"monthly_amount": _("The standard must be above zero.")})
    with history_context(actor, action="save_standard"):
        try:
            with transaction.atomic():
                standard.save()
        except IntegrityError as error:
            if "aid_standard_one_per_area_and_year" not in str(error):
                raise
            raise ValidationError(
                {"year": _("This area already has a standard for that year.")}
            ) from error
    return standard


def _spent(programme):
    """What the programme has paid, reversals netted (cash and goods both count)."""
    total = programme.payments.aggregate(total=Sum(F("cash_amount") + F("goods_value")))["total"]
    return total or Decimal(0)


def _locked_programme(programme, actor):
    return in_scope(AidProgramme, programme, actor, lock=True)


@transaction.atomic
def save_programme(*, programme, actor):
    """A programme of the year with its budget; an edit may not bring the budget below what
    has been paid already."""
    if (
        actor is not None
        and not UnionOrg.objects.visible_to(actor).filter(pk=programme.org_id).exists()
    ):
        raise ValidationError({"org": _("Choose a union within your scope.")})
    programme.budget = _amount("budget", programme.budget)
    programme.standard_amount = _amount("standard_amount", programme.standard_amount)
    for field in ("amount_deep", "amount_relative", "amount_accident"):
        if getattr(programme, field) is not None:
            setattr(programme, field, _amount(field, getattr(programme, field)))
    unknown = [s for s in programme.fund_sources if s not in FundSource.values]
    if unknown:
        raise ValidationError({"fund_sources": _("Choose the fund sources from the list.")})
    if programme.pk:
        stored = _locked_programme(programme, actor)
        spent = _spent(stored)
        if programme.budget < spent:
            raise ValidationError(
                {
                    "budget": _("%(spent)s yuan has been paid already; the budget cannot be less.")
                    % {"spent": spent}
                }
            )
    with history_context(actor, action="save_programme"):
        programme.save()
        ensure_visible(programme, actor)
    return programme


def _within_budget(programme, total):
    """Refused beyond what is left of the (locked) programme's budget, naming what is left."""
    remaining = programme.budget - _spent(programme)
    if total > remaining:
        raise ValidationError(
            {
                "cash_amount": _(
                    "Beyond the programme's budget: %(remaining)s yuan is left, "
                    "this payment is %(total)s yuan."
                )
                % {"remaining": remaining, "total": total}
            }
        )


def _check_payment(programme, *, paid_on, method, fund_source, cash_amount, goods_value):
    """Date, method, fund source and amounts of a payment; returns (cash, goods, total)."""
    check_date("paid_on", paid_on)
    if method not in PaymentMethod.values:
        raise ValidationError({"method": _("Choose how it was paid.")})
    if fund_source not in FundSource.values or (
        programme.fund_sources and fund_source not in programme.fund_sources
    ):
        raise ValidationError({"fund_source": _("Choose one of the programme's fund sources.")})
    goods_value = _amount("goods_value", goods_value)
    cash_amount = _amount("cash_amount", cash_amount)
    total = cash_amount + goods_value
    if total <= 0:
        raise ValidationError({"cash_amount": _("Enter the cash or the value of the goods.")})
    return cash_amount, goods_value, total


def _slot_payments(programme, period, file):
    return AidPayment.objects.filter(
        programme=programme, period=period, file=file, kind=EntryKind.PAYMENT, is_exception=False
    )


def _replaces(programme, period, file):
    """The reversal a new payment follows, None for a first payment; refused when the household
    holds a payment in this programme and period that has not been reversed."""
    last = _slot_payments(programme, period, file).order_by("-pk").first()
    if last is None:
        return None
    reversal = AidPayment.objects.filter(reverses=last).first()
    if reversal is None:
        raise ValidationError({"file": ALREADY_PAID})
    return reversal


@transaction.atomic
def pay(
    *,
    programme,
    file,
    actor,
    paid_on,
    method,
    fund_source,
    cash_amount=None,
    goods_value=0,
    goods_description="",
    period="",
    signed_by="",
    exception_reason="",
):
    """Pay one household on file from a programme (the programme's amount for the household's
    category unless another is given).

    Refused: a file not on record; a household already paid in the programme and period,
    unless the county admin allows an exception with its reason; an amount beyond what is left
    of the budget (the refusal names what is left); a fund source the programme does not list.
    """
    programme = _locked_programme(programme, actor)
    file = in_scope(HardshipFile, file, actor)
    if file.status != FileStatus.ACTIVE:
        raise ValidationError(
            {
                "file": _("Only a household on file can be paid (this file is %(status)s).")
                % {"status": file.get_status_display()}
            }
        )
    if cash_amount is None:
        goods = _amount("goods_value", goods_value)
        cash_amount = programme.amount_for(file.category) if not goods else 0
    cash_amount, goods_value, total = _check_payment(
        programme,
        paid_on=paid_on,
        method=method,
        fund_source=fund_source,
        cash_amount=cash_amount,
        goods_value=goods_value,
    )
    period = (period or "").strip() or str(programme.year)
    exception_reason = (exception_reason or "").strip()
    if exception_reason:
        _require_county_admin(actor, _("Only the county administrator allows a second payment."))
        replaces = None
    else:
        replaces = _replaces(programme, period, file)
    _within_budget(programme, total)
    payment = AidPayment(
        kind=EntryKind.PAYMENT,
        programme=programme,
        period=period,
        file=file,
        org=file.org,
        recipient_name=file.name,
        cash_amount=cash_amount,
        goods_value=goods_value,
        goods_description=goods_description,
        paid_on=paid_on,
        method=method,
        fund_source=fund_source,
        signed_by=signed_by,
        replaces=replaces,
        is_exception=bool(exception_reason),
        reason=exception_reason,
        approved_by=actor if exception_reason else None,
        recorded_by=actor,
    )
    with history_context(actor, action="pay"):
        try:
            with transaction.atomic():
                payment.save()
        except IntegrityError as error:
            if ONCE_CONSTRAINT in str(error) or "replaces_id" in str(error):
                raise ValidationError({"file": ALREADY_PAID}) from error
            raise
        ensure_visible(payment, actor)
    return payment


@transaction.atomic
def reverse_payment(*, payment, actor, reversed_on, reason):
    """A correction: a new row with the payment's amounts negated, naming it and the reason.
    The payment itself is never changed. A payment is reversed once; after it the household may
    be paid again in that programme and period."""
    stored = in_scope(AidPayment, payment, actor)
    programme = _locked_programme(stored.programme, actor)
    if stored.kind != EntryKind.PAYMENT:
        raise ValidationError(_("Only a payment can be reversed."))
    if AidPayment.objects.filter(reverses=stored).exists():
        raise ValidationError(_("This payment has already been reversed."))
    check_date("reversed_on", reversed_on, not_before=stored.paid_on, before_label=_("the payment"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("State why the payment is reversed.")})
    reversal = AidPayment(
        kind=EntryKind.REVERSAL,
        programme=programme,
        period=stored.period,
        file=stored.file,
        org=stored.org,
        recipient_name=stored.recipient_name,
        cash_amount=-stored.cash_amount,
        goods_value=-stored.goods_value,
        goods_description=stored.goods_description,
        paid_on=reversed_on,
        method=stored.method,
        fund_source=stored.fund_source,
        employer=stored.employer,
        people_reached=-stored.people_reached,
        reverses=stored,
        reason=reason,
        recorded_by=actor,
    )
    with history_context(actor, action="reverse_payment"):
        try:
            with transaction.atomic():
                reversal.save()
        except IntegrityError as error:
            if "reverses_id" not in str(error):
                raise
            raise ValidationError(_("This payment has already been reversed.")) from error
        ensure_visible(reversal, actor)
    return reversal


@transaction.atomic
def record_distribution(
    *,
    programme,
    org,
    recipient_name,
    actor,
    paid_on,
    method,
    fund_source,
    employer=None,
    people_reached=0,
    cash_amount=0,
    goods_value=0,
    goods_description="",
    period="",
    signed_by="",
):
    """A distribution that is not to a household on file: 夏送清凉 at an employer's workplace
    (the goods' value and the workers reached, 人次), 慰问困难企业, or 临时救助 to a person. It
    draws on the budget like any payment; the once-per-household rule has no household here."""
    programme = _locked_programme(programme, actor)
    if not org or (
        actor is not None and not UnionOrg.objects.visible_to(actor).filter(pk=org.pk).exists()
    ):
        raise ValidationError({"org": _("Choose a union within your scope.")})
    if employer is not None:
        if (
            actor is not None
            and not Employer.objects.visible_to(actor).filter(pk=employer.pk).exists()
        ):
            raise ValidationError({"employer": _("Choose an employer within your scope.")})
        recipient_name = (recipient_name or "").strip() or employer.name
    recipient_name = (recipient_name or "").strip()
    if not recipient_name:
        raise ValidationError({"recipient_name": _("Enter who received it.")})
    if people_reached is None or int(people_reached) < 0:
        raise ValidationError({"people_reached": _("Enter the workers reached (zero or more).")})
    cash_amount, goods_value, total = _check_payment(
        programme,
        paid_on=paid_on,
        method=method,
        fund_source=fund_source,
        cash_amount=cash_amount,
        goods_value=goods_value,
    )
    _within_budget(programme, total)
    payment = AidPayment(
        kind=EntryKind.PAYMENT,
        programme=programme,
        period=(period or "").strip() or str(programme.year),
        org=org,
        employer=employer,
        people_reached=int(people_reached),
        recipient_name=recipient_name,
        cash_amount=cash_amount,
        goods_value=goods_value,
        goods_description=goods_description,
        paid_on=paid_on,
        method=method,
        fund_source=fund_source,
        signed_by=signed_by,
        recorded_by=actor,
    )
    with history_context(actor, action="record_distribution"):
        payment.save()
        ensure_visible(payment, actor)
    return payment


def remaining_budget(programme):
    """What is left of the programme's budget (a read, for pages and the refusal)."""
    return programme.budget - _spent(programme)
