"""The aid ledgers: hardship files in the national template's columns (全国工会帮扶工作管理系统
困难职工档案表, domain-research §4.2) with their family members, and payment rosters.

**Files: one row per person.** A household is its worker's row (与困难职工关系 = 本人, the
file's columns filled) followed by one row per family member (relation, the person's own
columns; the file's columns left blank). A member row belongs to the worker row above it;
its 档案编号, when given, must be the worker's. Every household goes through the file form,
each member through the member form, and `apply_for_file` (申请: imported files start their
steps like any application); any failing row rejects the whole file, each error on its row.

**Payment rosters**: one row per household paid, named by 档案编号 or 身份证号, through the
payment form and `pay` (the once-per-period and budget rules included).

Sensitive columns (health, disability, incomes, bank card and ID numbers, `masking.py`) are
exported masked for every role, as the lists show them; such an export cannot be imported
back. The files' ledger with those columns in full (`FILE_FULL_EXPORTER`) is for users with
the reveal right, started only by the logged choice on the file list
(`views.files.file_export_full`, `reveals.record_full_export`).
"""

import re

from django.db.models import Prefetch, Value
from django.db.models.fields import BooleanField
from django.utils.translation import gettext as _
from django.utils.translation import override

from apps.core.ledgers import LEDGER_LANGUAGE, Exporter, Importer, form_errors, register
from apps.core.ledgers import zh_choices as zh
from apps.core.models import UnionOrg
from apps.core.xlsx import export_workbook
from apps.core.xlsx.columns import BOOL, CHOICE, DATE, DECIMAL, ID_TEXT, INT, Column, SheetSpec
from apps.membership.choices import Ethnicity, PoliticalStatus

from . import choices, masking, reveals, services  # noqa: F401 (reveals: its logs as history rows)
from .filters import FileFilter, PaymentFilter
from .forms import FamilyMemberForm, FileForm, PaymentForm
from .models import AidPayment, AidProgramme, FamilyMember, HardshipFile

SELF = "self"  # 与困难职工关系 of the worker's own row
SPLIT = re.compile(r"[、,，;；\s]+")


def _choice(key, label, choices_class, synonyms=(), **kw):
    return Column(key, label, synonyms, kind=CHOICE, choices=zh(choices_class), **kw)


def _money(key, label, synonyms=(), **kw):
    return Column(key, label, synonyms, kind=DECIMAL, **kw)


