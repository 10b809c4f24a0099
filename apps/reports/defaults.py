"""The default text of a new review, written the way county reviews are written (see
`../shared/reference/review-*.txt`): a foreword, one section per line of work with the figures
in running sentences and the change on last period, and the closing problems and plans.

Reports knows no line of work: each app declares its own (`sections.py`) with its chapter's
heading, running text and figure sentences, and its phrases for the foreword and the closing.
The figure sentences keep only the indicators registered at the time, so the default names no
indicator that does not exist; a line of work with no data in the period is left out, and one
that gains data or registers later is added with `services.add_missing_sections`.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import override

from apps.core.choices import OrgKind, OrgLevel

from .choices import SectionKind
from .figures import REVIEW_LANGUAGE
from .placeholders import unknown
from .registry import FLOW, RATIO, by_section
from .render import numeral
from .sections import ordered


@dataclass
class Wording:
    """How the period and the organisation are named in running text."""

    period_name: str  # 2025年
    flow_lead: str  # 全年
    stock_lead: str  # 截至年末
    compare: str  # 比上年
    next_name: str  # 2026年
    area: str  # 全县
    lead: str  # 在县委、县政府和上级工会的坚强领导下


def wording(org, period):
    first, last = period.first_year, period.last_year
    previous = period.previous()
    if period.is_stats:
        words = (
            f"{last}统计年度",
            "本统计年度内",
            f"截至{last}年9月30日",
            "比上一统计年度",
            "下一统计年度",
        )
    elif period.is_range:
        words = (
            f"{first}—{last}年",
            f"{first}—{last}年间累计",
            f"截至{last}年末",
            f"比{previous.first_year}—{previous.last_year}年",
            "今后一个时期",
        )
    else:
        words = (f"{first}年", "全年", "截至年末", "比上年", f"{last + 1}年")
    name = org.name
    if org.level in (OrgLevel.COUNTY, OrgLevel.CITY, OrgLevel.PROVINCE):
        area, lead = "全县", "在县委、县政府和上级工会的坚强领导下"
    elif org.kind == OrgKind.INDUSTRY:
        area, lead = "全系统", "在主管部门党组织和县总工会的领导下"
    elif org.level == OrgLevel.TOWNSHIP:
        area = "全街道" if "街道" in name else "全乡" if "乡" in name else "全镇"
        lead = f"在{area[1:]}党（工）委和县总工会的领导下"
    else:
        area, lead = "本单位", "在单位党组织和上级工会的领导下"
    return Wording(*words, area=area, lead=lead)


def title_for(org, period):
    w = wording(org, period)
    return f"{org.name}{w.period_name}工作回顾"


def foreword(org, period, lines=()):
    """The opening paragraph; `lines` are the lines of work the review reports on."""
    w = wording(org, period)
    work = "、".join(item.summary for item in lines if item.summary)
    where = f"在{work}等方面" if work else "在各项工作中"
    return (
        f"{w.period_name}，{org.short_name or org.name}{w.lead}，坚持以习近平新时代中国特色"
        "社会主义思想为指导，全面贯彻落实党的二十大精神和中国工会十八大精神，坚持“组织起来、"
        f"切实维权”的工作方针，团结动员{w.area}广大职工紧紧围绕党委、政府中心工作建功立业，"
        f"突出维护职工合法权益、竭诚服务职工群众的基本职责，{where}做了大量工作，"
        "各项工作取得新的进展。现将有关情况回顾如下。"
    )


# A line of work's sentences (`Section.sentences`) are lists of clauses: without the first
# clause's indicators the sentence is left out, and each further clause is left out when one of
# its indicators is missing. «…» are period words.
GENERIC_LIMIT = 6  # sentences for a line of work without written ones: its first indicators


def _words(text, w):
    for token, word in (
        ("«flow»", w.flow_lead),
        ("«stock»", w.stock_lead),
        ("«compare»", w.compare),
        ("«area»", w.area),
    ):
        text = text.replace(token, word)
    return text


def _written(line, w):
    sentences = []
    for clauses in line.sentences:
        if unknown(clauses[0]):
            continue
        sentences.append("".join(c for c in clauses if not unknown(c)) + "。")
    return "".join(_words(s, w) for s in sentences)


def _generic(items, w):
    """Sentences made from the indicators' labels, for a line of work without written ones."""
    chosen = [i for i in items if i.headline] or items
    clauses = []
    for item in chosen[:GENERIC_LIMIT]:
        code = item.code
        label, unit = str(item.label), ("万元" if item.is_money else str(item.unit))
        change = f"，{w.compare}{{{code}.change}}"
        if item.kind == RATIO:
            clauses.append(f"{label}达到{{{code}}}%{change}")
        elif item.kind == FLOW:
            clauses.append(f"{w.flow_lead}{label}{{{code}}}{unit}{change}")
        else:
            clauses.append(f"{w.stock_lead}，{label}{{{code}}}{unit}{change}")
    return "；".join(clauses) + "。" if clauses else ""


def section_text(line, items, org, period):
    """(heading, body) of one line of work's chapter."""
    w = wording(org, period)
    body = line.intro + (_written(line, w) or _generic(items, w))
    return line.heading or line.name, "\n".join(part for part in (body, line.outro) if part)


# The closing's points that concern the union itself rather than one line of work.
CADRES_PROBLEM = (
    "基层工会干部队伍力量相对薄弱，专职化、专业化水平有待提高，服务职工的能力需要进一步增强。"
)
SELF_BUILDING_PLAN = (
    "加强工会自身建设，加强工会干部教育培训，推进基层工会规范化建设，"
    "使工会组织真正成为广大职工群众信赖的“职工之家”。"
)


def _points(sentences):
    return [f"{numeral(n)}是{text}" for n, text in enumerate(sentences, 1)]


def closing(org, period, lines=()):
    """Problems and next period's plans: each line of work's, then the union's own."""
    w = wording(org, period)
    problems = [item.problem for item in lines if item.problem] + [CADRES_PROBLEM]
    plans = [item.plan for item in lines if item.plan] + [SELF_BUILDING_PLAN]
    return "\n".join(
        ["（一）存在的问题", *_points(problems), f"（二）{w.next_name}工作打算", *_points(plans)]
    )


def lines_with_data(entries):
    """Codes of the lines of work with a figure other than zero in `entries` (a snapshot): a
    line with nothing recorded in the period is left out of the default text, not printed as
    zeros."""
    return {
        entry["section"]
        for entry in entries.values()
        if entry["kind"] != RATIO and entry["value"] is not None and Decimal(entry["value"]) != 0
    }


def default_sections(org, period, entries, only=None):
    """[(kind, heading, body)] of a new review: foreword, lines of work, problems and plans.

    `entries` are the period's figures (a snapshot): lines of work without data are left out.
    `only` limits the lines of work to those section codes (for adding missing sections)."""
    shown = lines_with_data(entries)
    groups = by_section()
    lines = [
        line
        for line in ordered()
        if line.code in groups and line.code in shown and (only is None or line.code in only)
    ]
    with override(REVIEW_LANGUAGE):
        chapters = [
            (line.code, *section_text(line, groups[line.code], org, period)) for line in lines
        ]
        if only is not None:
            return chapters
        return [
            (SectionKind.FOREWORD, "", foreword(org, period, lines)),
            *chapters,
            (SectionKind.CLOSING, "存在的问题和下一步工作打算", closing(org, period, lines)),
        ]
