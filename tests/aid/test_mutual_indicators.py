"""The 职工医疗互助 figures against independent SQL, for a calendar year, a range of years and
statistics years, for the county and each township; their breakdowns by township; the
drill-down's rows make up each figure; the review's sentence quotes them.

The records, all through the services:

  2024  employer_a1 via union_a1: 100 workers × 30; claim A 4000 approved 2024-06-02
  2025  employer_a1 via union_a1: 120 workers × 30; claims B 5000 approved 2025-06-02,
        C 2000 refused, D 1500 approved 2025-10-10 (in statistics year 2026), E 1000 applied
  2025  employer_b1 via union_b1: 80 workers × 25; claim F 3000 approved 2025-07-02
  2026  employer_b1 via union_b1: 60 workers × 30
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection

from apps.aid.indicators import enrolment_years
from apps.reports.drilldown import SummedColumn, drilldown
from apps.reports.evaluation import compute, evaluate
from apps.reports.periods import Period
from apps.reports.registry import REGISTRY
from tests.aid.school_mutual import caps, claim, decide, enrol

D = datetime.date
pytestmark = pytest.mark.django_db
CODES = ["aid.mutual_enrolled", "aid.mutual_contributions", "aid.mutual_claims", "aid.mutual_paid"]
PERIODS = {
    "year 2024": Period.year(2024),
    "year 2025": Period.year(2025),
    "years 2024-2026": Period.years(2024, 2026),
    "stats 2025": Period.stats_year(2025),
    "stats 2026": Period.stats_year(2026),
}


@pytest.fixture
def mutual(tree):
    for year in (2024, 2025, 2026):
        caps(year=year)
    a24 = enrol(tree.union_a1, tree.employer_a1, year=2024, workers=100)
    a25 = enrol(tree.union_a1, tree.employer_a1, year=2025, workers=120)
    b25 = enrol(tree.union_b1, tree.employer_b1, year=2025, workers=80, per_head="25")
    enrol(tree.union_b1, tree.employer_b1, year=2026, workers=60, day=D(2026, 3, 1))
    decide(claim(a24, "4000", serial=1))
    decide(claim(a25, "5000", serial=2))
    decide(claim(a25, "2000", serial=3), approved=False)
    decide(claim(a25, "1500", serial=4, day=D(2025, 10, 1)), day=D(2025, 10, 10))
    claim(a25, "1000", serial=5)
    decide(claim(b25, "3000", serial=6, day=D(2025, 7, 1)))
    return tree


ENROLMENTS = """
    FROM aid_mutualaidenrolment e JOIN core_unionorg u ON u.id = e.org_id
    WHERE u.path LIKE %(path)s AND make_date(e.year, 7, 1) BETWEEN %(start)s AND %(end)s
"""
CLAIMS = """
    FROM aid_mutualaidclaim c JOIN aid_mutualaidenrolment e ON e.id = c.enrolment_id
    JOIN core_unionorg u ON u.id = e.org_id
    WHERE u.path LIKE %(path)s AND c.status = 'approved'
    AND c.decided_on BETWEEN %(start)s AND %(end)s
