"""The registry's ledgers: the model-worker database (先进个人) and the collective database
(先进集体), each a template to import and a list to export, and the awards list's export.

A 先进个人 row is a person and, optionally, one honour of theirs: a person with three honours
is three rows with the same ID number (the first creates the file, later rows and later files
add honours to it). A 先进集体 row is a collective and, optionally, one honour. Both imports are
set-based, in `registry_import.py` (registered from there): every row checked by the rules the
web forms and the services enforce, named the same way, the records and honours written in
bulk; a file with any bad row saves nothing. The 级别 column, when filled, must be the honour's
own. This module keeps the sheets, the exports and the rules a row's honour is read by.

ID numbers and phones are exported in full only to users who may reveal them (as members').
"""

from django.db.models import BooleanField, Prefetch, Value
from django.utils.translation import gettext as _

from apps.core.ledgers import Exporter, register, zh_choices
from apps.core.masking import can_reveal, shown_id_number, shown_phone
from apps.core.xlsx.columns import BOOL, CHOICE, DATE, ID_TEXT, INT, Column, SheetSpec

from .choices import CollectiveKind, Employment, Level, PersonCategory
from .filters import AwardFilter, CollectiveFilter, ModelWorkerFilter
from .models import Collective, HonourAward, ModelWorker

LEVEL_ALIASES = (
    ("1", "国家级"),
    ("1", "全国级"),
    ("2", "省级"),
    ("2", "省部级"),
    ("3", "市级"),
    ("3", "地市级"),
    ("3", "州级"),
    ("4", "县级"),
    ("4", "区县级"),
)
EMPLOYMENT_ALIASES = (("retired", "离退休"), ("retired", "离休"), ("in_post", "在岗"))


def honour_columns():
    return [
        Column("honour", "荣誉称号", ("称号", "荣誉名称"), width=22, help="荣誉类型表中的名称"),
        Column(
            "level",
            "级别",
            ("荣誉级别",),
            kind=CHOICE,
            choices=zh_choices(Level) + LEVEL_ALIASES,
            help="可留空；填写时须与荣誉称号的级别一致",
        ),
        Column("year", "获得年份", ("年度", "表彰年份"), kind=INT),
        Column("conferred_on", "授予日期", ("表彰日期", "获得时间"), kind=DATE),
        Column("document_no", "表彰文号", ("文号",), width=22),
        Column("certificate_no", "证书编号", ("证书号",)),
        Column("deeds", "主要事迹", ("事迹",), width=40),
    ]


def worker_spec():
    return SheetSpec(
        kind="model_workers",
        title="先进个人",
        columns=[
            Column("name", "姓名", (), required=True),
            Column(
                "id_number",
                "身份证号",
                ("身份证号码", "证件号码"),
                kind=ID_TEXT,
                required=True,
                width=22,
            ),
            Column("sex", "性别", (), help="导出用；导入时按身份证号推定"),
            Column("org_code", "管理工会代码", ("工会代码", "所属工会代码"), required=True),
            Column(
                "person_category",
                "人员类别",
                ("类别",),
                kind=CHOICE,
                choices=zh_choices(PersonCategory),
                required=True,
            ),
            Column("work_unit", "工作单位", ("单位",), width=28),
            Column("post", "职务", ("职务/岗位", "岗位")),
            Column(
                "employment",
                "就业状况",
                ("在职/退休",),
                kind=CHOICE,
                choices=zh_choices(Employment) + EMPLOYMENT_ALIASES,
                help="留空为在职",
            ),
            Column("phone", "联系电话", ("电话", "手机号"), kind=ID_TEXT),
            Column("hardship", "困难劳模", ("是否困难",), kind=BOOL),
            *honour_columns(),
            Column("treatment_level", "享受待遇级别", (), help="导出用；由荣誉推定"),
            Column("status", "状态", (), help="导出用"),
        ],
    )


def collective_spec():
    return SheetSpec(
        kind="honoured_collectives",
        title="先进集体",
        columns=[
            Column("name", "集体名称", ("名称", "单位/班组名称"), required=True, width=28),
            Column(
                "kind",
                "集体类别",
                ("类别",),
                kind=CHOICE,
                choices=zh_choices(CollectiveKind),
                required=True,
            ),
            Column("org_code", "管理工会代码", ("工会代码",), required=True),
            Column("employer", "所属单位", ("用人单位",), width=28, help="用人单位名称或信用代码"),
            Column("parent_unit", "上级单位", (), width=24),
            Column("leader", "负责人", ()),
            Column("phone", "联系电话", ("电话",), kind=ID_TEXT),
            *honour_columns(),
            Column("status", "状态", (), help="导出用"),
        ],
    )


