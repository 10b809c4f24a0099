"""The competitions' ledgers: the lists' exports (competitions, participating employers,
awards) and the imports of participants — per employer (参赛单位, with its 人次) or per person
(参赛人员名单) — and of contest results (比赛成绩).

The per-employer and results imports run every row through the web page's form and service
(`apps.core.ledgers.Importer`). The per-person import is set-based, as the membership roster's
(a city-scale competition names tens of thousands of workers): every row is checked with the
same rules in one pass over the file (the competition open for entries and in scope, the
employer in scope, the name given), and when every row passes the people are written with
COPY, the missing participations created and each employer's 人次 raised to the people named,
all in one transaction; a bad row lists the row and reason and nothing is saved.
"""

from django.utils.translation import gettext as _

from apps.core.ledgers import (
    Exporter,
    Importer,
    form_errors,
    register,
    zh_choices,
)
from apps.core.models import Employer
from apps.core.xlsx.columns import CHOICE, DATE, DECIMAL, ID_TEXT, INT, Column, SheetSpec
from apps.membership.choices import Sex

from . import services
from .choices import (
    AwardeeKind,
    CompetitionLevel,
    CompetitionStatus,
    CompetitionType,
    ContestRound,
    GradePromotion,
    Prize,
    TitleGranted,
)
from .filters import AwardFilter, CompetitionFilter, ParticipationFilter
from .forms.competitions import ParticipationForm, ResultForm
from .models import (
    Competition,
    CompetitionAward,
    ContestResult,
    Participation,
    SkillsContest,
)
from .participant_import import ParticipantImporter

# -- querysets shared by the lists, the exports and the API ---------------------------------


def competition_queryset(user):
    return Competition.objects.visible_to(user).select_related("organiser")


def participation_queryset(user):
    """Newest entries first: the primary key's order, which a page of a large list reads off
    the index instead of sorting every entry."""
    return (
        Participation.objects.visible_to(user)
        .select_related("competition", "employer", "employer__township", "project")
        .order_by("-pk")
    )


def award_queryset(user):
    related = ["competition", "employer"]
    if _has_honour_link():
        related.append("honour_type")
    return CompetitionAward.objects.visible_to(user).select_related(*related)


def _has_honour_link():
    return any(f.name == "honour_type" for f in CompetitionAward._meta.fields)


# -- sheets -------------------------------------------------------------------------------


def _employer_columns():
    return [
        Column("employer_name", "单位名称", ("参赛单位", "企业名称", "用人单位名称"), width=28),
        Column(
            "credit_code",
            "统一社会信用代码",
            ("信用代码", "社会信用代码"),
            kind=ID_TEXT,
            width=22,
            help="与单位名称至少填一项",
        ),
    ]


def competition_spec():
    return SheetSpec(
        kind="competitions",
        title="劳动竞赛台账",
        columns=[
            Column("id", "竞赛编号", (), kind=INT),
            Column("name", "竞赛名称", (), width=30),
            Column(
                "competition_type", "竞赛类型", (), kind=CHOICE, choices=zh_choices(CompetitionType)
            ),
            Column("scheme", "竞赛内容", ("五比五看等",)),
            Column("level", "级别", (), kind=CHOICE, choices=zh_choices(CompetitionLevel)),
            Column("organiser", "主办工会", (), width=24),
            Column("co_organisers", "联办部门", (), width=24),
            Column("starts_on", "开始日期", (), kind=DATE),
            Column("ends_on", "结束日期", (), kind=DATE),
            Column("budget", "经费（元）", (), kind=DECIMAL),
            Column("employers", "参赛单位数", (), kind=INT),
            Column("workers", "参赛职工人次", (), kind=INT),
            Column("status", "状态", (), kind=CHOICE, choices=zh_choices(CompetitionStatus)),
        ],
    )


def entry_spec():
    return SheetSpec(
        kind="competition_entries",
        title="劳动竞赛参赛单位",
        columns=[
            Column("competition", "竞赛编号", ("竞赛ID",), kind=INT, required=True),
            Column("competition_name", "竞赛名称", (), width=30, help="导出用；导入时按编号"),
            *_employer_columns(),
            Column("nature", "单位性质", (), help="导出用"),
            Column("workers", "参赛职工人次", ("参赛人次", "参赛职工"), kind=INT, required=True),
            Column("teams", "参赛班组数", ("班组数",), kind=INT),
            Column("score", "得分", (), kind=DECIMAL),
            Column("rank", "名次", (), kind=INT),
            Column("note", "备注", (), width=30),
        ],
    )


