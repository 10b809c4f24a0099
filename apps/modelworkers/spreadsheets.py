"""The registry's ledgers: the model-worker database (先进个人) and the collective database
(先进集体), each a template to import and a list to export, and the awards list's export.

A 先进个人 row is a person and, optionally, one honour of theirs: a person with three honours
is three rows with the same ID number (the first creates the file, later rows and later files
add honours to it). Its import is set-based, in `registry_import.py` (registered from there):
every row checked by the rules the web form and the services enforce, the files and honours
written in bulk. A 先进集体 row is a collective and, optionally, one honour; it goes through the
same form and service as the web page (`CollectiveForm` and `save_collective`, `record_award`),
so a row breaks exactly the rules the page enforces, named the same way. A file with any bad
row saves nothing. The 级别 column, when filled, must be the honour's own.

ID numbers and phones are exported in full only to users who may reveal them (as members').
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Prefetch, Value
from django.utils.translation import gettext as _

from apps.core.ledgers import Exporter, Importer, form_errors, register, zh_choices
from apps.core.masking import can_reveal, shown_id_number, shown_phone
from apps.core.models import Employer, UnionOrg
from apps.core.xlsx.columns import BOOL, CHOICE, DATE, ID_TEXT, INT, Column, SheetSpec

from . import services
from .choices import CollectiveKind, Employment, Level, PersonCategory
from .filters import AwardFilter, CollectiveFilter, ModelWorkerFilter
from .forms.registry import CollectiveForm
from .models import Collective, HonourAward, HonourType, ModelWorker

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


# --- import -----------------------------------------------------------------------------------


def _honour(check, data, types=None):
    """The honour type the row names (active, by name), or None when the row names none.
    `types` is {name: active type} read once for a whole file; else the row asks."""
    name = data.get("honour")
    if not name:
        for key in ("year", "conferred_on", "document_no", "certificate_no", "level"):
            if data.get(key) not in (None, ""):
                check.errors.append(
                    _("%(column)s: give the honour the row's award is for")
                    % {"column": check.context.labels["honour"]}
                )
                break
        return None
    if types is None:
        types = HonourType.objects.active()
    return check.find("honour", name, types, by="name", model=HonourType)


def honour_dates(data):
    """(year, day of conferment) of a row's honour: the 获得年份 given, else the 授予日期's
    year; the 授予日期 given, else 1 January of the year. ValidationError when neither is."""
    conferred_on = data.get("conferred_on")
    year = data.get("year") or (conferred_on.year if conferred_on else None)
    if year is None:
        raise ValidationError({"year": [_("Give the year of the honour.")]})
    return year, conferred_on or datetime.date(int(year), 1, 1)


def _record_honour(context, honour_type, data, **recipient):
    year, conferred_on = honour_dates(data)
    services.record_award(
        honour_type=honour_type,
        actor=context.user,
        year=year,
        conferred_on=conferred_on,
        document_no=data.get("document_no") or "",
        deeds=data.get("deeds") or "",
        certificate_no=data.get("certificate_no") or "",
        level=data.get("level"),
        **recipient,
    )


# Service and form field names → the sheet column that holds them, for messages.
FIELD_COLUMNS = {
    "org": "org_code",
    "honour_type": "honour",
    "model_worker": "honour",
    "collective": "honour",
    "union_org": "honour",
}


def _messages(error, labels):
    if not hasattr(error, "error_dict"):
        return [str(m) for m in error.messages]
    messages = []
    for name, errors in error.message_dict.items():
        label = labels.get(FIELD_COLUMNS.get(name, name))
        messages.extend(f"{label}: {m}" if label else str(m) for m in errors)
    return messages


def _find_employer(visible, value):
    if not value:
        return None
    return visible.filter(credit_code=value.upper()).first() or visible.filter(name=value).first()


def import_collective_row(context, row, data):
    """One 先进集体 row: the collective (by name within its union: made by the first row that
    names it, found when on file already), then the row's honour, if any."""
    user, labels = context.user, context.labels
    check = context.row(row)
    org = check.find("org_code", data["org_code"], UnionOrg.objects.visible_to(user).open())
    honour_type = _honour(check, data)
    employer = None
    if data.get("employer"):
        employer = _find_employer(Employer.objects.visible_to(user), data["employer"])
        if employer is None:
            check.find("employer", data["employer"], {}, model=Employer)
    if check.errors:
        return check.errors
    collective = Collective.objects.visible_to(user).filter(org=org, name=data["name"]).first()
    try:
        if collective is None:
            form_data = {
                "name": data["name"],
                "kind": data["kind"],
                "org": org.pk,
                "employer": employer.pk if employer else "",
                "parent_unit": data.get("parent_unit") or "",
                "leader": data.get("leader") or "",
                "phone": data.get("phone") or "",
            }
            form = CollectiveForm(data=form_data, instance=Collective(), user=user)
            if not form.is_valid():
                return form_errors(form, {**labels, "org": labels["org_code"]})
            collective = services.save_collective(collective=form.save(commit=False), actor=user)
        if honour_type is not None:
            _record_honour(context, honour_type, data, collective=collective)
    except ValidationError as error:
        return _messages(error, labels)
    return []


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
COLLECTIVE_IMPORTER = Importer(
    kind="honoured_collectives",
    title="先进集体导入",
    spec=collective_spec,
    process_row=import_collective_row,
)
register(
    exporters=[WORKER_EXPORTER, COLLECTIVE_EXPORTER, AWARD_EXPORTER],
    importers=[COLLECTIVE_IMPORTER],
)
from . import ledgers_care  # noqa: E402, F401  (the care ledger registers itself)
from .registry_import import WORKER_IMPORTER  # noqa: E402, F401  (registers itself)
