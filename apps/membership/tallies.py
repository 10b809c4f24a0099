"""Member counts per union and period, built once from the ledger and kept (`MembershipTally`).

The membership figures (members at a period's end, joins within it) are defined by the ledger
querysets in `indicators.py`, which the drill-down lists. Counting them means an anti-join over
the whole ledger: about a third of a second per figure on a county of a million members, and a
report asks for dozens (this year, last year, five years of trend, by township, by category).
So the first report that needs a period counts its ledger records once, grouped by union and by
the member attributes the figures filter or break down by, and stores the counts; every figure
of that period is then a sum over a few thousand rows.

The counts cannot go stale: the triggers on the ledger and on members (`tally_sql.py`) move the
counts a write changes, or delete the tallies a large write could change, in the writing
transaction. Building and those writes are ordered by an advisory lock: writers take it shared,
a builder takes it exclusively and only if it is free at once (READ COMMITTED: the build reads
after the lock is granted, so it sees every committed write; a write that commits later updates
or deletes what was built). A builder that cannot get the lock, because a write is under way,
builds nothing: `prepare` reports the period as not ready and the figures are counted from the
ledger directly, as the drill-down does.
"""

from django.db import connection, transaction

from .models import MembershipTally
from .tally_sql import TALLY_LOCK

COLUMNS = ("union_id", "member__sex", "member__is_migrant", "member__new_form_group")
# The rows a build writes from the counted records `s` (u: union, sex, migrant, grp: new form
# group) for the period `k`: members and joins by union, sex and migrant flag; members in new
# forms of employment also by union and group (measure F, built with S). Narrow rows keep each
# figure's sum short.
BUILD = {
    "S": """
        SELECT 'S', k.first_day, k.last_day, u, sex, migrant, '', count(*) FROM s, k
        GROUP BY k.first_day, k.last_day, u, sex, migrant
        UNION ALL
        SELECT 'F', k.first_day, k.last_day, u, '', false, grp, count(*) FROM s, k
        WHERE grp <> '' GROUP BY k.first_day, k.last_day, u, grp
    """,
    "J": """
        SELECT 'J', k.first_day, k.last_day, u, sex, migrant, '', count(*) FROM s, k
        GROUP BY k.first_day, k.last_day, u, sex, migrant
    """,
}


def _key(measure, period):
    if measure in (MembershipTally.STANDING, MembershipTally.NEW_FORM):
        return (measure, period.end, period.end)
    return (measure, period.start, period.end)


def _built(keys):
    """The keys among `keys` whose tallies are in the table."""
    if not keys:
        return set()
    days = {day for key in keys for day in key[1:]}
    rows = MembershipTally.objects.filter(
        union__isnull=True,
        measure__in={key[0] for key in keys},
        first_day__in=days,
        last_day__in=days,
    ).values_list("measure", "first_day", "last_day")
    return set(rows) & set(keys)


def _build(key, records):
    """Count `records` (a ledger queryset of all unions) into the tally of `key`.

    False when a ledger write is under way (the lock is taken)."""
    sql, params = records.order_by().values_list(*COLUMNS).query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [TALLY_LOCK])
        if not cursor.fetchone()[0]:
            return False
        if _built([key]):  # built by another report while this one waited
            return True
        cursor.execute(
            f"WITH s (u, sex, migrant, grp) AS ({sql}), "
            "k (first_day, last_day) AS (SELECT %s::date, %s::date) "
            "INSERT INTO membership_membershiptally "
            "(measure, first_day, last_day, union_id, sex, is_migrant, new_form_group, count) "
            + BUILD[key[0]],
            [*params, key[1], key[2]],
        )
        MembershipTally.objects.create(
            measure=key[0], first_day=key[1], last_day=key[2], union=None, count=0
        )
    return True


def prepare(measure, periods, records):
    """Build the tallies of `periods` that are missing; return the periods ready to read.

    `records(period)` is the measure's ledger queryset for all unions (see `indicators.py`)."""
    keys = {period: _key(measure, period) for period in periods}
    built = _built(set(keys.values()))
    ready, added = set(), False
    for period, key in keys.items():
        if key not in built and _build(key, records(period)):
            built.add(key)
            added = True
        if key in built:
            ready.add(period)
    if added:  # fresh statistics, or the planner takes a period's thousands of rows for one
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE membership_membershiptally")
    return ready


def counts(measure, scope, period):
    """The tally rows of `period` for the unions in `scope`'s subtree (sum `count`)."""
    first, last = _key(measure, period)[1:]
    return (
        MembershipTally.objects.within(scope)
        .filter(measure=measure, first_day=first, last_day=last)
        .exclude(count=0)  # a group whose last member moved away
    )
