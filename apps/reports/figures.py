"""Figures as the dashboard, the review and the API show them: an indicator's value for a period,
last period's value and the change, and how each is written in Chinese.

A *snapshot* is the plain-JSON form of a set of figures, with each indicator's label, unit and
section copied in. An issued review stores its snapshot, so it renders the same wording and
numbers years later even if an indicator is renamed or its records change.

    {"example.new_members": {"label": "新发展会员", "unit": "人", "section": "example",
      "kind": "flow", "money": false, "decimals": 0, "percent": false, "better": "up",
      "order": 3,
      "value": 1929, "previous": 1715, "change": "12.5"}}

Values are kept exactly: integers as numbers, decimals (money in 元, percentages) as strings.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import override

from . import sections
from .evaluation import evaluate
from .registry import RATIO, REGISTRY

REVIEW_LANGUAGE = "zh-hans"  # the review, its PDF and its workbook are Chinese documents
WAN = Decimal(10000)


def percent_change(value, previous):
    """(value − previous) ÷ previous in %, one decimal; None when there is nothing to compare."""
    if value is None or previous in (None, 0):
        return None
    change = (Decimal(value) - Decimal(previous)) * 100 / Decimal(previous)
    return change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def point_change(value, previous):
    """A ratio's change in percentage points."""
    if value is None or previous is None:
        return None
    return (Decimal(value) - Decimal(previous)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    return value


def _number(value):
    if value is None or isinstance(value, int):
        return value
    return Decimal(str(value))


def entry_for(item, value, previous):
    """The snapshot entry of one indicator."""
    with override(REVIEW_LANGUAGE):
        label, unit = str(item.label), str(item.unit)
    section_label = sections.name(item.section)
    change = point_change(value, previous) if item.is_percent else percent_change(value, previous)
    return {
        "label": label,
        "unit": "万元" if item.is_money else unit,
        "section": item.section,
        "section_label": section_label,
        "kind": item.kind,
        "money": item.is_money,
        "decimals": item.decimals,
        "percent": item.is_percent,
        "better": "down" if item.lower_is_better else "up",
        "order": item.order,
        "value": _plain(value),
        "previous": _plain(previous),
        "change": _plain(change),
    }


def entries_from(figures, period, codes):
    """Snapshot entries of `codes` from evaluated figures holding `period` and the previous."""
    previous = period.previous()
    return {
        code: entry_for(
            REGISTRY[code], figures[(code, period)].value, figures[(code, previous)].value
        )
        for code in sorted(codes, key=lambda c: REGISTRY[c].order)
    }


def snapshot(scope, period, codes=None):
    """Every indicator (or `codes`) for `scope`: this period, the previous one and the change,
    computed together (`evaluation.evaluate`)."""
    codes = list(REGISTRY) if codes is None else list(codes)
    wanted = [(code, step) for code in codes for step in (period, period.previous())]
    return entries_from(evaluate(scope, wanted), period, codes)


def by_section(entries):
    """[(section code, section label, [(code, entry)])] in the reviews' order."""
    groups = {}
    for code, entry in sorted(entries.items(), key=lambda pair: pair[1]["order"]):
        groups.setdefault(entry["section"], []).append((code, entry))
    return [
        (name, items[0][1]["section_label"], items)
        for name, items in sorted(groups.items(), key=lambda g: sections.position(g[0]))
    ]


# --- Writing figures in Chinese ---------------------------------------------------------------


def _trim(value):
    """A Decimal without trailing zeros and never in exponent form ("135", "13.65")."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def wan_yuan(yuan):
    """元 → 万元 text: two decimals at most, trailing zeros dropped ("13.65", "135", "5.3").

    An amount under 50 元 is written with four decimals rather than as a misleading 0."""
    amount = Decimal(yuan) / WAN
    rounded = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if rounded == 0 and amount != 0:
        rounded = amount.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    return _trim(rounded)


def format_number(value, entry):
    """A value as the review writes it: 1929, 13.65 (万元), 90.5 (%); "—" when undefined."""
    value = _number(value)
    if value is None:
        return "—"
    if entry.get("money"):
        return wan_yuan(value)
    if entry.get("kind") == RATIO:
        places = max(int(entry.get("decimals") or 0), 0)
        return f"{Decimal(value):.{places}f}"
    if isinstance(value, Decimal):
        return _trim(value) if value != value.to_integral_value() else str(int(value))
    return str(value)


def format_value(entry):
    return format_number(entry["value"], entry)


def format_previous(entry):
    return format_number(entry["previous"], entry)


def format_with_unit(value, entry):
    text = format_number(value, entry)
    if text == "—":
        return text
    return f"{text}{entry['unit']}"


def in_points(entry):
    """Whether the entry's change is in percentage points: a rate or a percentage (snapshots
    issued before "percent" was recorded: rates only)."""
    return bool(entry.get("percent")) or entry.get("kind") == RATIO


def change_phrase(entry):
    """How the review words the change on last period: 增长12.5% / 下降3.0% / 持平.

    Ratios change in percentage points (提高2.3个百分点). When last period was zero or is missing
    a change means nothing: 无可比数据 (the default text leaves the comparison out altogether,
    `defaults.comparable`)."""
    value, previous = _number(entry["value"]), _number(entry["previous"])
    if in_points(entry):
        change = point_change(value, previous)
        if change is None:
            return "无可比数据"
        if change == 0:
            return "持平"
        word = "提高" if change > 0 else "下降"
        return f"{word}{abs(change):.1f}个百分点"
    if not previous:  # nothing to compare with: no change is stated (never "+8500.0%")
        return "无可比数据"
    value = value or 0
    if value == previous:
        return "持平"
    change = percent_change(value, previous)
    word = "增长" if change > 0 else "下降"
    return f"{word}{abs(change):.1f}%"


def change_short(entry):
    """The change for tables and cards: +12.5% / −3.0% / +2.3个百分点 / — ."""
    value, previous = _number(entry["value"]), _number(entry["previous"])
    if in_points(entry):
        change = point_change(value, previous)
        if change is None:
            return "—"
        return f"{change:+.1f}个百分点" if change else "0"
    change = percent_change(value or 0, previous)
    if change is None:  # the earlier value is zero or missing: no change to state
        return "—"
    return f"{change:+.1f}%" if change else "0%"


UP, DOWN = "up", "down"
ARROWS = {UP: "▲", DOWN: "▼"}


def direction(entry):
    """UP, DOWN or "" (no change, or nothing to compare)."""
    value, previous = _number(entry["value"]), _number(entry["previous"])
    if value is None or previous is None or value == previous:
        return ""
    return UP if value > previous else DOWN


def tone(entry):
    """ "good", "bad" or "" for the change's colour: a rise is good news unless the indicator
    says lower is better (overdue filings, employers without a contract)."""
    moved = direction(entry)
    if not moved:
        return ""
    return "good" if moved == entry.get("better", UP) else "bad"
