"""Computing many figures at once: every indicator a report needs, for every period it needs
(this one, the previous one, five years of trend), with the breakdowns by township and by
category, in one SQL statement.

Each (indicator, period) becomes one aggregate over its records, grouped by township and
category where a breakdown is asked for; the aggregates are joined with UNION ALL, so the
database plans and runs them in one round trip, and the value is the sum of its groups. That
holds for counts and sums (each record falls in one group); an indicator with another aggregate
(an average) is computed on its own, a query for the value and one per breakdown.

An indicator with a `summary` (rows that pre-count its records, e.g. `MembershipTally`) is read
from the summary when the summary's `prepare` reports the period ready, from its records
otherwise; the two agree, which the tests check for every such indicator.

The statement's SQL is compiled once per scope, period and day (`_statement`) and prepared once
per database connection (`_execute`): on a large county, compiling a hundred querysets and
planning a hundred subqueries took longer than running them. Only the SQL is kept; the figures
are computed by the database every time.

    evaluate(scope, [("example.members", period)], detail={("example.members", period)})
    -> {("example.members", period):
            Figure(value=809372, townships={12: 90811, ...},
                   categories=[("enterprise", "企业工会", 61234), ...])}
"""

import hashlib
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection
from django.db.models import CharField, Count, F, IntegerField, Sum, Value
from django.db.models.functions import Cast
from django.utils import timezone

from .registry import (
    DIRECT,
    REGISTRY,
    category_rows,
    grouped,
    lookup_field,
    ratio,
    ratios_by_township,
)


@dataclass
class Figure:
    value: object
    # {township org id: value}; records placed under no township (县直) under DIRECT
    townships: dict = field(default_factory=dict)
    categories: list = field(default_factory=list)  # [(key, label, value)], largest first


@dataclass
class _Source:
    """Where one (indicator, period) is counted from: its records or its summary."""

    queryset: object
    aggregate: object
    township: str
    category: str


def _source(item, scope, period, ready):
    summary = item.summary
    if summary is not None and period in ready.get(summary.prepare, ()):
        return _Source(
            summary.records(scope, period),
            summary.aggregate,
            summary.township or item.township,
            summary.category,
        )
    return _Source(
        item.records(scope, period), item.aggregate_expression(), item.township, item.category
    )


def _additive(aggregate):
    """A count or sum adds up over groups; an average or a distinct count does not."""
    return isinstance(aggregate, Count | Sum) and not aggregate.distinct


def _expand(wanted, detail):
    """The non-ratio (indicator, period) pairs behind `wanted`, each with whether it needs its
    breakdowns: {(code, period): bool}."""
    needed = {}

    def add(code, period, breakdowns):
        item = REGISTRY[code]
        if item.is_ratio:
            add(item.numerator, period, breakdowns)
            add(item.denominator, period, breakdowns)
        else:
            needed[(code, period)] = needed.get((code, period), False) or breakdowns

    for code, period in wanted:
        add(code, period, (code, period) in detail)
    return needed


def _prepare(needed):
    """{summary.prepare: periods whose summary is ready} for the summaries the pairs use."""
    periods = defaultdict(set)
    for code, period in needed:
        summary = REGISTRY[code].summary
        if summary is not None:
            periods[summary.prepare].add(period)
    return {prepare: prepare(sorted(wanted, key=str)) for prepare, wanted in periods.items()}


def _grouped_sql(source, breakdowns):
    township = F(source.township) if breakdowns and source.township else None
    category = Cast(source.category, CharField()) if breakdowns and source.category else None
    rows = (
        source.queryset.order_by()
        .values(
            _t=township if township is not None else Value(None, IntegerField()),
            _c=category if category is not None else Value(None, CharField()),
        )
        .annotate(_v=source.aggregate)
        .values_list("_t", "_c", "_v")
    )
    return rows.query.sql_with_params()


@dataclass(frozen=True)
class _Part:
    """One grouped aggregate of the statement: whose figure it is, and how to read its groups."""

    code: str
    period: object
    model: type
    category: str  # the category lookup on `model`
    township: bool  # grouped by township (a null township is the county-direct group)


@dataclass(frozen=True)
class _Statement:
    sql: str  # with its parameters in place, as psycopg would send it
    parts: tuple  # _Part per UNION ALL branch, in order
    alone: tuple  # (code, period, breakdowns) of the figures computed on their own

    @property
    def name(self):
        return "figures_" + hashlib.sha1(self.sql.encode(), usedforsecurity=False).hexdigest()


@lru_cache(maxsize=32)
def _statement(scope, path, today, needed, ready):
    """The one SQL statement of the figures `needed` ((indicator, period), breakdowns) for
    `scope`, with its parameters in place (so that it can be prepared).

    Kept for the next evaluation of the same figures: `records` and summaries build their
    querysets from the scope, the period and today's date alone, without reading the database
    (a test checks this), so the same arguments give the same SQL; the key holds each of them
    (`path`: the scope's place in the tree, `ready`: which summaries are read)."""
    ready = dict(ready)
    statements, params, parts, alone = [], [], [], []
    for (item, period), breakdowns in needed:
        code = item.code
        source = _source(item, scope, period, ready)
        if not _additive(source.aggregate):
            alone.append((code, period, breakdowns))
            continue
        sql, part_params = _grouped_sql(source, breakdowns)
        statements.append(
            f"SELECT {len(parts)}, p.t::bigint, p.c::text, p.v::numeric FROM ({sql}) AS p(t, c, v)"
        )
        params.extend(part_params)
        parts.append(
            _Part(
                code,
                period,
                source.queryset.model,
                source.category,
                bool(breakdowns and source.township),
            )
        )
    sql = ""
    if statements:
        with connection.cursor() as cursor:
            sql = cursor.mogrify(" UNION ALL ".join(statements), params).decode()
    return _Statement(sql, tuple(parts), tuple(alone))