def file_spec():
    relations = ((SELF, "户主"), (SELF, "本人"), *zh(choices.Relation))
    return SheetSpec(
        kind="aid_files",
        title="困难职工档案",
        columns=[
            Column("file_no", "档案编号", ("职工编号", "档案号"), help="留空则自动编号"),
            Column("org_code", "建档工会代码", ("工会代码",), help="本人行必填"),
            Column(
                "relation",
                "与困难职工关系",
                ("关系", "家庭关系"),
                kind=CHOICE,
                choices=relations,
                help="本人一行在前，家庭成员各一行在后",
            ),
            Column("name", "姓名", (), required=True),
            Column("id_number", "身份证号", ("身份证号码", "公民身份号码"), kind=ID_TEXT, width=22),
            _choice("ethnicity", "民族", Ethnicity),
            _choice("political_status", "政治面貌", PoliticalStatus),
            _choice("category", "困难类别", choices.Category),
            Column("category_reason", "类别不一致理由", ("困难类别理由",), width=24),
            _choice("legacy_category", "原困难类别", choices.LegacyCategory),
            _choice("person_kind", "人员类别", choices.PersonKind),
            _choice("file_level", "档案层级", choices.FileLevel),
            _choice("file_origin", "档案来源", choices.FileOrigin),
            Column("phone", "联系电话", ("手机号",), kind=ID_TEXT),
            _choice("health", "健康状况", choices.Health),
            _choice("disability_type", "残疾类别", choices.DisabilityType),
            _choice("disability_grade", "残疾等级", choices.DisabilityGrade),
            _choice("work_status", "工作状态", choices.WorkStatus, ("人员身份",)),
            _choice("model_worker_type", "劳模类型", choices.ModelWorkerType),
            _choice("marital_status", "婚姻状况", choices.MaritalStatus),
            _choice("household_type", "户口类型", choices.HouseholdType),
            _choice("medical_insurance", "医保状况", choices.MedicalInsurance),
            _choice("housing_type", "住房类型", choices.HousingType),
            _choice("housing_area", "住房建筑面积", choices.HousingArea),
            Column("address", "家庭住址", (), width=30),
            Column("household_region", "户口所在地行政区划", (), kind=ID_TEXT),
            Column("work_start_on", "参加工作时间", (), kind=DATE),
            Column("work_unit", "工作单位或学校", ("工作单位", "单位或学校"), width=28),
            _choice("unit_type", "单位性质", choices.UnitType),
            _choice("enterprise_status", "企业状况", choices.EnterpriseStatus),
            Column("industry", "所属行业", ()),
            Column("labor_contract_start", "劳动合同签订时间", (), kind=DATE),
            _choice("labor_contract_term", "劳动合同期限", choices.ContractTerm),
            Column("is_single_parent", "是否单亲", (), kind=BOOL),
            Column("zero_employment_family", "是否零就业家庭", (), kind=BOOL),
            Column("can_self_help", "是否有一定自救能力", (), kind=BOOL),
            _money("monthly_income", "月收入（元）", ("本人月平均收入", "月收入")),
            _money("other_annual_income", "家庭其他非薪资年收入（元）", ()),
            _money("household_annual_income", "家庭年度总收入（元）", ("家庭年收入",)),
            _money("rigid_expenses", "家庭年度刚性支出（元）", ("刚性支出",)),
            Column("household_size", "家庭共同生活人口", ("家庭人口",), kind=INT),
            _money("per_capita_monthly", "家庭月人均收入（元）", (), help="导出用；导入时计算"),
            _choice("main_cause", "主要致困原因", choices.Cause),
            Column("secondary_causes", "次要致困原因", (), help="最多三项，以顿号分隔", width=24),
            Column("bank", "开户银行", ()),
            Column("bank_branch", "开户支行", ("支行",)),
            Column("bank_account", "银行卡号", ("银行账号",), kind=ID_TEXT, width=22),
            _choice("schooling_level", "当前学历", choices.SchoolingLevel),
            Column("admission_year", "入学年份", (), kind=INT),
            Column("study_years", "学制（年）", ("学制",), kind=INT),
            Column("filed_by", "建档人", ()),
            Column("checked_by", "审核人", ()),
            Column("applied_on", "申请日期", ("建档日期",), kind=DATE),
            Column("status", "档案状态", (), help="导出用；导入的档案从申请开始"),
            Column("note", "备注", (), width=30),
        ],
    )


MEMBER_KEYS = [name for name in FamilyMemberForm.base_fields]


# --- export ----------------------------------------------------------------------------------


def _reveal_flag(user, full):
    return Value(full and masking.can_reveal(user), output_field=BooleanField())


def file_queryset(user, *, full=False):
    """The files an export holds, each knowing whether the export shows the sensitive columns
    (the generic export renders without the user): masked unless it is the full export and
    the exporter has the reveal right."""
    members = FamilyMember.objects.order_by("pk")
    return (
        HardshipFile.objects.visible_to(user)
        .select_related("org")
        .prefetch_related(Prefetch("family", queryset=members))
        .annotate(reveal=_reveal_flag(user, full))
    )


def full_file_queryset(user):
    return file_queryset(user, full=True)


def _masked(row, reveal):
    sensitive = [k for k in masking.FILE_SENSITIVE if k in row]
    return masking.mask_values(row, sensitive, reveal=reveal, amount=None)


# The worker row's columns that are not the file's own fields.
COMPUTED = ("org_code", "relation", "secondary_causes", "status")


def worker_row(file):
    row = {
        column.key: getattr(file, column.key)
        for column in file_spec_columns()
        if column.key not in COMPUTED and hasattr(file, column.key)
    }
    row.update(
        org_code=file.org.code,
        relation=SELF,
        secondary_causes="、".join(file.secondary_causes or []),
        status=file.get_status_display(),
    )
    for key in ("schooling_level", "admission_year", "study_years"):
        row.pop(key, None)
    return _masked(row, getattr(file, "reveal", False))


def member_row(file, member):
    row = {key: getattr(member, key) for key in MEMBER_KEYS}
    row.update(
        file_no=file.file_no,
        ethnicity=member.ethnicity,
        political_status=member.political_status,
    )
    return _masked(row, getattr(file, "reveal", False))


def file_spec_columns():
    return FILE_EXPORTER.sheet.columns


class HouseholdExporter(Exporter):
    """One row per person: the worker's, then each family member's."""

    def render(self, queryset, progress=None):
        total = queryset.count() if progress else 0

        def rows():
            for n, file in enumerate(queryset.iterator(chunk_size=500), 1):
                if progress and n % 500 == 0:
                    progress(n, total)
                yield worker_row(file)
                for member in file.family.all():
                    yield member_row(file, member)

        with override(LEDGER_LANGUAGE):
            return export_workbook(self.sheet, rows(), title=self.title)


