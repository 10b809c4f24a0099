"""Correcting an open file: the category checked again, the people's registry kept in step, and
what only the steps set left alone."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.aid import services
from apps.aid.choices import Category, FileStatus, ReviewOutcome
from apps.aid.models import FamilyMember, FilePerson, HardshipFile
from apps.core.scoping import OutOfScope
from tests.aid.helpers import APPLIED, apply, on_file, relative


def edit(file, family=None, actor=None, **changes):
    copy = HardshipFile.objects.get(pk=file.pk)
    for field, value in changes.items():
        setattr(copy, field, value)
    if family is None:
        family = list(copy.family.all())
    return services.update_file(file=copy, family=family, actor=actor)


def test_a_higher_income_needs_the_category_changed_or_a_reason(tree, standards):
    file = apply(tree.union_a1, 1, income="12000")  # 333 元 a head: 深度困难
    with pytest.raises(ValidationError) as refused:
        edit(file, household_annual_income=Decimal("30000"))
    assert "category_reason" in refused.value.message_dict
    file = edit(file, household_annual_income=Decimal("30000"), category=Category.RELATIVE)
    assert (file.suggested_category, file.per_capita_monthly) == (
        Category.RELATIVE,
        Decimal("833.33"),
    )


def test_members_added_changed_and_removed_keep_the_registry_in_step(tree, standards):
    file = apply(tree.union_a1, 1, family=[relative(2)], size=4)
    spouse = file.family.get()
    spouse.id_number = relative(3).id_number  # a typing error corrected
    child = relative(4, name="王小明", relation="child")
    file = edit(file, family=[spouse, child])
    assert set(FilePerson.objects.filter(file=file).values_list("id_number", flat=True)) == {
        file.id_number,
        relative(3).id_number,
        relative(4).id_number,
    }
    file = edit(file, family=[child])
    assert not FamilyMember.objects.filter(pk=spouse.pk).exists()
    # The removed spouse is free to be filed elsewhere.
    apply(tree.union_b1, 5, name="李秀英", id_number=relative(3).id_number)


def test_a_member_in_another_open_file_cannot_be_added(tree, standards):
    other = apply(tree.union_b1, 9)
    file = apply(tree.union_a1, 1)
    newcomer = relative(5, name="王建设")
    newcomer.id_number = other.id_number
    with pytest.raises(ValidationError, match="王建设 is already in another open"):
        edit(file, family=[newcomer])
    assert FilePerson.objects.filter(file=file).count() == 1


def test_editing_leaves_the_status_and_the_keeping_union_alone(tree, standards):
    file = on_file(apply(tree.union_a1, 1))
    copy = HardshipFile.objects.get(pk=file.pk)
    copy.status, copy.org, copy.filed_on = FileStatus.APPLIED, tree.union_b1, None
    copy.phone = "13800000000"
    file = services.update_file(file=copy, family=[], actor=None)
    file.refresh_from_db()
    assert (file.status, file.org, file.phone) == (FileStatus.ACTIVE, tree.union_a1, "13800000000")
    assert file.filed_on == APPLIED + datetime.timedelta(12)


def test_a_closed_file_is_not_edited(tree, standards):
    file = on_file(apply(tree.union_a1, 1))
    services.review_file(
        file=file,
        actor=None,
        outcome=ReviewOutcome.RELIEVED,
        reviewed_on=APPLIED + datetime.timedelta(100),
        opinion="已再就业",
    )
    with pytest.raises(ValidationError, match="Cannot edit"):
        edit(file, phone="13800000000")


def test_another_township_cannot_edit_the_file(tree, personas, standards):
    file = apply(tree.union_a1, 1)
    with pytest.raises(OutOfScope):
        edit(file, actor=personas["other_township_staff"], phone="13800000000")


def test_a_member_of_another_file_cannot_be_taken_over(tree, standards):
    other = apply(tree.union_b1, 9, family=[relative(8)])
    file = apply(tree.union_a1, 1)
    with pytest.raises(ValidationError, match="another file"):
        edit(file, family=[other.family.get()])
