"""Every contracts indicator against an independent SQL query, for a calendar year, a range of
years and a statistics year, for the county and for one township; breakdowns by township; the
drill-down's rows make up the figure; an employer covered by several contracts counts once.

The records (all dates in the past):

  C1  comprehensive, union_a1 / employer_a1, signed 2021-02-08, 2021-03-01 – 2024-02-29,
                     renewed by C4
  C2  wage,          union_a1 / employer_a1, signed 2023-01-20, 2023-02-01 – 2024-01-31,
                     raise 5.5 %
  C3  regional,      township_a: employer_a1 + employer_a2, signed 2022-05-10,
                     2022-06-01 – 2025-05-31
  C4  comprehensive, renewal of C1, signed 2024-02-05, 2024-03-01 – 2027-02-28
  C5  women,         union_b1 / employer_b1, signed 2023-08-20, 2023-09-01 – 2026-08-31,
                     terminated 2024-12-01
  C6  wage,          union_b1 / employer_b1, signed 2024-01-10, 2024-01-01 – 2024-12-31, raise 4.0 %
  C7  negotiating,   union_a2's employer, offer 2024-05-01, no reply
  C8  signed 2024-08-01 and never filed (union_b1, safety)
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from apps.contracts import queries, services
from apps.contracts.choices import ContractScope, ContractType
from apps.core.models import Employer
from apps.reports.evaluation import compute, evaluate
from apps.reports.periods import Period
from apps.reports.registry import REGISTRY
from tests.contracts.helpers import DAY, make_effective, offer

D = datetime.date
pytestmark = pytest.mark.django_db

PERIODS = {
    "year 2023": Period.year(2023),
    "years 2021-2024": Period.years(2021, 2024),
    "stats 2024": Period.stats_year(2024),
    "year 2024": Period.year(2024),
}


@pytest.fixture
def history(extra):
    tree = extra
    tree.employer_a4 = Employer.objects.create(
        name="城关镇卫生院",
        nature="400",
        township=tree.township_a,
        union=tree.union_a2,
        headcount=50,
        women_count=35,
        migrant_count=0,
    )
    wage = {"prev_avg_wage": Decimal("60000"), "wage_workers": 70}
    c1 = make_effective(tree, signed_on=D(2021, 2, 8), term_start=D(2021, 3, 1))
    make_effective(
        tree,
        signed_on=D(2023, 1, 20),
        term_start=D(2023, 2, 1),
        years=1,
        contract_type=ContractType.WAGE,
        raise_pct=Decimal("5.5"),
        covered_workers=110,
        covered_women=60,
        **wage,
    )
    make_effective(
        tree,
        signed_on=D(2022, 5, 10),
        term_start=D(2022, 6, 1),
        scope=ContractScope.REGIONAL,
        union=tree.township_a,
        employer=None,
        employer_side="城关镇商会",
        covered=[tree.employer_a1, tree.employer_a2],
    )
    c4 = services.renew(old=c1, offer_on=D(2024, 1, 5), actor=None)
    services.record_reply(contract=c4, reply_on=D(2024, 1, 10), actor=None)
    services.record_congress_vote(
        contract=c4, congress_on=D(2024, 2, 1), total=30, present=25, yes=20, actor=None
    )
    services.sign(contract=c4, signed_on=D(2024, 2, 5), actor=None)
    services.submit(contract=c4, submitted_on=D(2024, 2, 10), actor=None)
    b = {"union": tree.union_b1, "employer": tree.employer_b1}
    c5 = make_effective(
        tree, signed_on=D(2023, 8, 20), term_start=D(2023, 9, 1), contract_type="women", **b
    )
    services.terminate(contract=c5, terminated_on=D(2024, 12, 1), reason="企业改制", actor=None)
    make_effective(
        tree,
        signed_on=D(2024, 1, 10),
        term_start=D(2024, 1, 1),
        years=1,
        contract_type=ContractType.WAGE,
        raise_pct=Decimal("4.0"),
        **wage,
        **b,
    )
    offer(tree, offer_on=D(2024, 5, 1), union=tree.union_a2, employer=tree.employer_a4)
    make_effective(tree, signed_on=D(2024, 8, 1), submit_after=None, contract_type="safety", **b)
    return tree


# ---------------------------------------------------------------------------------------------
# independent SQL: the definitions written again, in SQL, from the tables
# ---------------------------------------------------------------------------------------------

CONTRACTS = """
    FROM contracts_collectivecontract c JOIN core_unionorg u ON u.id = c.union_id
    WHERE u.path LIKE %(path)s