"""
QUERIES = {
    "aid.mutual_enrolled": f"SELECT sum(e.workers) {ENROLMENTS}",
    "aid.mutual_contributions": f"SELECT sum(e.workers * e.contribution_per_head) {ENROLMENTS}",
    "aid.mutual_claims": f"SELECT count(*) {CLAIMS}",
    "aid.mutual_paid": f"SELECT sum(c.amount) {CLAIMS}",
}


def expected(code, scope, period):
    params = {"path": scope.path + "%", "start": period.start, "end": period.end}
    with connection.cursor() as cursor:
        cursor.execute(QUERIES[code], params)
        value = cursor.fetchone()[0]
    return 0 if value is None else value


@pytest.mark.parametrize("period_name", list(PERIODS))
def test_the_mutual_aid_figures_match_independent_sql(mutual, period_name):
    tree, period = mutual, PERIODS[period_name]
    for scope in (tree.county, tree.township_a, tree.township_b):
        together = compute(scope, period, CODES)
        for code in CODES:
            value = REGISTRY[code].value(scope, period)
            assert value == expected(code, scope, period), (code, scope.name, period_name)
            assert together[code] == value, (code, scope.name, period_name)


def test_the_figures_as_a_person_reads_them(mutual):
    tree = mutual
    value = {
        name: {code: REGISTRY[code].value(tree.county, period) for code in CODES}
        for name, period in PERIODS.items()
    }
    assert value["year 2025"] == {
        "aid.mutual_enrolled": 200,
        "aid.mutual_contributions": Decimal(120 * 30 + 80 * 25),
        "aid.mutual_claims": 3,  # B, D, F (C refused, E not decided)
        "aid.mutual_paid": Decimal(5000 + 1500 + 3000),
    }
    assert value["stats 2026"]["aid.mutual_enrolled"] == 60  # the 2026 enrolment only
    assert value["stats 2026"]["aid.mutual_claims"] == 1  # D, approved 2025-10-10
    assert value["stats 2025"]["aid.mutual_paid"] == Decimal(5000 + 3000)
    assert value["years 2024-2026"]["aid.mutual_enrolled"] == 360
    assert value["years 2024-2026"]["aid.mutual_paid"] == Decimal(13500)
    assert REGISTRY["aid.mutual_enrolled"].value(tree.township_b, Period.year(2025)) == 80


def test_an_enrolment_year_belongs_to_the_period_holding_its_1_july():
    assert enrolment_years(Period.year(2025)) == (2025, 2025)
    assert enrolment_years(Period.years(2021, 2025)) == (2021, 2025)
    assert enrolment_years(Period.stats_year(2026)) == (2026, 2026)
    first, last = enrolment_years(Period.half(2025, 1))
    assert first > last  # 上半年 holds no 1 July: no enrolment year


@pytest.mark.parametrize("period_name", ["year 2025", "years 2024-2026", "stats 2026"])
def test_breakdowns_by_township_match_sql(mutual, period_name):
    tree, period = mutual, PERIODS[period_name]
    wanted = [(code, period) for code in CODES]
    together = evaluate(tree.county, wanted, detail=wanted)
    for code in CODES:
        by_township = REGISTRY[code].by_township(tree.county, period)
        assert together[(code, period)].townships == by_township, code
        for township in (tree.township_a, tree.township_b):
            assert by_township.get(township.pk, 0) == expected(code, township, period), code


@pytest.mark.parametrize("period_name", list(PERIODS))
def test_drilldowns_hold_exactly_the_records_counted(mutual, personas, period_name):
    tree, period = mutual, PERIODS[period_name]
    admin = personas["county_admin"]
    query = {key: str(value) for key, value in period.as_query().items()}
    for code in CODES:
        item = REGISTRY[code]
        for scope in (tree.county, tree.township_b):
            drill = drilldown(admin, code, {**query, "org": str(scope.pk)})
            rows = list(drill.records)
            value = item.value(scope, period)
            if item.aggregate is None:
                assert len(rows) == value, (code, scope.name)
            else:
                summed = next(c for c in drill.columns if isinstance(c, SummedColumn))
                assert sum(summed.value(row) or 0 for row in rows) == value, (code, scope.name)


def test_the_review_quotes_the_mutual_aid_sentence(mutual):
    from apps.reports import services as reports
    from apps.reports.render import review_context, section_dicts
    from apps.reports.store import review_figures

    tree, period = mutual, Period.year(2025)
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
    aid = next(s for s in context["sections"] if s["kind"] == "aid")
    text = re.sub(r"<[^>]+>", "", str(aid["html"]))
    assert "全年参加职工医疗互助200人次，筹集互助金0.56万元" in text
    assert "受助职工3人次，发放互助金0.95万元" in text
