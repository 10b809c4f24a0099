"""The default text of a new review, written the way county reviews are written (see
`../shared/reference/review-*.txt`): a foreword, one section per line of work with the figures
in running sentences and the change on last period, and the closing problems and plans.

Reports knows no line of work: each app declares its own (`sections.py`) with its chapter's
heading, running text and figure sentences, and its phrases for the foreword and the closing.
The figure sentences keep only the indicators registered at the time, so the default names no
indicator that does not exist; a line of work with no data in the period is left out, and one
that gains data or registers later is added with `services.add_missing_sections`.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import override

from apps.core.choices import OrgKind, OrgLevel

from .choices import SectionKind
from .figures import REVIEW_LANGUAGE
from .placeholders import unknown
from .registry import FLOW, RATIO, REGISTRY, by_section
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
    compare_stock: str = ""  # a stock's comparison (比2010年末), when not `compare`

    def compare_for(self, code):
        """A stock (or a rate at the period's end) compares with the end of the previous
        period, a flow with the previous period of the same length."""
        item = REGISTRY.get(code)
        if item is not None and item.kind != FLOW and self.compare_stock:
            return self.compare_stock
        return self.compare


def wording(org, period):
    first, last = period.first_year, period.last_year
    previous = period.previous()
    compare_stock = ""
    if period.is_stats:
        words = (
            f"{last}统计年度",
            "本统计年度内",
            f"截至{last}年9月30日",
            "比上一统计年度",
            "下一统计年度",
        )
    elif period.is_range:
        # A term review: flows against the previous term, stocks against its end.
        words = (
            f"{first}—{last}年",
            f"{first}—{last}年间累计",
            f"截至{last}年末",
            "比上届",
            "今后一个时期",
        )
        compare_stock = f"比{previous.end.year}年末"
    elif period.is_year:
        words = (f"{first}年", "全年", "截至年末", "比上年", f"{last + 1}年")
    else:
        # A half-year, a quarter or a date range: its name leads its flows ("上半年，全县新建…").
        phrase, end = period.phrase, period.end
        named = phrase if phrase.startswith(str(period.start.year)) else f"{first}年{phrase}"
        words = (named, phrase, f"截至{end.year}年{end.month}月{end.day}日")
        words += (period.compare_phrase, "下一步")
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
    if period.within_year:  # "上半年，全县新建工会组织54个" (the reference half-year summary)
        words = (words[0], f"{words[1]}，{area}", *words[2:])
    return Wording(*words, area=area, lead=lead, compare_stock=compare_stock)


def title_for(org, period):
    w = wording(org, period)
    return f"{org.name}{w.period_name}工作回顾"


# The congresses a review's foreword cites: the last of each held by the period's end, so a
# review of 2011–2015 cites 党的十八大 and 中国工会十六大, never a later one.
PARTY_CONGRESSES = [
    (datetime.date(2002, 11, 8), "十六大"),
    (datetime.date(2007, 10, 15), "十七大"),
    (datetime.date(2012, 11, 8), "十八大"),
    (datetime.date(2017, 10, 18), "十九大"),
    (datetime.date(2022, 10, 16), "二十大"),
]
UNION_CONGRESSES = [
    (datetime.date(2003, 9, 22), "十四大"),
    (datetime.date(2008, 10, 21), "十五大"),
    (datetime.date(2013, 10, 22), "十六大"),
    (datetime.date(2018, 10, 22), "十七大"),
    (datetime.date(2023, 10, 9), "十八大"),
]
# The guiding thought as written in each era (新时代 thought from the 十九大 on).
GUIDANCE = [
    (datetime.date(2012, 11, 8), "坚持以邓小平理论、“三个代表”重要思想、科学发展观为指导"),
    (datetime.date(2017, 10, 18), "坚持以习近平新时代中国特色社会主义思想为指导"),
]
EARLY_GUIDANCE = "坚持以邓小平理论和“三个代表”重要思想为指导，深入贯彻落实科学发展观"


def latest_by(events, day, default=None):
    """The last of `events` [(date, name)] held on or before `day`."""
    held = [name for on, name in events if on <= day]
    return held[-1] if held else default


def congresses(period):
    """(party congress, union congress) whose spirit the foreword cites for `period`."""
    return latest_by(PARTY_CONGRESSES, period.end), latest_by(UNION_CONGRESSES, period.end)


def foreword(org, period, lines=()):
    """The opening paragraph; `lines` are the lines of work the review reports on."""
    w = wording(org, period)
    work = "、".join(item.summary for item in lines if item.summary)
    where = f"在{work}等方面" if work else "在各项工作中"
    party, union = congresses(period)
    spirit = "和".join(
        text for text in (party and f"党的{party}精神", union and f"中国工会{union}精神") if text
    )
    guidance = latest_by(GUIDANCE, period.end, EARLY_GUIDANCE)
    return (
        f"{w.period_name}，{org.short_name or org.name}{w.lead}，{guidance}，"
        + (f"全面贯彻落实{spirit}，" if spirit else "")
        + "坚持“组织起来、"
        f"切实维权”的工作方针，团结动员{w.area}广大职工紧紧围绕党委、政府中心工作建功立业，"
        f"突出维护职工合法权益、竭诚服务职工群众的基本职责，{where}做了大量工作，"
        "各项工作取得新的进展。现将有关情况回顾如下。"
    )


# A line of work's sentences (`Section.sentences`) are lists of clauses: without the first
# clause's indicators the sentence is left out, and each further clause is left out when one of
# its indicators is missing. «…» are period words.
GENERIC_LIMIT = 6  # sentences for a line of work without written ones: its first indicators


# "，比上年{code.change}": the comparison clause of a figure, dropped when there is nothing to
# compare with (the earlier value is zero or missing: no "+8500.0%").
COMPARE = re.compile(r"(，?)«compare»\{([^{}]+)\.change\}")


def comparable(entry):
    """Whether the entry has an earlier value to compare with: not missing, and not zero
    unless the figure is a rate (a rate from 0% rises in points)."""
    if entry is None or entry.get("previous") is None or entry.get("value") is None:
        return False
    return entry.get("kind") == RATIO or Decimal(entry["previous"]) != 0


def _words(text, w, entries=None):
    def compare(match):
        code = match.group(2)
        if entries is not None and not comparable(entries.get(code)):
            return ""
        return f"{match.group(1)}{w.compare_for(code)}{{{code}.change}}"

    text = COMPARE.sub(compare, text)
    for token, word in (
        ("«flow»", w.flow_lead),
        ("«stock»", w.stock_lead),
        ("«compare»", w.compare),
        ("«area»", w.area),
    ):
        text = text.replace(token, word)
    return text


def _written(line, w, entries=None):
    sentences = []
    for clauses in line.sentences:
        if unknown(clauses[0]):
            continue
        sentences.append("".join(c for c in clauses if not unknown(c)) + "。")
    return "".join(_words(s, w, entries) for s in sentences)


def _generic(items, w, entries=None):
    """Sentences made from the indicators' labels, for a line of work without written ones."""
    chosen = [i for i in items if i.headline] or items
    clauses = []
    for item in chosen[:GENERIC_LIMIT]:
        code = item.code
        label, unit = str(item.label), ("万元" if item.is_money else str(item.unit))
        change = f"，«compare»{{{code}.change}}"
        if item.kind == RATIO:
            clauses.append(f"{label}达到{{{code}}}%{change}")
        elif item.kind == FLOW:
            clauses.append(f"{w.flow_lead}{label}{{{code}}}{unit}{change}")
        else:
            clauses.append(f"{w.stock_lead}，{label}{{{code}}}{unit}{change}")
    return _words("；".join(clauses), w, entries) + "。" if clauses else ""


def section_text(line, items, org, period, entries=None):
    """(heading, body) of one line of work's chapter; with `entries` (the period's snapshot)
    a figure with nothing to compare with states no change."""
    w = wording(org, period)
    body = line.intro + (_written(line, w, entries) or _generic(items, w, entries))
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
            (line.code, *section_text(line, groups[line.code], org, period, entries))
            for line in lines
        ]
        if only is not None:
            return chapters
        return [
            (SectionKind.FOREWORD, "", foreword(org, period, lines)),
            *chapters,
            (SectionKind.CLOSING, "存在的问题和下一步工作打算", closing(org, period, lines)),
        ]