"""
IN_FORCE = """
    c.effective_on <= %(day)s AND c.term_start <= %(day)s AND c.term_end >= %(day)s
    AND c.status <> 'negotiating' AND (c.terminated_on IS NULL OR c.terminated_on > %(day)s)
    AND NOT EXISTS (SELECT 1 FROM contracts_collectivecontract rn WHERE rn.renewed_from_id = c.id
                    AND rn.effective_on <= %(day)s AND rn.term_start <= %(day)s)
"""
EMPLOYERS = """
    FROM core_employer e
    JOIN core_unionorg et ON et.id = e.township_id
    LEFT JOIN core_unionorg eu ON eu.id = e.union_id
    WHERE (et.path LIKE %(path)s OR eu.path LIKE %(path)s)
"""
COVERED = f"""
    SELECT cv.employer_id, MAX(cv.workers) AS workers, MAX(cv.women) AS women
    FROM contracts_contractcoverage cv JOIN contracts_collectivecontract c ON c.id = cv.contract_id
    WHERE {IN_FORCE} {{extra}}
    GROUP BY cv.employer_id
"""
EMPLOYER_OF_T = """
    JOIN core_employer e ON e.id = t.employer_id
    JOIN core_unionorg et ON et.id = e.township_id
    LEFT JOIN core_unionorg eu ON eu.id = e.union_id
    WHERE (et.path LIKE %(path)s OR eu.path LIKE %(path)s)
"""
# 企业 by 单位性质, and each ownership's natures, written out again from the national list.
ENTERPRISE = """e.nature IN ('110', '120', '130', '140', '150', '151', '159', '160', '161',
    '169', '170', '190', '200', '300')"""
OWNED = {
    "state": "('110', '151', '161')",
    "collective": "('120', '130', '140')",
    "non_public": "('150', '159', '160', '169', '170', '190', '200', '300', '600')",
}
ORGANISED = """
    e.union_id IS NOT NULL AND e.must_organise
    AND (eu.founded_on IS NULL OR eu.founded_on <= %(day)s)
    AND (eu.status IN ('active', 'preparing') OR eu.closed_on > %(day)s)
