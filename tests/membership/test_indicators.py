"""Every membership indicator against an independent SQL query on a seeded county.

The queries below are written from scratch against the tables (DISTINCT ON for "the member's last
ledger entry", plain joins and LIKE for subtrees), not through the indicators' querysets, for a
calendar year, two congress terms and a statistics year, for the county and a township. The
breakdown by township must add up to the county's figure (and give each township its own), the
drill-down must hold exactly the records counted, and each figure must be one query.
"""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from apps.core import demo as core_demo
from apps.core.choices import OrgLevel, OrgStatus
from apps.core.models import Employer, UnionOrg
from apps.membership import demo, services
from apps.membership.choices import ChangeReason, ChangeType
from apps.reports.evaluation import compute
from apps.reports.periods import Period
from apps.reports.registry import REGISTRY
from tests.membership.helpers import fast_passwords, make_member  # noqa: F401

PERIODS = [
    Period.year(2025),
    Period.years(2011, 2015),
    Period.years(2021, 2025),
    Period.stats_year(2026),
    Period.year(2018),
]
PERIOD_IDS = [f"{p.kind}-{p.start:%Y%m}-{p.end:%Y%m}" for p in PERIODS]
CODES = sorted(code for code in REGISTRY if code.startswith("membership."))


@pytest.fixture(scope="class")
def county(django_db_setup, django_db_blocker):
    """A small demo county (4 unions per township, 2 000 members), seeded once for the class
    below inside a transaction that is rolled back afterwards. Two unions are closed, one in
    2020, so that "standing at the period's end" has something to get wrong."""
    with django_db_blocker.unblock(), transaction.atomic():
        rng = random.Random(7)
        county = core_demo.seed(rng=rng, options={"unions_per_township": 4})
        demo.seed(rng=rng, options={"members": 2_000})
        grassroots = UnionOrg.objects.filter(level=OrgLevel.GRASSROOTS).order_by("pk")
        for union, closed_on in zip(
            grassroots[:2], [datetime.date(2020, 6, 30), datetime.date(2026, 3, 1)], strict=True
        ):
            union.founded_on = min(union.founded_on, datetime.date(2012, 5, 1))
            union.status, union.closed_on = OrgStatus.DISSOLVED, closed_on
            union.save()
        townships = list(UnionOrg.objects.filter(level=OrgLevel.TOWNSHIP).order_by("pk")[:2])
        yield county, townships
        transaction.set_rollback(True)


# --- the oracle: raw SQL ---------------------------------------------------------------------


def scalar(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0] or 0


LAST_ENTRIES = """
    WITH last AS (
        SELECT DISTINCT ON (c.member_id) c.member_id, c.union_id, c.change_type
        FROM membership_membershipchange c
        WHERE c.changed_on <= %(end)s
        ORDER BY c.member_id, c.changed_on DESC, c.id DESC
    )
    SELECT count(*) FROM last
    JOIN core_unionorg u ON u.id = last.union_id
    JOIN membership_member m ON m.id = last.member_id
    WHERE last.change_type IN ('1', '2', '3') AND u.path LIKE %(path)s
"""
UNION_STANDS = """
    u.level = 'grassroots' AND u.path LIKE %(path)s
    AND (u.founded_on IS NULL OR u.founded_on <= %(end)s)
    AND (u.status IN ('active', 'preparing') OR u.closed_on > %(end)s)
"""
EMPLOYER_IN_SCOPE = """
    FROM core_employer e
    JOIN core_unionorg t ON t.id = e.township_id
    LEFT JOIN core_unionorg u ON u.id = e.union_id
    WHERE (t.path LIKE %(path)s OR u.path LIKE %(path)s)
"""
ORGANISED = """
    AND e.union_id IS NOT NULL
    AND (u.founded_on IS NULL OR u.founded_on <= %(end)s)
    AND (u.status IN ('active', 'preparing') OR u.closed_on > %(end)s)
"""


def members(extra=""):
    return lambda p: scalar(LAST_ENTRIES + extra, p)


def unions(extra=""):
    return lambda p: scalar("SELECT count(*) FROM core_unionorg u WHERE " + UNION_STANDS + extra, p)


def new_unions(extra=""):
    return lambda p: scalar(
        "SELECT count(*) FROM core_unionorg u WHERE u.level = 'grassroots' "
        "AND u.path LIKE %(path)s AND u.founded_on BETWEEN %(start)s AND %(end)s" + extra,
        p,
    )


