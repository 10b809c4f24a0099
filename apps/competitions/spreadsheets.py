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

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from apps.core.ledgers import (
    PREVIEW_ROWS,
    Exporter,
    Importer,
    ImportOutcome,
    form_errors,
    register,
    zh_choices,
)
from apps.core.models import Employer
from apps.core.services import history_context
from apps.core.xlsx import (
    CellError,
    SpreadsheetError,
    find_sheet,
    iter_records,
    open_workbook,
    parse_cell,
)
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
    Participant,
    Participation,
    SkillsContest,
)
from .rules import entry_errors

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


@dataclass(eq=False)
class ParticipantImporter(Importer):
    """参赛人员名单: checked in one pass, saved with COPY when every row passes (module
    docstring). Keeps the generic interface (run / template / count_rows / error_workbook)."""

    process_row: Callable | None = None

    def run(self, data, *, user, org=None, commit, progress=None):
        if not getattr(user, "can_edit", False):
            raise PermissionDenied
        workbook = open_workbook(data)
        try:
            sheet, header_row, mapping = find_sheet(workbook, self.sheet)
            batch = _ParticipantBatch(self, user)
            for row, raw in iter_records(sheet, self.sheet, header=(header_row, mapping)):
                batch.check_row(row, raw)
            sheet_title = sheet.title
        finally:
            workbook.close()
        if not batch.rows and not batch.errors:
            raise SpreadsheetError(
                _("Sheet “%(sheet)s” has a header row but no data rows.") % {"sheet": sheet_title},
                code="no_data",
            )
        saved = 0
        if commit and not batch.errors:
            saved = batch.save()
        return ImportOutcome(
            header_row=header_row,
            sheet_title=sheet_title,
            total=len(batch.rows) + len(batch.errors),
            errors=batch.errors,
            preview=batch.preview,
            saved=saved,
        )


class _ParticipantBatch:
    def __init__(self, importer, user):
        self.importer = importer
        self.user = user
        self.labels = importer.labels
        self.columns = importer.sheet.columns
        self.errors, self.rows, self.preview = {}, [], []
        self.competitions = {}  # id -> competition or None
        employers = Employer.objects.visible_to(user).values_list("pk", "credit_code", "name")
        self.by_code, self.by_name = {}, {}
        for pk, code, name in employers.iterator(chunk_size=5000):
            if code:
                self.by_code[code] = pk
            self.by_name.setdefault(name, pk)

    def _competition(self, pk):
        if pk not in self.competitions:
            found = Competition.objects.visible_to(self.user).filter(pk=pk).first()
            self.competitions[pk] = found
        return self.competitions[pk]

    def check_row(self, row, raw):
        parsed, errors = {}, []
        for column in self.columns:
            value = raw.get(column.key)
            try:
                parsed[column.key] = parse_cell(column, value)
            except CellError as error:
                errors.append(f"{column.label}: {error}")
                continue
            if column.required and parsed[column.key] in (None, ""):
                errors.append(_("%(column)s: required") % {"column": column.label})
        if not errors:
            errors = self._check_links(parsed)
        if errors:
            self.errors[row] = errors
            return
        self.rows.append(parsed)
        if len(self.preview) < PREVIEW_ROWS:
            self.preview.append(
                {
                    c.label: "" if parsed.get(c.key) is None else str(parsed[c.key])
                    for c in self.columns
                }
            )

    def _check_links(self, parsed):
        errors = []
        competition = self._competition(parsed["competition"])
        if competition is None:
            errors.append(
                _("%(column)s: no %(record)s %(value)s in your scope")
                % {
                    "column": self.labels["competition"],
                    "record": Competition._meta.verbose_name,
                    "value": parsed["competition"],
                }
            )
        else:
            errors.extend(str(m) for m in entry_errors(competition).get(None, []))
        code = (parsed.get("credit_code") or "").upper()
        name = parsed.get("employer_name") or ""
        if code:
            employer = self.by_code.get(code)
            key, value = "credit_code", code
        elif name:
            employer = self.by_name.get(name)
            key, value = "employer_name", name
        else:
            errors.append(
                _("%(name)s or %(code)s: required")
                % {"name": self.labels["employer_name"], "code": self.labels["credit_code"]}
            )
            return errors
        if employer is None:
            errors.append(
                _("%(column)s: no %(record)s %(value)s in your scope")
                % {
                    "column": self.labels[key],
                    "record": Employer._meta.verbose_name,
                    "value": value,
                }
            )
        if len(parsed["name"]) > 50:
            errors.append(_("%(column)s: at most 50 characters") % {"column": self.labels["name"]})
        parsed["employer"] = employer
        return errors

    def save(self):
        from apps.membership.bulk import copy_rows
        from apps.membership.importing import reserve_ids

        with transaction.atomic(), history_context(self.user, source="import"):
            competition_ids = sorted({row["competition"] for row in self.rows})
            locked = Competition.objects.select_for_update().filter(pk__in=competition_ids)
            for competition in locked:
                problems = entry_errors(competition)
                if problems:
                    raise ValidationError(problems[None])
            pairs = {(row["competition"], row["employer"]) for row in self.rows}
            existing = {
                (c, e): pk
                for pk, c, e in Participation.objects.filter(
                    competition_id__in=competition_ids
                ).values_list("pk", "competition_id", "employer_id")
            }
            missing = [
                Participation(competition_id=c, employer_id=e)
                for c, e in sorted(pairs - set(existing))
            ]
            for participation in Participation.objects.bulk_create(missing, batch_size=2000):
                existing[(participation.competition_id, participation.employer_id)] = (
                    participation.pk
                )
            ids = reserve_ids(Participant, len(self.rows))
            fields = ("id", "participation_id", "name", "sex", "trade", "team", "phone")
            written = copy_rows(
                Participant,
                fields,
                (
                    (
                        pk,
                        existing[(row["competition"], row["employer"])],
                        row["name"],
                        row.get("sex") or "",
                        row.get("trade") or "",
                        row.get("team") or "",
                        row.get("phone") or "",
                    )
                    for pk, row in zip(ids, self.rows, strict=True)
                ),
            )
            touched = sorted(set(existing[pair] for pair in pairs))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"""
                    UPDATE {Participation._meta.db_table} AS p SET workers = n.named
                    FROM (
                        SELECT participation_id, COUNT(*) AS named
                        FROM {Participant._meta.db_table}
                        WHERE participation_id = ANY(%s) GROUP BY participation_id
                    ) AS n
                    WHERE p.id = n.participation_id AND p.workers < n.named
                    """,
                    [touched],
                )
        return written


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