"""


def sql(query, **params):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        value = cursor.fetchone()[0]
    if value is None and "avg(" in query:
        return None  # an average over no records is undefined ("—"), not 0
    return 0 if value is None else value


def expected(code, scope, period):
    """The figure computed by hand-written SQL."""
    p = {"path": scope.path + "%", "start": period.start, "end": period.end, "day": period.end}
    signed = f"SELECT count(*) {CONTRACTS} AND c.signed_on BETWEEN %(start)s AND %(end)s"
    in_force = f"SELECT count(*) {CONTRACTS} AND {IN_FORCE}"
    by_type = {f"contracts.signed_{t}": (signed, "contract_type", t) for t in ContractType.values}
    by_type.update(
        {f"contracts.in_force_{t}": (in_force, "contract_type", t) for t in ContractType.values}
    )
    by_type.update({f"contracts.signed_{s}": (signed, "scope", s) for s in ContractScope.values})
    by_type.update(
        {f"contracts.in_force_{s}": (in_force, "scope", s) for s in ContractScope.values}
    )
    if code in by_type:
        query, column, value = by_type[code]
        return sql(f"{query} AND c.{column} = %(v)s", v=value, **p)
    covered = COVERED.format(extra="")
    women_covered = COVERED.format(extra="AND c.contract_type = 'women'")
    due = f"""{CONTRACTS} AND c.effective_on IS NOT NULL
        AND c.term_end BETWEEN %(start)s AND %(end)s
        AND (c.terminated_on IS NULL OR c.terminated_on > c.term_end)"""
    queries = {
        "contracts.signed_count": signed,
        "contracts.in_force_count": in_force,
        "contracts.employers_covered": f"SELECT count(*) {EMPLOYERS} AND e.id IN "
        f"(SELECT employer_id FROM ({covered}) t)",
        "contracts.workers_covered": f"SELECT sum(t.workers) FROM ({covered}) t {EMPLOYER_OF_T}",
        "contracts.women_covered": f"SELECT sum(t.women) FROM ({women_covered}) t {EMPLOYER_OF_T}",
        "contracts.wage_workers": f"SELECT sum(c.wage_workers) {CONTRACTS} "
        "AND c.contract_type = 'wage' AND c.signed_on BETWEEN %(start)s AND %(end)s",
        "contracts.wage_raise_avg": f"SELECT round(avg(c.raise_pct), 1) {CONTRACTS} "
        "AND c.contract_type = 'wage' AND c.signed_on BETWEEN %(start)s AND %(end)s",
        "membership.organised_employers": f"SELECT count(*) {EMPLOYERS} AND {ORGANISED}",
        "contracts.organised_with_contract": f"SELECT count(*) {EMPLOYERS} AND {ORGANISED} "
        f"AND e.id IN (SELECT employer_id FROM ({covered}) t)",
        "contracts.organised_without_contract": f"SELECT count(*) {EMPLOYERS} AND {ORGANISED} "
        f"AND e.id NOT IN (SELECT employer_id FROM ({covered}) t)",
        "contracts.renewals_due": f"SELECT count(*) {due}",
        "contracts.renewals_done": f"SELECT count(*) {due} AND EXISTS (SELECT 1 FROM "
        "contracts_collectivecontract r WHERE r.renewed_from_id = c.id AND r.signed_on <= %(end)s)",
        "contracts.expiring_soon": f"SELECT count(*) {CONTRACTS} AND {IN_FORCE} "
        "AND c.term_end <= (%(day)s::date + interval '3 months')::date "
        "AND NOT EXISTS (SELECT 1 FROM contracts_collectivecontract r "
        "WHERE r.renewed_from_id = c.id AND r.offer_on <= %(day)s)",
        "contracts.submissions_overdue": f"SELECT count(*) {CONTRACTS} "
        "AND c.signed_on + 10 < %(day)s AND (c.submitted_on IS NULL OR c.submitted_on > %(day)s) "
        "AND (c.terminated_on IS NULL OR c.terminated_on > %(day)s)",
        "contracts.replies_overdue": f"SELECT count(*) {CONTRACTS} "
        "AND c.offer_on + 20 < %(day)s AND (c.reply_on IS NULL OR c.reply_on > %(day)s) "
        "AND (c.terminated_on IS NULL OR c.terminated_on > %(day)s)",
    }
    enterprises = f"SELECT count(*) {EMPLOYERS} AND {ORGANISED} AND {ENTERPRISE}"
    with_any = f"AND e.id IN (SELECT employer_id FROM ({covered}) t)"
    with_women = f"AND e.id IN (SELECT employer_id FROM ({women_covered}) t)"
    queries["contracts.organised_enterprises"] = enterprises
    queries["contracts.enterprises_with_contract"] = f"{enterprises} {with_any}"
    queries["contracts.enterprises_with_women_contract"] = f"{enterprises} {with_women}"
    rates = {
        "contracts.signing_rate": ("enterprises_with_contract", "organised_enterprises"),
        "contracts.women_signing_rate": (
            "enterprises_with_women_contract",
            "organised_enterprises",
        ),
    }
    for key, natures in OWNED.items():
        owned = f"{enterprises} AND e.nature IN {natures}"
        queries[f"contracts.organised_enterprises_{key}"] = owned
        queries[f"contracts.enterprises_with_contract_{key}"] = f"{owned} {with_any}"
        rates[f"contracts.signing_rate_{key}"] = (
            f"enterprises_with_contract_{key}",
            f"organised_enterprises_{key}",
        )
    if code in rates:
        num_code, den_code = rates[code]
        num = sql(queries[f"contracts.{num_code}"], **p)
        den = sql(queries[f"contracts.{den_code}"], **p)
        return None if not den else (Decimal(num) * 100 / den).quantize(Decimal("0.1"))
    return sql(queries[code], **p)


CODES = sorted(code for code in REGISTRY if code.startswith("contracts."))


def test_every_contracts_indicator_is_checked():
    assert len(CODES) == 29 + 4 + 9  # 签订率 over enterprises, the women's, by ownership
    assert {
        "contracts.signed_count",
        "contracts.in_force_count",
        "contracts.employers_covered",
        "contracts.workers_covered",
        "contracts.signing_rate",
        "contracts.women_signing_rate",
        "contracts.signing_rate_state",
        "contracts.signing_rate_non_public",
        "contracts.renewals_due",
        "contracts.renewals_done",
    } <= set(CODES)


@pytest.mark.parametrize("period_name", list(PERIODS))
def test_indicators_match_independent_sql(history, period_name):
    tree, period = history, PERIODS[period_name]
    for scope in (tree.county, tree.township_a, tree.township_b):
        together = compute(scope, period, CODES)  # as the reports compute them, all at once
        for code in CODES:
            value = REGISTRY[code].value(scope, period)
            assert value == expected(code, scope, period), (code, scope.name, period_name)
            assert together[code] == value, (code, scope.name, period_name)


def test_the_figures_of_2024_as_a_person_reads_them(history):
    tree, period = history, Period.year(2024)
    value = {code: REGISTRY[code].value(tree.county, period) for code in CODES}
    assert value["contracts.signed_count"] == 3  # C4, C6, C8
    assert value["contracts.signed_wage"] == 1
    assert value["contracts.in_force_count"] == 3  # C3, C4, C6 on 2024-12-31 (C5 terminated)
    assert value["contracts.renewals_due"] == 3  # C1, C2 (2024-02), C6 (2024-12-31)
    assert value["contracts.renewals_done"] == 1  # C1 → C4
    assert value["contracts.wage_raise_avg"] == Decimal("4.0")
    assert value["contracts.submissions_overdue"] == 1  # C8
    assert value["contracts.replies_overdue"] == 1  # C7


def test_signing_rate_divides_by_the_organised_enterprises(history):
    """签订率 is over organised enterprises, as counties count it: 建会率's organised employers
    (core's one rule) that are enterprises by 单位性质 — not the 卫生院 (事业单位, 400), which
    organised but has no contract and would take the rate from 100% to 75%."""
    tree = history
    tree.employer_a3.union = tree.union_a2  # organised, but an individual business
    tree.employer_a3.must_organise = True
    tree.employer_a3.save()
    rate = REGISTRY["contracts.signing_rate"]
    assert rate.denominator == "contracts.organised_enterprises"
    for period in PERIODS.values():
        for scope in (tree.county, tree.township_a):
            organised = REGISTRY["membership.organised_employers"].records(scope, period)
            base = REGISTRY["contracts.organised_enterprises"].records(scope, period)
            ours = queries.organised_employers(Employer.objects.within(scope), period.end)
            assert set(ours.values_list("pk", flat=True)) == set(
                organised.values_list("pk", flat=True)
            )
            base_pks = set(base.values_list("pk", flat=True))
            assert base_pks == set(organised.enterprises().values_list("pk", flat=True))
            assert tree.employer_a4.pk not in base_pks and tree.employer_a3.pk not in base_pks
            with_contract = REGISTRY[rate.numerator].records(scope, period)
            assert set(with_contract.values_list("pk", flat=True)) <= base_pks


def test_the_womens_rate_and_the_rates_by_ownership(history):
    """On 2023-12-31: organised enterprises employer_a1 (170), employer_a2 (170) and
    employer_b1 (170), all under a contract; only employer_b1 under a women's special one."""
    tree, period = history, Period.year(2023)
    value = {code: REGISTRY[code].value(tree.county, period) for code in CODES}
    assert value["contracts.organised_enterprises"] == 3
    assert value["contracts.women_signing_rate"] == Decimal("33.3")
    assert value["contracts.signing_rate_non_public"] == Decimal("100.0")
    assert value["contracts.signing_rate_state"] is None  # no state-owned enterprise: "—"
    Employer.objects.filter(pk=tree.employer_a2.pk).update(nature="110")
    assert REGISTRY["contracts.signing_rate_state"].value(tree.county, period) == Decimal("100.0")
    assert REGISTRY["contracts.organised_enterprises_non_public"].value(tree.county, period) == 2


def test_an_employer_under_several_contracts_counts_once(history):
    """On 2023-12-31 employer_a1 is under C1, C2 and C3; employer_a2 under C3; employer_b1 under
    C5: three employers, and each employer's workers once (the largest figure among its
    contracts: 120 at employer_a1, though C2 covers 110 and C3 120)."""
    tree, period = history, Period.year(2023)
    assert REGISTRY["contracts.in_force_count"].value(tree.county, period) == 4
    assert REGISTRY["contracts.employers_covered"].value(tree.county, period) == 3
    assert REGISTRY["contracts.workers_covered"].value(tree.county, period) == 120 + 40 + 80
    assert REGISTRY["contracts.women_covered"].value(tree.county, period) == 10  # C5 only
    rate = REGISTRY["contracts.signing_rate"].value(tree.county, period)
    assert rate == Decimal("100.0")  # 3 of 3 organised enterprises (not the 卫生院 employer_a4)
    assert REGISTRY["contracts.organised_with_contract"].value(tree.county, period) == 3  # of 4
    drill = REGISTRY["contracts.employers_covered"].drilldown_records(tree.county, period)
    assert sorted(drill.values_list("name", flat=True)) == sorted(
        [tree.employer_a1.name, tree.employer_a2.name, tree.employer_b1.name]
    )


@pytest.mark.parametrize("period_name", ["year 2023", "stats 2024"])
def test_breakdowns_by_township_match_sql(history, period_name):
    tree, period = history, PERIODS[period_name]
    wanted = [(code, period) for code in CODES]
    together = evaluate(tree.county, wanted, detail=wanted)
    for code in CODES:
        item = REGISTRY[code]
        by_township = item.by_township(tree.county, period)
        assert together[(code, period)].townships == by_township, code
        for township in (tree.township_a, tree.township_b):
            missing = None if item.is_ratio or item.is_average else 0
            assert by_township.get(township.pk, missing) == (expected(code, township, period)), (
                code,
                township.name,
            )


@pytest.mark.parametrize("period_name", list(PERIODS))
def test_drilldowns_hold_exactly_the_records_counted(history, period_name):
    tree, period = history, PERIODS[period_name]
    for code in CODES:
        item = REGISTRY[code]
        if item.is_ratio or item.aggregate is not None:
            continue
        records = item.drilldown_records(tree.county, period)
        assert records.count() == item.value(tree.county, period), code
        assert records.count() == len(set(records.values_list("pk", flat=True))), code


def test_a_running_year_counts_what_stands_today(history):
    """A stock for the current year is as of today, not of a 31 December still to come."""
    tree = history
    today = timezone.localdate()
    this_year = Period.year(today.year)
    make_effective(
        tree, signed_on=today - 400 * DAY, term_start=today - 380 * DAY, years=1
    )  # ended a fortnight ago: not in force today, though it was in force this year
    p = {"path": tree.county.path + "%", "day": today}
    value = REGISTRY["contracts.in_force_count"].value(tree.county, this_year)
    assert value == sql(f"SELECT count(*) {CONTRACTS} AND {IN_FORCE}", **p)
