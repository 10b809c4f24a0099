"""Ledgers of the innovation side: exports of the proposal, innovation, studio and 安康杯 lists
(exactly the filtered rows), and the proposal ledger import (合理化建议台账): each row through
the proposal form and `save_proposal`, so a row breaks exactly the rules the web page enforces,
named the same way; one bad row and nothing is saved."""

from apps.core.ledgers import Exporter, Importer, form_errors, register, zh_choices
from apps.core.models import Employer, UnionOrg
from apps.core.xlsx.columns import BOOL, CHOICE, DATE, DECIMAL, INT, Column, SheetSpec

from .choices_innovation import (
    AnkangAward,
    AwardLevel,
    InnovationKind,
    PatentKind,
    ProposalCategory,
    ProposalReview,
    StudioLevel,
    StudioType,
)
from .filters_innovation import AnkangFilter, InnovationFilter, ProposalFilter, StudioFilter
from .forms.innovation import ProposalForm
from .models.innovation import AnkangEntry, Innovation, InnovationStudio, Proposal
from .services import innovation as services


def proposal_queryset(user):
    return Proposal.objects.visible_to(user).select_related("org", "employer")


def innovation_queryset(user):
    return Innovation.objects.visible_to(user).select_related("org", "employer")


def studio_queryset(user):
    return InnovationStudio.objects.visible_to(user).select_related(
        "org", "host_employer", "leader"
    )


def ankang_queryset(user):
    return AnkangEntry.objects.visible_to(user).select_related("employer", "employer__township")


def proposal_spec():
    return SheetSpec(
        kind="proposals",
        title="合理化建议台账",
        columns=[
            Column("code", "建议编号", ("编号",)),
            Column("title", "建议名称", ("建议题目", "名称", "题目"), required=True, width=30),
            Column("proposers", "建议人", ("提出人", "姓名"), required=True, width=20),
            Column("org_code", "工会组织代码", ("工会代码", "组织代码"), required=True),
            Column("employer_name", "单位名称", ("所在单位", "单位"), width=28),
            Column(
                "category",
                "建议类别",
                ("类别",),
                kind=CHOICE,
                choices=zh_choices(ProposalCategory),
                required=True,
            ),
            Column("submitted_on", "提出日期", ("提交日期", "日期"), kind=DATE, required=True),
            Column(
                "review_result",
                "评审结果",
                ("评审意见", "采纳情况"),
                kind=CHOICE,
                choices=zh_choices(ProposalReview),
            ),
            Column("reviewed_on", "评审日期", (), kind=DATE),
            Column("review_reason", "不采纳原因", ("原因",), width=24),
            Column("implemented_on", "实施日期", (), kind=DATE),
            Column(
                "annual_benefit", "年度效益（元）", ("年创效益（元）", "效益（元）"), kind=DECIMAL
            ),
            Column("reward", "奖励金额（元）", ("奖励（元）", "奖金"), kind=DECIMAL),
            Column("golden_idea", "金点子", (), kind=BOOL),
            Column("content", "建议内容", ("内容",), width=40),
            Column("note", "备注", (), width=24),
        ],
    )


def import_proposal_row(context, row, data):
    """One ledger row: the proposal with its review and implementation so far, through the
    proposal form and `save_proposal`."""
    user = context.user
    check = context.row(row)
    if data.get("code"):
        check.unique("code", data["code"])
    org = check.find("org_code", data["org_code"], UnionOrg.objects.visible_to(user))
    employer = None
    if data.get("employer_name"):
        employer = check.find(
            "employer_name", data["employer_name"], Employer.objects.visible_to(user), by="name"
        )
    if check.errors:
        return check.errors
    fields = set(ProposalForm.Meta.fields)
    form_data = {k: v for k, v in data.items() if v is not None and k in fields}
    form_data["org"] = org.pk
    if employer is not None:
        form_data["employer"] = employer.pk
    form = ProposalForm(data=form_data, instance=Proposal(), user=user)
    if not form.is_valid():
        labels = {**context.labels, "org": context.labels["org_code"]}
        labels["employer"] = context.labels["employer_name"]
        return form_errors(form, labels)
    services.save_proposal(proposal=form.save(commit=False), actor=user, members=[])
    return []


def _label(record, field):
    value = getattr(record, field)
    return getattr(record, f"get_{field}_display")() if value else ""


def proposal_row(p):
    return {
        "code": p.code,
        "title": p.title,
        "proposers": p.proposers,
        "org_code": p.org.code,
        "employer_name": p.employer.name if p.employer_id else "",
        "category": _label(p, "category"),
        "submitted_on": p.submitted_on,
        "review_result": _label(p, "review_result"),
        "reviewed_on": p.reviewed_on,
        "review_reason": p.review_reason,
        "implemented_on": p.implemented_on,
        "annual_benefit": p.annual_benefit,
        "reward": p.reward,
        "golden_idea": p.golden_idea,
        "content": p.content,
        "note": p.note,
    }