def participant_spec():
    return SheetSpec(
        kind="competition_participants",
        title="劳动竞赛参赛人员",
        columns=[
            Column("competition", "竞赛编号", ("竞赛ID",), kind=INT, required=True),
            *_employer_columns(),
            Column("name", "姓名", ("参赛人员", "职工姓名"), required=True),
            Column("sex", "性别", (), kind=CHOICE, choices=zh_choices(Sex)),
            Column("trade", "工种", ("岗位",)),
            Column("team", "班组", ()),
            Column("phone", "联系电话", ("电话",), kind=ID_TEXT),
        ],
    )


def result_spec():
    return SheetSpec(
        kind="contest_results",
        title="技能比赛成绩",
        columns=[
            Column("competition", "竞赛编号", ("竞赛ID",), kind=INT, required=True),
            Column("trade", "工种", ("比赛工种",), required=True),
            Column("name", "姓名", ("选手姓名",), required=True),
            *_employer_columns(),
            Column("round", "轮次", (), kind=CHOICE, choices=zh_choices(ContestRound)),
            Column("score", "成绩", ("得分",), kind=DECIMAL),
            Column("rank", "名次", (), kind=INT),
            Column("prize", "奖项", ("获奖等次",), kind=CHOICE, choices=zh_choices(Prize)),
            Column("prize_money", "奖金（元）", ("奖金",), kind=DECIMAL),
            Column("title_granted", "授予称号", (), kind=CHOICE, choices=zh_choices(TitleGranted)),
            Column(
                "promotion",
                "技能晋级",
                ("晋升等级",),
                kind=CHOICE,
                choices=zh_choices(GradePromotion),
            ),
        ],
    )


def award_spec():
    return SheetSpec(
        kind="competition_awards",
        title="劳动竞赛表彰",
        columns=[
            Column("competition", "竞赛名称", (), width=30),
            Column("awardee_kind", "表彰对象", (), kind=CHOICE, choices=zh_choices(AwardeeKind)),
            Column("award", "奖项", (), width=20),
            Column("employer_name", "单位", (), width=28),
            Column("team_name", "班组", ()),
            Column("person_name", "姓名", ()),
            Column("awarded_on", "表彰日期", (), kind=DATE),
            Column("document_no", "文号", ()),
            Column("prize_money", "奖金（元）", (), kind=DECIMAL),
        ],
    )


# -- exports ------------------------------------------------------------------------------


def competition_row(competition):
    return {
        "id": competition.pk,
        "name": competition.name,
        "competition_type": competition.competition_type,
        "scheme": competition.scheme,
        "level": competition.level,
        "organiser": competition.organiser.name,
        "co_organisers": competition.co_organisers,
        "starts_on": competition.starts_on,
        "ends_on": competition.ends_on,
        "budget": competition.budget,
        "employers": getattr(competition, "employer_count", None),
        "workers": getattr(competition, "worker_count", None),
        "status": competition.status,
    }


def entry_row(participation):
    employer = participation.employer
    return {
        "competition": participation.competition_id,
        "competition_name": participation.competition.name,
        "employer_name": employer.name,
        "credit_code": employer.credit_code,
        "nature": employer.get_nature_display(),
        "workers": participation.workers,
        "teams": participation.teams,
        "score": participation.score,
        "rank": participation.rank,
        "note": participation.note,
    }


def award_row(award):
    return {
        "competition": award.competition.name,
        "awardee_kind": award.awardee_kind,
        "award": award.award_name,
        "employer_name": award.employer.name if award.employer_id else "",
        "team_name": award.team_name,
        "person_name": award.person_name,
        "awarded_on": award.awarded_on,
        "document_no": award.document_no,
        "prize_money": award.prize_money,
    }


