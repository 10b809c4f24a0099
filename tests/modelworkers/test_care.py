"""The care ledger: append-only in the database, reversals with their reason, one 春节 or 五一
慰问 per person and year unless the county admin allows more, and the link to the person's
hardship file in the aid app."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, InternalError, transaction

from apps.modelworkers.choices import WorkerStatus
from apps.modelworkers.models.care import CareEntry, CareKind, CareRecord
from apps.modelworkers.services import care as services
from apps.modelworkers.services.registry import change_worker_status
from tests.modelworkers.rc_helpers import D, _english, _fast, give, worker  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_ledger_refuses_update_and_delete_in_the_database(tree):
    entry = give(worker(tree.union_a1, 1))
    with pytest.raises(InternalError, match="mw_care_append_only"), transaction.atomic():
        CareRecord.objects.filter(pk=entry.pk).update(amount=Decimal("1"))
    with pytest.raises(InternalError, match="mw_care_append_only"), transaction.atomic():
        CareRecord.objects.filter(pk=entry.pk).delete()
    assert CareRecord.objects.get(pk=entry.pk).amount == Decimal("1000.00")


def test_a_second_visit_on_the_same_occasion_and_year_is_refused(tree):
    mw = worker(tree.union_a1, 1)
    give(mw)
    with pytest.raises(ValidationError, match="already been visited"):
        give(mw, day=D(2025, 1, 25))
    give(mw, kind=CareKind.MAY_DAY, day=D(2025, 4, 28))  # another occasion
    give(mw, day=D(2026, 1, 20))  # another year
    give(mw, kind=CareKind.HOME_VISIT, day=D(2025, 6, 1))  # home visits are not once a year
    give(mw, kind=CareKind.HOME_VISIT, day=D(2025, 7, 1))
    assert CareRecord.objects.filter(model_worker=mw).count() == 5


def test_the_database_holds_the_rule_on_its_own(tree):
    mw = worker(tree.union_a1, 1)
    first = give(mw)
    with (
        pytest.raises(IntegrityError, match="mw_care_once_per_occasion_and_year"),
        transaction.atomic(),
    ):
        CareRecord.objects.create(
            kind=first.kind,
            model_worker=mw,
            org=first.org,
            year=2025,
            given_on=D(2025, 1, 22),
            amount=Decimal("500"),
            fund_level=first.fund_level,
        )


def test_the_county_admin_allows_a_second_visit_with_its_reason(tree, personas):
    mw = worker(tree.union_a1, 1)
    give(mw)
    with pytest.raises(PermissionDenied):
        give(mw, actor=personas["township_staff"], exception_reason="再次慰问")
    second = give(mw, actor=personas["county_admin"], exception_reason="因病住院再次慰问")
    assert second.is_exception and second.approved_by == personas["county_admin"]


def test_a_reversal_negates_the_entry_names_its_reason_and_frees_the_slot(tree):
    mw = worker(tree.union_a1, 1)
    first = give(mw)
    with pytest.raises(ValidationError, match="State why"):
        services.reverse_care(record=first, actor=None, reversed_on=D(2025, 1, 21), reason=" ")
    reversal = services.reverse_care(
        record=first, actor=None, reversed_on=D(2025, 1, 21), reason="录错人员"
    )
    assert (reversal.entry, reversal.amount, reversal.reverses_id) == (
        CareEntry.REVERSAL,
        Decimal("-1000.00"),
        first.pk,
    )
    with pytest.raises(ValidationError, match="already been reversed"):
        services.reverse_care(record=first, actor=None, reversed_on=D(2025, 1, 21), reason="再冲")
    with pytest.raises(ValidationError, match="Only an entry"):
        services.reverse_care(record=reversal, actor=None, reversed_on=D(2025, 1, 21), reason="x")
    again = give(mw, day=D(2025, 1, 23))
    assert again.replaces_id == reversal.pk
    with pytest.raises(ValidationError, match="already been visited"):
        give(mw, day=D(2025, 1, 24))
    assert list(CareRecord.objects.net().filter(model_worker=mw)) == [again]


def test_refusals_name_the_rule(tree):
    mw = worker(tree.union_a1, 1)
    with pytest.raises(ValidationError, match="has an amount"):
        give(mw, kind=CareKind.LOW_INCOME, amount="0")
    with pytest.raises(ValidationError, match="future"):
        give(mw, day=D(2099, 1, 1))
    with pytest.raises(ValidationError, match="two decimal"):
        give(mw, amount="10.001")
    change_worker_status(
        worker=mw, actor=None, status=WorkerStatus.WITHDRAWN, on=D(2025, 2, 1), reason="开除"
    )
    with pytest.raises(ValidationError, match="withdrawn"):
        give(mw, day=D(2025, 4, 28), kind=CareKind.MAY_DAY)
    assert not CareRecord.objects.exists()


def test_another_townships_model_worker_is_out_of_scope(tree, personas):
    from django.http import Http404

    theirs = worker(tree.union_b1, 1)
    with pytest.raises(Http404):
        give(theirs, actor=personas["township_staff"])


def test_the_hardship_file_of_the_same_person_is_found(tree):
    from apps.aid import services as aid_services
    from apps.aid.choices import StandardArea
    from apps.aid.models import HardshipFile, LowIncomeStandard
    from tests.aid.helpers import household

    aid_services.save_standard(
        standard=LowIncomeStandard(
            org=tree.county, year=2025, area=StandardArea.URBAN, monthly_amount=Decimal("800")
        ),
        actor=None,
    )

    mw = worker(tree.union_a1, 1)
    assert services.hardship_file_for(mw) is None
    file = household(tree.union_a1, 9, name=mw.name, file_no="QH-01-001-KN2025-0001")
    file.id_number = mw.id_number
    aid_services.apply_for_file(file=file, family=[], actor=None)
    assert services.hardship_file_for(mw) == HardshipFile.objects.get(id_number=mw.id_number)