# --- import ----------------------------------------------------------------------------------


def _households(context, rows):
    """Group the file's rows into households before any is saved: each member row joins the
    worker row above it. Returns {row: [messages]} for rows that cannot be placed."""
    errors, worker = {}, None
    context.households, context.member_of = {}, {}
    taken = set(
        HardshipFile.objects.filter(
            file_no__in=[p["file_no"] for _r, p in rows if p.get("file_no")]
        ).values_list("file_no", flat=True)
    )
    labels = context.labels
    for row, parsed in rows:
        if parsed.get("relation") in (None, "", SELF):
            worker = (row, parsed)
            context.households[row] = []
            if parsed.get("file_no") in taken:
                errors[row] = [
                    _("%(column)s: a file numbered %(value)s exists already")
                    % {"column": labels["file_no"], "value": parsed["file_no"]}
                ]
            continue
        if worker is None:
            errors[row] = [
                _("%(column)s: a family member's row follows its worker's own row")
                % {"column": labels["relation"]}
            ]
            continue
        number = parsed.get("file_no")
        if number and number != (worker[1].get("file_no") or number):
            errors[row] = [
                _("%(column)s: not the file number of the worker's row %(row)d")
                % {"column": labels["file_no"], "row": worker[0]}
            ]
            continue
        context.households[worker[0]].append((row, parsed))
        context.member_of[row] = worker[0]
    context.parsed = dict(rows)
    return errors


def _bound(form_class, data, **kwargs):
    """The form bound to a row's values, a blank cell taking the form's default (健康状况
    良好, 民族 汉族 …) as a page left unchanged would."""
    unbound = form_class(**kwargs)
    for name, field in unbound.fields.items():
        initial = unbound.get_initial_for_field(field, name)
        if data.get(name) in (None, "") and initial not in (None, ""):
            data[name] = initial
    return form_class(data=data, **kwargs)


def _member_form(context, parsed):
    data = {k: parsed[k] for k in MEMBER_KEYS if parsed.get(k) not in (None, "")}
    return _bound(FamilyMemberForm, data, instance=FamilyMember(), user=context.user)


def import_file_row(context, row, parsed):
    """A worker row: the household's file and its members; a member row: its member form."""
    labels = context.labels
    if row in context.member_of:
        form = _member_form(context, parsed)
        return [] if form.is_valid() else form_errors(form, labels)
    check = context.row(row)
    check.unique("file_no", parsed.get("file_no"))
    check.unique("id_number", parsed.get("id_number"))
    org = None
    if not parsed.get("org_code"):
        check.errors.append(_("%(column)s: required") % {"column": labels["org_code"]})
    else:
        org = check.find("org_code", parsed["org_code"], UnionOrg.objects.visible_to(context.user))
    if check.errors:
        return check.errors
    fields = set(FileForm.base_fields)
    data = {k: v for k, v in parsed.items() if k in fields and v not in (None, "")}
    data["org"] = org.pk
    data["secondary_causes"] = [
        _cause(token) for token in SPLIT.split(parsed.get("secondary_causes") or "") if token
    ]
    form = _bound(FileForm, data, instance=HardshipFile(), user=context.user)
    if not form.is_valid():
        return form_errors(form, {**labels, "org": labels["org_code"]})
    family = []
    for _member_row, member_parsed in context.households.get(row, []):
        member_form = _member_form(context, member_parsed)
        if member_form.is_valid():  # an invalid member fails on its own row
            family.append(member_form.save(commit=False))
    file = form.save(commit=False)
    services.apply_for_file(
        file=file,
        family=family,
        actor=context.user,
        category_reason=form.cleaned_data.get("category_reason", ""),
    )
    return []


CAUSES = {label: code for code, label in zh(choices.Cause)}


def _cause(token):
    """A secondary cause by its code (1–10) or its label."""
    return CAUSES.get(token, token)


FILE_EXPORTER = HouseholdExporter(
    kind="aid_files",
    title="困难职工档案",
    spec=file_spec,
    filterset_class=FileFilter,
    base_queryset=file_queryset,
    row=worker_row,
)
FILE_FULL_EXPORTER = HouseholdExporter(
    kind="aid_files_full",
    title="困难职工档案（含敏感信息）",
    spec=file_spec,
    filterset_class=FileFilter,
    base_queryset=full_file_queryset,
    row=worker_row,
)
FILE_IMPORTER = Importer(
    kind="aid_files",
    title="困难职工档案导入",
    spec=file_spec,
    process_row=import_file_row,
    find_existing=_households,
)


