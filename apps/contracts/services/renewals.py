"""Renewing a collective contract (续订, 第38条): a new negotiation linked to the old one."""

import datetime

from django.db import transaction

from apps.core.scoping import ensure_visible

from .. import deadlines
from ..models import CollectiveContract
from .moves import _locked, start_negotiation


def renewal_draft(old, *, offer_on):
    """A new contract with the old one's parties and negotiators, its term following on."""
    term_start = old.term_end + datetime.timedelta(days=1) if old.term_end else None
    length = 1
    if old.term_start and old.term_end:
        length = max(1, min(3, round((old.term_end - old.term_start).days / 365.25)))
    return CollectiveContract(
        contract_type=old.contract_type,
        scope=old.scope,
        union=old.union,
        employer=old.employer,
        employer_side=old.employer_side,
        union_chief=old.union_chief,
        employer_chief=old.employer_chief,
        union_reps=old.union_reps,
        employer_reps=old.employer_reps,
        offer_on=offer_on,
        term_start=term_start,
        term_end=(
            deadlines.add_years(term_start, length) - datetime.timedelta(days=1)
            if term_start
            else None
        ),
        covered_workers=0 if old.is_multi_employer else old.covered_workers,
        covered_women=0 if old.is_multi_employer else old.covered_women,
        covered_migrants=0 if old.is_multi_employer else old.covered_migrants,
        prev_avg_wage=old.prev_avg_wage,
        wage_workers=old.wage_workers,
        renewed_from=old,
    )


@transaction.atomic
def renew(*, old, offer_on, actor, contract=None, covered=None):
    """Renew a contract (第38条): a new negotiation linked to the old one. The old one keeps
    its status and stays in force until the renewal takes effect (then it reads 已续订; see
    `start_negotiation`). `contract` overrides the drafted terms."""
    old = _locked(old)
    ensure_visible(old, actor)
    contract = contract or renewal_draft(old, offer_on=offer_on)
    contract.renewed_from = old
    contract.offer_on = offer_on
    if covered is None:
        covered = list(old.covered_employers.all()) if old.is_multi_employer else []
    return start_negotiation(contract=contract, actor=actor, covered=covered)
