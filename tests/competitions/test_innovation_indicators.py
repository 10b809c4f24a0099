"""The innovation figures against independent SQL, for a calendar year, a range of years and
the statistics year, for the county and township A; the drill-down's rows make up the figure;
an employer in the 安康杯 is counted once, its workers summed (人次)."""

from decimal import Decimal

import pytest
from django.db import connection

from apps.competitions.choices_innovation import ProposalReview
from apps.competitions.services import innovation as services
from apps.reports.periods import Period
from apps.reports.registry import REGISTRY
from tests.competitions.innovation_fixtures import *  # noqa: F403
from tests.competitions.innovation_fixtures import (
    D,
    make_entry,
    make_innovation,
    make_proposal,
    make_studio,
)

pytestmark = pytest.mark.django_db

PERIODS = {
    "year 2023": Period.year(2023),
    "years 2022-2024": Period.years(2022, 2024),
    "stats 2024": Period.stats_year(2024),  # 2023-10-01 .. 2024-09-30
}


@pytest.fixture
def records(tree, leaders):
    def proposal(org, submitted, result="", reviewed=None, implemented=None, benefit=0, **kw):
        p = make_proposal(tree, org=org, submitted_on=submitted, **kw)
        if result:
            p = services.review_proposal(
                proposal=p,
                actor=None,
                result=result,
                reviewed_on=reviewed,
                reason="不可行" if result == ProposalReview.REJECTED else "",
            )
        if implemented:
            p = services.implement_proposal(
                proposal=p, actor=None, implemented_on=implemented, annual_benefit=Decimal(benefit)
            )
        return p

    a1, b1 = tree.union_a1, tree.union_b1
    proposal(a1, D(2023, 2, 1), ProposalReview.ADOPTED, D(2023, 3, 1), D(2023, 6, 1), 120000)
    proposal(a1, D(2023, 11, 5), ProposalReview.PARTLY, D(2024, 1, 10), D(2024, 3, 1), 30000)
    proposal(a1, D(2022, 12, 20), ProposalReview.ADOPTED, D(2023, 1, 15))
    proposal(a1, D(2024, 5, 1), ProposalReview.REJECTED, D(2024, 6, 1))
    proposal(b1, D(2023, 7, 1), ProposalReview.ADOPTED, D(2023, 10, 9), D(2023, 12, 1), 45500)
    proposal(b1, D(2024, 8, 1), ProposalReview.ARCHIVED, D(2024, 9, 1))
    proposal(tree.township_a, D(2021, 5, 1))
    for org, year in ((a1, 2023), (a1, 2024), (b1, 2023), (b1, 2022), (a1, 2021)):
        make_innovation(tree, org=org, year=year)
    make_studio(tree, leaders["qualified"], named_on=D(2022, 6, 1), subsidy=50000)
    s2 = make_studio(
        tree, leaders["qualified"], name="二号", named_on=D(2023, 11, 1), subsidy=30000
    )
    services.revoke_studio(studio=s2, actor=None, revoked_on=D(2024, 6, 30), reason="关闭")
    make_studio(
        tree,
        leaders["other"],
        org=b1,
        employer=tree.employer_b1,
        named_on=D(2023, 4, 1),
        subsidy=20000,
    )
    make_studio(tree, leaders["qualified"], name="申报中")  # never named
    make_entry(tree.employer_a1, 2023, workers=120)
    make_entry(tree.employer_a1, 2024, workers=110)
    make_entry(tree.employer_b1, 2023, workers=60)
    make_entry(tree.employer_b1, 2022, workers=40)
    return tree


def sql(query, params):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()[0]


def first_year(period):
    s = period.start
    return s.year if (s.month, s.day) == (1, 1) else s.year + 1