# --- payment rosters -------------------------------------------------------------------------


def payment_spec():
    return SheetSpec(
        kind="aid_payments",
        title="帮扶资金发放花名册",
        columns=[
            Column("programme", "帮扶项目", ("项目", "项目名称"), required=True, width=28),
            Column("year", "项目年度", ("年度",), kind=INT),
            Column("period", "发放期次", ("期次", "批次"), help="留空为项目年度"),
            Column("file_no", "档案编号", ("职工编号",), help="档案编号或身份证号二选一"),
            Column("id_number", "身份证号", ("身份证号码",), kind=ID_TEXT, width=22),
            Column("recipient_name", "姓名", ("领取人",)),
            _money("cash_amount", "现金（元）", ("金额", "发放金额"), help="留空按项目标准"),
            _money("goods_value", "实物折价（元）", ("物资折价",)),
            Column("goods_description", "实物", ("慰问品",)),
            Column("paid_on", "发放日期", ("日期",), kind=DATE, required=True),
            _choice("method", "发放方式", choices.PaymentMethod, required=True),
            _choice("fund_source", "资金来源", choices.FundSource, required=True),
            Column("signed_by", "签领人", ("签领",)),
            Column("kind", "类型", (), help="导出用"),
            Column("reason", "冲销原因", (), help="导出用"),
        ],
    )


def payment_queryset(user):
    """The payments an export holds, the households' ID numbers masked for every role (the
    full numbers are in the files' full export)."""
    return (
        AidPayment.objects.visible_to(user)
        .select_related("programme", "file")
        .annotate(reveal=_reveal_flag(user, False))
    )


def payment_row(payment):
    row = {
        "programme": payment.programme.name,
        "year": payment.programme.year,
        "period": payment.period,
        "file_no": payment.file.file_no if payment.file_id else "",
        "id_number": payment.file.id_number if payment.file_id else "",
        "recipient_name": payment.recipient_name,
        "cash_amount": payment.cash_amount,
        "goods_value": payment.goods_value,
        "goods_description": payment.goods_description,
        "paid_on": payment.paid_on,
        "method": payment.method,
        "fund_source": payment.fund_source,
        "signed_by": payment.signed_by,
        "kind": payment.get_kind_display(),
        "reason": payment.reason,
    }
    return masking.mask_values(row, ["id_number"], reveal=getattr(payment, "reveal", False))


def import_payment_row(context, row, parsed):
    """One household paid: found by file number or ID number in scope, through the payment
    form and `pay` (a reversal is not imported: it is a correction made on the page)."""
    labels, user = context.labels, context.user
    check = context.row(row)
    programmes = AidProgramme.objects.visible_to(user)
    if parsed.get("year"):
        programmes = programmes.filter(year=parsed["year"])
    programme = check.find("programme", parsed["programme"], programmes, by="name")
    files = HardshipFile.objects.visible_to(user)
    file = None
    if parsed.get("file_no"):
        file = check.find("file_no", parsed["file_no"], files, by="file_no")
    elif parsed.get("id_number"):
        file = check.find("id_number", parsed["id_number"], files.open(), by="id_number")
    else:
        check.errors.append(
            _("%(column)s: enter the file number or the ID number") % {"column": labels["file_no"]}
        )
    if check.errors:
        return check.errors
    fields = set(PaymentForm.base_fields)
    data = {k: v for k, v in parsed.items() if k in fields and v not in (None, "")}
    data.update(programme=programme.pk, file=file.pk)
    form = _bound(PaymentForm, data, user=user)
    if not form.is_valid():
        return form_errors(form, labels)
    services.pay(actor=user, **form.service_args())
    return []


PAYMENT_EXPORTER = Exporter(
    kind="aid_payments",
    title="帮扶资金发放台账",
    spec=payment_spec,
    filterset_class=PaymentFilter,
    base_queryset=payment_queryset,
    row=payment_row,
)
PAYMENT_IMPORTER = Importer(
    kind="aid_payments",
    title="帮扶资金发放花名册导入",
    spec=payment_spec,
    process_row=import_payment_row,
)

register(
    exporters=[FILE_EXPORTER, FILE_FULL_EXPORTER, PAYMENT_EXPORTER],
    importers=[FILE_IMPORTER, PAYMENT_IMPORTER],
)

# The payment batches, 金秋助学 and 职工医疗互助 register their own ledgers; they read this
# module's columns, so they are imported after it is defined.
from . import batch_sheets, spreadsheets_school_mutual  # noqa: E402, F401
