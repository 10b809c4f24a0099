"""Payment tallies: the reports read the payment figures from counts built once per period,
which equal the ledger's figures, follow every later payment and reversal in the period, and
are never built while a ledger write is under way."""

import datetime
from decimal import Decimal

import psycopg2
import pytest
from django.db import connection

from apps.aid import tallies
from apps.aid.choices import ProgrammeKind
from apps.aid.indicators import paid_in
from apps.aid.models import PaymentTally
from apps.aid.models.tallies import TALLY_LOCK
from apps.reports.evaluation import compute
from apps.reports.periods import Period
from apps.reports.registry import REGISTRY
from tests.aid import test_indicators as base
from tests.aid.helpers import apply, on_file
from tests.aid.test_indicators import pay, programme, reverse

D = datetime.date
pytestmark = pytest.mark.django_db
YEAR = Period.year(2025)
history = base.history  # the county of the indicator tests, with its years of payments
TALLIED = sorted(
    code for code, item in REGISTRY.items() if code.startswith("aid.") and item.summary
)


def from_ledger(scope, period):
    return {code: REGISTRY[code].value(scope, period) for code in TALLIED}


def from_reports(scope, period):
    return compute(scope, period, TALLIED)


@pytest.fixture
def other_connection():
    """A second session on the test database, as another clerk's request would be."""
    settings = connection.settings_dict
    other = psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
    )
    yield other
    other.rollback()
    other.close()


def test_the_payment_figures_are_tallied(history):
    assert {"aid.paid", "aid.payments_count", "aid.winter_paid", "aid.summer_reached"} <= set(
        TALLIED
    )
    assert "aid.households_helped" not in TALLIED  # a distinct count does not add up


def test_the_reports_build_the_tally_once_and_read_the_ledgers_figures(history):
    tree = history
    assert not PaymentTally.objects.exists()
    reports = from_reports(tree.county, YEAR)
    assert reports == from_ledger(tree.county, YEAR)
    assert reports["aid.paid"] > 0
    marker = PaymentTally.objects.get(org__isnull=True)
    assert (marker.first_day, marker.last_day) == (YEAR.start, YEAR.end)
    rows = PaymentTally.objects.filter(org__isnull=False)
    assert sum(row.amount for row in rows) == reports["aid.paid"]
    for scope in (tree.township_a, tree.township_b):
        assert from_reports(scope, YEAR) == from_ledger(scope, YEAR)
    assert PaymentTally.objects.filter(org__isnull=True).count() == 1  # built once


def test_a_payment_and_a_reversal_after_the_build_are_counted(history):
    tree = history
    before = from_reports(tree.county, YEAR)
    winter = programme(tree, 2025, ProgrammeKind.WINTER_WARMTH, amount="800")
    pay(winter, tree.files["F3"], D(2025, 12, 30), period="2025补发")
    after = from_reports(tree.county, YEAR)
    assert after == from_ledger(tree.county, YEAR)
    assert after["aid.paid"] == before["aid.paid"] + Decimal(800)
    assert after["aid.payments_count"] == before["aid.payments_count"] + 1
    # A reversal dated next year takes its payment out of this year's figures.
    autumn = tree.files["F2"].payments.get(programme__kind=ProgrammeKind.AUTUMN_SCHOOLING)
    reverse(autumn, D(2026, 1, 5))
    reversed_ = from_reports(tree.county, YEAR)
    assert reversed_ == from_ledger(tree.county, YEAR)
    assert reversed_["aid.autumn_students"] == after["aid.autumn_students"] - 1
    # A payment in another period leaves this period's tally as it is.
    built = PaymentTally.objects.get(org__isnull=True, first_day=YEAR.start)
    pay(winter, tree.files["F3"], D(2026, 2, 1), period="2026")
    assert tallies.prepare([YEAR], paid_in) == {YEAR}
    assert PaymentTally.objects.get(org__isnull=True, first_day=YEAR.start).pk == built.pk


def test_no_tally_is_built_while_a_ledger_write_is_under_way(history, other_connection):
    tree = history
    with other_connection.cursor() as cursor:  # a clerk's payment, not yet committed
        cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [TALLY_LOCK])
    assert tallies.prepare([YEAR], paid_in) == set()
    assert not PaymentTally.objects.exists()
    assert from_reports(tree.county, YEAR) == from_ledger(tree.county, YEAR)  # from the ledger
    other_connection.rollback()
    assert tallies.prepare([YEAR], paid_in) == {YEAR}


def test_a_payment_holds_the_tally_lock_until_its_transaction_ends(
    tree, standards, other_connection
):
    """A build cannot start while a payment is being written (it would miss the payment)."""
    household = on_file(apply(tree.union_a1, 1))
    winter = programme(tree, 2025, ProgrammeKind.WINTER_WARMTH, amount="800")

    def build_could_start():
        with other_connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [TALLY_LOCK])
            free = cursor.fetchone()[0]
        other_connection.rollback()
        return free

    assert build_could_start()
    pay(winter, household, D(2025, 12, 30))
    assert not build_could_start()