def expected(code, scope, period):
    path = scope.path + "%"
    s, e = period.start, period.end
    org_join = "JOIN core_unionorg o ON o.id = t.org_id AND o.path LIKE %s"
    y1, y2 = first_year(period), e.year
    ankang = (
        "FROM competitions_ankangentry t JOIN core_employer m ON m.id = t.employer_id "
        "LEFT JOIN core_unionorg tw ON tw.id = m.township_id "
        "LEFT JOIN core_unionorg un ON un.id = m.union_id "
        "WHERE (tw.path LIKE %s OR un.path LIKE %s) AND t.year BETWEEN %s AND %s"
    )
    queries = {
        "competitions.proposals": (
            f"SELECT count(*) FROM competitions_proposal t {org_join} "
            "WHERE t.submitted_on BETWEEN %s AND %s",
            [path, s, e],
        ),
        "competitions.proposals_adopted": (
            f"SELECT count(*) FROM competitions_proposal t {org_join} "
            "WHERE t.review_result IN ('adopted', 'partly') AND t.reviewed_on BETWEEN %s AND %s",
            [path, s, e],
        ),
        "competitions.proposal_benefit": (
            f"SELECT coalesce(sum(t.annual_benefit), 0) FROM competitions_proposal t {org_join} "
            "WHERE t.implemented_on BETWEEN %s AND %s",
            [path, s, e],
        ),
        "competitions.innovations": (
            f"SELECT count(*) FROM competitions_innovation t {org_join} "
            "WHERE t.year BETWEEN %s AND %s",
            [path, y1, y2],
        ),
        "competitions.studios_named": (
            f"SELECT count(*) FROM competitions_innovationstudio t {org_join} "
            "WHERE t.named_on BETWEEN %s AND %s",
            [path, s, e],
        ),
        "competitions.studios_total": (
            f"SELECT count(*) FROM competitions_innovationstudio t {org_join} "
            "WHERE t.named_on <= %s AND (t.revoked_on IS NULL OR t.revoked_on > %s)",
            [path, e, e],
        ),
        "competitions.studio_subsidy": (
            f"SELECT coalesce(sum(t.subsidy), 0) FROM competitions_innovationstudio t {org_join} "
            "WHERE t.named_on BETWEEN %s AND %s",
            [path, s, e],
        ),
        "competitions.ankang_employers": (
            f"SELECT count(DISTINCT t.employer_id) {ankang}",
            [path, path, y1, y2],
        ),
        "competitions.ankang_workers": (
            f"SELECT coalesce(sum(t.workers), 0) {ankang}",
            [path, path, y1, y2],
        ),
    }
    return sql(*queries[code])


CODES = [
    "competitions.proposals",
    "competitions.proposals_adopted",
    "competitions.proposal_benefit",
    "competitions.innovations",
    "competitions.studios_named",
    "competitions.studios_total",
    "competitions.studio_subsidy",
    "competitions.ankang_employers",
    "competitions.ankang_workers",
]


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("period_name", list(PERIODS))
@pytest.mark.parametrize("scope_name", ["county", "township_a"])
def test_indicator_against_sql(records, code, period_name, scope_name):
    scope = getattr(records, scope_name)
    period = PERIODS[period_name]
    item = REGISTRY[code]
    value = item.value(scope, period)
    assert Decimal(value or 0) == Decimal(expected(code, scope, period) or 0)


def test_the_figures_are_not_trivially_zero(records):
    county, year = records.county, PERIODS["year 2023"]
    values = {code: REGISTRY[code].value(county, year) for code in CODES}
    assert values["competitions.proposals"] == 3
    assert values["competitions.proposals_adopted"] == 3  # 2023-01-15, 03-01, 10-09
    assert Decimal(values["competitions.proposal_benefit"]) == Decimal("165500")
    assert values["competitions.innovations"] == 2
    assert values["competitions.studios_named"] == 2
    assert values["competitions.studios_total"] == 3
    assert values["competitions.ankang_employers"] == 2
    assert values["competitions.ankang_workers"] == 180
    stats = PERIODS["stats 2024"]
    assert REGISTRY["competitions.studios_total"].value(county, stats) == 2  # 二号 revoked
    assert REGISTRY["competitions.ankang_employers"].value(county, stats) == 1  # the year 2024


def test_units_and_money(records):
    from django.utils.translation import override

    with override("zh-hans"):
        units = {code: str(REGISTRY[code].unit) for code in CODES}
    assert units["competitions.proposals"] == "个"
    assert units["competitions.proposal_benefit"] == "万元"
    assert units["competitions.ankang_employers"] == "家"
    assert units["competitions.ankang_workers"] == "人次"
    assert REGISTRY["competitions.proposal_benefit"].is_money
    assert REGISTRY["competitions.studio_subsidy"].is_money


@pytest.mark.parametrize("code", CODES)
def test_the_drilldown_rows_make_up_the_figure(records, code):
    item = REGISTRY[code]
    period = PERIODS["years 2022-2024"]
    rows = item.records(records.county, period)
    value = item.value(records.county, period)
    if code in ("competitions.proposal_benefit",):
        assert sum(r.annual_benefit for r in rows) == Decimal(value)
    elif code == "competitions.studio_subsidy":
        assert sum(r.subsidy for r in rows) == Decimal(value)
    elif code == "competitions.ankang_workers":
        assert sum(r.workers for r in rows) == value
    elif code == "competitions.ankang_employers":
        assert len({r.employer_id for r in rows}) == value
    else:
        assert rows.count() == value
