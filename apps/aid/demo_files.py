"""The demo county's hardship files and their logs (see `demo.py`): each household through
the national workflow, its December reviews, closings and relapses, cut off at the demo's
"today"."""

import datetime
from collections import defaultdict
from decimal import Decimal

from apps.core.demo import person_name, reserve_ids
from apps.core.validators import id_check_char
from apps.membership.choices import HouseholdType as MemberHouseholdType
from apps.membership.demo import AS_OF

from . import rules
from .choices import (
    Category,
    Cause,
    FileOrigin,
    FileStatus,
    HouseholdType,
    ObjectionDecision,
    PersonKind,
    Relation,
    ReviewKind,
    ReviewOutcome,
    SchoolingLevel,
    StandardArea,
    StepKind,
    WorkStatus,
)
from .models import (
    FamilyMember,
    FileObjection,
    FilePerson,
    FileStep,
    HardshipFile,
)

FIRST_YEAR = 2021
SHARE = 0.015  # of the members, a household each
FAMILY_REGION = "341102"  # family members' ID numbers: a district no member is born in
DAY = datetime.timedelta(days=1)
CAUSES = [
    (Cause.SERIOUS_ILLNESS, 30),
    (Cause.LAID_OFF, 20),
    (Cause.SCHOOLING, 15),
    (Cause.NO_WORK_CAPACITY, 10),
    (Cause.NOT_EMPLOYED, 8),
    (Cause.ACCIDENT, 7),
    (Cause.DISASTER, 3),
    (Cause.INSURANCE_UNPAID, 4),
    (Cause.OTHER, 3),
]
WORK = [
    (WorkStatus.IN_POST, 45),
    (WorkStatus.LAID_OFF, 20),
    (WorkStatus.SICK_LEAVE, 15),
    (WorkStatus.FLEXIBLE, 10),
    (WorkStatus.RETIRED, 10),
]
# (outcome, weight) of a December review of a file on record
REVIEWS = [
    (ReviewOutcome.MAINTAIN, 72),
    (ReviewOutcome.ADJUST_CATEGORY, 5),
    (ReviewOutcome.RELIEVED, 17),
    (ReviewOutcome.DECEASED, 2),
    (ReviewOutcome.NOT_ELIGIBLE, 4),
]
CLOSING = {
    ReviewOutcome.RELIEVED: FileStatus.RELIEVED,
    ReviewOutcome.DECEASED: FileStatus.DECEASED,
    ReviewOutcome.NOT_ELIGIBLE: FileStatus.WITHDRAWN,
}
RELAPSE_SHARE = 0.12  # of the households out of hardship, in a later year


def pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def standard(year, area):
    """The demo county's 低保标准 of a year (yuan per person and month)."""
    base = 640 if area == StandardArea.URBAN else 500
    return Decimal(base + 30 * (year - FIRST_YEAR))


