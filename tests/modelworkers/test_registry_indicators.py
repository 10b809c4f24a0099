"""The registry's figures against independent SQL, for single years and a range of years, for
the county and each township; the township breakdowns agree with the townships' own figures.

The records, all through the services:

  W1 union_a1, in post: 县劳动模范 2023-04-28, 省五一劳动奖章 2025-04-28
  W2 union_a2, retired: 全国劳动模范 2024-04-28
  W3 union_b1, in post: 市劳动模范 2022-04-28; died 2025-06-01
  W4 the county: 县五一劳动奖章 2025-04-28, revoked 2025-05-10
  W5 union_a1: 县劳动模范 and 县先进工作者 2024-04-28 (one person twice); title withdrawn
     2025-09-01
  C1 union_a1 team: 县工人先锋号 2024, 省工人先锋号 2025; C2 union_b1 unit: 县五一劳动奖状 2025;
  C3 the county, unit: 市模范集体 2023
  Unions: union_a1 县级合格职工之家 2024; union_b1 县级先进职工之家 and 四星级工会 2025
"""

import datetime

import pytest
from django.db import connection

from apps.modelworkers import services
from apps.modelworkers.choices import (
    CollectiveKind,
    Employment,
    HonourCategory,
    Level,
    WorkerStatus,
)
from apps.reports.evaluation import compute
from apps.reports.periods import Period
from apps.reports.registry import REGISTRY
from tests.modelworkers.conftest import award, make_collective, make_worker

pytestmark = pytest.mark.django_db

D = datetime.date
PERIODS = {
    "year 2022": Period.year(2022),
    "year 2024": Period.year(2024),
    "year 2025": Period.year(2025),
    "years 2023-2025": Period.years(2023, 2025),
}
LEVEL_NAMES = {
    "national": Level.NATIONAL,
    "provincial": Level.PROVINCIAL,
    "city": Level.CITY,
    "county": Level.COUNTY,
}
# code -> (what, SQL condition, parameters)
REGISTERED = {
    "modelworkers.registered": ("", []),
    **{
        f"modelworkers.registered_{name}": ("AND w.treatment_level = %s", [str(level)])
        for name, level in LEVEL_NAMES.items()
    },
    "modelworkers.registered_in_post": ("AND w.employment = %s", [str(Employment.IN_POST)]),
    "modelworkers.registered_retired": ("AND w.employment = %s", [str(Employment.RETIRED)]),
}
MW, PIONEER = str(HonourCategory.MODEL_WORKER), str(HonourCategory.PIONEER)
HONOURS = {
    "modelworkers.honoured_persons": ("model_worker", "", []),
    "modelworkers.honoured_collectives": ("collective", "", []),
    "modelworkers.honoured_unions": ("union_org", "", []),
    **{
        f"modelworkers.model_workers_{name}": (
            "model_worker",
            "AND t.category = %s AND a.level = %s",
            [MW, str(level)],
        )
        for name, level in LEVEL_NAMES.items()
    },
    "modelworkers.may_day_medals": (
        "model_worker",
        "AND t.category = %s",
        [str(HonourCategory.MAY_DAY_MEDAL)],
    ),
    "modelworkers.may_day_awards": (
        "collective",
        "AND t.category = %s",
        [str(HonourCategory.MAY_DAY_AWARD)],
    ),
    "modelworkers.pioneers": ("collective", "AND t.category = %s", [PIONEER]),
    **{
        f"modelworkers.{code}": ("union_org", "AND t.category = %s", [str(category)])
        for code, category in (
            ("qualified_homes", HonourCategory.QUALIFIED_HOME),
            ("advanced_homes", HonourCategory.ADVANCED_HOME),
            ("model_homes", HonourCategory.MODEL_HOME),
            ("star_unions", HonourCategory.STAR_UNION),
        )
    },
    **{
        f"modelworkers.pioneers_{name}": (
            "collective",
            "AND t.category = %s AND a.level = %s",
            [PIONEER, str(level)],
        )
        for name, level in LEVEL_NAMES.items()
    },
}
DATABASE = {
    "modelworkers.database_persons": ("modelworkers_modelworker", "model_worker_id"),
    "modelworkers.database_collectives": ("modelworkers_collective", "collective_id"),
}
CODES = [*REGISTERED, *HONOURS, *DATABASE]


@pytest.fixture
def registry(tree, honour_types):
    t = honour_types
    w1 = make_worker(tree.union_a1, "甲", 1)
    award(t["县劳动模范"], 2023, model_worker=w1)
    award(t["省五一劳动奖章"], 2025, model_worker=w1)
    w2 = make_worker(tree.union_a2, "乙", 2, employment=Employment.RETIRED)
    award(t["全国劳动模范"], 2024, model_worker=w2)
    w3 = make_worker(tree.union_b1, "丙", 3)
    award(t["市劳动模范"], 2022, model_worker=w3)
    services.change_worker_status(
        worker=w3, actor=None, status=WorkerStatus.DECEASED, on=D(2025, 6, 1), reason="病故"
    )
    w4 = make_worker(tree.county, "丁", 4)
    revoked = award(t["县五一劳动奖章"], 2025, model_worker=w4)
    services.revoke_award(award=revoked, actor=None, on=D(2025, 5, 10), reason="文号有误")
    w5 = make_worker(tree.union_a1, "戊", 5)
    award(t["县劳动模范"], 2024, model_worker=w5)
    award(t["县先进工作者"], 2024, model_worker=w5)
    services.change_worker_status(
        worker=w5, actor=None, status=WorkerStatus.WITHDRAWN, on=D(2025, 9, 1), reason="违纪"
    )
    c1 = make_collective(tree.union_a1, "一号机组班", CollectiveKind.TEAM)
    award(t["县工人先锋号"], 2024, collective=c1)
    award(t["省工人先锋号"], 2025, collective=c1)
    c2 = make_collective(tree.union_b1, "新庄机械厂", CollectiveKind.UNIT)
    award(t["县五一劳动奖状"], 2025, collective=c2)
    c3 = make_collective(tree.county, "县供电公司", CollectiveKind.UNIT)
    award(t["市模范集体"], 2023, collective=c3)
    award(t["县级合格职工之家"], 2024, union_org=tree.union_a1)
    award(t["县级先进职工之家"], 2025, union_org=tree.union_b1)
    award(t["四星级工会"], 2025, union_org=tree.union_b1)
    return tree