def competitions_with_totals(queryset):
    """Each competition with its employers and workers (人次) entered, for the list and export:
    two subqueries on each competition's entries (for the rows shown only, not a join and a
    grouping over every entry of the county)."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
    from django.db.models.functions import Coalesce

    entries = Participation.objects.filter(competition=OuterRef("pk")).order_by()
    entries = entries.values("competition")
    return queryset.annotate(
        employer_count=Coalesce(
            Subquery(entries.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
        ),
        worker_count=Coalesce(
            Subquery(entries.annotate(n=Sum("workers")).values("n"), output_field=IntegerField()),
            0,
        ),
    ).order_by("-starts_on", "-pk")


COMPETITION_EXPORTER = Exporter(
    kind="competitions",
    title="劳动竞赛台账",
    spec=competition_spec,
    filterset_class=CompetitionFilter,
    base_queryset=lambda user: competitions_with_totals(competition_queryset(user)),
    row=competition_row,
)
ENTRY_EXPORTER = Exporter(
    kind="competition_entries",
    title="劳动竞赛参赛单位",
    spec=entry_spec,
    filterset_class=ParticipationFilter,
    base_queryset=participation_queryset,
    row=entry_row,
)
AWARD_EXPORTER = Exporter(
    kind="competition_awards",
    title="劳动竞赛表彰",
    spec=award_spec,
    filterset_class=AwardFilter,
    base_queryset=award_queryset,
    row=award_row,
)


# -- imports through the form ---------------------------------------------------------------


def _find_competition(check, user, value):
    return check.find("competition", value, Competition.objects.visible_to(user), by="pk")


def _find_employer(check, context, data):
    """The employer a row names by credit code or exact name, in the importer's scope."""
    visible = Employer.objects.visible_to(context.user)
    code, name = (data.get("credit_code") or "").upper(), data.get("employer_name") or ""
    if code:
        return check.find("credit_code", code, visible, by="credit_code")
    if name:
        return check.find("employer_name", name, visible, by="name")
    check.errors.append(
        _("%(name)s or %(code)s: required")
        % {"name": context.labels["employer_name"], "code": context.labels["credit_code"]}
    )
    return None


def import_entry_row(context, row, data):
    """One employer taking part: through `ParticipationForm` and `enter_participation`."""
    check = context.row(row)
    competition = _find_competition(check, context.user, data["competition"])
    employer = _find_employer(check, context, data)
    if employer is not None and competition is not None:
        check.unique("credit_code", (competition.pk, employer.pk))
    if check.errors:
        return check.errors
    form = ParticipationForm(
        {
            "employer": employer.pk,
            "workers": data.get("workers"),
            "teams": data.get("teams") or 0,
            "score": data.get("score"),
            "rank": data.get("rank"),
            "note": data.get("note") or "",
        },
        instance=Participation(competition=competition),
        user=context.user,
    )
    if not form.is_valid():
        return form_errors(form, context.labels)
    services.enter_participation(participation=form.save(commit=False), actor=context.user)
    return []


def import_result_row(context, row, data):
    """One contestant's result: the contest by competition and trade, the contestant among
    those entered in it (else refused: results only for entered contestants)."""
    check = context.row(row)
    competition = _find_competition(check, context.user, data["competition"])
    if check.errors:
        return check.errors
    contest = check.find(
        "trade", data["trade"], SkillsContest.objects.filter(competition=competition), by="trade"
    )
    employer = _find_employer(check, context, data)
    if check.errors:
        return check.errors
    contestant = contest.contestants.filter(name=data["name"], employer=employer).first()
    if contestant is None:
        return [
            _("Results are recorded only for contestants entered in this contest (%(trade)s).")
            % {"trade": contest.trade}
            + f" {context.labels['name']}: {data['name']}"
        ]
    form = ResultForm(
        {
            "contestant": contestant.pk,
            "round": data.get("round") or ContestRound.FINAL,
            "score": data.get("score"),
            "rank": data.get("rank"),
            "prize": data.get("prize") or "",
            "prize_money": data.get("prize_money") or 0,
            "title_granted": data.get("title_granted") or "",
            "promotion": data.get("promotion") or "",
        },
        instance=ContestResult(),
        user=context.user,
        contest=contest,
    )
    if not form.is_valid():
        return form_errors(form, context.labels)
    services.record_result(result=form.save(commit=False), contest=contest, actor=context.user)
    return []


# -- the set-based per-person import ---------------------------------------------------------


ENTRY_IMPORTER = Importer(
    kind="competition_entries",
    title="劳动竞赛参赛单位导入",
    spec=entry_spec,
    process_row=import_entry_row,
)
PARTICIPANT_IMPORTER = ParticipantImporter(
    kind="competition_participants",
    title="劳动竞赛参赛人员导入",
    spec=participant_spec,
)
RESULT_IMPORTER = Importer(
    kind="contest_results",
    title="技能比赛成绩导入",
    spec=result_spec,
    process_row=import_result_row,
)
register(
    exporters=[COMPETITION_EXPORTER, ENTRY_EXPORTER, AWARD_EXPORTER],
    importers=[ENTRY_IMPORTER, PARTICIPANT_IMPORTER, RESULT_IMPORTER],
)

from . import spreadsheets_innovation  # noqa: E402, F401  (the innovation ledgers)
