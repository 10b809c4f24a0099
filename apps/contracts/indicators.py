"""Collective bargaining figures (集体协商), each one database aggregate over the records that
make it up; the drill-down is those records.

Conventions:
- a flow ("signed in the period") counts contracts whose date falls within the period;
- a stock ("in force", "covered", "expiring") is as of the period's end, or today while the
  period is still running (a dashboard for this year shows what is in force now);
- contracts are placed by their union side (`within(scope)`); coverage is counted over the
  employers placed in the scope, each employer once however many contracts cover it, with the
  largest number of workers any of those contracts covers there;
- 签订率 = organised employers with a contract in force ÷ organised employers, the latter being
  建会率's numerator (`membership.organised_employers`: employers that must organise, whose
  union stood at the period's end), both read from core's `Employer.objects.organised_on`.
"""

from django.db.models import Avg, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import Employer
from apps.reports.registry import FLOW, RATIO, STOCK, indicator, total

from . import queries
from .choices import ContractScope, ContractType
from .models import CollectiveContract
from .review import BARGAINING

CONTRACTS = _("contracts")
EMPLOYERS = _("employers")
PEOPLE = _("people")
CONTRACT_TOWNSHIP = "union__township"
EMPLOYER_TOWNSHIP = "township"


def as_of(period):
    return min(period.end, timezone.localdate())


def contracts(scope):
    return CollectiveContract.objects.within(scope)


def employers(scope):
    return Employer.objects.within(scope)


def signed(org, period, **filters):
    return contracts(org).filter(signed_on__range=(period.start, period.end), **filters)


def in_force(org, period, **filters):
    return contracts(org).filter(queries.in_force_q(as_of(period)), **filters)


def renewals_due(scope, period):
    """Contracts that entered into force and reach the end of their term within the period
    (not terminated before it)."""
    return (
        contracts(scope)
        .filter(effective_on__isnull=False, term_end__range=(period.start, period.end))
        .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gt=F("term_end")))
    )


def renewals_done(scope, period):
    """Of the contracts due, those whose renewal was signed by the period's end."""
    return renewals_due(scope, period).filter(
        Exists(
            CollectiveContract.objects.filter(
                renewed_from=OuterRef("pk"), signed_on__lte=period.end
            )
        )
    )


def _contract_figures(kind, select):
    """Registers contract counts of one kind: `select(scope, period, **filters)` the records."""

    def register(code, label, *, category="", headline=False, **filters):
        indicator(
            code=code,
            section=BARGAINING,
            label=label,
            unit=CONTRACTS,
            kind=kind,
            records=lambda scope, period: select(scope, period, **filters),
            township=CONTRACT_TOWNSHIP,
            category=category,
            headline=headline,
        )

    return register


_contract_flow = _contract_figures(FLOW, signed)  # signed within the period
_contract_stock = _contract_figures(STOCK, in_force)  # in force at the period's end


_contract_flow(
    "contracts.signed_count",
    _("Collective contracts signed"),
    category="contract_type",
    headline=True,
)
_contract_flow(
    "contracts.signed_comprehensive",
    _("Comprehensive contracts signed"),
    contract_type=ContractType.COMPREHENSIVE,
)
_contract_flow(
    "contracts.signed_wage", _("Wage agreements signed"), contract_type=ContractType.WAGE
)
_contract_flow(
    "contracts.signed_women",
    _("Women workers' special contracts signed"),
    contract_type=ContractType.WOMEN,
)
_contract_flow(
    "contracts.signed_safety",
    _("Safety and health special contracts signed"),
    contract_type=ContractType.SAFETY,
)
_contract_flow(
    "contracts.signed_enterprise",
    _("Single-employer contracts signed"),
    scope=ContractScope.ENTERPRISE,
)
_contract_flow(
    "contracts.signed_industry", _("Industry contracts signed"), scope=ContractScope.INDUSTRY
)
_contract_flow(
    "contracts.signed_regional", _("Regional contracts signed"), scope=ContractScope.REGIONAL
)

_contract_stock(
    "contracts.in_force_count", _("Collective contracts in force"), category="contract_type"
)
_contract_stock(
    "contracts.in_force_comprehensive",
    _("Comprehensive contracts in force"),
    contract_type=ContractType.COMPREHENSIVE,
)
_contract_stock(
    "contracts.in_force_wage", _("Wage agreements in force"), contract_type=ContractType.WAGE
)
_contract_stock(
    "contracts.in_force_women",
    _("Women workers' special contracts in force"),
    contract_type=ContractType.WOMEN,
)
_contract_stock(
    "contracts.in_force_safety",
    _("Safety and health special contracts in force"),
    contract_type=ContractType.SAFETY,
)
_contract_stock(
    "contracts.in_force_enterprise",
    _("Single-employer contracts in force"),
    scope=ContractScope.ENTERPRISE,
)
_contract_stock(
    "contracts.in_force_industry", _("Industry contracts in force"), scope=ContractScope.INDUSTRY
)
_contract_stock(
    "contracts.in_force_regional", _("Regional contracts in force"), scope=ContractScope.REGIONAL
)