def percent(numerator, denominator):
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


SQL = {
    "membership.members": members(),
    "membership.members_women": members(" AND m.sex = '2'"),
    "membership.members_migrant": members(" AND m.is_migrant"),
    "membership.members_new_form": members(" AND m.new_form_group <> ''"),
    "membership.new_members": lambda p: scalar(
        "SELECT count(*) FROM membership_membershipchange c "
        "JOIN core_unionorg u ON u.id = c.union_id "
        "WHERE c.change_type = '1' AND c.changed_on BETWEEN %(start)s AND %(end)s "
        "AND u.path LIKE %(path)s",
        p,
    ),
    "membership.unions": unions(),
    "membership.unions_enterprise": unions(" AND u.kind = 'enterprise'"),
    "membership.unions_government": unions(" AND u.kind = 'government'"),
    "membership.unions_institution": unions(" AND u.kind = 'institution'"),
    "membership.unions_social_org": unions(" AND u.kind = 'social_org'"),
    "membership.unions_village": unions(" AND u.kind = 'village'"),
    "membership.unions_regional": unions(" AND u.kind = 'regional'"),
    "membership.new_unions": new_unions(),
    "membership.new_unions_single": new_unions(" AND u.form = 'single'"),
    "membership.new_unions_joint": new_unions(" AND u.form = 'joint'"),
    "membership.new_union_employers": lambda p: scalar(
        "SELECT count(*) FROM core_employer e JOIN core_unionorg u ON u.id = e.union_id "
        "WHERE u.level = 'grassroots' AND u.path LIKE %(path)s "
        "AND u.founded_on BETWEEN %(start)s AND %(end)s",
        p,
    ),
    "membership.must_organise_employers": lambda p: scalar(
        "SELECT count(*) " + EMPLOYER_IN_SCOPE + " AND e.must_organise", p
    ),
    "membership.organised_employers": lambda p: scalar(
        "SELECT count(*) " + EMPLOYER_IN_SCOPE + " AND e.must_organise" + ORGANISED, p
    ),
    "membership.organised_headcount": lambda p: scalar(
        "SELECT sum(e.headcount) " + EMPLOYER_IN_SCOPE + ORGANISED, p
    ),
}
SQL["membership.organising_rate"] = lambda p: percent(
    SQL["membership.organised_employers"](p), SQL["membership.must_organise_employers"](p)
)
# 建会率 by ownership: each ownership's 单位性质 codes written out again from the national list.
OWNED = {
    "state": "('110', '151', '161')",
    "collective": "('120', '130', '140')",
    "non_public": "('150', '159', '160', '169', '170', '190', '200', '300', '600')",
    "institution": "('400')",
    "government": "('500')",
}


def _owned_sql(natures):
    must = (
        "SELECT count(*) " + EMPLOYER_IN_SCOPE + f" AND e.must_organise AND e.nature IN {natures}"
    )

    def must_organise(p):
        return scalar(must, p)

    def organised(p):
        return scalar(must + ORGANISED, p)

    return must_organise, organised


for _key, _natures in OWNED.items():
    _must, _organised = _owned_sql(_natures)
    SQL[f"membership.must_organise_employers_{_key}"] = _must
    SQL[f"membership.organised_employers_{_key}"] = _organised
    SQL[f"membership.organising_rate_{_key}"] = (
        lambda must, organised: lambda p: percent(organised(p), must(p))
    )(_must, _organised)
SQL["membership.membership_rate"] = lambda p: percent(
    SQL["membership.members"](p), SQL["membership.organised_headcount"](p)
)


def params(scope, period):
    return {"path": scope.path + "%", "start": period.start, "end": period.end}


# --- the checks ------------------------------------------------------------------------------


def test_every_membership_indicator_has_an_independent_query():
    assert set(CODES) == set(SQL)


