"""Staff acting at the same moment, on real database connections (one per thread): a household
paid once, a budget never overdrawn, a person never in two open files."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from apps.aid import services
from apps.aid.choices import FundSource, PaymentMethod
from apps.aid.models import AidPayment, FilePerson, HardshipFile
from tests.aid.helpers import apply, household, on_file

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 20


def race(*calls):
    """Run each call in its own thread and connection, released together; return what each
    returned or raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=20)
            outcomes[index] = call()
        except Exception as error:  # the outcome is what the test inspects
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def paying(programme, file, actor):
    def call():
        return services.pay(
            programme=programme,
            file=file,
            actor=actor,
            paid_on=datetime.date(2026, 1, 20),
            method=PaymentMethod.BANK,
            fund_source=FundSource.CENTRAL,
        )

    return call


def test_twenty_clerks_paying_the_same_household_at_once_pay_it_once(
    tree, personas, standards, programme
):
    file = on_file(apply(tree.union_a1, 1))
    actors = [personas["county_admin"], personas["township_staff"]]
    outcomes = race(*(paying(programme, file, actors[i % 2]) for i in range(THREADS)))
    paid = [o for o in outcomes if isinstance(o, AidPayment)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(paid) == 1 and len(refused) == THREADS - 1, outcomes
    assert all("already been paid" in r.message_dict["file"][0] for r in refused)
    assert AidPayment.objects.filter(file=file).count() == 1


def test_twenty_payments_against_a_budget_that_holds_ten(tree, personas, standards, programme):
    programme.budget = Decimal("25000")  # ten households at 2 500 元
    programme = services.save_programme(programme=programme, actor=None)
    files = [on_file(apply(tree.union_a1, serial)) for serial in range(1, THREADS + 1)]
    outcomes = race(*(paying(programme, f, personas["county_admin"]) for f in files))
    paid = [o for o in outcomes if isinstance(o, AidPayment)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(paid) == 10 and len(refused) == 10, outcomes
    assert all("0.00 yuan is left" in r.message_dict["cash_amount"][0] for r in refused)
    assert services.remaining_budget(programme) == 0
    assert AidPayment.objects.filter(programme=programme).count() == 10


def test_twenty_clerks_filing_the_same_person_at_once_leave_one_open_file(
    tree, personas, standards
):
    unions = [tree.union_a1, tree.union_a2, tree.union_b1]
    staff = {tree.township_a.pk: personas["township_staff"], tree.township_b.pk: None}

    def filing(index):
        union = unions[index % 3]
        actor = staff.get(union.township_id)
        # Numbered by hand, so that no thread waits for another's file number.
        file = household(union, 7, file_no=f"{union.code}-KN2025-{index:04d}")
        return lambda: services.apply_for_file(file=file, family=[], actor=actor)

    outcomes = race(*(filing(i) for i in range(THREADS)))
    saved = [o for o in outcomes if isinstance(o, HardshipFile)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(saved) == 1 and len(refused) == THREADS - 1, outcomes
    assert all("already in another open" in r.message_dict["id_number"][0] for r in refused)
    assert FilePerson.objects.filter(open=True).count() == 1
    assert HardshipFile.objects.count() == 1


def test_twenty_clerks_reversing_the_same_payment_at_once_reverse_it_once(
    tree, personas, standards, programme
):
    file = on_file(apply(tree.union_a1, 1))
    payment = paying(programme, file, None)()

    def reversing():
        return services.reverse_payment(
            payment=payment,
            actor=personas["county_admin"],
            reversed_on=datetime.date(2026, 1, 21),
            reason="录入错误",
        )

    outcomes = race(*(reversing for _ in range(THREADS)))
    reversed_ = [o for o in outcomes if isinstance(o, AidPayment)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(reversed_) == 1 and len(refused) == THREADS - 1, outcomes
    assert AidPayment.objects.filter(reverses=payment).count() == 1
    assert services.remaining_budget(programme) == programme.budget