def award_spec():
    return SheetSpec(
        kind="honour_awards",
        title="荣誉获得记录",
        columns=[
            Column("recipient", "获得者", (), width=28),
            Column("recipient_kind", "获得者类别", ()),
            Column("org", "管理工会", (), width=24),
            *honour_columns(),
            Column("category", "荣誉类别", ()),
            Column("revoked", "已撤销", ()),
        ],
    )


def _honour_values(award):
    if award is None:
        return dict.fromkeys(
            ("honour", "level", "year", "conferred_on", "document_no", "certificate_no", "deeds")
        )
    return {
        "honour": award.honour_type.name,
        "level": award.get_level_display(),
        "year": award.year,
        "conferred_on": award.conferred_on,
        "document_no": award.document_no,
        "certificate_no": award.certificate_no,
        "deeds": award.deeds,
    }


def _reveal(user):
    return Value(can_reveal(user), output_field=BooleanField())


def worker_queryset(user):
    """The rows the model-worker list, its export and the API show: scoped, with what a row
    displays."""
    return (
        ModelWorker.objects.visible_to(user)
        .select_related("org", "org__township", "employer", "top_award__honour_type")
        .annotate(reveal=_reveal(user))
    )


def collective_queryset(user):
    return (
        Collective.objects.visible_to(user)
        .select_related("org", "org__township", "employer")
        .annotate(reveal=_reveal(user))
    )


def award_queryset(user):
    return HonourAward.objects.visible_to(user).select_related(
        "honour_type",
        "model_worker__org",
        "collective__org",
        "union_org",
    )


def worker_row(worker):
    reveal = getattr(worker, "reveal", False)
    return {
        "name": worker.name,
        "id_number": shown_id_number(worker.id_number, reveal),
        "sex": worker.get_sex_display(),
        "org_code": worker.org.code,
        "person_category": worker.get_person_category_display(),
        "work_unit": worker.work_unit or (worker.employer.name if worker.employer_id else ""),
        "post": worker.post,
        "employment": worker.get_employment_display(),
        "phone": shown_phone(worker.phone, reveal),
        "hardship": "是" if worker.hardship else "",
        **_honour_values(worker.top_award),
        "treatment_level": worker.get_treatment_level_display() if worker.treatment_level else "",
        "status": worker.get_status_display(),
    }


def collective_row(collective):
    reveal = getattr(collective, "reveal", False)
    standing = getattr(collective, "standing_awards", None) or []
    first = standing[0] if standing else None
    return {
        "name": collective.name,
        "kind": collective.get_kind_display(),
        "org_code": collective.org.code,
        "employer": collective.employer.name if collective.employer_id else "",
        "parent_unit": collective.parent_unit,
        "leader": collective.leader,
        "phone": shown_phone(collective.phone, reveal),
        **_honour_values(first),
        "status": collective.get_status_display(),
    }


def award_row(award):
    recipient = award.recipient
    if award.model_worker_id:
        kind, org = _("Individual"), award.model_worker.org.name
    elif award.collective_id:
        kind, org = award.collective.get_kind_display(), award.collective.org.name
    else:
        kind, org = award.honour_type.get_recipient_kind_display(), award.union_org.name
    return {
        "recipient": str(recipient),
        "recipient_kind": str(kind),
        "org": org,
        **_honour_values(award),
        "category": award.honour_type.get_category_display(),
        "revoked": "是" if award.revoked else "",
    }


WORKER_EXPORTER = Exporter(
    kind="model_workers",
    title="先进个人",
    spec=worker_spec,
    filterset_class=ModelWorkerFilter,
    base_queryset=worker_queryset,
    row=worker_row,
)
COLLECTIVE_EXPORTER = Exporter(
    kind="honoured_collectives",
    title="先进集体",
    spec=collective_spec,
    filterset_class=CollectiveFilter,
    base_queryset=lambda user: collective_queryset(user).prefetch_related(
        Prefetch(
            "awards",
            queryset=HonourAward.objects.filter(revoked=False)
            .select_related("honour_type")
            .order_by("conferred_on", "pk"),
            to_attr="standing_awards",
        )
    ),
    row=collective_row,
)
AWARD_EXPORTER = Exporter(
    kind="honour_awards",
    title="荣誉获得记录",
    spec=award_spec,
    filterset_class=AwardFilter,
    base_queryset=award_queryset,
    row=award_row,
)
register(exporters=[WORKER_EXPORTER, COLLECTIVE_EXPORTER, AWARD_EXPORTER])
# The care ledger and the registry imports register themselves.
from . import ledgers_care, registry_import  # noqa: E402, F401
