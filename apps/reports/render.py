"""Turning a review's text and a snapshot of figures into HTML and PDF.

Rendering reads only its arguments (text, snapshot, chart data), never the records: the web
preview passes live figures, issuing passes the figures it has just frozen, so an issued
review's PDF is exactly what its stored data says.
"""

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import override

from . import charts as svg
from .choices import SectionKind
from .figures import (
    REVIEW_LANGUAGE,
    by_section,
    change_short,
    format_previous,
    format_value,
    in_points,
)
from .placeholders import render_html

NUMERALS = "一二三四五六七八九十"
SUBHEADING = re.compile(r"^<p>(（[一二三四五六七八九十]+）[^<]{0,30})</p>$", re.M)


def numeral(n):
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return f"{NUMERALS[tens - 1] if tens > 1 else ''}十{NUMERALS[ones - 1] if ones else ''}"


def section_dicts(review):
    return [{"kind": s.kind, "heading": s.heading, "body": s.body} for s in review.sections.all()]


def _figures(charts, figure_no):
    """The SVG figures of one line of work, numbered on from `figure_no`."""
    figures = []
    for n, chart in enumerate(charts, figure_no):
        if chart["type"] == "trend":
            labels, values = zip(*chart["points"], strict=True)
            markup = svg.line_chart(labels, values, unit=chart["unit"])
            caption = f"图{n}　近五年{chart['label']}"
        else:
            labels, values = zip(*chart["bars"], strict=True)
            markup = svg.bar_chart(labels, values, unit=chart["unit"])
            caption = f"图{n}　{chart['label']}（按乡镇、街道和系统工会）"
        figures.append({"svg": mark_safe(markup), "caption": caption, "type": chart["type"]})
    return figures


def table_note(entries):
    """The appendix table's note, naming the units the table uses: 金额以万元计 only when it has
    amounts, 百分点 only when it has rates or percentages."""
    units = list(dict.fromkeys(entry["unit"] for entry in entries.values() if entry["unit"]))
    parts = ["表中数据由工会信息平台依据各级工会录入的台账自动生成"]
    if units:
        parts.append(f"计量单位：{'、'.join(units)}")
    if any(entry.get("money") for entry in entries.values()):
        parts.append("金额以万元计")
    if any(in_points(entry) for entry in entries.values()):
        parts.append("比率和百分数的增减以百分点计")
    parts.append("“—”表示无可比数据")
    return "注：" + "；".join(parts) + "。"


def review_context(*, title, org, period, sections, entries, charts, issued_on, link=None):
    """What `pdf/review.html` and the web preview show."""
    from .defaults import wording

    words = wording(org, period)
    shown, number, figure_no = [], 0, 1
    for section in sections:
        html = render_html(section["body"], entries, link)
        html = mark_safe(SUBHEADING.sub(r'<p class="sub">\1</p>', html))
        heading = section["heading"]
        if section["kind"] != SectionKind.FOREWORD and heading:
            number += 1
            heading = f"{numeral(number)}、{heading}"
        figures = []
        if section["kind"] in charts:
            figures = _figures(charts[section["kind"]], figure_no)
            figure_no += len(figures)
        shown.append({**section, "heading": heading, "html": html, "figures": figures})
    table = [
        (
            label,
            [
                {
                    "code": code,
                    "label": entry["label"],
                    "unit": entry["unit"],
                    "value": format_value(entry),
                    "previous": format_previous(entry),
                    "change": change_short(entry),
                }
                for code, entry in items
            ],
        )
        for _section, label, items in by_section(entries)
    ]
    return {
        "table_note": table_note(entries),
        "title": title,
        "org": org,
        "period": period,
        "period_name": words.period_name,
        "period_span": f"{period.start:%Y年%-m月%-d日}至{period.end:%Y年%-m月%-d日}",
        "previous_name": wording(org, period.previous()).period_name,
        "sections": shown,
        "table": table,
        "issued_on": issued_on,
        "font_serif": settings.PDF_FONT_SERIF,
        "font_sans": settings.PDF_FONT_SANS,
    }


def review_html(**kwargs):
    """The final HTML of the PDF (Chinese whatever the user's language)."""
    with override(REVIEW_LANGUAGE):
        return render_to_string("pdf/review.html", review_context(**kwargs))
