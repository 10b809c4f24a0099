"""The registry's machinery: registration rules, bounded queries, breakdowns, empty periods."""

import pytest
from django.db import connection

from apps.core.choices import OrgKind, OrgLevel
from apps.core.models import Employer, UnionOrg
from apps.reports.evaluation import _additive, _prepared_here, compute
from apps.reports.figures import snapshot
from apps.reports.periods import Period
from apps.reports.registry import (
    FLOW,
    RATIO,
    REGISTRY,
    STOCK,
    indicator,
    total,
)

YEAR = Period.year(2025)


def grassroots(scope, period):
    return UnionOrg.objects.within(scope).filter(level=OrgLevel.GRASSROOTS)


@pytest.fixture
def testing_indicators(extra_indicator):
    extra_indicator(
        code="testing.unions",
        section="organisation",
        label="基层工会",
        unit="个",
        kind=STOCK,
        records=grassroots,
        township="township",
        category="kind",
    )
    extra_indicator(
        code="testing.headcount",
        section="organisation",
        label="职工",
        unit="人",
        kind=STOCK,
        records=lambda scope, period: Employer.objects.within(scope),
        aggregate=total("headcount"),
        township="township",
    )
    extra_indicator(
        code="testing.nobody",
        section="organisation",
        label="无",
        unit="人",
        kind=FLOW,
        records=lambda scope, period: Employer.objects.within(scope).filter(pk__lt=0),
        township="township",
    )
    extra_indicator(
        code="testing.per_nobody",
        section="organisation",
        label="比率",
        unit="%",
        kind=RATIO,
        numerator="testing.unions",
        denominator="testing.nobody",
        decimals=1,
    )


def test_a_code_is_registered_once(testing_indicators):
    with pytest.raises(ValueError, match="twice"):
        indicator(
            code="testing.unions",
            section="organisation",
            label="x",
            unit="个",
            kind=STOCK,
            records=grassroots,
        )


@pytest.mark.parametrize("code", ["nodot", "Testing.Upper", "testing.x.change", "testing.{x}"])
def test_a_code_must_be_usable_as_a_placeholder(code):
    with pytest.raises(ValueError):
        indicator(code=code, section="x", label="x", unit="个", kind=STOCK, records=grassroots)
    assert code not in REGISTRY


def test_a_ratio_names_its_parts():
    with pytest.raises(ValueError, match="numerator"):
        indicator(code="testing.bad_ratio", section="organisation", label="x", unit="%", kind=RATIO)


def test_an_indicator_belongs_to_a_declared_line_of_work():
    with pytest.raises(ValueError, match="no line of work 'nowhere'"):
        indicator(
            code="testing.stray",
            section="nowhere",
            label="x",
            unit="个",
            kind=STOCK,
            records=grassroots,
        )
    assert "testing.stray" not in REGISTRY


def test_values_breakdowns_and_empty_ratios(tree, testing_indicators):
    values = compute(
        tree.county, YEAR, ["testing.unions", "testing.headcount", "testing.per_nobody"]
    )
    assert values == {"testing.unions": 3, "testing.headcount": 200, "testing.per_nobody": None}
    unions = REGISTRY["testing.unions"]
    assert unions.by_township(tree.county, YEAR) == {tree.township_a.pk: 2, tree.township_b.pk: 1}
    by_kind = {key: value for key, _label, value in unions.by_category(tree.county, YEAR)}
    assert by_kind == {OrgKind.ENTERPRISE: 2, OrgKind.INSTITUTION: 1}
    assert compute(tree.township_b, YEAR, ["testing.unions"]) == {"testing.unions": 1}


def _queries(function, *args, **kwargs):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        result = function(*args, **kwargs)
    return result, len(queries)


def test_computing_more_indicators_takes_no_more_queries(tree, testing_indicators):
    """Counts and sums are computed together in one statement: registering more of them adds
    no query (ratios reuse their parts' values); none is run per organisation or record."""
    others = [code for code in REGISTRY if not code.startswith("testing.")]
    # Statements earlier tests prepared on this connection could fill its cache of prepared
    # figures (PREPARED_LIMIT) in the middle of the count: start with none.
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    _prepared_here().clear()
    # The first computation builds the member tallies and prepares the statement.
    compute(tree.county, YEAR)
    compute(tree.county, YEAR, others)
    _, without = _queries(compute, tree.county, YEAR, others)
    values, with_testing = _queries(compute, tree.county, YEAR)
    assert set(values) == set(REGISTRY)
    assert with_testing == without
    # Tallies (two reads of the member tallies, one of the payment tallies), one statement of
    # every count and sum, one of each average or distinct count for the year and the year before.
    alone = [code for code, item in REGISTRY.items() if not _additive(item.aggregate_expression())]
    assert with_testing <= 4 + 2 * len(alone), alone
    assert values["testing.unions"] == 3
    assert values["testing.per_nobody"] is None


