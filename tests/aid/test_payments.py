"""The payments ledger: a household paid once per programme and period (an exception needs the
county and a reason), never beyond the budget (the refusal names what is left), corrections as
reversals, and the database refusing any UPDATE or DELETE of a payment."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from apps.aid import services
from apps.aid.choices import EntryKind, FundSource, PaymentMethod
from apps.aid.models import AidPayment
from tests.aid.helpers import apply, on_file

PAID_ON = datetime.date(2026, 1, 20)


@pytest.fixture
def household(tree, standards):
    return on_file(apply(tree.union_a1, 1))


def pay(programme, file, actor=None, **kwargs):
    kwargs.setdefault("paid_on", PAID_ON)
    kwargs.setdefault("method", PaymentMethod.BANK)
    kwargs.setdefault("fund_source", FundSource.CENTRAL)
    return services.pay(programme=programme, file=file, actor=actor, **kwargs)


def test_a_payment_takes_the_standard_amount_and_the_household(programme, household):
    payment = pay(programme, household, signed_by="王建国")
    assert payment.cash_amount == Decimal("2500") and payment.period == "2025"
    assert (payment.org, payment.recipient_name) == (household.org, "王建国")
    assert services.remaining_budget(programme) == Decimal("97500")


def test_a_household_is_paid_once_per_programme_and_period(programme, household):
    pay(programme, household)
    with pytest.raises(ValidationError) as refused:
        pay(programme, household)
    assert "already been paid" in refused.value.message_dict["file"][0]
    # Another period of the same programme is another payment.
    pay(programme, household, period="2025中秋")
    assert AidPayment.objects.count() == 2


def test_the_database_refuses_a_second_payment_on_its_own(programme, household):
    first = pay(programme, household)
    with (
        pytest.raises(IntegrityError, match="aid_payment_once_per_household_and_period"),
        transaction.atomic(),
    ):
        AidPayment.objects.create(
            programme=programme,
            period=first.period,
            file=household,
            org=household.org,
            recipient_name="王建国",
            cash_amount=100,
            paid_on=PAID_ON,
            method=PaymentMethod.CASH,
            fund_source=FundSource.CENTRAL,
        )


def test_the_county_may_allow_a_second_payment_with_a_reason(personas, programme, household):
    pay(programme, household)
    with pytest.raises(PermissionDenied):
        pay(programme, household, personas["township_staff"], exception_reason="突发重病")
    second = pay(
        programme, household, personas["county_admin"], exception_reason="突发重病二次慰问"
    )
    assert second.is_exception and second.approved_by == personas["county_admin"]
    assert second.reason == "突发重病二次慰问"


def test_a_payment_beyond_the_budget_names_what_is_left(tree, standards, programme):
    programme.budget = Decimal("6000")
    programme = services.save_programme(programme=programme, actor=None)
    a = on_file(apply(tree.union_a1, 1))
    b = on_file(apply(tree.union_a1, 2))
    c = on_file(apply(tree.union_a1, 3))
    pay(programme, a)
    pay(programme, b, goods_value=Decimal("500"), cash_amount=Decimal("2000"))
    with pytest.raises(ValidationError) as refused:
        pay(programme, c)
    message = refused.value.message_dict["cash_amount"][0]
    assert "1000.00 yuan is left" in message and "2500.00 yuan" in message
    assert pay(programme, c, cash_amount=Decimal("1000")).cash_amount == Decimal("1000")
    with pytest.raises(ValidationError) as below_paid:
        programme.budget = Decimal("5000")
        services.save_programme(programme=programme, actor=None)
    assert "budget" in below_paid.value.message_dict


def test_only_a_household_on_file_is_paid(tree, standards, programme):
    applied = apply(tree.union_a1, 1)
    with pytest.raises(ValidationError, match="on file"):
        pay(programme, applied)


def test_a_fund_source_the_programme_does_not_list_is_refused(programme, household):
    with pytest.raises(ValidationError) as refused:
        pay(programme, household, fund_source=FundSource.DONATION)
    assert "fund_source" in refused.value.message_dict


def test_another_township_cannot_pay_the_household(personas, programme, household):
    from apps.core.scoping import OutOfScope

    with pytest.raises(OutOfScope):
        pay(programme, household, personas["other_township_staff"])
    payment = pay(programme, household, personas["township_staff"])  # the county's programme
    assert payment.recorded_by == personas["township_staff"]


def test_a_reversal_negates_the_payment_and_frees_the_slot_once(programme, household):
    payment = pay(programme, household)
    with pytest.raises(ValidationError) as no_reason:
        services.reverse_payment(payment=payment, actor=None, reversed_on=PAID_ON, reason="")
    assert "reason" in no_reason.value.message_dict
    reversal = services.reverse_payment(
        payment=payment, actor=None, reversed_on=PAID_ON, reason="金额录错"
    )
    assert (reversal.kind, reversal.cash_amount, reversal.reverses) == (
        EntryKind.REVERSAL,
        Decimal("-2500"),
        payment,
    )
    assert services.remaining_budget(programme) == programme.budget
    with pytest.raises(ValidationError, match="already been reversed"):
        services.reverse_payment(payment=payment, actor=None, reversed_on=PAID_ON, reason="再冲")
    with pytest.raises(ValidationError, match="Only a payment"):
        services.reverse_payment(payment=reversal, actor=None, reversed_on=PAID_ON, reason="x")
    again = pay(programme, household, cash_amount=Decimal("2000"))
    assert again.replaces == reversal
    with pytest.raises(ValidationError, match="already been paid"):
        pay(programme, household)


def test_the_database_refuses_to_change_or_delete_a_payment(programme, household):
    payment = pay(programme, household)
    with pytest.raises(Exception, match="aid_payment_append_only"), transaction.atomic():
        AidPayment.objects.filter(pk=payment.pk).update(cash_amount=1)
    with pytest.raises(Exception, match="aid_payment_append_only"), transaction.atomic():
        payment.delete()
    for sql in (
        "UPDATE aid_aidpayment SET cash_amount = 1 WHERE id = %s",
        "DELETE FROM aid_aidpayment WHERE id = %s",
    ):
        with (
            pytest.raises(Exception, match="aid_payment_append_only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [payment.pk])
    payment.refresh_from_db()
    assert payment.cash_amount == Decimal("2500")


def test_the_history_names_who_paid_and_who_reversed(personas, programme, household):
    staff, admin = personas["township_staff"], personas["county_admin"]
    payment = pay(programme, household, staff)
    reversal = services.reverse_payment(
        payment=payment, actor=admin, reversed_on=PAID_ON, reason="重复录入"
    )
    for row, actor in ((payment, staff), (reversal, admin)):
        event = row.events.get()
        assert event.pgh_label == "insert" and event.pgh_context.metadata["user"] == actor.pk
