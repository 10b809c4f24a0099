"""Building 金秋助学 applications and 职工医疗互助 records through the services, as staff would
(for the page, API and indicator tests of both)."""

import datetime
from decimal import Decimal

from apps.aid import services
from apps.aid.choices import (
    FundSource,
    IllnessCategory,
    ProgrammeKind,
    Relation,
    SchoolingLevel,
)
from apps.aid.models import (
    AidProgramme,
    MutualAidClaim,
    MutualAidEnrolment,
    MutualAidSettings,
    SchoolAidApplication,
)
from tests.aid.helpers import apply, on_file, relative
from tests.membership.helpers import id_number

APPLIED = datetime.date(2025, 8, 20)
DAY = datetime.timedelta(days=1)


def school_programme(org, name="2025年金秋助学", year=2025, **fields):
    return services.save_programme(
        programme=AidProgramme(
            org=org,
            year=year,
            kind=ProgrammeKind.AUTUMN_SCHOOLING,
            name=name,
            budget=Decimal("100000"),
            standard_amount=Decimal("5000"),
            fund_sources=[FundSource.UNION_OWN],
            **fields,
        ),
        actor=None,
    )


def household_with_student(union, serial, *, parent="王建国", **student):
    """A household on file whose child studies at 山西大学 (本科, admitted 2024)."""
    values = {
        "relation": Relation.CHILD,
        "name": "王小明",
        "schooling_level": SchoolingLevel.BACHELOR,
        "work_unit": "山西大学",
        "admission_year": 2024,
    }
    values.update(student)
    return on_file(apply(union, serial, name=parent, family=[relative(serial + 300, **values)]))


def applying(file, programme, actor=None, applied_on=APPLIED, **fields):
    return services.apply_for_school_aid(
        application=SchoolAidApplication(
            file=file,
            programme=programme,
            student=file.family.get(),
            applied_on=applied_on,
            **fields,
        ),
        actor=actor,
    )


def through_publicity(application, actor=None, day=APPLIED):
    application = services.start_school_aid_publicity(
        application=application, actor=actor, starts_on=day + DAY, ends_on=day + 6 * DAY
    )
    return services.close_school_aid_publicity(
        application=application, actor=actor, closed_on=day + 7 * DAY
    )


def approving(application, actor=None, day=APPLIED):
    return services.approve_school_aid(
        application=application, actor=actor, approved=True, acted_on=day + 8 * DAY, opinion="同意"
    )


def caps(year=2025, per_claim="5000", per_year="8000", per_head="30"):
    return services.save_mutual_aid_settings(
        settings_row=MutualAidSettings(
            year=year,
            contribution_per_head=Decimal(per_head),
            cap_per_claim=Decimal(per_claim),
            cap_per_person_year=Decimal(per_year),
        ),
        actor=None,
    )


def enrol(union, employer, year=2025, workers=120, day=None, per_head=None):
    return services.enrol_employer(
        enrolment=MutualAidEnrolment(
            org=union,
            employer=employer,
            year=year,
            workers=workers,
            contribution_per_head=Decimal(per_head) if per_head else None,
            enrolled_on=day or datetime.date(year, 3, 1),
        ),
        actor=None,
    )


def claim(enrolment, amount, *, serial=1, expenses="60000", name="赵大勇", day=None, actor=None):
    return services.record_claim(
        claim=MutualAidClaim(
            enrolment=enrolment,
            person_name=name,
            id_number=id_number(serial),
            illness=IllnessCategory.CANCER,
            expenses=Decimal(expenses),
            amount=Decimal(amount),
            applied_on=day or datetime.date(enrolment.year, 6, 1),
        ),
        actor=actor,
    )


def decide(claim, approved=True, day=None, actor=None, opinion=""):
    return services.approve_claim(
        claim=claim,
        actor=actor,
        approved=approved,
        decided_on=day or claim.applied_on + DAY,
        opinion=opinion or ("同意" if approved else "不符合互助条件"),
    )