class TestOnASeededCounty:
    """Seeded once (see `county`); each test reads only."""

    @pytest.mark.parametrize("period", PERIODS, ids=PERIOD_IDS)
    def test_every_indicator_equals_its_sql(self, county, db, period):
        root, townships = county
        wrong = {}
        for scope in (root, *townships):
            for code in CODES:
                expected = SQL[code](params(scope, period))
                value = REGISTRY[code].value(scope, period)
                if value != expected:
                    wrong[(scope.name, code)] = (value, expected)
        assert not wrong
        # The data is not trivially empty for the period.
        assert REGISTRY["membership.members"].value(root, period) > 0

    @pytest.mark.parametrize("period", PERIODS, ids=PERIOD_IDS)
    def test_the_reports_figures_equal_the_sql_too(self, county, db, period):
        """Reports compute all figures together, the member figures from their tallies."""
        root, townships = county
        for scope in (root, *townships):
            expected = {code: SQL[code](params(scope, period)) for code in CODES}
            assert compute(scope, period, CODES) == expected

    @pytest.mark.parametrize("period", PERIODS, ids=PERIOD_IDS)
    def test_the_breakdown_by_township_adds_up_and_matches_each_township(self, county, db, period):
        root, townships = county
        for code in CODES:
            item = REGISTRY[code]
            breakdown = item.by_township(root, period)
            if item.is_ratio:
                for township in townships:
                    assert breakdown.get(township.pk) == item.value(township, period), code
                continue
            assert sum(breakdown.values()) == item.value(root, period), code
            for township in townships:
                assert breakdown.get(township.pk, 0) == item.value(township, period), code

    @pytest.mark.parametrize("period", PERIODS, ids=PERIOD_IDS)
    def test_the_drilldown_holds_exactly_the_records_counted(self, county, db, period):
        root, _townships = county
        for code in CODES:
            item = REGISTRY[code]
            records = item.drilldown_records(root, period)
            if item.is_ratio:
                assert records.count() == REGISTRY[item.numerator].value(root, period), code
            elif item.aggregate is None:
                assert records.count() == item.value(root, period), code
                assert records.values("pk").distinct().count() == records.count(), code
            else:
                assert sum(records.values_list("headcount", flat=True)) == item.value(root, period)

    def test_each_figure_is_one_query_and_each_breakdown_one(self, county, db):
        root, _townships = county
        period = Period.year(2025)
        for code in CODES:
            item = REGISTRY[code]
            if item.is_ratio:
                continue
            with CaptureQueriesContext(connection) as queries:
                item.value(root, period)
            assert len(queries) == 1, code
            with CaptureQueriesContext(connection) as queries:
                item.by_township(root, period)
            assert len(queries) == 1, code


def test_a_past_period_counts_members_where_they_were(tree, personas):
    """A member transferred from 城关镇 to 新庄镇 in 2020 and one who withdrew in 2022 are counted
    where, and while, the ledger says they were members."""
    members = REGISTRY["membership.members"]
    admin = personas["county_admin"]
    moved = make_member(tree.union_a1, "张三", serial=1, joined_on=datetime.date(2015, 3, 1))
    left = make_member(tree.union_a1, "李四", serial=2, joined_on=datetime.date(2016, 3, 1))
    transfer = services.request_transfer(
        member=moved,
        to_union=tree.union_b1,
        actor=admin,
        requested_on=datetime.date(2020, 4, 1),
        reason=ChangeReason.LABOUR_RELATION,
    )
    services.decide_transfer(
        transfer=transfer, actor=admin, accept=True, decided_on=datetime.date(2020, 5, 1)
    )
    services.record_change(
        member=left,
        actor=admin,
        change_type=ChangeType.WITHDRAW,
        changed_on=datetime.date(2022, 8, 1),
        reason=ChangeReason.OWN_REQUEST,
    )
    counts = {
        year: (
            members.value(tree.township_a, Period.year(year)),
            members.value(tree.township_b, Period.year(year)),
            members.value(tree.county, Period.year(year)),
        )
        for year in (2014, 2015, 2019, 2020, 2021, 2022)
    }
    assert counts == {
        2014: (0, 0, 0),
        2015: (1, 0, 1),
        2019: (2, 0, 2),
        2020: (1, 1, 2),
        2021: (1, 1, 2),
        2022: (0, 1, 1),
    }
    joins = REGISTRY["membership.new_members"]
    assert joins.value(tree.county, Period.years(2015, 2016)) == 2
    assert joins.value(tree.township_b, Period.year(2020)) == 0  # a transfer is not a join


def test_employers_of_a_closed_union_are_no_longer_organised(tree, db):
    rate = REGISTRY["membership.organising_rate"]
    year = Period.year(2025)
    assert rate.value(tree.county, year) == Decimal("100.0")
    tree.union_b1.status, tree.union_b1.closed_on = OrgStatus.DISSOLVED, datetime.date(2024, 12, 1)
    tree.union_b1.save()
    assert rate.value(tree.county, year) == Decimal("50.0")
    assert rate.value(tree.county, Period.year(2023)) == Decimal("100.0")
    assert Employer.objects.count() == 2
