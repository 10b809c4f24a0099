"""The care ledger's and the rounds' figures against independent SQL, for a calendar year, a
range of years and a statistics year (1 Oct – 30 Sep), for the county and each township; the
breakdowns by township; the drill-down's rows make up the figure; reversed entries never count;
a person subsidised twice is one 困难劳模.

The records, all through the services:

  W1 union_a1 (城关镇): 春节 2024-01-20 1000, 五一 2024-04-28 500, 家访 2025-03-01 0, 低收入
     2025-05-01 3000, 医疗 2025-08-01 2000, 体检 2025-06-01, 保险 2025-07-01 800
  W2 union_a2 (城关镇): 春节 2025-01-20 1000 reversed 01-22 and given again 01-25 1200,
     特殊困难 2024-11-01 5000 reversed 11-05, 疗休养 2025-09-15 and 2025-10-10
  W3 union_b1 (新庄镇): 春节 2025-01-20 800, 五一 2025-04-28 800, 低收入 2025-12-01 3000, 体检
     2024-06-01, 保险 2025-07-02 500 and 2025-08-02 300
  W4 the county (县直): 春节 2024-01-25 2000
  Rounds: 2025 submitted 2025-04-01 (front-line a1, migrant b1, head a2; one withdrawn before),
     2025 cancelled after submission 2025-04-02 (one), 2024 submitted 2024-04-01 (front-line
     b1 and a1), 2025 never submitted (one)
"""

import datetime

import pytest
from django.db import connection

from apps.modelworkers.choices import PersonCategory
from apps.modelworkers.models.care import HARDSHIP_KINDS, VISIT_KINDS, CareKind
from apps.modelworkers.models.rounds import Candidate
from apps.modelworkers.services import care as care_services
from apps.modelworkers.services import rounds as round_services
from apps.reports.drilldown import SummedColumn, drilldown
from apps.reports.evaluation import compute, evaluate
from apps.reports.periods import Period
from apps.reports.registry import REGISTRY, ratio
from tests.modelworkers.rc_helpers import D, _english, _fast, give, open_round, recommend, worker  # noqa: F401

pytestmark = pytest.mark.django_db

PERIODS = {
    "year 2024": Period.year(2024),
    "year 2025": Period.year(2025),
    "years 2023-2025": Period.years(2023, 2025),
    "stats 2025": Period.stats_year(2025),
    "stats 2026": Period.stats_year(2026),
}
CARE = {
    "modelworkers.care_visits": (VISIT_KINDS, "count"),
    "modelworkers.care_money": (VISIT_KINDS, "sum"),
    "modelworkers.hardship_subsidised": (HARDSHIP_KINDS, "persons"),
    "modelworkers.hardship_subsidy": (HARDSHIP_KINDS, "sum"),
    "modelworkers.health_checks": ((CareKind.HEALTH_CHECK,), "count"),
    "modelworkers.recuperation": ((CareKind.RECUPERATION,), "count"),
    "modelworkers.insured": ((CareKind.INSURANCE,), "persons"),
}
ROUNDS = ("modelworkers.nominated", "modelworkers.nominated_frontline")
CODES = [*CARE, *ROUNDS, "modelworkers.nominated_frontline_share"]
F, MIG, M = PersonCategory.FRONTLINE, PersonCategory.MIGRANT, PersonCategory.MANAGER


def reverse(entry, day, reason="录错"):
    return care_services.reverse_care(record=entry, actor=None, reversed_on=day, reason=reason)


