"""Payment batches: a roster drawn from the files on record, reviewed, approved and paid under
the rules of a single payment; over budget, paid up to the budget in roster order with what is
left named; a batch paid twice pays nothing the second time."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.aid import services
from apps.aid.choices import (
    BatchStatus,
    Category,
    FundSource,
    LineStatus,
    PaymentMethod,
    RosterSource,
)
from apps.aid.models import AidBatch, AidBatchLine, AidPayment
from apps.core.scoping import OutOfScope
from tests.aid.helpers import apply, on_file

pytestmark = pytest.mark.django_db

PAID_ON = datetime.date(2026, 1, 20)
DAY = datetime.date(2026, 1, 10)


def new_batch(programme, actor=None, **fields):
    return services.create_batch(
        batch=AidBatch(programme=programme, name="2026年春节送温暖第一批", **fields), actor=actor
    )


def approved(batch, actor=None):
    batch = services.review_batch(batch=batch, actor=actor, approved=True, acted_on=DAY)
    return services.approve_batch(batch=batch, actor=actor, approved=True, acted_on=DAY)


def pay(batch, actor=None):
    return services.pay_batch(
        batch=batch,
        actor=actor,
        paid_on=PAID_ON,
        method=PaymentMethod.BANK,
        fund_source=FundSource.CENTRAL,
    )


@pytest.fixture
def households(tree, standards):
    """Three households on record in 城关镇 and one in 新庄镇, and one still applying."""
    files = [on_file(apply(tree.union_a1, n)) for n in (1, 2, 3)]
    files.append(on_file(apply(tree.union_b1, 4)))
    apply(tree.union_a1, 5)
    return files


def test_a_roster_is_drawn_from_the_files_on_record_on_the_programmes_date(
    tree, households, programme
):
    programme.eligible_on = datetime.date(2025, 12, 31)
    services.save_programme(programme=programme, actor=None)
    batch = new_batch(programme)
    assert services.draw_roster(batch=batch, actor=None) == 4
    assert set(batch.lines.values_list("file_id", flat=True)) == {f.pk for f in households}
    assert set(batch.lines.values_list("cash_amount", flat=True)) == {Decimal("2500")}
    assert set(batch.lines.values_list("source", flat=True)) == {RosterSource.DRAWN}
    # Drawn again, nobody is added twice.
    assert services.draw_roster(batch=batch, actor=None) == 0
    # Filed after the programme's date: not eligible.
    programme.eligible_on = datetime.date(2025, 3, 1)
    services.save_programme(programme=programme, actor=None)
    assert services.draw_roster(batch=new_batch(programme, period="2025补发"), actor=None) == 0


def test_a_roster_of_a_category_and_of_a_township(tree, personas, households, programme):
    relative = on_file(apply(tree.union_a2, 9, income="24000", size=2, category=Category.RELATIVE))
    staff = personas["township_staff"]
    batch = new_batch(programme, staff, category=Category.RELATIVE)
    assert batch.org == tree.township_a
    assert services.draw_roster(batch=batch, actor=staff) == 1
    assert list(batch.lines.values_list("file_id", flat=True)) == [relative.pk]
    everyone = new_batch(programme, staff, period="2026春节")
    assert services.draw_roster(batch=everyone, actor=staff) == 4  # 新庄镇's household not seen


def test_an_approved_batch_is_paid_once_per_household_and_a_second_payment_pays_nothing(
    tree, personas, households, programme
):
    batch = new_batch(programme)
    services.draw_roster(batch=batch, actor=None)
    batch = approved(batch, personas["county_admin"])
    assert batch.status == BatchStatus.APPROVED
    result = pay(batch, personas["county_admin"])
    assert (result.payments, result.total) == (4, Decimal("10000"))
    assert result.remaining == Decimal("90000")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PAID
    lines = list(batch.lines.select_related("payment"))
    assert all(line.status == LineStatus.PAID and line.payment for line in lines)
    assert {line.payment.file_id for line in lines} == {f.pk for f in households}
    again = pay(batch, personas["county_admin"])
    assert again.payments == 0
    assert AidPayment.objects.count() == 4


def test_paying_a_batch_is_on_record_once_in_the_ledgers_history_and_the_batchs(
    tree, personas, households, programme
):
    """Each payment's insert event carries the actor and the batch payment; the lines' marks
    (paid, its payment) are not recorded a second time as line events."""
    admin = personas["county_admin"]
    batch = new_batch(programme)
    services.draw_roster(batch=batch, actor=None)
    batch = approved(batch, admin)
    line_events = AidBatchLine.pgh_event_model.objects.filter(batch_id=batch.pk)
    before = line_events.count()
    assert before == 4  # the roster's inserts
    pay(batch, admin)
    assert line_events.count() == before
    payments = AidPayment.objects.filter(batch_line__batch=batch)
    assert payments.count() == 4
    events = AidPayment.pgh_event_model.objects.filter(pgh_obj__in=payments)
    assert events.count() == 4
    for event in events.select_related("pgh_context"):
        assert event.pgh_label == "insert"
        assert event.pgh_context.metadata == {"user": admin.pk, "action": "pay_batch"}
    batch_event = AidBatch.pgh_event_model.objects.filter(pgh_obj=batch).latest("pgh_id")
    assert batch_event.status == BatchStatus.PAID and batch_event.paid_by_id == admin.pk


def test_a_household_already_paid_in_the_round_is_left_unpaid_with_the_rule_named(
    tree, households, programme
):
    services.pay(
        programme=programme,
        file=households[0],
        actor=None,
        paid_on=PAID_ON,
        method=PaymentMethod.CASH,
        fund_source=FundSource.CENTRAL,
        period="2025",
    )
    batch = new_batch(programme, period="2025")
    services.draw_roster(batch=batch, actor=None)
    result = pay(approved(batch))
    assert result.payments == 3
    line = batch.lines.get(file=households[0])
    assert line.status == LineStatus.UNPAID
    assert "already been paid" in line.unpaid_reason
    assert AidPayment.objects.filter(file=households[0]).count() == 1


def test_a_reversed_payment_is_paid_again_by_the_batch_once(tree, households, programme):
    first = services.pay(
        programme=programme,
        file=households[0],
        actor=None,
        paid_on=PAID_ON,
        method=PaymentMethod.CASH,
        fund_source=FundSource.CENTRAL,
    )
    reversal = services.reverse_payment(
        payment=first, actor=None, reversed_on=PAID_ON, reason="错发"
    )
    batch = new_batch(programme)
    services.add_lines(batch=batch, actor=None, lines=[{"file": households[0]}])
    result = pay(approved(batch))
    assert result.payments == 1
    assert batch.lines.get().payment.replaces == reversal


def test_over_budget_a_batch_pays_up_to_the_budget_and_names_what_is_left(
    tree, households, programme
):
    programme.budget = Decimal("6000")  # two households at 2 500 元, 1 000 元 left
    services.save_programme(programme=programme, actor=None)
    batch = new_batch(programme)
    services.draw_roster(batch=batch, actor=None)
    result = pay(approved(batch))
    assert (result.payments, result.pending) == (2, 2)
    assert result.remaining == Decimal("1000.00")
    assert "1000.00 yuan left" in result.message
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PARTLY_PAID
    assert services.remaining_budget(programme) == Decimal("1000")
    paid = list(batch.lines.filter(status=LineStatus.PAID).values_list("pk", flat=True))
    assert paid == sorted(batch.lines.values_list("pk", flat=True))[:2]  # roster order
    # With the budget raised, paying again pays the rest, and only the rest.
    programme.budget = Decimal("20000")
    services.save_programme(programme=programme, actor=None)
    rest = pay(batch)
    assert (rest.payments, rest.pending) == (2, 0)
    assert AidPayment.objects.filter(programme=programme).count() == 4
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PAID


def test_paying_checks_the_roster_in_a_few_queries_whatever_its_size(tree, standards, programme):
    def queries_for(count, serial):
        files = [on_file(apply(tree.union_a1, serial + n)) for n in range(count)]
        batch = new_batch(programme, period=f"round{serial}")
        services.add_lines(batch=batch, actor=None, lines=[{"file": f} for f in files])
        batch = approved(batch)
        with CaptureQueriesContext(connection) as queries:
            assert pay(batch).payments == count
        return len(queries)

    assert queries_for(2, 100) == queries_for(6, 200)


def test_the_roster_changes_only_while_it_is_drawn_up(tree, households, programme):
    batch = new_batch(programme)
    services.add_lines(batch=batch, actor=None, lines=[{"file": households[0]}])
    with pytest.raises(ValidationError, match="already on the roster"):
        services.add_lines(batch=batch, actor=None, lines=[{"file": households[0]}])
    batch = services.review_batch(batch=batch, actor=None, approved=True, acted_on=DAY)
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.add_lines(batch=batch, actor=None, lines=[{"file": households[1]}])
    with pytest.raises(ValidationError, match="Only an approved batch"):
        pay(batch)
    sent_back = services.approve_batch(
        batch=batch, actor=None, approved=False, acted_on=DAY, opinion="名单有误"
    )
    assert sent_back.status == BatchStatus.DRAFT
    with pytest.raises(ValidationError, match="states its opinion"):
        services.review_batch(batch=sent_back, actor=None, approved=False, acted_on=DAY)


def test_a_file_not_on_record_or_of_another_township_is_refused_on_the_roster(
    tree, personas, households, programme
):
    staff = personas["township_staff"]
    batch = new_batch(programme, staff)
    applying = apply(tree.union_a1, 8)
    with pytest.raises(ValidationError) as refused:
        services.add_lines(
            batch=batch, actor=staff, lines=[{"file": households[3]}, {"file": applying}]
        )
    lines = refused.value.message_dict["lines"]
    assert "Line 1: no such file in your scope." in lines[0]
    assert "Line 2" in lines[1] and "Applied" in lines[1]
    assert not AidBatchLine.objects.exists()


def test_another_townships_batch_is_out_of_scope_and_approval_is_the_countys(
    tree, personas, households, programme
):
    staff, other = personas["township_staff"], personas["other_township_staff"]
    batch = new_batch(programme, staff)
    services.draw_roster(batch=batch, actor=staff)
    with pytest.raises(OutOfScope):
        services.draw_roster(batch=batch, actor=other)
    with pytest.raises(OutOfScope):
        services.pay_batch(
            batch=batch,
            actor=other,
            paid_on=PAID_ON,
            method=PaymentMethod.BANK,
            fund_source=FundSource.CENTRAL,
        )
    batch = services.review_batch(batch=batch, actor=staff, approved=True, acted_on=DAY)
    # The programme is the county's: the township cannot approve its own batch.
    with pytest.raises(PermissionDenied):
        services.approve_batch(batch=batch, actor=staff, approved=True, acted_on=DAY)
    with pytest.raises(PermissionDenied):
        services.review_batch(batch=batch, actor=personas["leader"], approved=True, acted_on=DAY)
    batch = services.approve_batch(
        batch=batch, actor=personas["county_admin"], approved=True, acted_on=DAY
    )
    assert pay(batch, staff).payments == 3


def test_the_refusals_read_in_chinese(tree, households, programme):
    from django.utils import translation

    programme.budget = Decimal("3000")
    services.save_programme(programme=programme, actor=None)
    batch = new_batch(programme)
    services.draw_roster(batch=batch, actor=None)
    result = pay(approved(batch))
    with translation.override("zh-hans"):
        assert "项目预算仅剩 500.00 元" in result.message
        with pytest.raises(ValidationError, match="发放名单不能再修改"):
            services.add_lines(batch=batch, actor=None, lines=[{"file": households[0]}])
