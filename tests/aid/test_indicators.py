"""Every aid indicator against an independent SQL query, for a calendar year, a range of years
and a statistics year, for the county and each township; breakdowns by township; the
drill-down's rows make up the figure; a reversed payment does not count.

The records, all built through the services (dates in the past):

  F1  union_a1, deep, on file 2024-03-13; 送温暖 2024-12-20 and 2025-01-20; 脱困 2025-06-01
  F2  union_a2, relative, migrant worker, on file 2024-05-13; 送温暖 2025-01-20 reversed
      2025-02-01 and paid again 2025-02-05; 金秋助学 2025-08-20
  F3  union_b1, deep, on file 2025-03-13; 医疗救助 2025-04-01; 单亲 2025-05-01 reversed
      2025-05-10 (not paid again)
  F4  union_b1, deep, on file 2023-03-13; 脱困 2023-12-01; 返困 2024-11-01, on file again
      2024-11-13; 死亡撤档 2025-10-15
  F5  union_a1, applied 2025-06-01, refused at the grassroots review (never on record)
  送清凉: employer_a1 2025-07-10 (120 人次), employer_b1 2024-07-10 (80 人次),
          employer_b1 2025-07-15 (50 人次) reversed
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection

from apps.aid import services
from apps.aid.choices import (
    Category,
    FundSource,
    PaymentMethod,
    PersonKind,
    ProgrammeKind,
    ReviewOutcome,
    StandardArea,
)
from apps.aid.models import AidProgramme, LowIncomeStandard
from apps.reports.drilldown import SummedColumn, drilldown
from apps.reports.evaluation import compute, evaluate
from apps.reports.periods import Period
from apps.reports.registry import REGISTRY
from tests.aid.helpers import apply, on_file

D = datetime.date
pytestmark = pytest.mark.django_db

PERIODS = {
    "year 2024": Period.year(2024),
    "year 2025": Period.year(2025),
    "years 2023-2025": Period.years(2023, 2025),
    "stats 2025": Period.stats_year(2025),
    "stats 2026": Period.stats_year(2026),
}
# 职工医疗互助's figures are checked in test_mutual_indicators.py, on their own records.
CODES = sorted(
    code for code in REGISTRY if code.startswith("aid.") and not code.startswith("aid.mutual_")
)


def programme(tree, year, kind, amount="2000"):
    return services.save_programme(
        programme=AidProgramme(
            org=tree.county,
            year=year,
            kind=kind,
            name=f"{year}年{kind}",
            budget=Decimal("100000"),
            standard_amount=Decimal(amount),
            fund_sources=[FundSource.UNION_OWN],
        ),
        actor=None,
    )


def pay(prog, file, day, **extra):
    return services.pay(
        programme=prog,
        file=file,
        actor=None,
        paid_on=day,
        method=PaymentMethod.BANK,
        fund_source=FundSource.UNION_OWN,
        **extra,
    )


def reverse(payment, day):
    return services.reverse_payment(
        payment=payment, actor=None, reversed_on=day, reason="发放对象有误"
    )


def review(file, outcome, day, **extra):
    return services.review_file(
        file=file, actor=None, outcome=outcome, reviewed_on=day, opinion="复核", **extra
    )


def cool(prog, tree, employer, union, day, people):
    return services.record_distribution(
        programme=prog,
        org=union,
        recipient_name="",
        actor=None,
        paid_on=day,
        method=PaymentMethod.GOODS,
        fund_source=FundSource.UNION_OWN,
        employer=employer,
        people_reached=people,
        goods_value=Decimal(people * 30),
        goods_description="防暑降温用品",
    )


@pytest.fixture
def history(tree):
    for year in (2023, 2024, 2025):
        for area, amount in ((StandardArea.URBAN, "800"), (StandardArea.RURAL, "600")):
            services.save_standard(
                standard=LowIncomeStandard(
                    org=tree.county, year=year, area=area, monthly_amount=Decimal(amount)
                ),
                actor=None,
            )
    winter_24 = programme(tree, 2024, ProgrammeKind.WINTER_WARMTH, "2500")
    winter_25 = programme(tree, 2025, ProgrammeKind.WINTER_WARMTH, "2500")
    autumn = programme(tree, 2025, ProgrammeKind.AUTUMN_SCHOOLING, "3000")
    medical = programme(tree, 2025, ProgrammeKind.MEDICAL, "5000")
    mothers = programme(tree, 2025, ProgrammeKind.SINGLE_MOTHERS, "1500")
    summer_24 = programme(tree, 2024, ProgrammeKind.SUMMER_COOL, "0")
    summer_25 = programme(tree, 2025, ProgrammeKind.SUMMER_COOL, "0")

    f4 = on_file(apply(tree.union_b1, 4, applied_on=D(2023, 3, 1)), day=D(2023, 3, 1))
    f4 = review(f4, ReviewOutcome.RELIEVED, D(2023, 12, 1))
    f1 = on_file(apply(tree.union_a1, 1, applied_on=D(2024, 3, 1)), day=D(2024, 3, 1))
    f2 = apply(
        tree.union_a2,
        2,
        applied_on=D(2024, 5, 1),
        income="24000",
        size=2,
        category=Category.RELATIVE,
        person_kind=PersonKind.MIGRANT,
    )
    f2 = on_file(f2, day=D(2024, 5, 1))
    cool(summer_24, tree, tree.employer_b1, tree.union_b1, D(2024, 7, 10), 80)
    f4 = review(f4, ReviewOutcome.RELAPSE, D(2024, 11, 1))
    f4 = on_file(f4, day=D(2024, 11, 1))
    pay(winter_24, f1, D(2024, 12, 20))
    pay(winter_25, f1, D(2025, 1, 20))
    wrong = pay(winter_25, f2, D(2025, 1, 20))
    reverse(wrong, D(2025, 2, 1))
    pay(winter_25, f2, D(2025, 2, 5), cash_amount=Decimal("2400"))
    f3 = on_file(apply(tree.union_b1, 3, applied_on=D(2025, 3, 1)), day=D(2025, 3, 1))
    pay(medical, f3, D(2025, 4, 1))
    reverse(pay(mothers, f3, D(2025, 5, 1)), D(2025, 5, 10))
    review(f1, ReviewOutcome.RELIEVED, D(2025, 6, 1))
    f5 = apply(tree.union_a1, 5, applied_on=D(2025, 6, 1))
    services.unit_review(
        file=f5, actor=None, approved=False, acted_on=D(2025, 6, 3), opinion="收入超标"
    )
    cool(summer_25, tree, tree.employer_a1, tree.union_a1, D(2025, 7, 10), 120)
    reverse(
        cool(summer_25, tree, tree.employer_b1, tree.union_b1, D(2025, 7, 15), 50), D(2025, 7, 20)
    )
    pay(autumn, f2, D(2025, 8, 20))
    review(f4, ReviewOutcome.DECEASED, D(2025, 10, 15))
    tree.files = {"F1": f1, "F2": f2, "F3": f3, "F4": f4, "F5": f5}
    return tree


# ---------------------------------------------------------------------------------------------
# independent SQL: the definitions written again, in SQL, from the tables
# ---------------------------------------------------------------------------------------------

FILES = """
    FROM aid_hardshipfile f JOIN core_unionorg u ON u.id = f.org_id
    WHERE u.path LIKE %(path)s
