"""金秋助学: a student of a household on file, through public notice and approval; not aided
twice in a school year by two programmes that hold the rule; a programme may turn it off."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, InternalError, transaction

from apps.aid import services
from apps.aid.choices import (
    FundSource,
    ProgrammeKind,
    Relation,
    SchoolAidStatus,
    SchoolAidStepKind,
    SchoolingLevel,
    StudentLevel,
)
from apps.aid.models import AidProgramme, SchoolAidApplication, SchoolAidStep
from apps.core.scoping import OutOfScope
from tests.aid.helpers import apply, on_file, relative

pytestmark = pytest.mark.django_db

APPLIED = datetime.date(2025, 8, 20)


def school_programme(org, name="2025年金秋助学", **fields):
    return services.save_programme(
        programme=AidProgramme(
            org=org,
            year=2025,
            kind=ProgrammeKind.AUTUMN_SCHOOLING,
            name=name,
            budget=Decimal("100000"),
            standard_amount=Decimal("5000"),
            fund_sources=[FundSource.UNION_OWN],
            **fields,
        ),
        actor=None,
    )


def family_with_student(union, serial, **student):
    values = {
        "relation": Relation.CHILD,
        "name": "王小明",
        "schooling_level": SchoolingLevel.BACHELOR,
        "work_unit": "山西大学",
        "admission_year": 2024,
    }
    values.update(student)
    return on_file(apply(union, serial, family=[relative(serial + 300, **values)]))


def applying(file, programme, actor=None, **fields):
    return services.apply_for_school_aid(
        application=SchoolAidApplication(
            file=file, programme=programme, student=file.family.get(), applied_on=APPLIED, **fields
        ),
        actor=actor,
    )


def through_publicity(application, actor=None):
    application = services.start_school_aid_publicity(
        application=application,
        actor=actor,
        starts_on=APPLIED + datetime.timedelta(1),
        ends_on=APPLIED + datetime.timedelta(6),
    )
    return services.close_school_aid_publicity(
        application=application, actor=actor, closed_on=APPLIED + datetime.timedelta(7)
    )


def approving(application, actor=None, approved=True, opinion=""):
    return services.approve_school_aid(
        application=application,
        actor=actor,
        approved=approved,
        acted_on=APPLIED + datetime.timedelta(8),
        opinion=opinion,
    )


@pytest.fixture
def programmes(tree, standards):
    return school_programme(tree.county), school_programme(tree.township_a, name="城关镇助学")


def test_a_student_goes_through_public_notice_and_approval_with_each_step_logged(
    tree, personas, programmes
):
    file = family_with_student(tree.union_a1, 1)
    application = applying(file, programmes[0], personas["township_staff"])
    assert application.student_name == "王小明"
    assert (application.school, application.level) == ("山西大学", StudentLevel.BACHELOR)
    assert (application.admission_year, application.school_year) == (2024, 2025)
    assert application.amount == Decimal("5000")
    application = through_publicity(application, personas["township_staff"])
    assert application.status == SchoolAidStatus.PUBLICIZED
    with pytest.raises(PermissionDenied):
        approving(application, personas["township_staff"])
    application = approving(application, personas["county_admin"], opinion="同意")
    assert application.status == SchoolAidStatus.APPROVED
    kinds = list(application.steps.values_list("kind", flat=True))
    assert kinds == [
        SchoolAidStepKind.APPLY,
        SchoolAidStepKind.PUBLICITY_START,
        SchoolAidStepKind.PUBLICITY_END,
        SchoolAidStepKind.APPROVAL,
    ]
    step = application.steps.last()
    assert step.acting_org == tree.county and step.actor == personas["county_admin"]
    with pytest.raises(InternalError, match="Cannot update"), transaction.atomic():
        SchoolAidStep.objects.filter(pk=step.pk).update(opinion="改")


def test_only_a_student_at_an_aided_level_of_a_household_on_file(tree, programmes):
    pupil = family_with_student(tree.union_a1, 2, schooling_level=SchoolingLevel.PRIMARY)
    with pytest.raises(ValidationError, match="undergraduate, junior college"):
        applying(pupil, programmes[0])
    waiting = apply(tree.union_a1, 3, family=[relative(303, relation=Relation.CHILD)])
    with pytest.raises(ValidationError, match="Only a household on file"):
        services.apply_for_school_aid(
            application=SchoolAidApplication(
                file=waiting,
                programme=programmes[0],
                student=waiting.family.get(),
                applied_on=APPLIED,
                level=StudentLevel.SENIOR,
                school="县一中",
                admission_year=2025,
            ),
            actor=None,
        )


def test_a_student_aided_by_one_programme_is_refused_by_another_of_the_same_school_year(
    tree, programmes
):
    file = family_with_student(tree.union_a1, 4)
    first = through_publicity(applying(file, programmes[0]))
    second = through_publicity(applying(file, programmes[1]))
    first = approving(first)
    with pytest.raises(ValidationError) as refused:
        approving(second)
    message = refused.value.message_dict["student"][0]
    assert "already aided in the 2025 school year" in message and "2025年金秋助学" in message
    second.refresh_from_db()
    assert second.status == SchoolAidStatus.PUBLICIZED
    # Applied for anew once the first is approved: refused at once, naming it.
    third = school_programme(tree.county, name="第三个助学项目")
    with pytest.raises(ValidationError, match="already aided"):
        applying(file, third)
    # The database holds the rule on its own.
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolAidApplication.objects.filter(pk=second.pk).update(status=SchoolAidStatus.APPROVED)
    assert first.status == SchoolAidStatus.APPROVED


def test_a_programme_that_turns_the_rule_off_aids_alongside(tree, programmes):
    file = family_with_student(tree.union_a1, 5)
    approving(through_publicity(applying(file, programmes[0])))
    top_up = school_programme(tree.county, name="爱心企业助学", one_school_aid_per_year=False)
    assert approving(through_publicity(applying(file, top_up))).status == SchoolAidStatus.APPROVED
    # Another school year is another period.
    next_year = through_publicity(applying(file, programmes[1], school_year=2026))
    assert approving(next_year).status == SchoolAidStatus.APPROVED


def test_a_refusal_states_its_opinion_and_frees_the_student(tree, programmes):
    file = family_with_student(tree.union_a1, 6)
    application = through_publicity(applying(file, programmes[0]))
    with pytest.raises(ValidationError, match="states its opinion"):
        approving(application, approved=False)
    approving(application, approved=False, opinion="已获其他资助")
    assert applying(file, programmes[0]).status == SchoolAidStatus.APPLIED


def test_another_townships_file_is_out_of_scope(tree, personas, programmes):
    file = family_with_student(tree.union_b1, 7)
    with pytest.raises(OutOfScope):
        applying(file, programmes[0], personas["township_staff"])
    application = applying(file, programmes[0], personas["other_township_staff"])
    with pytest.raises(OutOfScope):
        through_publicity(application, personas["township_staff"])