def sql(query, params):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()[0]


def expected(code, scope, period):
    path = scope.path + "%"
    if code in REGISTERED:
        condition, params = REGISTERED[code]
        return sql(
            f"""SELECT COUNT(*) FROM modelworkers_modelworker w
                JOIN core_unionorg o ON o.id = w.org_id
                WHERE o.path LIKE %s AND (w.status = %s OR w.status_on > %s)
                  AND EXISTS (SELECT 1 FROM modelworkers_honouraward a
                      WHERE a.model_worker_id = w.id AND NOT a.revoked AND a.conferred_on <= %s)
                  {condition}""",
            [path, str(WorkerStatus.ON_RECORD), period.end, period.end, *params],
        )
    if code in HONOURS:
        recipient, condition, params = HONOURS[code]
        return sql(
            f"""SELECT COUNT(DISTINCT a.{recipient}_id) FROM modelworkers_honouraward a
                JOIN modelworkers_honourtype t ON t.id = a.honour_type_id
                LEFT JOIN modelworkers_modelworker w ON w.id = a.model_worker_id
                LEFT JOIN core_unionorg wo ON wo.id = w.org_id
                LEFT JOIN modelworkers_collective c ON c.id = a.collective_id
                LEFT JOIN core_unionorg co ON co.id = c.org_id
                LEFT JOIN core_unionorg uo ON uo.id = a.union_org_id
                WHERE COALESCE(wo.path, co.path, uo.path) LIKE %s
                  AND a.{recipient}_id IS NOT NULL AND NOT a.revoked
                  AND a.conferred_on BETWEEN %s AND %s {condition}""",
            [path, period.start, period.end, *params],
        )
    table, column = DATABASE[code]
    return sql(
        f"""SELECT COUNT(*) FROM {table} r JOIN core_unionorg o ON o.id = r.org_id
            WHERE o.path LIKE %s AND EXISTS (SELECT 1 FROM modelworkers_honouraward a
                WHERE a.{column} = r.id AND a.conferred_on <= %s)""",
        [path, period.end],
    )


def test_every_registry_figure_is_registered_in_the_line_of_work():
    for code in CODES:
        assert code in REGISTRY, code
        assert REGISTRY[code].section == "modelworkers", code
        assert REGISTRY[code].description, code


@pytest.mark.parametrize("period_name", PERIODS)
def test_registry_figures_match_independent_sql(registry, period_name):
    tree, period = registry, PERIODS[period_name]
    for scope in (tree.county, tree.township_a, tree.township_b):
        together = compute(scope, period, CODES)
        for code in CODES:
            value = REGISTRY[code].value(scope, period)
            assert value == expected(code, scope, period), (code, scope.name, period_name)
            assert together[code] == value, (code, scope.name, period_name)


@pytest.mark.parametrize("period_name", PERIODS)
def test_the_township_breakdown_is_each_townships_figure(registry, period_name):
    tree, period = registry, PERIODS[period_name]
    for code in CODES:
        breakdown = REGISTRY[code].by_township(tree.county, period)
        for township in (tree.township_a, tree.township_b):
            figure = REGISTRY[code].value(township, period)
            assert breakdown.get(township.pk, 0) == figure, (code, township.name, period_name)


def test_the_figures_as_a_person_reads_them(registry):
    tree = registry
    end_2024 = compute(tree.county, Period.year(2024), CODES)
    # W1, W2, W3 (died only in 2025), W5 (withdrawn only in 2025); not W4 (award revoked)
    assert end_2024["modelworkers.registered"] == 4
    assert end_2024["modelworkers.honoured_persons"] == 2  # W2, and W5 once for two honours
    assert end_2024["modelworkers.model_workers_national"] == 1
    assert end_2024["modelworkers.honoured_unions"] == 1
    in_2025 = compute(tree.county, Period.year(2025), CODES)
    assert in_2025["modelworkers.registered"] == 2  # W1, W2
    assert in_2025["modelworkers.registered_national"] == 1  # W2
    assert in_2025["modelworkers.registered_city"] == 1  # W1: 省五一劳动奖章 carries city
    assert in_2025["modelworkers.registered_retired"] == 1
    assert in_2025["modelworkers.may_day_medals"] == 1  # W4's was revoked
    assert in_2025["modelworkers.pioneers_provincial"] == 1
    assert in_2025["modelworkers.pioneers_county"] == 0
    assert in_2025["modelworkers.honoured_unions"] == 1  # union_b1 twice, once
    assert in_2025["modelworkers.advanced_homes"] == in_2025["modelworkers.star_unions"] == 1
    assert end_2024["modelworkers.qualified_homes"] == 1
    assert in_2025["modelworkers.database_persons"] == 5  # the dead, withdrawn, revoked too
    assert in_2025["modelworkers.database_collectives"] == 3
    range_ = compute(tree.county, Period.years(2023, 2025), CODES)
    assert range_["modelworkers.model_workers_county"] == 2  # W1 2023, W5 2024
    assert range_["modelworkers.pioneers"] == 1  # C1 twice, once
