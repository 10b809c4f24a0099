"""The rules a contract must meet, named after the regulation that fixes them, shared by the
web form, the API, the ledger import and the services (which check them again inside their
transaction). Each function returns {field: [messages]}; empty means the contract passes.

- 第20条 (劳动和社会保障部令第22号): each side 3–10 negotiators, equal in number;
- 第36条: the draft passes the workers' congress only when at least two thirds of all
  delegates are present and more than half of all delegates vote in favour;
- 第38条: a term of one to three years;
- 劳动合同法第53条: an industry or regional contract lists the employers it covers;
- 《工资集体协商试行办法》 and local filing rules: a wage agreement states last year's average
  wage, the agreed raise and the workers concerned.
"""

from django.utils.translation import gettext as _

from apps.core.choices import OrgKind, OrgLevel

from . import deadlines
from .choices import MULTI_EMPLOYER_SCOPES, ContractScope, ContractType

MULTI_EMPLOYER_UNION_KINDS = (
    OrgKind.REGIONAL,
    OrgKind.INDUSTRY,
    OrgKind.TOWNSHIP_FEDERATION,
    OrgKind.COUNTY_FEDERATION,
)


class Errors(dict):
    def add(self, field, message):
        self.setdefault(field, []).append(str(message))


def vote_errors(total, present, yes):
    """The workers' congress thresholds (第36条) as {field: [messages]} over the vote's fields
    (total, present, yes); empty when the vote passes."""
    errors = Errors()
    if not total:
        errors.add("total", _("Enter the number of delegates."))
        return errors
    present, yes = present or 0, yes or 0
    if present > total:
        errors.add("present", _("More delegates present than there are delegates."))
    if yes > present:
        errors.add("yes", _("More votes in favour than delegates present."))
    if 3 * present < 2 * total:
        errors.add(
            "present",
            _(
                "Not passed: at least two thirds of all delegates must be present "
                "(%(present)d of %(total)d present; 第36条)."
            )
            % {"present": present, "total": total},
        )
    if 2 * yes <= total:
        errors.add(
            "yes",
            _(
                "Not passed: more than half of all delegates must vote in favour "
                "(%(yes)d of %(total)d in favour; 第36条)."
            )
            % {"yes": yes, "total": total},
        )
    return errors


WAGE_TERMS = ("prev_avg_wage", "raise_pct", "wage_workers")


def term_errors(term_start, term_end):
    errors = Errors()
    if term_start is None or term_end is None:
        return errors
    if term_end <= term_start:
        errors.add("term_end", _("The term must end after it starts."))
        return errors
    earliest, latest = deadlines.term_bounds(term_start)
    if not earliest <= term_end <= latest:
        errors.add(
            "term_end",
            _(
                "A collective contract runs for one to three years (第38条): "
                "end between %(a)s and %(b)s."
            )
            % {"a": earliest.isoformat(), "b": latest.isoformat()},
        )
    return errors


def contract_errors(contract, covered):
    """The parties, negotiators, term and coverage of a contract (any status).

    `covered` is the list of employers an industry or regional contract covers (ignored for a
    single-employer contract, which covers its own employer).
    """
    errors = Errors()
    union = contract.union if contract.union_id else None
    if union is not None and union.is_closed:
        errors.add("union", _("The union is closed."))
    if contract.scope == ContractScope.ENTERPRISE:
        if not contract.employer_id:
            errors.add("employer", _("A single-employer contract names its employer."))
        elif union is not None and contract.employer.union_id != union.pk:
            errors.add("employer", _("The employer is not organised by this union."))
        if union is not None and union.level != OrgLevel.GRASSROOTS:
            errors.add(
                "union",
                _("A single-employer contract is signed by the employer's grassroots union."),
            )
    elif contract.scope in MULTI_EMPLOYER_SCOPES:
        if not covered:
            errors.add(
                "covered_employers",
                _(
                    "An industry or regional contract lists the employers it covers "
                    "(劳动合同法第53条)."
                ),
            )
        if not contract.employer_side:
            errors.add(
                "employer_side",
                _("Name the employers' representative body (e.g. the trade association)."),
            )
        if union is not None and union.kind not in MULTI_EMPLOYER_UNION_KINDS:
            errors.add(
                "union",
                _("An industry or regional contract is signed by an industry or area federation."),
            )
    for field in ("union_reps", "employer_reps"):
        value = getattr(contract, field)
        if value is not None and not 3 <= value <= 10:
            errors.add(field, _("Each side has 3 to 10 negotiators (第20条)."))
    if (
        contract.union_reps
        and contract.employer_reps
        and contract.union_reps != contract.employer_reps
        and "union_reps" not in errors
        and "employer_reps" not in errors
    ):
        errors.add("employer_reps", _("Both sides have the same number of negotiators (第20条)."))
    # Workers covered left blank are filled from the employers' headcount by the service,
    # which checks again with the figures filled in.
    for field in ("covered_women", "covered_migrants", "wage_workers"):
        value = getattr(contract, field)
        if value and contract.covered_workers and value > contract.covered_workers:
            errors.add(field, _("Cannot exceed the number of workers covered."))
    if contract.reply_on and contract.offer_on and contract.reply_on < contract.offer_on:
        errors.add("reply_on", _("The reply cannot come before the offer."))
    for field, messages in term_errors(contract.term_start, contract.term_end).items():
        for message in messages:
            errors.add(field, message)
    return errors


def signing_errors(contract):
    """What must be in place before the two chief negotiators sign (第36–38条)."""
    errors = Errors()
    if not contract.reply_on:
        errors.add("reply_on", _("Record the other side's reply before signing."))
    if contract.congress_total is None:
        errors.add(
            "congress_total",
            _("The draft must pass the workers' congress before signing (第36条)."),
        )
    else:
        vote = vote_errors(
            contract.congress_total, contract.congress_present, contract.congress_yes
        )
        for field, messages in vote.items():
            for message in messages:
                errors.add(f"congress_{field}", message)
    if not (contract.term_start and contract.term_end):
        errors.add("term_end", _("Enter the term of the contract."))
    if contract.contract_type == ContractType.WAGE:
        for field in WAGE_TERMS:
            if getattr(contract, field) is None:
                errors.add(
                    field,
                    _(
                        "A wage agreement states last year's average wage, the raise and the "
                        "workers concerned."
                    ),
                )
    return errors


def ledger_errors(contract):
    """What a ledger contract must state besides its parties and coverage."""
    errors = Errors()
    if not (contract.term_start and contract.term_end):
        errors.add("term_end", _("Enter the term of the contract."))
    if contract.contract_type == ContractType.WAGE:
        for field in WAGE_TERMS:
            if getattr(contract, field) is None:
                errors.add(
                    field,
                    _(
                        "A wage agreement states last year's average wage, the raise and the "
                        "workers concerned."
                    ),
                )
    if contract.congress_total is not None:
        for field, messages in vote_errors(
            contract.congress_total, contract.congress_present, contract.congress_yes
        ).items():
            for message in messages:
                errors.add(f"congress_{field}", message)
    return errors


def standing_errors(contract):
    """What a signed contract keeps meeting when it is corrected: the signing rules, or for a
    contract recorded from the ledger (补录) what the ledger must state."""
    return ledger_errors(contract) if contract.from_ledger else signing_errors(contract)