indicator(
    code="contracts.employers_covered",
    section=BARGAINING,
    label=_("Employers covered by collective contracts"),
    unit=EMPLOYERS,
    kind=STOCK,
    records=lambda scope, period: queries.covered_employers(employers(scope), as_of(period)),
    township=EMPLOYER_TOWNSHIP,
    headline=True,
)
indicator(
    code="contracts.workers_covered",
    section=BARGAINING,
    label=_("Workers covered by collective contracts"),
    unit=PEOPLE,
    kind=STOCK,
    records=lambda scope, period: queries.covered_employers(employers(scope), as_of(period)),
    aggregate=total("covered_workers"),
    township=EMPLOYER_TOWNSHIP,
    headline=True,
)
indicator(
    code="contracts.women_covered",
    section=BARGAINING,
    label=_("Women workers covered by women workers' special contracts"),
    unit=PEOPLE,
    kind=STOCK,
    records=lambda scope, period: queries.covered_employers(
        employers(scope), as_of(period), contract_type=ContractType.WOMEN
    ),
    aggregate=total("covered_women"),
    township=EMPLOYER_TOWNSHIP,
)
indicator(
    code="contracts.wage_workers",
    section=BARGAINING,
    label=_("Workers concerned by wage agreements signed"),
    unit=PEOPLE,
    kind=FLOW,
    records=lambda scope, period: signed(scope, period, contract_type=ContractType.WAGE),
    aggregate=total("wage_workers"),
    township=CONTRACT_TOWNSHIP,
)
indicator(
    code="contracts.wage_raise_avg",
    section=BARGAINING,
    label=_("Average agreed wage raise"),
    unit="%",
    kind=FLOW,
    records=lambda scope, period: signed(scope, period, contract_type=ContractType.WAGE),
    aggregate=Avg("raise_pct"),
    township=CONTRACT_TOWNSHIP,
    decimals=1,
    description=_("The mean of the raises agreed by the wage agreements signed in the period."),
)
indicator(
    code="contracts.organised_with_contract",
    section=BARGAINING,
    label=_("Organised employers with a collective contract in force"),
    unit=EMPLOYERS,
    kind=STOCK,
    records=lambda scope, period: queries.organised_with_contract(employers(scope), as_of(period)),
    township=EMPLOYER_TOWNSHIP,
)
indicator(
    code="contracts.signing_rate",
    section=BARGAINING,
    label=_("Collective contract signing rate"),
    unit="%",
    kind=RATIO,
    numerator="contracts.organised_with_contract",
    # The organised employers of 建会率 (one figure on the dashboard, not two).
    denominator="membership.organised_employers",
    decimals=1,
    headline=True,
)
indicator(
    code="contracts.renewals_due",
    section=BARGAINING,
    label=_("Contracts reaching the end of their term"),
    unit=CONTRACTS,
    kind=FLOW,
    records=renewals_due,
    township=CONTRACT_TOWNSHIP,
)
indicator(
    code="contracts.renewals_done",
    section=BARGAINING,
    label=_("Contracts renewed on expiry"),
    unit=CONTRACTS,
    kind=FLOW,
    records=renewals_done,
    township=CONTRACT_TOWNSHIP,
)
# What needs attention, as counted on the attention page (as of the period's end or today).
indicator(
    code="contracts.expiring_soon",
    section=BARGAINING,
    label=_("Contracts expiring within 3 months"),
    unit=CONTRACTS,
    kind=STOCK,
    records=lambda scope, period: queries.expiring(contracts(scope), as_of(period)),
    township=CONTRACT_TOWNSHIP,
)
indicator(
    code="contracts.submissions_overdue",
    section=BARGAINING,
    label=_("Signed contracts not yet submitted for review after 10 days"),
    unit=CONTRACTS,
    kind=STOCK,
    records=lambda scope, period: queries.submission_overdue(contracts(scope), as_of(period)),
    township=CONTRACT_TOWNSHIP,
    lower_is_better=True,
)
indicator(
    code="contracts.replies_overdue",
    section=BARGAINING,
    label=_("Offers to negotiate unanswered after 20 days"),
    unit=CONTRACTS,
    kind=STOCK,
    records=lambda scope, period: queries.reply_overdue(contracts(scope), as_of(period)),
    township=CONTRACT_TOWNSHIP,
    lower_is_better=True,
)
indicator(
    code="contracts.organised_without_contract",
    section=BARGAINING,
    label=_("Organised employers without a contract in force"),
    unit=EMPLOYERS,
    kind=STOCK,
    records=lambda scope, period: queries.organised_without_contract(
        employers(scope), as_of(period)
    ),
    township=EMPLOYER_TOWNSHIP,
    lower_is_better=True,
)