PREPARED_LIMIT = 32


def _prepared_here():
    """The names of the statements prepared on this thread's database connection (a new
    connection starts with none)."""
    state = getattr(connection, "_prepared_figures", None)
    if state is None or state[0]() is not connection.connection:
        state = (weakref.ref(connection.connection), set())
        connection._prepared_figures = state
    return state[1]


def _execute(cursor, statement):
    """Run `statement` as a prepared statement of the connection: PostgreSQL then plans it once
    per connection (planning a hundred aggregates costs as much as running them)."""
    prepared = _prepared_here()
    if statement.name not in prepared:
        if len(prepared) >= PREPARED_LIMIT:
            cursor.execute("DEALLOCATE ALL")
            prepared.clear()
        # Given as a template with no parameters ("%" doubled): wrappers that prefix their own
        # statement with parameters (django-pghistory's context) format the whole text.
        cursor.execute(f"PREPARE {statement.name} AS {statement.sql.replace('%', '%%')}", [])
        prepared.add(statement.name)
    cursor.execute(f"EXECUTE {statement.name}", [])


def _run(statement):
    """{part number: [(township, category text, value)]}, in one round trip."""
    results = defaultdict(list)
    if not statement.parts:
        return results
    with connection.cursor() as cursor:
        _execute(cursor, statement)
        for number, township, category, value in cursor.fetchall():
            results[number].append((township, category, value))
    return results


def _add(total, value):
    if value is None:
        return total
    return value if total is None else total + value


def _figure_from_groups(item, part, rows):
    total, townships, categories = None, defaultdict(lambda: None), defaultdict(lambda: None)
    for township, category, value in rows:
        total = _add(total, value)
        if part.township:  # records under no township count in the county-direct group
            key = DIRECT if township is None else township
            townships[key] = _add(townships[key], value)
        if category is not None:
            categories[category] = _add(categories[category], value)
    figure = Figure(item.round(total))
    figure.townships = {key: item.round(value) for key, value in townships.items()}
    if categories:
        to_python = lookup_field(part.model, part.category).to_python
        pairs = [(to_python(key), item.round(value)) for key, value in categories.items()]
        figure.categories = category_rows(part.model, part.category, pairs)
    return figure


def _figure_alone(item, source, breakdowns):
    """An indicator whose aggregate does not add up over groups: a query per number."""
    queryset = source.queryset.order_by()
    figure = Figure(item.round(queryset.aggregate(v=source.aggregate)["v"]))
    if breakdowns and source.township:
        values = grouped(queryset, source.township, source.aggregate, item.round)
        figure.townships = {DIRECT if key is None else key: value for key, value in values.items()}
    if breakdowns and source.category:
        values = grouped(queryset, source.category, source.aggregate, item.round)
        figure.categories = category_rows(queryset.model, source.category, values.items())
    return figure


def evaluate(scope, wanted, detail=()):
    """{(code, period): Figure} for the (code, period) pairs of `wanted`; those also in `detail`
    come with their breakdowns by township and by category (ratios: by township)."""
    wanted = list(dict.fromkeys(wanted))
    detail = set(detail)
    needed = _expand(wanted, detail)
    ready = _prepare(needed)
    statement = _statement(
        scope,
        scope.path,
        timezone.localdate(),
        tuple(((REGISTRY[code], period), wants) for (code, period), wants in needed.items()),
        tuple((prepare, frozenset(periods)) for prepare, periods in ready.items()),
    )
    figures = {}
    for code, period, breakdowns in statement.alone:
        item = REGISTRY[code]
        source = _source(item, scope, period, ready)
        figures[(code, period)] = _figure_alone(item, source, breakdowns)
    results = _run(statement)
    for number, part in enumerate(statement.parts):
        item = REGISTRY[part.code]
        figures[(part.code, part.period)] = _figure_from_groups(item, part, results[number])

    def figure_of(code, period):
        item = REGISTRY[code]
        if not item.is_ratio:
            return figures[(code, period)]
        numerator = figure_of(item.numerator, period)
        denominator = figure_of(item.denominator, period)
        return Figure(
            ratio(numerator.value, denominator.value, item.decimals),
            ratios_by_township(numerator.townships, denominator.townships, item.decimals),
        )

    return {(code, period): figure_of(code, period) for code, period in wanted}


def compute(scope, period, codes=None):
    """{code: value} for every registered indicator (or `codes`) for one scope and period."""
    codes = list(REGISTRY) if codes is None else list(codes)
    figures = evaluate(scope, [(code, period) for code in codes])
    return {code: figures[(code, period)].value for code in codes}
