"""The member list's .xlsx export: the rows of `MemberFilter` for the same query string, with
the column headers of the national real-name member template (实名制会员模板).

Masking (see `masking`) travels with the queryset: `base_queryset(user)` annotates each row with
whether its numbers are shown in full, so a background export job, which re-runs the filter for
the user who started it, masks exactly as the inline download does. The roster export masks
for everyone; `MEMBER_FULL_EXPORTER` (kind "members_full") gives full numbers to users who may
reveal, and is started only by the logged choice on the list page (`views.member_export_full`).
"""

from django.db.models import BooleanField, Value

from apps.core.ledgers import Exporter, register, zh_choices
from apps.core.xlsx.columns import BOOL, CHOICE, DATE, ID_TEXT, Column, SheetSpec

from . import choices
from .filters import MemberFilter
from .masking import can_reveal, shown_id_number, shown_phone
from .models import Member


def member_export_spec():
    return SheetSpec(
        kind="members",
        title="会员名册",
        columns=[
            Column("name", "姓名", width=12),
            Column("sex", "性别", kind=CHOICE, choices=zh_choices(choices.Sex), width=6),
            Column("birth_date", "出生日期", kind=DATE, width=12),
            Column(
                "ethnicity", "民族", kind=CHOICE, choices=zh_choices(choices.Ethnicity), width=8
            ),
            Column("employment", "就业情况", kind=CHOICE, choices=zh_choices(choices.Employment)),
            Column("id_type", "证件类型", kind=CHOICE, choices=zh_choices(choices.IdType)),
            Column("id_number", "证件号码", kind=ID_TEXT, width=22),
            Column("card_no", "会员卡号", kind=ID_TEXT),
            Column("education", "学历", kind=CHOICE, choices=zh_choices(choices.Education)),
            Column("skill_level", "技能等级", kind=CHOICE, choices=zh_choices(choices.SkillLevel)),
            Column("phone", "手机号", kind=ID_TEXT, width=14),
            Column(
                "household_type",
                "户籍类型",
                kind=CHOICE,
                choices=zh_choices(choices.HouseholdType),
            ),
            Column("status", "会籍状态", kind=CHOICE, choices=zh_choices(choices.MemberStatus)),
            Column(
                "political_status",
                "政治面貌",
                kind=CHOICE,
                choices=zh_choices(choices.PoliticalStatus),
            ),
            Column("work_unit", "工作单位", width=28),
            Column("union", "所属工会", width=28),
            Column("is_migrant", "是否农民工会员", kind=BOOL),
            Column(
                "new_form_group",
                "新就业形态群体",
                kind=CHOICE,
                choices=zh_choices(choices.NewFormGroup),
            ),
            Column("joined_on", "入会日期", kind=DATE, width=12),
        ],
    )


def member_export_queryset(user, *, full=False):
    reveal = full and can_reveal(user)
    return (
        Member.objects.visible_to(user)
        .select_related("union", "employer")
        .annotate(reveal_identity=Value(reveal, output_field=BooleanField()))
    )


def full_export_queryset(user):
    return member_export_queryset(user, full=True)


def member_row(member):
    reveal = member.reveal_identity
    return {
        "name": member.name,
        "sex": member.sex,
        "birth_date": member.birth_date,
        "ethnicity": member.ethnicity,
        "employment": member.employment,
        "id_type": member.id_type,
        "id_number": shown_id_number(member.id_number, reveal),
        "card_no": member.card_no,
        "education": member.education,
        "skill_level": member.skill_level,
        "phone": shown_phone(member.phone, reveal),
        "household_type": member.household_type,
        "status": member.status,
        "political_status": member.political_status,
        "work_unit": member.work_unit or (member.employer.name if member.employer else ""),
        "union": member.union.name,
        "is_migrant": member.is_migrant,
        "new_form_group": member.new_form_group,
        "joined_on": member.joined_on,
    }


MEMBER_EXPORTER = Exporter(
    kind="members",
    title="会员名册",
    spec=member_export_spec,
    filterset_class=MemberFilter,
    base_queryset=member_export_queryset,
    row=member_row,
)
MEMBER_FULL_EXPORTER = Exporter(
    kind="members_full",
    title="会员名册（含完整证件号码）",
    spec=member_export_spec,
    filterset_class=MemberFilter,
    base_queryset=full_export_queryset,
    row=member_row,
)
register(exporters=[MEMBER_EXPORTER, MEMBER_FULL_EXPORTER])
