"""Collective bargaining figures (集体协商), each one database aggregate over the records that
make it up; the drill-down is those records.

Conventions:
- a flow ("signed in the period") counts contracts whose date falls within the period;
- a stock ("in force", "covered", "expiring") is as of the period's end, or today while the
  period is still running (a dashboard for this year shows what is in force now);
- contracts are placed by their union side (`within(scope)`); coverage is counted over the
  employers placed in the scope, each employer once however many contracts cover it, with the
  largest number of workers any of those contracts covers there;
- 签订率 = organised enterprises with a contract in force ÷ organised enterprises, as counties
  count it: the organised employers of 建会率 (core's `Employer.objects.organised_on`) that are
  enterprises by 单位性质 (`.enterprises()`), not 机关, 事业单位 or 村(居)委会; the women's
  special contract rate (女职工专项) has the same base, and both are broken down by ownership
  (`.owned()`: 国有及国有控股, 集体, 非公有制).
"""

from functools import partial

from django.db.models import Avg, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from apps.core.choices import Ownership
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


def organised_enterprises(scope, period, ownership=None):
    """Organised enterprises at the period's end (core's `organised_on` and `enterprises`):
    签订率's base, as counties count it (not agencies, institutions or village committees)."""
    records = employers(scope).organised_on(as_of(period)).enterprises()
    return records.owned(ownership) if ownership else records


def enterprises_with_contract(scope, period, ownership=None, **contract_filters):
    """Of those, the ones with a collective contract (of `contract_filters`) in force."""
    day = as_of(period)
    return organised_enterprises(scope, period, ownership).filter(
        Exists(queries.coverage_in_force(day, **contract_filters).filter(employer=OuterRef("pk")))
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
    code="contracts.organised_enterprises",
    section=BARGAINING,
    label=_("Organised enterprises"),
    unit=EMPLOYERS,
    kind=STOCK,
    records=organised_enterprises,
    township=EMPLOYER_TOWNSHIP,
    category="nature",
    description=_("Enterprises (by nature of employer) with a union: the base of 签订率."),
)
indicator(
    code="contracts.enterprises_with_contract",
    section=BARGAINING,
    label=_("Organised enterprises with a collective contract in force"),
    unit=EMPLOYERS,
    kind=STOCK,
    records=enterprises_with_contract,
    township=EMPLOYER_TOWNSHIP,
    category="nature",
)
indicator(
    code="contracts.signing_rate",
    section=BARGAINING,
    label=_("Collective contract signing rate"),
    unit="%",
    kind=RATIO,
    numerator="contracts.enterprises_with_contract",
    denominator="contracts.organised_enterprises",
    decimals=1,
    headline=True,
    description=_(
        "签订率: organised enterprises with a contract in force ÷ organised enterprises."
    ),
)
indicator(
    code="contracts.enterprises_with_women_contract",
    section=BARGAINING,
    label=_("Organised enterprises with a women workers' special contract in force"),
    unit=EMPLOYERS,
    kind=STOCK,
    records=lambda scope, period: enterprises_with_contract(
        scope, period, contract_type=ContractType.WOMEN
    ),
    township=EMPLOYER_TOWNSHIP,
)
indicator(
    code="contracts.women_signing_rate",
    section=BARGAINING,
    label=_("Women workers' special contract signing rate"),
    unit="%",
    kind=RATIO,
    numerator="contracts.enterprises_with_women_contract",
    denominator="contracts.organised_enterprises",
    decimals=1,
    description=_(
        "女职工专项集体合同签订率: organised enterprises with a women workers' special contract "
        "in force ÷ organised enterprises."
    ),
)
# 签订率 by ownership, as the reviews state it ("国有及国有控股企业的签订率已经达到了100%").
for ownership, label in (
    (Ownership.STATE, _("state-owned and state-controlled enterprises")),
    (Ownership.COLLECTIVE, _("collective enterprises")),
    (Ownership.NON_PUBLIC, _("non-public enterprises")),
):
    key = ownership.value
    indicator(
        code=f"contracts.organised_enterprises_{key}",
        section=BARGAINING,
        label=format_lazy(_("Organised {kind}"), kind=label),
        unit=EMPLOYERS,
        kind=STOCK,
        records=partial(organised_enterprises, ownership=ownership),
        township=EMPLOYER_TOWNSHIP,
        category="nature",
    )
    indicator(
        code=f"contracts.enterprises_with_contract_{key}",
        section=BARGAINING,
        label=format_lazy(_("Organised {kind} with a collective contract in force"), kind=label),
        unit=EMPLOYERS,
        kind=STOCK,
        records=partial(enterprises_with_contract, ownership=ownership),
        township=EMPLOYER_TOWNSHIP,
        category="nature",
    )
    indicator(
        code=f"contracts.signing_rate_{key}",
        section=BARGAINING,
        label=format_lazy(_("Collective contract signing rate of {kind}"), kind=label),
        unit="%",
        kind=RATIO,
        numerator=f"contracts.enterprises_with_contract_{key}",
        denominator=f"contracts.organised_enterprises_{key}",
        decimals=1,
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
