"""Recording a contract from the county's ledger (补录).

A county's contract ledger (台账) holds the signing date, the term, the type, the scope and the
coverage of each contract, rarely the offer, the reply, the workers' congress or the filing. A
contract recorded from it carries what is known and is marked `from_ledger`: it is not made to
invent a negotiation history, and it counts like any other contract (signed on its signing day,
in force over its term). The regulation's checks apply to what is given: the parties and the
coverage (`contract_errors`: a regional contract lists its employers), a term of one to three
years ending after it starts, a wage agreement's wage terms, a vote that passes when one is
given, dates in order. Steps entered later (termination, renewal, checks) are the usual moves,
checked as for any contract.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.core.scoping import ensure_visible
from apps.core.services import history_context

from ..choices import ContractStatus
from ..models import CollectiveContract
from ..rules import contract_errors, ledger_errors
from .moves import (
    _check_covered_visible,
    _check_date,
    _coverage_figures,
    _next_code,
    _refuse,
    _write_coverage,
)


@transaction.atomic
def record_from_ledger(*, contract, actor, covered=()):
    """Record a signed contract from the ledger (补录): in force from its term's start (or its
    signing, when that is later), with the offer, reply, congress and filing dates as the
    ledger gives them, each in order when given.

    Refused: a contract already recorded, no signing date, a signing in the future or before
    the offer, a filing before the signing, a term outside one to three years, a regional
    contract without its employers, a wage agreement without its wage terms.
    """
    if contract.pk:
        raise ValidationError(_("This contract has already been recorded."))
    _check_date(
        "signed_on",
        contract.signed_on,
        not_before=contract.offer_on,
        before_label=_("the offer"),
    )
    if contract.offer_on:
        _check_date("offer_on", contract.offer_on)
    if contract.submitted_on:
        _check_date(
            "submitted_on",
            contract.submitted_on,
            not_before=contract.signed_on,
            before_label=_("signing"),
        )
    covered = list(covered)
    _refuse(contract_errors(contract, covered))
    _refuse(ledger_errors(contract))
    _check_covered_visible(covered, actor)
    with history_context(actor, action="record_from_ledger"):
        contract.from_ledger = True
        contract.status = ContractStatus.EFFECTIVE
        contract.effective_on = max(contract.signed_on, contract.term_start)
        if not contract.code:
            contract.code = _next_code(contract)
        figures = _coverage_figures(contract, covered)
        _refuse(contract_errors(contract, covered))  # again, with the figures filled in
        contract.title = contract.title or contract.display_title
        try:
            with transaction.atomic():
                contract.save()
        except IntegrityError as error:
            if not CollectiveContract.objects.filter(code=contract.code).exists():
                raise
            raise ValidationError(
                {"code": _("This number has just been taken by another contract; try again.")}
            ) from error
        _write_coverage(contract, figures)
        ensure_visible(contract, actor)
    return contract
