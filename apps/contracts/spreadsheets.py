"""The collective contract ledger (集体合同台账): template columns, import rows, export rows.

An imported row is a contract's whole history so far: it is recorded as an offer through the
same form as the web page, then moved through the same services as far as its dates go (reply,
congress vote, signing, filing, review, termination). So a row breaks exactly the rules the
web page would enforce, named the same way, and the status follows from the dates.

A row with a signing date and no workers' congress vote is a contract recorded from the
county's old ledger (补录, `services.record_from_ledger`): it carries what the ledger holds and
is not asked for a negotiation history; a termination after it is the usual move.
"""

import re

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from apps.core.ledgers import Exporter, Importer, form_errors, register, zh_choices
from apps.core.models import Employer, UnionOrg
from apps.core.xlsx.columns import CHOICE, DATE, DECIMAL, ID_TEXT, INT, Column, SheetSpec

from . import services
from .choices import ContractScope, ContractStatus, ContractType, ReviewResult
from .filters import ContractFilter
from .forms import ContractForm, LedgerContractForm
from .models import CollectiveContract
from .queries import with_current_status

# Names county ledgers use besides the official ones.
ALIASES = {
    ContractType: [
        ("comprehensive", "综合性集体合同"),
        ("comprehensive", "综合性"),
        ("comprehensive", "综合"),
        ("comprehensive", "集体合同"),
        ("wage", "工资专项集体合同"),
        ("wage", "工资集体协议"),
        ("wage", "工资专项"),
        ("women", "女职工权益保护专项集体合同"),
        ("women", "女职工专项"),
        ("women", "女职工权益保护专项"),
        ("safety", "劳动安全卫生专项集体合同"),
        ("safety", "劳动安全卫生专项"),
        ("safety", "安全卫生专项"),
    ],
    ContractScope: [
        ("enterprise", "单独"),
        ("enterprise", "单独签订"),
        ("enterprise", "企业"),
        ("enterprise", "独立"),
        ("industry", "行业性"),
        ("industry", "行业"),
        ("regional", "区域性"),
        ("regional", "区域"),
    ],
    ReviewResult: [
        ("no_objection", "无异议"),
        ("no_objection", "审查通过"),
        ("objection", "有异议"),
    ],
}
COVERED_SPLIT = re.compile(r"[、,，;；\s]+")


def choices_with_aliases(choices_class):
    official = zh_choices(choices_class)
    seen = {label for _code, label in official}
    extra = tuple(pair for pair in ALIASES.get(choices_class, ()) if pair[1] not in seen)
    return official + extra


NEGOTIATION_HELP = "在门户中协商的合同必填；据台账补录已签订的合同可留空"


