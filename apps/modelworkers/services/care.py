"""Writes to the care ledger (劳模服务台账): an entry given to a model worker and its reversal.
Keyword-only, with the acting user, in one transaction.

The ledger is append-only in the database. A 春节 or 五一 慰问 is given once per person and
year: the database holds it with unique indexes alone (the first entry of the slot, each entry
reversed once, each reversal followed by at most one new entry), so two clerks recording the
same visit at the same moment cannot both succeed, whatever path they take. The county admin
may allow a second one, with its reason, as an exception.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.scoping import OutOfScope, ensure_visible
from apps.core.services import history_context
from apps.core.validators import validate_past_date

from ..choices import WorkerStatus
from ..models import ModelWorker
from ..models.care import HARDSHIP_KINDS, OCCASION_KINDS, CareEntry, CareKind, CareRecord, FundLevel

ALREADY_VISITED = gettext_lazy(
    "This model worker has already been visited on this occasion this year "
    "(a second visit needs the county administrator's exception, with its reason)."
)
ONCE_CONSTRAINT = "mw_care_once_per_occasion_and_year"
# Kinds that are money given (a visit or a check-up may carry none).
PAID_KINDS = (*HARDSHIP_KINDS, CareKind.ALLOWANCE)


def _in_scope(model, obj, actor, *, lock=False):
    queryset = model.objects.all() if actor is None else model.objects.visible_to(actor)
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    found = queryset.filter(pk=getattr(obj, "pk", obj)).first()
    if found is None:
        raise OutOfScope("Not in your organisation's scope.")
    return found


def _date(field, day):
    if day is None:
        raise ValidationError({field: _("Enter the date.")})
    try:
        validate_past_date(day)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


def _amount(value):
    try:
        value = Decimal(value if value not in (None, "") else 0)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise ValidationError({"amount": _("Enter an amount in yuan.")}) from error
    if not value.is_finite() or value < 0:
        raise ValidationError({"amount": _("Enter an amount of zero or more.")})
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError({"amount": _("At most two decimal places (fen).")})
    if value >= Decimal("10000000000"):
        raise ValidationError({"amount": _("Enter an amount in yuan.")})
    return value


def _slot(model_worker, kind, year):
    return CareRecord.objects.filter(
        model_worker=model_worker,
        kind=kind,
        year=year,
        entry=CareEntry.RECORD,
        is_exception=False,
    )


def _replaces(model_worker, kind, year):
    """The reversal a new 慰问 follows, None for the first; refused when the person holds one of
    this occasion and year that has not been reversed."""
    last = _slot(model_worker, kind, year).order_by("-pk").first()
    if last is None:
        return None
    reversal = CareRecord.objects.filter(reverses=last).first()
    if reversal is None:
        raise ValidationError({"kind": ALREADY_VISITED})
    return reversal


@transaction.atomic
def record_care(
    *,
    actor,
    model_worker,
    kind,
    given_on,
    fund_level,
    amount=0,
    year=None,
    note="",
    exception_reason="",
):
    """Write one entry of the care ledger for a model worker in the actor's scope.

    Refused: a person whose title was withdrawn (treatment ends with the title); a kind or fund
    level not on the list; a date in the future; a subsidy or allowance without an amount; a
    second 春节 or 五一 慰问 for the same person and year, unless the county admin allows it
    as an exception with its reason."""
    model_worker = _in_scope(ModelWorker, model_worker, actor)
    if model_worker.status == WorkerStatus.WITHDRAWN:
        raise ValidationError(
            {"model_worker": _("The title of this model worker was withdrawn: no more care.")}
        )
    if kind not in CareKind.values:
        raise ValidationError({"kind": _("Choose the kind of care.")})
    if fund_level not in FundLevel.values:
        raise ValidationError({"fund_level": _("Choose the fund level.")})
    _date("given_on", given_on)
    amount = _amount(amount)
    if kind in PAID_KINDS and amount <= 0:
        raise ValidationError({"amount": _("A subsidy or an allowance has an amount.")})
    year = int(year) if year else given_on.year
    if not given_on.year - 1 <= year <= given_on.year + 1:
        raise ValidationError(
            {"year": _("The year of the occasion is the date's year or next to it.")}
        )
    exception_reason = (exception_reason or "").strip()
    replaces = None
    if exception_reason:
        if actor is not None and not actor.is_county_admin:
            raise PermissionDenied(_("Only the county administrator allows a second visit."))
    elif kind in OCCASION_KINDS:
        replaces = _replaces(model_worker, kind, year)
    record = CareRecord(
        entry=CareEntry.RECORD,
        kind=kind,
        model_worker=model_worker,
        org_id=model_worker.org_id,
        year=year,
        given_on=given_on,
        amount=amount,
        fund_level=fund_level,
        note=(note or "").strip(),
        replaces=replaces,
        is_exception=bool(exception_reason),
        reason=exception_reason,
        approved_by=actor if exception_reason else None,
        recorded_by=actor,
    )
    with history_context(actor, action="record_care"):
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError as error:
            if ONCE_CONSTRAINT in str(error) or "replaces_id" in str(error):
                raise ValidationError({"kind": ALREADY_VISITED}) from error
            raise
        ensure_visible(record, actor)
    return record


@transaction.atomic
def reverse_care(*, record, actor, reversed_on, reason):
    """A correction: a new row with the entry's amount negated, naming it and the reason. The
    entry itself never changes; it is reversed once, and after it the person may be visited
    again on that occasion and year."""
    stored = _in_scope(CareRecord, record, actor, lock=True)
    if stored.entry != CareEntry.RECORD:
        raise ValidationError(_("Only an entry can be reversed."))
    if CareRecord.objects.filter(reverses=stored).exists():
        raise ValidationError(_("This entry has already been reversed."))
    _date("reversed_on", reversed_on)
    if reversed_on < stored.given_on:
        raise ValidationError(
            {"reversed_on": _("Cannot be before the entry (%(day)s).") % {"day": stored.given_on}}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("State why the entry is reversed.")})
    reversal = CareRecord(
        entry=CareEntry.REVERSAL,
        kind=stored.kind,
        model_worker_id=stored.model_worker_id,
        org_id=stored.org_id,
        year=stored.year,
        given_on=reversed_on,
        amount=-stored.amount,
        fund_level=stored.fund_level,
        reverses=stored,
        reason=reason,
        recorded_by=actor,
    )
    with history_context(actor, action="reverse_care"):
        try:
            with transaction.atomic():
                reversal.save()
        except IntegrityError as error:
            if "reverses_id" not in str(error):
                raise
            raise ValidationError(_("This entry has already been reversed.")) from error
        ensure_visible(reversal, actor)
    return reversal


def hardship_file_for(model_worker, user=None):
    """The aid app's hardship file of the same person (by ID number), the open one first, as
    `user` may see it; None when there is none. The care figures and the aid figures each count
    the person once in their own line of work."""
    from apps.aid.models import HardshipFile

    id_number = getattr(model_worker, "id_number", "")
    if not id_number:
        return None
    files = HardshipFile.objects.all() if user is None else HardshipFile.objects.visible_to(user)
    return files.filter(id_number=id_number).order_by("-pk").first()
