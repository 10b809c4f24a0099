"""The 金秋助学 and 职工医疗互助 ledgers (exports only: applications and claims go through their
steps on the pages): school aid applications, enrolments by employer and year, claims. Each
holds exactly the rows its list shows for the same filter (its FilterSet). Sensitive columns
(ID numbers, a claim's illness, `masking.py`) are exported masked, for every role, as the
default aid exports are. Imported by `spreadsheets.py`, which the portal imports at start."""

from apps.core.ledgers import Exporter, register
from apps.core.ledgers import zh_choices as zh
from apps.core.xlsx.columns import CHOICE, DATE, DECIMAL, ID_TEXT, INT, Column, SheetSpec

from . import choices, masking
from .filters import ClaimFilter, EnrolmentFilter, SchoolAidFilter
from .models import MutualAidClaim, MutualAidEnrolment, SchoolAidApplication


def _choice(key, label, choices_class):
    return Column(key, label, (), kind=CHOICE, choices=zh(choices_class))


def _money(key, label):
    return Column(key, label, (), kind=DECIMAL)


def _int(key, label):
    return Column(key, label, (), kind=INT)


# 金秋助学 ------------------------------------------------------------------------------------


def school_aid_spec():
    return SheetSpec(
        kind="aid_school_aid",
        title="金秋助学申请台账",
        columns=[
            Column("programme", "助学项目", (), width=28),
            _int("school_year", "资助学年"),
            Column("file_no", "档案编号", ()),
            Column("parent", "困难职工姓名", ()),
            Column("org", "建档工会", (), width=24),
            Column("student_name", "学生姓名", ()),
            Column("student_id_number", "学生身份证号", (), kind=ID_TEXT, width=22),
            Column("school", "就读学校", (), width=24),
            _choice("level", "就读层次", choices.StudentLevel),
            _int("admission_year", "入学年份"),
            _money("amount", "资助金额（元）"),
            Column("applied_on", "申请日期", (), kind=DATE),
            Column("publicity", "公示期", (), width=24),
            Column("decided_on", "审批日期", (), kind=DATE),
            _choice("status", "状态", choices.SchoolAidStatus),
        ],
    )


def school_aid_queryset(user):
    return SchoolAidApplication.objects.visible_to(user).select_related("programme", "file__org")


def school_aid_row(application):
    starts, ends = application.publicity_starts_on, application.publicity_ends_on
    row = {
        "programme": application.programme.name,
        "school_year": application.school_year,
        "file_no": application.file.file_no,
        "parent": application.file.name,
        "org": application.file.org.name,
        "student_name": application.student_name,
        "student_id_number": application.student_id_number,
        "school": application.school,
        "level": application.level,
        "admission_year": application.admission_year,
        "amount": application.amount,
        "applied_on": application.applied_on,
        "publicity": f"{starts:%Y-%m-%d}至{ends:%Y-%m-%d}" if starts and ends else "",
        "decided_on": application.decided_on,
        "status": application.status,
    }
    return masking.mask_values(row, masking.SCHOOL_AID_SENSITIVE, reveal=False)


SCHOOL_AID_EXPORTER = Exporter(
    kind="aid_school_aid",
    title="金秋助学申请台账",
    spec=school_aid_spec,
    filterset_class=SchoolAidFilter,
    base_queryset=school_aid_queryset,
    row=school_aid_row,
)


# 职工医疗互助 --------------------------------------------------------------------------------


def enrolment_spec():
    return SheetSpec(
        kind="aid_mutual_enrolments",
        title="职工医疗互助参保台账",
        columns=[
            _int("year", "年度"),
            Column("employer", "用人单位", (), width=28),
            Column("org", "工会", (), width=24),
            _int("workers", "参加职工（人次）"),
            _money("contribution_per_head", "人均互助金（元）"),
            _money("contribution_total", "互助金合计（元）"),
            Column("enrolled_on", "参加日期", (), kind=DATE),
        ],
    )


def enrolment_queryset(user):
    return MutualAidEnrolment.objects.visible_to(user).select_related("org", "employer")


def enrolment_row(enrolment):
    return {
        "year": enrolment.year,
        "employer": enrolment.employer.name,
        "org": enrolment.org.name,
        "workers": enrolment.workers,
        "contribution_per_head": enrolment.contribution_per_head,
        "contribution_total": enrolment.contribution_total,
        "enrolled_on": enrolment.enrolled_on,
    }


ENROLMENT_EXPORTER = Exporter(
    kind="aid_mutual_enrolments",
    title="职工医疗互助参保台账",
    spec=enrolment_spec,
    filterset_class=EnrolmentFilter,
    base_queryset=enrolment_queryset,
    row=enrolment_row,
)


def claim_spec():
    return SheetSpec(
        kind="aid_mutual_claims",
        title="职工医疗互助金申领台账",
        columns=[
            _int("year", "年度"),
            Column("employer", "用人单位", (), width=28),
            Column("person_name", "姓名", ()),
            Column("id_number", "身份证号", (), kind=ID_TEXT, width=22),
            _choice("illness", "病种", choices.IllnessCategory),
            _money("expenses", "医疗费用（元）"),
            _money("amount", "互助金（元）"),
            Column("applied_on", "申请日期", (), kind=DATE),
            _choice("status", "状态", choices.ClaimStatus),
            Column("decided_on", "审批日期", (), kind=DATE),
            Column("opinion", "审批意见", (), width=28),
        ],
    )


def claim_queryset(user):
    return MutualAidClaim.objects.visible_to(user).select_related("enrolment__employer")


def claim_row(claim):
    row = {
        "year": claim.enrolment.year,
        "employer": claim.enrolment.employer.name,
        "person_name": claim.person_name,
        "id_number": claim.id_number,
        "illness": claim.illness,
        "expenses": claim.expenses,
        "amount": claim.amount,
        "applied_on": claim.applied_on,
        "status": claim.status,
        "decided_on": claim.decided_on,
        "opinion": claim.opinion,
    }
    return masking.mask_values(row, masking.CLAIM_SENSITIVE, reveal=False)


CLAIM_EXPORTER = Exporter(
    kind="aid_mutual_claims",
    title="职工医疗互助金申领台账",
    spec=claim_spec,
    filterset_class=ClaimFilter,
    base_queryset=claim_queryset,
    row=claim_row,
)

register(exporters=[SCHOOL_AID_EXPORTER, ENROLMENT_EXPORTER, CLAIM_EXPORTER])