class Files:
    """Makes the households' files and their logs in memory, then writes them in bulk."""

    def __init__(self, rng, *, admin, county):
        self.rng, self.admin, self.county = rng, admin, county
        self.files, self.family, self.steps, self.objections = [], [], [], []
        self.on_record = {}  # file → [(first day, last day)] on record
        self.numbers = defaultdict(int)
        self.family_ids = set()

    def family_id(self, born, female):
        serial = 0
        while True:
            serial += 1
            sequence = (self.rng.randrange(1, 500) * 2 + (0 if female else 1)) % 1000
            first17 = f"{FAMILY_REGION}{born:%Y%m%d}{sequence:03d}"
            number = first17 + id_check_char(first17)
            if number not in self.family_ids or serial > 50:
                self.family_ids.add(number)
                return number

    def relatives(self, head, size, applied_on):
        rng, members = self.rng, []
        for n in range(size - 1):
            if n == 0 and rng.random() < 0.8:
                relation, born = Relation.SPOUSE, head.birth_date + rng.randint(-900, 900) * DAY
            else:
                relation = Relation.CHILD
                born = datetime.date(
                    rng.randint(2002, 2020), rng.randint(1, 12), rng.randint(1, 28)
                )
            female = rng.random() < 0.5 if relation == Relation.CHILD else head.sex == "1"
            member = FamilyMember(
                name=person_name(rng),
                relation=relation,
                id_number=self.family_id(born, female),
                sex="2" if female else "1",
                birth_date=born,
                monthly_income=Decimal(rng.choice((0, 0, 800, 1200)))
                if relation == Relation.SPOUSE
                else Decimal(0),
            )
            age = AS_OF.year - born.year
            if relation == Relation.CHILD and 6 <= age <= 22:
                member.schooling_level = (
                    SchoolingLevel.PRIMARY
                    if age < 12
                    else SchoolingLevel.JUNIOR
                    if age < 15
                    else rng.choice((SchoolingLevel.SENIOR, SchoolingLevel.SECONDARY_VOCATIONAL))
                    if age < 18
                    else rng.choice((SchoolingLevel.BACHELOR, SchoolingLevel.JUNIOR_COLLEGE))
                )
                member.admission_year = born.year + (
                    6 if age < 12 else 12 if age < 15 else 15 if age < 18 else 18
                )
                member.work_unit = "清河县第一中学" if age < 18 else "安徽某高校"
            members.append(member)
        return members

    def assess(self, file, year):
        """Income, the year's standard and the category the rules give (意外致困 above twice)."""
        rng = self.rng
        area = rules.standard_area(file.household_type)
        line = standard(year, area) * 12 * file.household_size
        target = pick(rng, [(0.7, 25), (1.5, 65), (2.4, 10)])
        income = (line * Decimal(str(round(target * rng.uniform(0.85, 1.15), 3)))).quantize(
            Decimal(1)
        )
        file.household_annual_income = income
        file.rigid_expenses = Decimal(0)
        file.per_capita_monthly = rules.per_capita_monthly(income, 0, file.household_size)
        file.low_income_standard = standard(year, area)
        suggestion = rules.suggested_category(income, 0, file.household_size, standard(year, area))
        file.suggested_category = suggestion or ""
        file.category = suggestion or Category.ACCIDENT
        if file.category == Category.ACCIDENT:
            file.main_cause = rng.choice((Cause.ACCIDENT, Cause.SERIOUS_ILLNESS, Cause.DISASTER))

    def file_for(self, member, applied_on):
        rng = self.rng
        org = member.union
        self.numbers[(org.code, applied_on.year)] += 1
        number = self.numbers[(org.code, applied_on.year)]
        size = rng.choice((1, 2, 3, 3, 3, 4, 4, 5))
        migrant = member.is_migrant
        file = HardshipFile(
            file_no=f"{org.code}-KN{applied_on.year}-{number:04d}",
            org=org,
            person_kind=PersonKind.MIGRANT if migrant else PersonKind.URBAN,
            file_origin=FileOrigin.EXISTING if applied_on.year < FIRST_YEAR else FileOrigin.NEW,
            name=member.name,
            id_number=member.id_number,
            sex=member.sex,
            birth_date=member.birth_date,
            ethnicity=member.ethnicity,
            political_status=member.political_status,
            phone=member.phone,
            member=member,
            work_status=WorkStatus.MIGRANT if migrant else pick(rng, WORK),
            household_type=HouseholdType.AGRICULTURAL
            if member.household_type == MemberHouseholdType.AGRICULTURAL
            else HouseholdType.NON_AGRICULTURAL,
            work_unit=member.work_unit,
            employer_id=member.employer_id,
            is_single_parent=rng.random() < 0.08,
            monthly_income=Decimal(rng.randint(0, 25) * 100),
            household_size=size,
            main_cause=pick(rng, CAUSES),
            applied_on=applied_on,
            entered_by=self.admin,
            filed_by=member.union.chair_name or person_name(rng),
            status=FileStatus.APPLIED,
        )
        self.assess(file, applied_on.year)
        if file.main_cause == Cause.SERIOUS_ILLNESS:
            file.health = rng.choice(("cancer", "renal", "cardiovascular", "cerebrovascular"))
        family = self.relatives(member, size, applied_on)
        self.files.append(file)
        self.family.extend((file, m) for m in family)
        self.on_record[id(file)] = []
        return file

    def step(self, file, kind, day, to, *, org=None, approved=None, opinion="", **extra):
        self.steps.append(
            FileStep(
                file=file,
                kind=kind,
                acted_on=day,
                from_status=file.status,
                to_status=to,
                acting_org=org or file.org,
                actor=self.admin,
                approved=approved,
                opinion=opinion,
                **extra,
            )
        )
        file.status = to

    def approve(self, file, start):
        """From 申请 (on `start`) to 在档, cut off at "today"; returns the day on record or None."""
        rng, township = self.rng, file.org.township or self.county
        day = start + rng.randint(3, 12) * DAY
        if day > AS_OF:
            return None
        if rng.random() < 0.03:
            self.step(
                file,
                StepKind.UNIT_REVIEW,
                day,
                FileStatus.REFUSED,
                approved=False,
                opinion="家庭收入核实后不符合困难职工认定条件",
            )
            file.closed_on = day
            return None
        self.step(
            file,
            StepKind.UNIT_REVIEW,
            day,
            FileStatus.UNIT_REVIEWED,
            approved=True,
            opinion="情况属实，同意上报",
        )
        day += rng.randint(3, 15) * DAY
        if day > AS_OF:
            return None
        self.step(
            file,
            StepKind.HOME_VISIT,
            day,
            FileStatus.VISITED,
            org=township,
            approved=True,
            opinion="经入户调查，家庭情况与申请一致",
        )
        day += rng.randint(1, 5) * DAY
        if day > AS_OF:
            return None
        file.publicity_starts_on, file.publicity_ends_on = day, day + 7 * DAY
        self.step(file, StepKind.PUBLICITY_START, day, FileStatus.PUBLICITY, org=township)
        upheld = False
        if rng.random() < 0.05:
            raised = day + rng.randint(1, 6) * DAY
            upheld = rng.random() < 0.25
            self.objections.append(
                FileObjection(
                    file=file,
                    raised_on=raised,
                    raised_by="" if rng.random() < 0.5 else person_name(rng),
                    content="反映该户家庭有经营性收入，未如实申报。",
                    decision=ObjectionDecision.UPHELD if upheld else ObjectionDecision.DISMISSED,
                    decided_on=raised + DAY,
                    decision_note="经核实，该户有未申报的经营性收入，不符合条件"
                    if upheld
                    else "经核实，所反映情况不属实",
                    decided_by=self.admin,
                    recorded_by=self.admin,
                )
            )
        day = file.publicity_ends_on + rng.randint(1, 3) * DAY
        if day > AS_OF:
            return None
        if upheld:
            self.step(
                file,
                StepKind.PUBLICITY_END,
                day,
                FileStatus.REFUSED,
                org=township,
                approved=False,
                opinion="经核实，该户有未申报的经营性收入，不符合条件",
            )
            file.closed_on = day
            return None
        self.step(
            file,
            StepKind.PUBLICITY_END,
            day,
            FileStatus.PUBLICIZED,
            org=township,
            approved=True,
            opinion="公示期满无异议",
        )
        day += rng.randint(2, 10) * DAY
        if day > AS_OF:
            return None
        self.step(
            file,
            StepKind.COUNTY_APPROVAL,
            day,
            FileStatus.ACTIVE,
            org=self.county,
            approved=True,
            opinion="同意建档",
        )
        file.filed_on, file.closed_on = day, None
        return day

    def life(self, file):
        """The file's approval, its December reviews and any relapse, up to "today"."""
        rng = self.rng
        filed = self.approve(file, file.applied_on)
        self.step_apply(file)
        while filed is not None:
            year, ended = filed.year, None
            while ended is None:
                review_on = datetime.date(year, 12, rng.randint(1, 20))
                if review_on > AS_OF:
                    self.on_record[id(file)].append((filed, AS_OF))
                    return
                if review_on <= filed + 30 * DAY:
                    year += 1
                    continue
                outcome = pick(rng, REVIEWS)
                township = file.org.township or self.county
                if outcome in CLOSING:
                    opinion = {
                        ReviewOutcome.RELIEVED: "家庭收入已稳定超过认定标准，实现解困脱困",
                        ReviewOutcome.DECEASED: "困难职工本人已去世",
                        ReviewOutcome.NOT_ELIGIBLE: "家庭经济状况好转，不再符合建档条件",
                    }[outcome]
                    self.step(
                        file,
                        StepKind.ANNUAL_REVIEW,
                        review_on,
                        CLOSING[outcome],
                        org=township,
                        outcome=outcome,
                        review_kind=ReviewKind.YEARLY,
                        opinion=opinion,
                        approved=False if outcome == ReviewOutcome.NOT_ELIGIBLE else None,
                    )
                    file.closed_on = ended = review_on
                else:
                    if outcome == ReviewOutcome.ADJUST_CATEGORY:
                        file.category = (
                            Category.RELATIVE if file.category == Category.DEEP else Category.DEEP
                        )
                        file.category_reason = "年度复核：家庭刚性支出变化，调整困难类别"
                    self.step(
                        file,
                        StepKind.ANNUAL_REVIEW,
                        review_on,
                        FileStatus.ACTIVE,
                        org=township,
                        outcome=outcome,
                        review_kind=ReviewKind.YEARLY,
                        opinion="年度复核，情况属实",
                    )
                file.last_reviewed_on = review_on
                year += 1
            self.on_record[id(file)].append((filed, ended - DAY))
            relapse = file.status != FileStatus.DECEASED and rng.random() < RELAPSE_SHARE
            relapse_on = datetime.date(ended.year + 1, rng.randint(2, 10), rng.randint(1, 28))
            if not relapse or relapse_on > AS_OF:
                return
            self.step(
                file,
                StepKind.ANNUAL_REVIEW,
                relapse_on,
                FileStatus.APPLIED,
                org=file.org.township or self.county,
                outcome=ReviewOutcome.RELAPSE,
                review_kind=ReviewKind.CHANGE,
                opinion="家庭成员患重病，再次陷入困难",
            )
            file.file_origin, file.closed_on, file.filed_on = FileOrigin.RELAPSED, None, None
            file.last_reviewed_on = relapse_on
            filed = self.approve(file, relapse_on)

    def step_apply(self, file):
        """The application itself, first in the log (written after the later steps are made,
        and put first by its date)."""
        self.steps.append(
            FileStep(
                file=file,
                kind=StepKind.APPLY,
                acted_on=file.applied_on,
                from_status="",
                to_status=FileStatus.APPLIED,
                acting_org=file.org,
                actor=self.admin,
            )
        )

    def save(self):
        ids = iter(reserve_ids(HardshipFile, len(self.files)))
        for file in self.files:
            file.pk = next(ids)
            # bulk_create skips save(): the name's readings as save() stores them.
            file.name_pinyin, file.name_initials = file.name_readings()
        HardshipFile.objects.bulk_create(self.files, batch_size=1000)
        for file, member in self.family:
            member.file = file
        FamilyMember.objects.bulk_create([m for _f, m in self.family], batch_size=2000)
        open_ = {
            FileStatus.APPLIED,
            FileStatus.UNIT_REVIEWED,
            FileStatus.VISITED,
            FileStatus.PUBLICITY,
            FileStatus.PUBLICIZED,
            FileStatus.ACTIVE,
        }
        people = [
            FilePerson(file=f, id_number=f.id_number, name=f.name, open=f.status in open_)
            for f in self.files
        ]
        people += [
            FilePerson(
                file=f, family_member=m, id_number=m.id_number, name=m.name, open=f.status in open_
            )
            for f, m in self.family
        ]
        FilePerson.objects.bulk_create(people, batch_size=2000)
        # The application first, then the steps in the order they happened.
        self.steps.sort(key=lambda s: (s.file.pk, s.acted_on, s.kind != StepKind.APPLY))
        FileStep.objects.bulk_create(self.steps, batch_size=2000)
        FileObjection.objects.bulk_create(self.objections, batch_size=1000)