def contract_spec():
    def date(key, label, synonyms=(), **kw):
        return Column(key, label, synonyms, kind=DATE, **kw)

    def number(key, label, synonyms=(), **kw):
        return Column(key, label, synonyms, kind=INT, **kw)

    return SheetSpec(
        kind="contracts",
        title="集体合同台账",
        columns=[
            Column("code", "合同编号", ("编号", "合同编码"), help="留空则按工会代码自动编号"),
            Column("title", "合同名称", ("名称",), width=30),
            Column(
                "contract_type",
                "合同类型",
                ("类型", "合同种类"),
                kind=CHOICE,
                choices=choices_with_aliases(ContractType),
                required=True,
                width=24,
            ),
            Column(
                "scope",
                "签订形式",
                ("签订层级", "合同层级", "签订方式"),
                kind=CHOICE,
                choices=choices_with_aliases(ContractScope),
                help="单独（企业）、行业性或区域性；留空为单独",
            ),
            Column("union_code", "工会方组织代码", ("工会代码", "职工方组织代码"), required=True),
            Column(
                "employer_code",
                "企业统一社会信用代码",
                ("用人单位信用代码", "企业信用代码", "统一社会信用代码"),
                kind=ID_TEXT,
                width=22,
                help="单独签订的合同：企业的信用代码（或填企业名称）",
            ),
            Column("employer_name", "企业名称", ("用人单位名称", "单位名称"), width=28),
            Column(
                "employer_side",
                "企业方代表组织",
                ("企业方", "企业代表组织"),
                width=24,
                help="行业性、区域性合同必填",
            ),
            Column(
                "covered_codes",
                "覆盖单位",
                ("覆盖企业", "覆盖单位信用代码"),
                width=40,
                help="行业性、区域性合同必填：信用代码或名称，以顿号分隔",
            ),
            Column("union_chief", "职工方首席代表", ("工会方首席代表",), help=NEGOTIATION_HELP),
            Column("employer_chief", "企业方首席代表", ("企业首席代表",), help=NEGOTIATION_HELP),
            number("union_reps", "职工方代表人数", ("职工方人数",), help=NEGOTIATION_HELP),
            number("employer_reps", "企业方代表人数", ("企业方人数",), help=NEGOTIATION_HELP),
            date("offer_on", "要约日期", ("提出要约日期", "要约时间"), help=NEGOTIATION_HELP),
            date("reply_on", "回应日期", ("书面回应日期", "回应时间")),
            date("congress_on", "职代会审议日期", ("职代会日期",)),
            number("congress_total", "职代会应到人数", ("应到人数", "代表总数")),
            number("congress_present", "职代会实到人数", ("实到人数", "到会人数")),
            number("congress_yes", "同意人数", ("赞成人数", "同意票数")),
            date("signed_on", "签订日期", ("签字日期", "签订时间")),
            date("submitted_on", "报送审查日期", ("报送日期", "报审日期")),
            Column(
                "review_result",
                "审查结论",
                ("审查结果", "审查意见"),
                kind=CHOICE,
                choices=choices_with_aliases(ReviewResult),
            ),
            date("review_on", "审查意见书日期", ("审查日期",)),
            Column("review_note", "异议内容", ("审查异议",), width=30),
            date("effective_on", "生效日期", (), help="导出用；导入时按报送日期推定"),
            date("term_start", "期限起", ("合同期限起", "起始日期"), help="签订时必填"),
            date("term_end", "期限止", ("合同期限止", "终止日期", "截止日期"), help="签订时必填"),
            number("covered_workers", "覆盖职工人数", ("覆盖职工", "职工人数")),
            number("covered_women", "其中女职工", ("女职工人数", "覆盖女职工")),
            number("covered_migrants", "其中农民工", ("农民工人数", "覆盖农民工")),
            Column(
                "prev_avg_wage",
                "上年度职工平均工资（元）",
                ("上年度平均工资", "上年平均工资"),
                kind=DECIMAL,
                help="工资专项合同必填",
            ),
            Column(
                "raise_pct",
                "工资调整幅度（%）",
                ("工资增长幅度", "调整幅度", "工资增幅"),
                kind=DECIMAL,
                help="工资专项合同必填",
            ),
            number("wage_workers", "涉及职工人数", (), help="工资专项合同必填"),
            Column("renewed_from_code", "续订自合同编号", ("原合同编号",)),
            date("terminated_on", "解除日期", ()),
            Column("termination_reason", "解除原因", ()),
            Column("status", "状态", ("合同状态",), help="导出用；导入时按日期推定"),
            Column(
                "from_ledger",
                "据台账补录",
                (),
                help="导出用；有签订日期而无职代会表决的行按补录导入",
            ),
            Column("note", "备注", (), width=30),
        ],
    )


# Service argument names → the sheet column that holds them, for messages.
FIELD_COLUMNS = {
    "union": "union_code",
    "employer": "employer_code",
    "covered_employers": "covered_codes",
    "renewed_from": "renewed_from_code",
    "total": "congress_total",
    "present": "congress_present",
    "yes": "congress_yes",
    "result": "review_result",
    "note": "review_note",
    "reason": "termination_reason",
}


def _messages(error, labels):
    if not hasattr(error, "error_dict"):
        return [str(m) for m in error.messages]
    messages = []
    for field, errors in error.message_dict.items():
        label = labels.get(FIELD_COLUMNS.get(field, field))
        messages.extend(f"{label}: {m}" if label else str(m) for m in errors)
    return messages


def _find_employers(visible, tokens):
    """{token: employer} for tokens that are a credit code or an exact name in scope."""
    codes = [t.upper() for t in tokens]
    found = {}
    for employer in visible.filter(Q(credit_code__in=codes) | Q(name__in=tokens)):
        found[employer.credit_code] = employer
        found[employer.name] = employer
    return {t: found.get(t.upper()) or found.get(t) for t in tokens}


# The moves a ledger row may still carry after it is recorded in force.
LEDGER_MOVES = {services.terminate}


