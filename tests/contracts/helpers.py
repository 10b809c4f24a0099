"""Helpers shared by the contract tests: an unsaved contract, an offer through the service, a
contract taken to in force with dates counted back from its signing day."""

import datetime
from decimal import Decimal

from apps.contracts import services
from apps.contracts.choices import ContractScope, ContractType, ReviewResult
from apps.contracts.deadlines import add_years
from apps.contracts.models import CollectiveContract

DAY = datetime.timedelta(days=1)


def draft(tree, **fields):
    """An unsaved single-employer contract of union_a1 with employer_a1."""
    values = {
        "contract_type": ContractType.COMPREHENSIVE,
        "scope": ContractScope.ENTERPRISE,
        "union": tree.union_a1,
        "employer": tree.employer_a1,
        "union_chief": "李建国",
        "employer_chief": "王志强",
        "union_reps": 5,
        "employer_reps": 5,
        "offer_on": datetime.date(2024, 1, 10),
    }
    values.update(fields)
    if values.get("term_start") and "term_end" not in fields:
        values["term_end"] = add_years(values["term_start"], 3) - DAY
    return CollectiveContract(**values)


def offer(tree, actor=None, covered=(), **fields):
    return services.start_negotiation(contract=draft(tree, **fields), actor=actor, covered=covered)


def make_effective(
    tree,
    *,
    signed_on,
    actor=None,
    covered=(),
    submit_after=5,
    review_after=7,
    review=True,
    years=3,
    **fields,
):
    """A contract taken from the offer to in force; `signed_on` anchors the dates."""
    fields.setdefault("offer_on", signed_on - 40 * DAY)
    fields.setdefault("term_start", signed_on.replace(day=1) + 31 * DAY)
    fields["term_start"] = fields["term_start"].replace(day=1)
    fields.setdefault("term_end", add_years(fields["term_start"], years) - DAY)
    contract = offer(tree, actor=actor, covered=covered, **fields)
    contract = services.record_reply(
        contract=contract, reply_on=fields["offer_on"] + 10 * DAY, actor=actor
    )
    contract = services.record_congress_vote(
        contract=contract,
        congress_on=signed_on - 5 * DAY,
        total=30,
        present=25,
        yes=20,
        actor=actor,
    )
    contract = services.sign(contract=contract, signed_on=signed_on, actor=actor)
    if submit_after is None:
        return contract
    contract = services.submit(
        contract=contract, submitted_on=signed_on + submit_after * DAY, actor=actor
    )
    if review:
        contract = services.record_review(
            contract=contract,
            result=ReviewResult.NO_OBJECTION,
            review_on=contract.submitted_on + review_after * DAY,
            actor=actor,
        )
    return contract


WAGE_TERMS = {
    "contract_type": ContractType.WAGE,
    "prev_avg_wage": Decimal("62000.00"),
    "raise_pct": Decimal("5.50"),
    "wage_workers": 100,
}