@pytest.fixture
def history(tree):
    w1, w2 = worker(tree.union_a1, 1, name="甲"), worker(tree.union_a2, 2, name="乙")
    w3, w4 = worker(tree.union_b1, 3, name="丙"), worker(tree.county, 4, name="丁")
    give(w1, day=D(2024, 1, 20))
    give(w1, CareKind.MAY_DAY, D(2024, 4, 28), "500")
    give(w1, CareKind.HOME_VISIT, D(2025, 3, 1), "0")
    give(w1, CareKind.LOW_INCOME, D(2025, 5, 1), "3000")
    give(w1, CareKind.MEDICAL, D(2025, 8, 1), "2000")
    give(w1, CareKind.HEALTH_CHECK, D(2025, 6, 1), "0")
    give(w1, CareKind.INSURANCE, D(2025, 7, 1), "800")
    reverse(give(w2, day=D(2025, 1, 20)), D(2025, 1, 22))
    give(w2, day=D(2025, 1, 25), amount="1200")
    reverse(give(w2, CareKind.SPECIAL_HARDSHIP, D(2024, 11, 1), "5000"), D(2024, 11, 5))
    give(w2, CareKind.RECUPERATION, D(2025, 9, 15), "0")
    give(w2, CareKind.RECUPERATION, D(2025, 10, 10), "0")
    give(w3, day=D(2025, 1, 20), amount="800")
    give(w3, CareKind.MAY_DAY, D(2025, 4, 28), "800")
    give(w3, CareKind.LOW_INCOME, D(2025, 12, 1), "3000")
    give(w3, CareKind.HEALTH_CHECK, D(2024, 6, 1), "0")
    give(w3, CareKind.INSURANCE, D(2025, 7, 2), "500")
    give(w3, CareKind.INSURANCE, D(2025, 8, 2), "300")
    give(w4, day=D(2024, 1, 25), amount="2000")

    main = open_round(tree.county, year=2025)
    recommend(main, tree.union_a1, 11, category=F)
    recommend(main, tree.union_b1, 12, category=MIG)
    recommend(main, tree.union_a2, 13, category=M)
    gone = recommend(main, tree.union_a1, 14, category=F)
    round_services.withdraw_candidate(candidate=gone, actor=None, reason="撤回")
    round_services.submit_round(round_=main, actor=None, submitted_on=D(2025, 4, 1))
    cancelled = open_round(tree.county, year=2025)
    recommend(cancelled, tree.union_a1, 15, category=F)
    round_services.submit_round(round_=cancelled, actor=None, submitted_on=D(2025, 4, 2))
    round_services.cancel_round(
        round_=cancelled, actor=None, cancelled_on=D(2025, 4, 3), reason="重复"
    )
    earlier = open_round(tree.county, year=2024)
    recommend(earlier, tree.union_b1, 16, category=F)
    recommend(earlier, tree.union_a1, 17, category=F)
    round_services.submit_round(round_=earlier, actor=None, submitted_on=D(2024, 4, 1))
    draft = open_round(tree.county, year=2025)
    recommend(draft, tree.union_a1, 18, category=F)
    return tree


def sql(query, params):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()[0]


def expected_care(code, scope, period):
    kinds, what = CARE[code]
    select = {
        "count": "COUNT(*)",
        "persons": "COUNT(DISTINCT c.model_worker_id)",
        "sum": "COALESCE(SUM(c.amount), 0)",
    }[what]
    # Persons are placed by the union keeping their file, entries by their own union.
    placed = "w.org_id" if what == "persons" else "c.org_id"
    return sql(
        f"""SELECT {select} FROM modelworkers_carerecord c
            JOIN modelworkers_modelworker w ON w.id = c.model_worker_id
            JOIN core_unionorg o ON o.id = {placed}
            WHERE o.path LIKE %s AND c.entry = 'record' AND c.kind = ANY(%s)
              AND c.given_on BETWEEN %s AND %s
              AND NOT EXISTS (
                  SELECT 1 FROM modelworkers_carerecord r WHERE r.reverses_id = c.id)""",
        [scope.path + "%", [str(k) for k in kinds], period.start, period.end],
    )


def expected_nominated(scope, period, frontline=False):
    return sql(
        """SELECT COUNT(*) FROM modelworkers_candidate c
            JOIN modelworkers_nominationround r ON r.id = c.round_id
            JOIN core_unionorg u ON u.id = c.recommended_by_id
            JOIN core_unionorg ro ON ro.id = r.org_id
            WHERE (u.path LIKE %s OR ro.path LIKE %s)
              AND r.submitted_on BETWEEN %s AND %s AND r.status <> 'cancelled'
              AND c.status <> 'withdrawn'
              AND (NOT %s OR c.person_category IN ('frontline', 'migrant'))""",
        [scope.path + "%", scope.path + "%", period.start, period.end, frontline],
    )


def expected(code, scope, period):
    if code in CARE:
        return expected_care(code, scope, period)
    if code == "modelworkers.nominated":
        return expected_nominated(scope, period)
    if code == "modelworkers.nominated_frontline":
        return expected_nominated(scope, period, frontline=True)
    return ratio(expected_nominated(scope, period, True), expected_nominated(scope, period), 2)