def innovation_spec():
    return SheetSpec(
        kind="innovations",
        title="五小及技术创新成果台账",
        columns=[
            Column("title", "成果名称", (), width=30),
            Column("kind", "成果类别", (), kind=CHOICE, choices=zh_choices(InnovationKind)),
            Column("org_code", "工会组织代码", ()),
            Column("employer_name", "单位名称", (), width=28),
            Column("people", "完成人", (), width=20),
            Column("year", "年度", (), kind=INT),
            Column("problems_solved", "解决的问题", (), width=30),
            Column("patent_no", "专利号", ()),
            Column("patent_kind", "专利类型", (), kind=CHOICE, choices=zh_choices(PatentKind)),
            Column("benefit", "效益（元）", (), kind=DECIMAL),
            Column("award_level", "获奖级别", (), kind=CHOICE, choices=zh_choices(AwardLevel)),
        ],
    )


def innovation_row(i):
    return {
        "title": i.title,
        "kind": _label(i, "kind"),
        "org_code": i.org.code,
        "employer_name": i.employer.name if i.employer_id else "",
        "people": i.people,
        "year": i.year,
        "problems_solved": i.problems_solved,
        "patent_no": i.patent_no,
        "patent_kind": _label(i, "patent_kind"),
        "benefit": i.benefit,
        "award_level": _label(i, "award_level"),
    }


def studio_spec():
    return SheetSpec(
        kind="studios",
        title="创新工作室台账",
        columns=[
            Column("name", "工作室名称", (), width=30),
            Column("studio_type", "类型", (), kind=CHOICE, choices=zh_choices(StudioType)),
            Column("level", "级别", (), kind=CHOICE, choices=zh_choices(StudioLevel)),
            Column("host_employer", "依托单位", (), width=28),
            Column("leader", "领办人", ()),
            Column("members", "成员人数", (), kind=INT),
            Column("status", "状态", ()),
            Column("named_on", "命名日期", (), kind=DATE),
            Column("doc_no", "命名文号", ()),
            Column("subsidy", "补助经费（元）", (), kind=DECIMAL),
            Column("recheck_due", "复核期限", (), kind=DATE),
            Column("rechecked_on", "复核日期", (), kind=DATE),
        ],
    )


def studio_row(s):
    return {
        "name": s.name,
        "studio_type": _label(s, "studio_type"),
        "level": _label(s, "level"),
        "host_employer": s.host_employer.name,
        "leader": s.leader.name,
        "members": s.members,
        "status": _label(s, "status"),
        "named_on": s.named_on,
        "doc_no": s.doc_no,
        "subsidy": s.subsidy,
        "recheck_due": s.recheck_due,
        "rechecked_on": s.rechecked_on,
    }


def ankang_spec():
    return SheetSpec(
        kind="ankang",
        title="安康杯竞赛台账",
        columns=[
            Column("employer", "参赛单位", (), width=30),
            Column("township", "所属乡镇", ()),
            Column("year", "年度", (), kind=INT),
            Column("teams", "参赛班组数", (), kind=INT),
            Column("workers", "参赛职工（人次）", (), kind=INT),
            Column("score", "考核得分", (), kind=DECIMAL),
            Column("award", "表彰", (), kind=CHOICE, choices=zh_choices(AnkangAward)),
        ],
    )


def ankang_row(e):
    township = e.employer.township
    return {
        "employer": e.employer.name,
        "township": (township.short_name or township.name) if township else "",
        "year": e.year,
        "teams": e.teams,
        "workers": e.workers,
        "score": e.score,
        "award": _label(e, "award"),
    }


PROPOSAL_EXPORTER = Exporter(
    kind="proposals",
    title="合理化建议台账",
    spec=proposal_spec,
    filterset_class=ProposalFilter,
    base_queryset=proposal_queryset,
    row=proposal_row,
)
INNOVATION_EXPORTER = Exporter(
    kind="innovations",
    title="五小及技术创新成果台账",
    spec=innovation_spec,
    filterset_class=InnovationFilter,
    base_queryset=innovation_queryset,
    row=innovation_row,
)
STUDIO_EXPORTER = Exporter(
    kind="studios",
    title="创新工作室台账",
    spec=studio_spec,
    filterset_class=StudioFilter,
    base_queryset=studio_queryset,
    row=studio_row,
)
ANKANG_EXPORTER = Exporter(
    kind="ankang",
    title="安康杯竞赛台账",
    spec=ankang_spec,
    filterset_class=AnkangFilter,
    base_queryset=ankang_queryset,
    row=ankang_row,
)
PROPOSAL_IMPORTER = Importer(
    kind="proposals",
    title="合理化建议导入",
    spec=proposal_spec,
    process_row=import_proposal_row,
)
register(
    exporters=[PROPOSAL_EXPORTER, INNOVATION_EXPORTER, STUDIO_EXPORTER, ANKANG_EXPORTER],
    importers=[PROPOSAL_IMPORTER],
)
