"""A person is in at most one open hardship file, as the worker or as a family member: the
service refuses the second with the person named, and the database refuses it on its own."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.aid.choices import FileStatus
from apps.aid.models import FilePerson, HardshipFile
from apps.membership.models import Member
from tests.aid.helpers import APPLIED, apply, relative
from tests.membership.helpers import id_number, make_member


def test_a_second_open_file_for_the_worker_is_refused(tree, standards):
    apply(tree.union_a1, 1)
    with pytest.raises(ValidationError) as refused:
        apply(tree.union_b1, 1, name="王建国")
    assert refused.value.message_dict == {
        "id_number": ["王建国 is already in another open hardship file."]
    }
    assert HardshipFile.objects.count() == 1


def test_a_family_member_of_one_file_cannot_head_another(tree, standards):
    spouse = relative(2)
    apply(tree.union_a1, 1, family=[spouse])
    with pytest.raises(ValidationError, match="李秀英 is already in another open"):
        apply(tree.union_b1, 3, name="李秀英", id_number=relative(2).id_number)


def test_the_worker_of_one_file_cannot_be_listed_in_another(tree, standards):
    apply(tree.union_a1, 1)
    worker_as_relative = relative(9, name="王建国")
    worker_as_relative.id_number = id_number(1)
    with pytest.raises(ValidationError, match="王建国 is already in another open"):
        apply(tree.union_b1, 3, name="赵敏", family=[worker_as_relative])
    assert HardshipFile.objects.count() == 1 and FilePerson.objects.count() == 1


def test_a_legacy_15_digit_number_is_the_same_person(tree, standards):
    eighteen = id_number(1, born=__import__("datetime").date(1965, 6, 1))
    apply(tree.union_a1, 1, id_number=eighteen)
    fifteen = eighteen[:6] + eighteen[8:17]
    with pytest.raises(ValidationError, match="already in another open"):
        apply(tree.union_b1, 2, id_number=fifteen)


def test_a_wrong_id_number_is_refused(tree, standards):
    number = id_number(1)
    with pytest.raises(ValidationError) as refused:
        apply(tree.union_a1, 1, id_number=number[:-1] + ("1" if number[-1] != "1" else "2"))
    assert "id_number" in refused.value.message_dict


def test_the_same_person_twice_in_one_household_is_refused(tree, standards):
    with pytest.raises(ValidationError) as refused:
        apply(tree.union_a1, 1, family=[relative(2), relative(2, name="李秀")])
    assert "family" in refused.value.message_dict


def test_the_database_refuses_a_second_open_entry_for_a_person(tree, standards):
    file = apply(tree.union_a1, 1)
    other = apply(tree.union_b1, 2)
    with pytest.raises(IntegrityError, match="aid_person_in_one_open_file"), transaction.atomic():
        FilePerson.objects.create(file=other, id_number=file.id_number, name=file.name)
    # Closed entries do not count.
    FilePerson.objects.create(file=other, id_number=file.id_number, name=file.name, open=False)


def test_after_a_file_closes_the_person_may_apply_again(tree, standards):
    from apps.aid import services

    file = apply(tree.union_a1, 1)
    services.unit_review(
        file=file, actor=None, approved=False, acted_on=APPLIED, opinion="材料不全"
    )
    again = apply(tree.union_a1, 1)
    assert again.status == FileStatus.APPLIED and again.pk != file.pk


def test_members_are_linked_to_their_member_records(tree, standards):
    member = make_member(tree.union_a1, "王建国", serial=1)
    file = apply(tree.union_a1, 1, family=[relative(2)])
    assert file.member == member
    assert file.family.get().member is None
    assert Member.objects.get(pk=member.pk).hardship_files.get() == file