"""
# On record on the day: a step on or before it left the file active, and no later step on or
# before it follows that one.
ON_RECORD = """
    AND EXISTS (SELECT 1 FROM aid_filestep s WHERE s.file_id = f.id AND s.acted_on <= %(day)s
                AND s.to_status = 'active'
                AND NOT EXISTS (SELECT 1 FROM aid_filestep t WHERE t.file_id = f.id
                                AND t.acted_on <= %(day)s
                                AND (t.acted_on > s.acted_on
                                     OR (t.acted_on = s.acted_on AND t.id > s.id))))
"""
NOT_REVERSED = (
    "p.kind = 'payment' AND NOT EXISTS (SELECT 1 FROM aid_aidpayment r WHERE r.reverses_id = p.id)"
)
PAYMENTS = f"""
    FROM aid_aidpayment p JOIN core_unionorg u ON u.id = p.org_id
    JOIN aid_aidprogramme g ON g.id = p.programme_id
    LEFT JOIN aid_hardshipfile f ON f.id = p.file_id
    WHERE u.path LIKE %(path)s AND {NOT_REVERSED} AND p.paid_on BETWEEN %(start)s AND %(end)s
"""
HELPED = f"""
    AND EXISTS (SELECT 1 FROM aid_aidpayment p JOIN aid_aidprogramme g ON g.id = p.programme_id
                WHERE p.file_id = f.id AND {NOT_REVERSED}
                AND p.paid_on BETWEEN %(start)s AND %(end)s {{extra}})