def import_contract_row(context, row, data):
    """One ledger row: the offer through the form and `start_negotiation`, then each move its
    dates record, through the same services as the web page."""
    labels = context.labels
    user = context.user
    check = context.row(row)
    check.unique("code", data.get("code"))
    union = check.find("union_code", data["union_code"], UnionOrg.objects.visible_to(user))
    visible = Employer.objects.visible_to(user)
    employer = None
    own_key = "employer_code" if data.get("employer_code") else "employer_name"
    own = data.get(own_key)
    if own:
        employer = check.find(own_key, own, _find_employers(visible, [own]), model=Employer)
    tokens = [t for t in COVERED_SPLIT.split(data.get("covered_codes") or "") if t]
    found = _find_employers(visible, tokens)
    covered = {t: check.find("covered_codes", t, found, model=Employer) for t in tokens}
    renewed_from = None
    if data.get("renewed_from_code"):
        renewed_from = check.find(
            "renewed_from_code",
            data["renewed_from_code"],
            CollectiveContract.objects.visible_to(user),
        )
    if check.errors:
        return check.errors

    ledger = data.get("signed_on") is not None and data.get("congress_total") is None
    form_class = LedgerContractForm if ledger else ContractForm
    form_fields = set(form_class.Meta.fields)
    form_data = {k: v for k, v in data.items() if v is not None and k in form_fields}
    form_data.setdefault("scope", ContractScope.ENTERPRISE)
    form_data["union"] = union.pk
    if employer is not None:
        form_data["employer"] = employer.pk
    form_data["covered_employers"] = [e.pk for e in covered.values()]
    form = form_class(data=form_data, instance=CollectiveContract(), user=user)
    if not form.is_valid():
        return form_errors(
            form,
            {
                **labels,
                "union": labels["union_code"],
                "employer": labels["employer_code"],
                "covered_employers": labels["covered_codes"],
            },
        )
    try:
        contract = form.save(commit=False)
        contract.renewed_from = renewed_from
        if ledger:
            if data.get("review_result") == ReviewResult.OBJECTION:
                raise ValidationError(
                    {
                        "review_result": _(
                            "A contract from the ledger is one in force; record an objected "
                            "contract with its negotiation history."
                        )
                    }
                )
            contract = services.record_from_ledger(
                contract=contract, actor=user, covered=form.covered
            )
            moves = LEDGER_MOVES
        else:
            contract = services.start_negotiation(
                contract=contract, actor=user, covered=form.covered
            )
            moves = None
        for move, needed, kwargs in (
            (services.record_reply, "reply_on", {"reply_on": data.get("reply_on")}),
            (
                services.record_congress_vote,
                "congress_total",
                {
                    "congress_on": data.get("congress_on"),
                    "total": data.get("congress_total"),
                    "present": data.get("congress_present"),
                    "yes": data.get("congress_yes"),
                },
            ),
            (services.sign, "signed_on", {"signed_on": data.get("signed_on")}),
            (services.submit, "submitted_on", {"submitted_on": data.get("submitted_on")}),
            (
                services.record_review,
                "review_result",
                {
                    "result": data.get("review_result"),
                    "review_on": data.get("review_on"),
                    "note": data.get("review_note") or "",
                },
            ),
            (
                services.terminate,
                "terminated_on",
                {
                    "terminated_on": data.get("terminated_on"),
                    "reason": data.get("termination_reason") or "",
                },
            ),
        ):
            if moves is not None and move not in moves:
                continue
            if data.get(needed) is not None:
                contract = move(contract=contract, actor=user, **kwargs)
    except ValidationError as error:
        return _messages(error, labels)
    return []


def contract_row(contract):
    covered = [c.employer for c in contract.coverage.all()]
    return {
        "code": contract.code,
        "title": contract.title,
        "contract_type": contract.get_contract_type_display(),
        "scope": contract.get_scope_display(),
        "union_code": contract.union.code,
        "employer_code": contract.employer.credit_code if contract.employer_id else "",
        "employer_name": contract.employer.name if contract.employer_id else "",
        "employer_side": contract.employer_side,
        "covered_codes": "、".join(e.credit_code or e.name for e in covered)
        if contract.is_multi_employer
        else "",
        "union_chief": contract.union_chief,
        "employer_chief": contract.employer_chief,
        "union_reps": contract.union_reps,
        "employer_reps": contract.employer_reps,
        "offer_on": contract.offer_on,
        "reply_on": contract.reply_on,
        "congress_on": contract.congress_on,
        "congress_total": contract.congress_total,
        "congress_present": contract.congress_present,
        "congress_yes": contract.congress_yes,
        "signed_on": contract.signed_on,
        "submitted_on": contract.submitted_on,
        "review_result": contract.get_review_result_display() if contract.review_result else "",
        "review_on": contract.review_on,
        "review_note": contract.review_note,
        "effective_on": contract.effective_on,
        "term_start": contract.term_start,
        "term_end": contract.term_end,
        "covered_workers": contract.covered_workers,
        "covered_women": contract.covered_women,
        "covered_migrants": contract.covered_migrants,
        "prev_avg_wage": contract.prev_avg_wage,
        "raise_pct": contract.raise_pct,
        "wage_workers": contract.wage_workers,
        "renewed_from_code": contract.renewed_from.code if contract.renewed_from_id else "",
        "terminated_on": contract.terminated_on,
        "termination_reason": contract.termination_reason,
        "status": ContractStatus(contract.current_status).label,
        "from_ledger": "是" if contract.from_ledger else "",
        "note": contract.note,
    }


def contract_queryset(user):
    """The rows a list, an export or the API shows: scoped, with what each row displays."""
    return with_current_status(
        CollectiveContract.objects.visible_to(user).select_related(
            "union", "union__township", "employer"
        )
    )


CONTRACT_EXPORTER = Exporter(
    kind="contracts",
    title="集体合同台账",
    spec=contract_spec,
    filterset_class=ContractFilter,
    base_queryset=lambda user: (
        contract_queryset(user)
        .select_related("renewed_from")
        .prefetch_related("coverage__employer")
    ),
    row=contract_row,
)
CONTRACT_IMPORTER = Importer(
    kind="contracts",
    title="集体合同导入",
    spec=contract_spec,
    process_row=import_contract_row,
)
register(exporters=[CONTRACT_EXPORTER], importers=[CONTRACT_IMPORTER])