def test_the_query_count_does_not_grow_with_the_county(tree, testing_indicators):
    from tests.conftest import make_org

    snapshot(tree.county, YEAR)
    _, before = _queries(snapshot, tree.county, YEAR)
    for n in range(5):
        make_org(f"新建工会{n}", tree.township_a, code=f"QH-01-1{n:02d}")
    entries, after = _queries(snapshot, tree.county, YEAR)
    # Counts and sums: one prepared statement (after the member tallies' two reads and the
    # payment tallies' one); an average or a distinct count is one statement of its own for the
    # year and one for the year before.
    alone = [code for code, item in REGISTRY.items() if not _additive(item.aggregate_expression())]
    assert after == before <= 4 + 2 * len(alone), alone
    assert entries["testing.unions"]["value"] == 8


def test_a_scope_and_period_without_data_give_zeros_not_errors(tree):
    """Every registered indicator for a township with no records yet: zeros, and no ratio or
    average (undefined over nothing: "—")."""
    from tests.conftest import make_org

    empty = make_org("白马乡工会联合会", tree.county, code="QH-09")
    entries = snapshot(empty, Period.year(1950))
    for code, entry in entries.items():
        if REGISTRY[code].is_ratio or REGISTRY[code].is_average:
            assert entry["value"] is None, code
        else:
            assert entry["value"] in (0, "0", "0.0", "0.00"), (code, entry["value"])


def test_each_aggregate_is_one_sql_statement(tree, testing_indicators):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        REGISTRY["testing.unions"].by_township(tree.county, YEAR)
    assert len(queries) == 1
    assert "GROUP BY" in queries[0]["sql"]


def test_records_are_built_without_reading_the_database(tree, testing_indicators):
    """Reports reuse the SQL an indicator's records compile to for the same scope, period and
    day (`evaluation._statement`): building them must not depend on what the database holds."""
    from django.test.utils import CaptureQueriesContext

    for item in REGISTRY.values():
        if item.is_ratio:
            continue
        with CaptureQueriesContext(connection) as queries:
            item.records(tree.county, YEAR).query.sql_with_params()
            if item.summary is not None:
                item.summary.records(tree.county, YEAR).query.sql_with_params()
        assert len(queries) == 0, item.code


def test_a_figure_follows_its_records_after_they_change(tree, testing_indicators):
    """The same figures asked twice are computed twice: only their SQL is reused."""
    from tests.conftest import make_org

    assert compute(tree.county, YEAR, ["testing.unions"]) == {"testing.unions": 3}
    make_org("新建工会", tree.township_b, code="QH-02-199")
    assert compute(tree.county, YEAR, ["testing.unions"]) == {"testing.unions": 4}


@pytest.mark.django_db(transaction=True)
def test_the_prepared_statement_follows_the_connection(tree, testing_indicators, monkeypatch):
    """The figures' statement is prepared once per database connection: a new connection
    prepares it again, and past the limit the connection's statements are let go."""
    from apps.reports import evaluation

    assert compute(tree.county, YEAR, ["testing.unions"]) == {"testing.unions": 3}
    connection.close()  # as at the end of a request past CONN_MAX_AGE
    assert compute(tree.county, YEAR, ["testing.unions"]) == {"testing.unions": 3}

    monkeypatch.setattr(evaluation, "PREPARED_LIMIT", 2)
    for year in (2021, 2022, 2023, 2024, 2025):
        assert compute(tree.county, Period.year(year), ["testing.unions"])["testing.unions"] >= 0
    assert len(evaluation._prepared_here()) <= 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] <= 2


def test_an_average_alone_is_computed_on_its_own(tree, extra_indicator):
    """A figure whose aggregate does not add up over groups (an average) is its own query, also
    when it is the only figure asked for."""
    from django.db.models import Avg

    extra_indicator(
        code="testing.average_headcount",
        section="organisation",
        label="平均职工数",
        unit="人",
        kind=STOCK,
        records=lambda scope, period: Employer.objects.within(scope),
        aggregate=Avg("headcount"),
        township="township",
    )
    expected = REGISTRY["testing.average_headcount"].value(tree.county, YEAR)
    values = compute(tree.county, YEAR, ["testing.average_headcount"])
    assert values == {"testing.average_headcount": expected}
    assert expected > 0
