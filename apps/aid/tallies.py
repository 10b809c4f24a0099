"""Payment counts per union, programme and period, built once from the ledger and kept
(`PaymentTally`).

The payment figures (人次, money by programme, 金秋助学 students, 送清凉 workers reached) are
defined by the ledger querysets in `indicators.py`, which the drill-down lists. On a ledger of
a million rows each is a scan of the period's payments with the anti-join on reversals, and a
review asks for a dozen of them for two years. So the first report that needs a period counts
the period's payments once, grouped by union, programme and whether they went to a file, and
stores the counts; every payment figure of the period is then a sum over a few thousand rows.

The ledger is append-only, so a tally can only go stale by new rows: a payment made within the
period, or a reversal of a payment made within it. The period's marker row keeps the ledger's
last id when it was built (`watermark`); a tally whose period has new rows above it is built
again before it is read. For the watermark to be exact, builds and writes are ordered by an
advisory lock: every insert into the ledger takes it shared before its rows are numbered (the
ledger's statement trigger), a build takes it exclusively and only if it is free at once, so it
sees every payment numbered below its watermark; a build that cannot get the lock builds
nothing, `prepare` reports the period as not ready and the figures are counted from the ledger
directly, as the drill-down does.
"""

from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q

from .choices import EntryKind
from .models import AidPayment, PaymentTally
from .models.tallies import TALLY_LOCK

LEDGER = AidPayment._meta.db_table
# The built periods among those asked for, each with whether new ledger rows above its
# watermark change it (or the ledger was emptied since), in one statement.
BUILT = f"""
SELECT t.first_day, t.last_day, EXISTS (
    SELECT 1 FROM {LEDGER} n LEFT JOIN {LEDGER} o ON o.id = n.reverses_id
    WHERE n.id > t.watermark AND (
        (n.kind = '{EntryKind.PAYMENT.value}' AND n.paid_on BETWEEN t.first_day AND t.last_day)
        OR (n.kind = '{EntryKind.REVERSAL.value}' AND o.paid_on BETWEEN t.first_day AND t.last_day)
    )
) OR t.watermark > (SELECT coalesce(max(id), 0) FROM {LEDGER})
FROM {PaymentTally._meta.db_table} t
JOIN unnest(%s::date[], %s::date[]) AS k (first_day, last_day)
  ON k.first_day = t.first_day AND k.last_day = t.last_day
WHERE t.org_id IS NULL
"""


def _built(keys):
    """{(first_day, last_day): stale} of the built periods among `keys`."""
    if not keys:
        return {}
    firsts, lasts = zip(*sorted(keys), strict=True)
    with connection.cursor() as cursor:
        cursor.execute(BUILT, [list(firsts), list(lasts)])
        return {(first, last): stale for first, last, stale in cursor.fetchall()}


def _build(key, records):
    """Count `records` (the period's payments, not reversed, everywhere) into the tally of
    `key`. False when a ledger write is under way (the lock is taken)."""
    rows = (
        records.order_by()
        .annotate(_to_file=ExpressionWrapper(Q(file__isnull=False), output_field=BooleanField()))
        .values_list(
            "org_id", "programme_id", "_to_file", "cash_amount", "goods_value", "people_reached"
        )
    )
    sql, params = rows.query.sql_with_params()
    table = PaymentTally._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [TALLY_LOCK])
        if not cursor.fetchone()[0]:
            return False
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {LEDGER}")
        watermark = cursor.fetchone()[0]
        cursor.execute(f"DELETE FROM {table} WHERE first_day = %s AND last_day = %s", key)
        cursor.execute(
            f"WITH s (o, g, f, cash, goods, reached) AS ({sql}) "
            f"INSERT INTO {table} "
            "(first_day, last_day, org_id, programme_id, to_file, count, amount, reached, "
            "watermark) "
            "SELECT %s::date, %s::date, o, g, f, count(*), sum(cash + goods), sum(reached), 0 "
            "FROM s GROUP BY o, g, f "
            "UNION ALL SELECT %s::date, %s::date, NULL, NULL, false, 0, 0, 0, %s",
            [*params, *key, *key, watermark],
        )
    return True


def prepare(periods, records):
    """Build the tallies of `periods` that are missing or stale; return the periods ready to
    read. `records(period)` is the period's payments (not reversed) everywhere."""
    keys = {period: (period.start, period.end) for period in periods}
    built = _built(set(keys.values()))
    ready, added = set(), False
    for period, key in keys.items():
        fresh = built.get(key) is False
        if not fresh and _build(key, records(period)):
            fresh = added = True
        if fresh:
            ready.add(period)
    if added:  # fresh statistics, or the planner takes a period's thousands of rows for one
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {PaymentTally._meta.db_table}")
    return ready


def counts(scope, period, **filters):
    """The tally rows of `period` for the unions in `scope`'s subtree."""
    return PaymentTally.objects.within(scope).filter(
        first_day=period.start, last_day=period.end, **filters
    )
