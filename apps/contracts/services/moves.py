"""Writes to collective contracts. Each status move is one function here: keyword-only, with the
acting user, in one transaction, its history event carrying the actor. The web views, the API
and the ledger import call these and nothing else.

The moves (劳动和社会保障部令第22号):

    start_negotiation  (offer, 第32条)              → negotiating
    record_reply       (within 20 days expected)    negotiating
    record_congress_vote (第36条 thresholds)         negotiating
    sign               (vote passed, term 1–3 yrs)  negotiating → signed
    submit             (within 10 days expected)    signed → submitted (in force after 15 days)
    record_review      no objection                 submitted → effective
                       objection (within 15 days)   submitted → negotiating (re-negotiate)
    terminate          (解除)                        any open status → terminated
    renew              (第38条)                      in force / expired: + a new one, negotiating
                       (renewals.py)
    record_from_ledger (补录, ledger.py)             a signed contract from the ledger → in force

Expiring, expired and renewed are not moves: they follow from the dates
(queries.with_current_status; a contract reads 已续订 once its renewal has taken effect, and is
in force until then).
Lateness (a reply after 20 days, a filing after 10) is recorded and flagged, not refused:
the regulation expects it but the contract is still valid.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.core.models import Employer
from apps.core.scoping import ensure_visible
from apps.core.services import history_context, lock_code_series
from apps.core.validators import validate_past_date

from .. import deadlines
from ..choices import (
    LIVE_STATUSES,
    OPEN_STATUSES,
    ContractScope,
    ContractStatus,
    ReviewResult,
)
from ..models import CollectiveContract, ContractCoverage
from ..queries import status_on
from ..rules import contract_errors, signing_errors, standing_errors, vote_errors

# Set only by the moves below, never by editing the contract.
MOVE_FIELDS = [
    "status",
    "offer_on",
    "reply_on",
    "congress_on",
    "congress_total",
    "congress_present",
    "congress_yes",
    "signed_on",
    "submitted_on",
    "review_result",
    "review_on",
    "review_note",
    "effective_on",
    "terminated_on",
    "termination_reason",
    "renewed_from_id",
    "from_ledger",
]


def _refuse(errors):
    if errors:
        raise ValidationError(dict(errors))


def _require_status(contract, allowed, action):
    if contract.status not in allowed:
        raise ValidationError(
            _("Cannot %(action)s a contract that is %(status)s.")
            % {"action": action, "status": contract.get_status_display()}
        )


def _check_date(field, day, *, not_before=None, before_label=""):
    """An event date: given, not in the future nor before 1900, not before the event it
    follows."""
    if day is None:
        raise ValidationError({field: _("Enter the date.")})
    try:
        validate_past_date(day)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    if not_before is not None and day < not_before:
        raise ValidationError(
            {
                field: _("Cannot be before %(what)s (%(day)s).")
                % {"what": before_label, "day": not_before}
            }
        )


def _locked(contract):
    """The contract row locked for this transaction (two staff clicking at once)."""
    return CollectiveContract.objects.select_for_update().get(pk=contract.pk)


def _save(contract, actor, fields=None):
    if fields:
        contract.save(update_fields=[*fields, "updated_at"])
    else:
        contract.save()
    ensure_visible(contract, actor)
    return contract


def _next_code(contract):
    """The union's next number of the year ("QH-01-001-2025-03"), taken under the series' lock
    so that contracts recorded at the same moment get different numbers."""
    year = (contract.offer_on or contract.signed_on).year
    prefix = f"{contract.union.code}-{year}-"
    lock_code_series(prefix)
    taken = set(
        CollectiveContract.objects.filter(code__startswith=prefix).values_list("code", flat=True)
    )
    n = len(taken) + 1
    while f"{prefix}{n:02d}" in taken:
        n += 1
    return f"{prefix}{n:02d}"


def _coverage_figures(contract, covered):
    """{employer id: (workers, women, migrants)} the contract covers, with its totals set.

    A single-employer contract covers its own employer with the contract's figures (the
    employer's headcount when none are given); an industry or regional contract covers the
    employers listed, each with its own headcount at the time, and its totals are their sum
    unless given. Coverage indicators read these rows, so an employer under several contracts
    is counted once.
    """
    if contract.scope == ContractScope.ENTERPRISE:
        employer = contract.employer
        if not contract.covered_workers:
            contract.covered_workers = employer.headcount
            contract.covered_women = contract.covered_women or employer.women_count
            contract.covered_migrants = contract.covered_migrants or employer.migrant_count
        figures = {
            employer.pk: (
                contract.covered_workers,
                contract.covered_women,
                contract.covered_migrants,
            )
        }
    else:
        figures = {e.pk: (e.headcount, e.women_count, e.migrant_count) for e in covered}
        if not contract.covered_workers:
            contract.covered_workers = sum(f[0] for f in figures.values())
            contract.covered_women = sum(f[1] for f in figures.values())
            contract.covered_migrants = sum(f[2] for f in figures.values())
    contract.covered_employer_count = len(figures)
    return figures


def _write_coverage(contract, figures):
    """One coverage row per covered employer: added, updated or removed to match `figures`."""
    existing = {row.employer_id: row for row in contract.coverage.all()}
    gone = [pk for pk in existing if pk not in figures]
    if gone:
        contract.coverage.filter(employer_id__in=gone).delete()
    for employer_id, (workers, women, migrants) in figures.items():
        row = existing.get(employer_id)
        if row is None:
            ContractCoverage.objects.create(
                contract=contract,
                employer_id=employer_id,
                workers=workers,
                women=women,
                migrants=migrants,
            )
        elif (row.workers, row.women, row.migrants) != (workers, women, migrants):
            row.workers, row.women, row.migrants = workers, women, migrants
            row.save(update_fields=["workers", "women", "migrants"])


def _check_covered_visible(covered, actor):
    if actor is None or not covered:
        return
    visible = Employer.objects.visible_to(actor).filter(pk__in=[e.pk for e in covered]).count()
    if visible != len({e.pk for e in covered}):
        raise ValidationError({"covered_employers": _("Choose employers within your scope.")})


@transaction.atomic
def start_negotiation(*, contract, actor, covered=()):
    """Record a written offer to negotiate (要约, 第32条): a new contract, negotiating.

    When `contract.renewed_from` is set this is a renewal (第38条): the old contract must have
    entered into force and not be renewed or terminated already. Its stored status is left as
    it is: it stays in force while the renewal is negotiated, signed and filed, and reads as
    已续订 only from the day the renewal takes effect (`queries.renewal_in_effect_q`), so that
    an abandoned or objected renewal never leaves it looking ended.
    """
    if contract.pk:
        raise ValidationError(_("This contract has already been recorded."))
    _check_date("offer_on", contract.offer_on)
    covered = list(covered)
    _refuse(contract_errors(contract, covered))
    _check_covered_visible(covered, actor)
    with history_context(actor, action="start_negotiation"):
        if contract.renewed_from_id:
            old = _locked(contract.renewed_from)
            ensure_visible(old, actor)
            if CollectiveContract.objects.filter(renewed_from=old).exists():
                raise ValidationError(
                    {"renewed_from": _("This contract has already been renewed.")}
                )
            if old.status == ContractStatus.TERMINATED:
                raise ValidationError(
                    {"renewed_from": _("A terminated contract cannot be renewed.")}
                )
            if old.status not in LIVE_STATUSES or not old.effective_on:
                raise ValidationError(
                    {
                        "renewed_from": _(
                            "Only a contract that has entered into force can be renewed."
                        )
                    }
                )
            if contract.offer_on < old.effective_on:
                raise ValidationError(
                    {
                        "offer_on": _(
                            "A renewal cannot be offered before the old contract is in force."
                        )
                    }
                )
        contract.status = ContractStatus.NEGOTIATING
        if not contract.code:
            contract.code = _next_code(contract)
        figures = _coverage_figures(contract, covered)
        _refuse(contract_errors(contract, covered))  # again, with the figures filled in
        contract.title = contract.title or contract.display_title
        try:
            with transaction.atomic():
                contract.save()
        except IntegrityError as error:
            # A number typed by hand and saved meanwhile by someone else: a refusal.
            if not CollectiveContract.objects.filter(code=contract.code).exists():
                raise
            raise ValidationError(
                {"code": _("This number has just been taken by another contract; try again.")}
            ) from error
        _write_coverage(contract, figures)
        ensure_visible(contract, actor)
    return contract


@transaction.atomic
def update_contract(*, contract, actor, covered=()):
    """Correct a contract's parties, negotiators, term, coverage and wage terms.

    The status and the dates of its moves are changed only by the moves themselves. A signed
    contract keeps meeting the signing rules.
    """
    if contract.status in (ContractStatus.TERMINATED,):
        raise ValidationError(_("A terminated contract is no longer edited."))
    covered = list(covered)
    stored = _locked(contract)
    ensure_visible(stored, actor)
    for field in MOVE_FIELDS:  # only the moves change these; keep what is stored
        setattr(contract, field, getattr(stored, field))
    if not contract.code:
        raise ValidationError({"code": _("Enter the contract number.")})
    _refuse(contract_errors(contract, covered))
    if contract.status != ContractStatus.NEGOTIATING:
        _refuse(standing_errors(contract))
    _check_covered_visible(covered, actor)
    with history_context(actor, action="update"):
        figures = _coverage_figures(contract, covered)
        _refuse(contract_errors(contract, covered))
        contract.save()
        _write_coverage(contract, figures)
        ensure_visible(contract, actor)
    return contract


@transaction.atomic
def record_reply(*, contract, reply_on, actor):
    """The other side's written reply (due within 20 days of the offer; a later reply is
    recorded and flagged as late)."""
    contract = _locked(contract)
    ensure_visible(contract, actor)
    _require_status(contract, [ContractStatus.NEGOTIATING], _("record a reply to"))
    _check_date("reply_on", reply_on, not_before=contract.offer_on, before_label=_("the offer"))
    with history_context(actor, action="record_reply"):
        contract.reply_on = reply_on
        _save(contract, actor, ["reply_on"])
    return contract


@transaction.atomic
def record_congress_vote(*, contract, congress_on, total, present, yes, actor):
    """The workers' congress (or all workers) votes on the draft (第36条). A vote that does not
    pass is refused with the threshold it misses: the draft goes back to negotiation."""
    contract = _locked(contract)
    ensure_visible(contract, actor)
    _require_status(contract, [ContractStatus.NEGOTIATING], _("record a vote on"))
    _check_date(
        "congress_on",
        congress_on,
        not_before=contract.reply_on or contract.offer_on,
        before_label=_("the reply") if contract.reply_on else _("the offer"),
    )
    _refuse(vote_errors(total, present, yes))
    with history_context(actor, action="record_congress_vote"):
        contract.congress_on = congress_on
        contract.congress_total, contract.congress_present, contract.congress_yes = (
            total,
            present,
            yes,
        )
        _save(
            contract,
            actor,
            ["congress_on", "congress_total", "congress_present", "congress_yes"],
        )
    return contract


@transaction.atomic
def sign(*, contract, signed_on, actor):
    """The two chief negotiators sign (第37条): only after the reply and a passing vote, with
    a term of 1–3 years and, for a wage agreement, its wage terms."""
    contract = _locked(contract)
    ensure_visible(contract, actor)
    _require_status(contract, [ContractStatus.NEGOTIATING], _("sign"))
    _check_date(
        "signed_on",
        signed_on,
        not_before=contract.congress_on or contract.offer_on,
        before_label=_("the workers' congress") if contract.congress_on else _("the offer"),
    )
    covered = list(contract.covered_employers.all())
    _refuse(contract_errors(contract, covered))
    _refuse(signing_errors(contract))
    with history_context(actor, action="sign"):
        contract.signed_on = signed_on
        contract.status = ContractStatus.SIGNED
        _save(contract, actor, ["signed_on", "status"])
    return contract


@transaction.atomic
def submit(*, contract, submitted_on, actor):
    """The employer side files the text with the labour bureau (due within 10 days of signing,
    第42条; a later filing is recorded and flagged). Unless the bureau objects within 15 days
    the contract is in force from the 15th day (第47条), so that day is kept as `effective_on`."""
    contract = _locked(contract)
    ensure_visible(contract, actor)
    _require_status(contract, [ContractStatus.SIGNED], _("submit"))
    _check_date(
        "submitted_on", submitted_on, not_before=contract.signed_on, before_label=_("signing")
    )
    with history_context(actor, action="submit"):
        contract.submitted_on = submitted_on
        contract.effective_on = deadlines.review_ends(submitted_on)
        contract.review_result, contract.review_on, contract.review_note = "", None, ""
        contract.status = ContractStatus.SUBMITTED
        _save(
            contract,
            actor,
            ["submitted_on", "effective_on", "review_result", "review_on", "review_note", "status"],
        )
    return contract


@transaction.atomic
def record_review(*, contract, result, review_on, actor, note=""):
    """The labour bureau's review (第44–47条).

    No objection: in force from the day the bureau confirms, or from the 15th day after
    filing if that comes first (silence for 15 days is consent). An objection must reach the
    parties within those 15 days and say what is wrong; the contract goes back to negotiation
    and is signed and filed again.
    """
    contract = _locked(contract)
    ensure_visible(contract, actor)
    _require_status(contract, [ContractStatus.SUBMITTED], _("record the review of"))
    _check_date(
        "review_on", review_on, not_before=contract.submitted_on, before_label=_("the filing")
    )
    last_day = deadlines.review_ends(contract.submitted_on)
    with history_context(actor, action="record_review"):
        contract.review_result, contract.review_on, contract.review_note = result, review_on, note
        if result == ReviewResult.OBJECTION:
            if not note:
                raise ValidationError({"note": _("Enter the bureau's objection.")})
            if review_on > last_day:
                raise ValidationError(
                    {
                        "review_on": _(
                            "An objection must come within 15 days of filing (第47条); after "
                            "%(day)s the contract is in force."
                        )
                        % {"day": last_day.isoformat()}
                    }
                )
            contract.status = ContractStatus.NEGOTIATING
            contract.signed_on = contract.submitted_on = contract.effective_on = None
        elif result == ReviewResult.NO_OBJECTION:
            contract.status = ContractStatus.EFFECTIVE
            contract.effective_on = min(review_on, last_day)
        else:
            raise ValidationError({"result": _("Choose the review result.")})
        _save(
            contract,
            actor,
            [
                "review_result",
                "review_on",
                "review_note",
                "status",
                "signed_on",
                "submitted_on",
                "effective_on",
            ],
        )
    return contract


@transaction.atomic
def terminate(*, contract, terminated_on, reason, actor):
    """End a contract before its term (解除) or abandon a negotiation, with the reason."""
    contract = _locked(contract)
    ensure_visible(contract, actor)
    _require_status(contract, OPEN_STATUSES, _("terminate"))
    first_day = contract.offer_on or contract.signed_on  # a ledger contract has no offer
    _check_date(
        "terminated_on",
        terminated_on,
        not_before=first_day,
        before_label=_("the offer") if contract.offer_on else _("signing"),
    )
    if contract.term_end and contract.effective_on and terminated_on > contract.term_end:
        raise ValidationError(
            {
                "terminated_on": _("The contract had already expired on %(day)s.")
                % {"day": contract.term_end.isoformat()}
            }
        )
    renewal = CollectiveContract.objects.filter(renewed_from=contract).first()
    if renewal and status_on(contract, terminated_on) == ContractStatus.RENEWED:
        raise ValidationError(
            {
                "terminated_on": _(
                    "Renewed by %(code)s, in force from %(day)s: terminate the renewal instead."
                )
                % {"code": renewal.code, "day": max(renewal.effective_on, renewal.term_start)}
            }
        )
    if not reason:
        raise ValidationError({"reason": _("Enter the reason.")})
    with history_context(actor, action="terminate"):
        contract.status = ContractStatus.TERMINATED
        contract.terminated_on, contract.termination_reason = terminated_on, reason
        _save(contract, actor, ["status", "terminated_on", "termination_reason"])
    return contract