"""
CLOSINGS = """
    FROM aid_filestep s JOIN aid_hardshipfile f ON f.id = s.file_id
    JOIN core_unionorg u ON u.id = f.org_id
    WHERE u.path LIKE %(path)s AND s.kind = 'annual_review'
    AND s.to_status IN ('refused', 'relieved', 'deceased', 'withdrawn', 'transferred')
    AND s.acted_on BETWEEN %(start)s AND %(end)s
"""


def sql(query, **params):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        value = cursor.fetchone()[0]
    return 0 if value is None else value


def expected(code, scope, period):
    """The figure computed by hand-written SQL."""
    p = {"path": scope.path + "%", "start": period.start, "end": period.end, "day": period.end}
    count_files = f"SELECT count(*) {FILES}"
    amount = f"SELECT sum(p.cash_amount + p.goods_value) {PAYMENTS}"
    kind = "AND g.kind = '{}'"
    queries = {
        "aid.files_on_record": f"{count_files} {ON_RECORD}",
        "aid.files_deep": f"{count_files} {ON_RECORD} AND f.category = 'deep'",
        "aid.files_relative": f"{count_files} {ON_RECORD} AND f.category = 'relative'",
        "aid.files_accident": f"{count_files} {ON_RECORD} AND f.category = 'accident'",
        "aid.files_migrant": f"{count_files} {ON_RECORD} AND f.person_kind = 'migrant'",
        "aid.files_new": f"""{count_files} AND (SELECT min(s.acted_on) FROM aid_filestep s
            WHERE s.file_id = f.id AND s.kind = 'county_approval' AND s.approved)
            BETWEEN %(start)s AND %(end)s""",
        "aid.files_relapsed": f"""{count_files} AND EXISTS (SELECT 1 FROM aid_filestep s
            WHERE s.file_id = f.id AND s.outcome = 'relapse'
            AND s.acted_on BETWEEN %(start)s AND %(end)s)""",
        "aid.files_closed": f"SELECT count(*) {CLOSINGS}",
        "aid.files_relieved": f"SELECT count(*) {CLOSINGS} AND s.outcome = 'relieved'",
        "aid.files_exited": f"SELECT count(*) {CLOSINGS} "
        "AND s.outcome IN ('deceased', 'not_eligible', 'transfer')",
        "aid.households_helped": count_files + HELPED.format(extra=""),
        "aid.migrant_households": count_files
        + HELPED.format(extra="")
        + " AND f.person_kind = 'migrant'",
        "aid.payments_count": f"SELECT count(*) {PAYMENTS} AND p.file_id IS NOT NULL",
        "aid.paid": amount,
        "aid.migrant_paid": f"{amount} AND f.person_kind = 'migrant'",
        "aid.autumn_students": f"SELECT count(*) {PAYMENTS} AND p.file_id IS NOT NULL "
        + kind.format("autumn_schooling"),
        "aid.summer_employers": """SELECT count(*) FROM core_employer e
            JOIN core_unionorg et ON et.id = e.township_id
            LEFT JOIN core_unionorg eu ON eu.id = e.union_id
            WHERE (et.path LIKE %(path)s OR eu.path LIKE %(path)s) AND e.id IN (
                SELECT p.employer_id FROM aid_aidpayment p
                JOIN aid_aidprogramme g ON g.id = p.programme_id
                WHERE g.kind = 'summer_cool' AND p.paid_on BETWEEN %(start)s AND %(end)s
                AND """
        + NOT_REVERSED
        + ")",
        "aid.summer_reached": f"SELECT sum(p.people_reached) {PAYMENTS} "
        + kind.format("summer_cool"),
    }
    for name, programme_kind in (
        ("winter", "winter_warmth"),
        ("medical", "medical"),
        ("single_mothers", "single_mothers"),
        ("autumn", "autumn_schooling"),
        ("summer", "summer_cool"),
    ):
        queries[f"aid.{name}_paid"] = f"{amount} {kind.format(programme_kind)}"
        queries.setdefault(
            f"aid.{name}_households",
            count_files + HELPED.format(extra=kind.format(programme_kind)),
        )
    return sql(queries[code], **p)


def test_every_aid_indicator_is_checked():
    assert len(CODES) == 26
    assert {
        "aid.files_on_record",
        "aid.files_new",
        "aid.files_closed",
        "aid.files_relapsed",
        "aid.households_helped",
        "aid.payments_count",
        "aid.paid",
        "aid.winter_households",
        "aid.autumn_students",
        "aid.summer_employers",
        "aid.summer_reached",
        "aid.single_mothers_paid",
        "aid.migrant_paid",
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


def test_the_figures_of_2025_as_a_person_reads_them(history):
    tree, period = history, Period.year(2025)
    value = {code: REGISTRY[code].value(tree.county, period) for code in CODES}
    assert value["aid.files_on_record"] == 2  # F2, F3 on 2025-12-31 (F1 relieved, F4 died)
    assert value["aid.files_new"] == 1  # F3
    assert value["aid.files_relieved"] == 1  # F1
    assert value["aid.files_exited"] == 1  # F4 died
    assert value["aid.files_closed"] == 2
    assert value["aid.files_relapsed"] == 0  # F4 relapsed in 2024
    assert value["aid.households_helped"] == 3  # F1, F2, F3 (F3's 单亲 payment reversed)
    assert value["aid.payments_count"] == 4  # F1 送温暖, F2 送温暖 again and 金秋助学, F3 医疗
    assert value["aid.paid"] == Decimal(2500 + 2400 + 3000 + 5000 + 120 * 30)
    assert value["aid.winter_households"] == 2
    assert value["aid.winter_paid"] == Decimal(4900)
    assert value["aid.single_mothers_households"] == 0
    assert value["aid.single_mothers_paid"] == 0
    assert value["aid.summer_employers"] == 1  # employer_b1's distribution was reversed
    assert value["aid.summer_reached"] == 120
    assert value["aid.migrant_households"] == 1
    assert value["aid.migrant_paid"] == Decimal(5400)


def test_a_file_relieved_and_rebuilt_counts_on_the_days_it_was_on_record(history):
    tree = history
    on_record = REGISTRY["aid.files_on_record"]
    assert on_record.value(tree.county, Period.year(2023)) == 0  # F4 relieved 2023-12-01
    assert on_record.value(tree.county, Period.year(2024)) == 3  # F1, F2, F4 rebuilt
    assert REGISTRY["aid.files_relapsed"].value(tree.county, Period.year(2024)) == 1
    assert REGISTRY["aid.files_new"].value(tree.county, Period.year(2024)) == 2  # not F4


def test_a_reversed_payment_does_not_count(history):
    tree, period = history, Period.year(2025)
    f2 = tree.files["F2"]
    before = {code: REGISTRY[code].value(tree.county, period) for code in CODES}
    autumn = f2.payments.get(programme__kind=ProgrammeKind.AUTUMN_SCHOOLING)
    reverse(autumn, D(2025, 9, 1))
    after = {code: REGISTRY[code].value(tree.county, period) for code in CODES}
    assert after["aid.autumn_students"] == before["aid.autumn_students"] - 1 == 0
    assert after["aid.autumn_paid"] == 0
    assert after["aid.paid"] == before["aid.paid"] - Decimal(3000)
    assert after["aid.payments_count"] == before["aid.payments_count"] - 1
    assert after["aid.households_helped"] == before["aid.households_helped"]  # 送温暖 stands
    # Reversed in another period, the payment counts in neither.
    winter = f2.payments.filter(programme__kind=ProgrammeKind.WINTER_WARMTH, replaces__isnull=False)
    reverse(winter.get(), D(2026, 1, 5))
    assert REGISTRY["aid.winter_paid"].value(tree.county, period) == Decimal(2500)
    assert REGISTRY["aid.households_helped"].value(tree.county, period) == 2  # F1, F3


@pytest.mark.parametrize("period_name", ["year 2025", "years 2023-2025", "stats 2026"])
def test_breakdowns_by_township_match_sql(history, period_name):
    tree, period = history, PERIODS[period_name]
    wanted = [(code, period) for code in CODES]
    together = evaluate(tree.county, wanted, detail=wanted)
    for code in CODES:
        by_township = REGISTRY[code].by_township(tree.county, period)
        assert together[(code, period)].townships == by_township, code
        for township in (tree.township_a, tree.township_b):
            assert by_township.get(township.pk, 0) == expected(code, township, period), (
                code,
                township.name,
            )


def test_breakdowns_by_category_add_up(history):
    tree, period = history, Period.years(2023, 2025)
    for code in ("aid.files_closed", "aid.paid", "aid.households_helped"):
        item = REGISTRY[code]
        rows = item.by_category(tree.county, period)
        assert rows, code
        assert sum(value for _key, _label, value in rows) == item.value(tree.county, period)
    closed = REGISTRY["aid.files_closed"].by_category(tree.county, period)
    assert {key: value for key, _label, value in closed} == {"relieved": 2, "deceased": 1}


@pytest.mark.parametrize("period_name", list(PERIODS))
def test_drilldowns_hold_exactly_the_records_counted(history, personas, period_name):
    tree, period = history, PERIODS[period_name]
    admin = personas["county_admin"]
    query = {key: str(value) for key, value in period.as_query().items()}
    for code in CODES:
        item = REGISTRY[code]
        for scope in (tree.county, tree.township_b):
            drill = drilldown(admin, code, {**query, "org": str(scope.pk)})
            rows = list(drill.records)
            assert len(rows) == len({row.pk for row in rows}), code
            value = item.value(scope, period)
            if item.aggregate is None:
                assert len(rows) == value, (code, scope.name)
            else:
                summed = next(c for c in drill.columns if isinstance(c, SummedColumn))
                assert sum(summed.value(row) or 0 for row in rows) == value, (code, scope.name)


# ---------------------------------------------------------------------------------------------
# the review's chapter
# ---------------------------------------------------------------------------------------------


def review_of(tree, period):
    from apps.reports import services as reports
    from apps.reports.render import review_context, section_dicts
    from apps.reports.store import review_figures

    review, _created = reports.get_or_create_review(org=tree.county, period=period, actor=None)
    context = review_context(
        title=review.title,
        org=tree.county,
        period=period,
        sections=section_dicts(review),
        entries=review_figures(tree.county, period)["entries"],
        charts={},
        issued_on=D(2026, 1, 10),
    )
    return review, context["sections"]


def test_the_review_has_the_aid_chapter_after_collective_bargaining(history):
    from tests.contracts.helpers import make_effective

    tree = history
    make_effective(tree, signed_on=D(2025, 3, 10))
    review, shown = review_of(tree, Period.year(2025))
    kinds = list(review.sections.values_list("kind", flat=True))
    assert kinds[1:4] == ["organisation", "bargaining", "aid"]
    aid = next(s for s in shown if s["kind"] == "aid")
    assert aid["heading"] == "三、情系困难职工，帮扶工作成效更加显著"
    text = re.sub(r"<[^>]+>", "", str(aid["html"]))
    assert "全年帮扶困难职工3户、4人次，发放帮扶资金1.65万元" in text
    assert "送清凉活动走访慰问企业1家，120人次获赠清凉慰问品" in text
    assert "金秋助学活动对1名家庭经济困难的职工子女进行资助，发放助学金0.3万元" in text
    assert "截至年末，全县在档困难职工2户" in text
    assert "实现解困脱困1户" in text
    foreword = review.sections.get(kind="foreword").body
    assert "帮扶困难职工" in foreword
    assert "帮扶困难单亲女职工0户" in text  # a clause of a sentence with data keeps its zero


def test_the_review_leaves_the_aid_chapter_out_without_aid_data(history):
    tree = history
    review, _shown = review_of(tree, Period.year(2021))
    kinds = list(review.sections.values_list("kind", flat=True))
    assert "aid" not in kinds
    assert "帮扶困难职工" not in review.sections.get(kind="foreword").body
