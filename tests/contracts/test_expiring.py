"""即将到期 is one rule: a contract in force is expiring when its term ends today or within the
next 3 months (`deadlines.expiring_window`). The status shown (computed in the database and in
memory) and the attention flag (its page, its count, the dashboard's indicator) must agree on
every day, the month ends above all, where "3 months" is easiest to get wrong twice."""

import datetime

import pytest

from apps.contracts import deadlines, queries
from apps.contracts.choices import ContractStatus, Flag
from apps.contracts.models import CollectiveContract
from tests.contracts.helpers import draft

DAY = datetime.timedelta(days=1)
D = datetime.date
TODAYS = [
    D(2025, 11, 28),
    D(2025, 11, 30),  # + 3 months = 28 February
    D(2025, 12, 31),
    D(2026, 2, 28),
    D(2023, 11, 30),  # + 3 months = 29 February 2024
    D(2024, 2, 29),
    D(2025, 8, 31),
]


def in_force(tree, term_end, today, n):
    """A contract in force on `today` (effective for a year), ending on `term_end`."""
    contract = draft(
        tree,
        code=f"EXP-{today:%Y%m%d}-{n}",
        status=ContractStatus.EFFECTIVE,
        offer_on=today - 500 * DAY,
        signed_on=today - 420 * DAY,
        submitted_on=today - 415 * DAY,
        effective_on=today - 400 * DAY,
        term_start=today - 400 * DAY,
        term_end=term_end,
    )
    contract.save()
    return contract


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_the_expiring_status_and_the_expiring_flag_agree_at_the_boundaries(tree, today):
    first, last = deadlines.expiring_window(today)
    assert first == today and last == deadlines.add_months(today, 3)
    ends = {
        "ended yesterday": today - DAY,
        "ends today": today,
        "ends the day before the horizon": last - DAY,
        "ends on the horizon": last,
        "ends the day after the horizon": last + DAY,
        "ends a month after the horizon": deadlines.add_months(last, 1),
    }
    contracts = {name: in_force(tree, end, today, n) for n, (name, end) in enumerate(ends.items())}
    names = {contract.pk: name for name, contract in contracts.items()}
    rows = CollectiveContract.objects.filter(pk__in=names)

    shown = {names[c.pk]: c.current_status for c in queries.with_current_status(rows, today)}
    in_memory = {name: queries.status_on(c, today) for name, c in contracts.items()}
    flagged = {names[pk] for pk in queries.expiring(rows, today).values_list("pk", flat=True)}
    counted = queries.flag_counts(rows, today)[Flag.EXPIRING]
    filtered = queries.filter_status(rows, ContractStatus.EXPIRING, today)

    expiring = {"ends today", "ends the day before the horizon", "ends on the horizon"}
    assert {name for name, status in shown.items() if status == ContractStatus.EXPIRING} == (
        expiring
    )
    assert shown == in_memory
    assert flagged == expiring
    assert counted == len(expiring)
    assert {names[c.pk] for c in filtered} == expiring
    assert shown["ended yesterday"] == ContractStatus.EXPIRED
    assert shown["ends the day after the horizon"] == ContractStatus.EFFECTIVE


def test_a_renewal_offered_takes_the_contract_off_the_attention_list(tree):
    """The flag's one addition to the status: nothing to remind once a renewal is offered. The
    old contract stays in force (and shows 即将到期) until the renewal takes effect."""
    today = D(2025, 11, 30)
    old = in_force(tree, D(2026, 1, 31), today, 1)
    assert queries.status_on(old, today) == ContractStatus.EXPIRING
    assert list(queries.expiring(CollectiveContract.objects.all(), today)) == [old]
    draft(tree, code="EXP-RENEWAL", offer_on=today - 3 * DAY, renewed_from=old).save()
    old.refresh_from_db()
    assert queries.status_on(old, today) == ContractStatus.EXPIRING
    assert not queries.expiring(CollectiveContract.objects.filter(pk=old.pk), today).exists()