def test_every_agreed_code_is_registered():
    for code in CODES:
        assert code in REGISTRY, code
    assert REGISTRY["modelworkers.care_money"].is_money
    assert REGISTRY["modelworkers.hardship_subsidy"].is_money
    assert REGISTRY["modelworkers.nominated_frontline_share"].is_ratio


@pytest.mark.parametrize("period_name", PERIODS)
def test_indicators_match_independent_sql(history, period_name):
    tree, period = history, PERIODS[period_name]
    for scope in (tree.county, tree.township_a, tree.township_b):
        together = compute(scope, period, CODES)
        for code in CODES:
            value = REGISTRY[code].value(scope, period)
            assert value == expected(code, scope, period), (code, scope.name, period_name)
            assert together[code] == value, (code, scope.name, period_name)


def test_the_figures_of_2025_as_a_person_reads_them(history):
    tree, period = history, Period.year(2025)
    value = compute(tree.county, period, CODES)
    assert value["modelworkers.care_visits"] == 4  # W1 家访, W2 春节 again, W3 春节 and 五一
    assert value["modelworkers.care_money"] == 2800  # 0 + 1200 + 800 + 800 元
    assert value["modelworkers.hardship_subsidised"] == 2  # W1 (twice, once), W3
    assert value["modelworkers.hardship_subsidy"] == 8000
    assert value["modelworkers.health_checks"] == 1
    assert value["modelworkers.recuperation"] == 2
    assert value["modelworkers.insured"] == 2  # W3 insured twice counts once
    assert value["modelworkers.nominated"] == 3  # not the withdrawn, cancelled or draft
    assert value["modelworkers.nominated_frontline"] == 2
    assert str(value["modelworkers.nominated_frontline_share"]) == "66.67"
    stats = compute(tree.county, Period.stats_year(2025), ["modelworkers.recuperation"])
    assert stats["modelworkers.recuperation"] == 1  # 2025-10-10 is in statistics year 2026


def test_a_reversal_takes_the_entry_out_of_every_figure(history):
    tree, period = history, Period.year(2025)
    before = compute(tree.county, period, CODES)
    from apps.modelworkers.models.care import CareRecord

    subsidy = CareRecord.objects.get(kind=CareKind.MEDICAL)
    reverse(subsidy, D(2025, 8, 5))
    after = compute(tree.county, period, CODES)
    assert after["modelworkers.hardship_subsidy"] == before["modelworkers.hardship_subsidy"] - 2000
    assert after["modelworkers.hardship_subsidised"] == before["modelworkers.hardship_subsidised"]


@pytest.mark.parametrize("period_name", ["year 2025", "years 2023-2025", "stats 2026"])
def test_breakdowns_by_township_match_sql(history, period_name):
    tree, period = history, PERIODS[period_name]
    wanted = [(code, period) for code in CODES]
    together = evaluate(tree.county, wanted, detail=wanted)
    for code in CODES:
        by_township = REGISTRY[code].by_township(tree.county, period)
        assert together[(code, period)].townships == by_township, code
        for township in (tree.township_a, tree.township_b):
            default = None if REGISTRY[code].is_ratio else 0
            assert by_township.get(township.pk, default) == expected(code, township, period), (
                code,
                township.name,
            )


@pytest.mark.parametrize("period_name", ["year 2025", "years 2023-2025"])
def test_drilldowns_hold_exactly_the_records_counted(history, personas, period_name):
    tree, period = history, PERIODS[period_name]
    admin = personas["county_admin"]
    query = {key: str(value) for key, value in period.as_query().items()}
    for code in [*CARE, *ROUNDS]:
        item = REGISTRY[code]
        for scope in (tree.county, tree.township_b):
            drill = drilldown(admin, code, {**query, "org": str(scope.pk)})
            rows = list(drill.records)
            assert len(rows) == len({row.pk for row in rows}), code
            value = item.value(scope, period)
            if CARE.get(code, (None, "count"))[1] in ("count", "persons"):
                # Persons: the drill-down lists the files of the persons, each once.
                assert len(rows) == value, (code, scope.name)
            else:
                summed = next(c for c in drill.columns if isinstance(c, SummedColumn))
                assert sum(summed.value(row) or 0 for row in rows) == value, (code, scope.name)


def test_the_candidates_counted_are_on_the_list_not_withdrawn(history):
    assert Candidate.objects.filter(status="withdrawn").count() == 1
    _ = datetime  # the module's dates are built with D
