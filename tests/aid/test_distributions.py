"""Amounts that depend on the household's category, and distributions that are not to a file
(夏送清凉 at a workplace, with the workers reached), drawing on the same budget."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.aid import services
from apps.aid.choices import Category, FundSource, PaymentMethod, ProgrammeKind
from apps.aid.models import AidPayment, AidProgramme
from tests.aid.helpers import apply, on_file

PAID_ON = datetime.date(2026, 1, 20)


def test_the_amount_follows_the_households_category(tree, standards, programme):
    programme.amount_deep = Decimal("3000")
    programme.amount_accident = Decimal("2000")
    programme = services.save_programme(programme=programme, actor=None)
    deep = on_file(apply(tree.union_a1, 1, income="12000", category=Category.DEEP))
    relative = on_file(apply(tree.union_a1, 2, income="30000", category=Category.RELATIVE))
    amounts = [
        services.pay(
            programme=programme,
            file=f,
            actor=None,
            paid_on=PAID_ON,
            method=PaymentMethod.BANK,
            fund_source=FundSource.CENTRAL,
        ).cash_amount
        for f in (deep, relative)
    ]
    assert amounts == [Decimal("3000"), Decimal("2500")]  # relative: the standard amount


@pytest.fixture
def summer(tree):
    return services.save_programme(
        programme=AidProgramme(
            org=tree.county,
            year=2025,
            kind=ProgrammeKind.SUMMER_COOL,
            name="2025年夏送清凉",
            budget=Decimal("10000"),
            fund_sources=[FundSource.UNION_OWN],
        ),
        actor=None,
    )


def distribute(summer, tree, actor=None, **kwargs):
    values = {
        "programme": summer,
        "org": tree.union_a1,
        "employer": tree.employer_a1,
        "recipient_name": "",
        "actor": actor,
        "paid_on": datetime.date(2025, 7, 15),
        "method": PaymentMethod.GOODS,
        "fund_source": FundSource.UNION_OWN,
        "goods_value": Decimal("6000"),
        "goods_description": "绿豆、白糖、藿香正气水",
        "people_reached": 120,
    }
    values.update(kwargs)
    return services.record_distribution(**values)


def test_a_workplace_distribution_records_goods_and_workers_reached(tree, personas, summer):
    row = distribute(summer, tree, personas["township_staff"])
    assert (row.file, row.employer, row.recipient_name) == (
        None,
        tree.employer_a1,
        "宏达纺织有限公司",
    )
    assert (row.goods_value, row.people_reached) == (Decimal("6000"), 120)
    with pytest.raises(ValidationError) as beyond:
        distribute(summer, tree)
    assert "4000.00 yuan is left" in beyond.value.message_dict["cash_amount"][0]
    reversal = services.reverse_payment(
        payment=row, actor=None, reversed_on=datetime.date(2025, 7, 16), reason="物资退回"
    )
    assert (reversal.goods_value, reversal.people_reached) == (Decimal("-6000"), -120)
    assert services.remaining_budget(summer) == Decimal("10000")


def test_another_townships_employer_is_refused(tree, personas, summer):
    with pytest.raises(ValidationError) as refused:
        distribute(summer, tree, personas["township_staff"], employer=tree.employer_b1)
    assert "employer" in refused.value.message_dict
    with pytest.raises(ValidationError) as negative:
        distribute(summer, tree, people_reached=-1)
    assert "people_reached" in negative.value.message_dict


def test_the_database_refuses_a_row_for_both_a_household_and_an_employer(tree, standards, summer):
    file = on_file(apply(tree.union_a1, 1))
    with (
        pytest.raises(IntegrityError, match="aid_payment_household_or_employer"),
        transaction.atomic(),
    ):
        AidPayment.objects.create(
            programme=summer,
            period="2025",
            file=file,
            employer=tree.employer_a1,
            org=tree.union_a1,
            recipient_name="王建国",
            goods_value=100,
            paid_on=PAID_ON,
            method=PaymentMethod.GOODS,
            fund_source=FundSource.UNION_OWN,
        )
