"""Indicator placeholders in the review's text.

    全年新发展会员{example.new_members}人，比上年{example.new_members.change}。

- `{code}`           this period's value (money in 万元, ratios in %: the text writes the unit);
- `{code.previous}`  last period's value;
- `{code.change}`    增长12.5% / 下降3.0% / 持平 (ratios: 提高2.3个百分点).

Anything between braces is a placeholder: one naming no registered indicator is refused when the
text is saved, so a typo never reaches a printed review.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .figures import change_phrase, format_previous, format_value
from .registry import REGISTRY

PLACEHOLDER = re.compile(r"\{([^{}\n]*)\}")
# The unit and punctuation written after a figure stay on its line ("7个，" never "7" / "个，").
UNIT_AFTER = re.compile(
    r"(个百分点|万元|人次|户次|[%个人家份户名项次元件起所场条篇期批])?[，。；、：）”]?"
)
PARTS = {"previous": format_previous, "change": change_phrase}


def parse(name):
    """(code, part) for a placeholder's inside, part "" / "previous" / "change"; None if unknown."""
    name = name.strip()
    if name in REGISTRY:
        return name, ""
    code, _dot, part = name.rpartition(".")
    if part in PARTS and code in REGISTRY:
        return code, part
    return None


def unknown(text):
    """The placeholders in `text` that name no registered indicator, in order, once each."""
    found = []
    for match in PLACEHOLDER.finditer(text or ""):
        if parse(match.group(1)) is None and match.group(0) not in found:
            found.append(match.group(0))
    return found


def _figure(entries, name):
    parsed = parse(name)
    if parsed is None or parsed[0] not in entries:
        return None, "—"
    code, part = parsed
    entry = entries[code]
    return code, (PARTS[part](entry) if part else format_value(entry))


def render_html(text, entries, link=None):
    """Paragraphs of HTML (one per line of text) with the figures filled in.

    `link(code)` gives the drill-down URL of a figure (the web preview); without it figures are
    plain spans (the PDF)."""
    paragraphs = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        out, last = [], 0
        for match in PLACEHOLDER.finditer(line):
            out.append(escape(line[last : match.start()]))
            code, shown = _figure(entries, match.group(1))
            if code and link:
                figure = f'<a class="figure" href="{escape(link(code))}">{escape(shown)}</a>'
            else:
                figure = f'<span class="figure">{escape(shown)}</span>'
            last = match.end()
            unit = UNIT_AFTER.match(line, last)
            # A number keeps its unit; a worded change ("增长12.5%") breaks like running text.
            if unit.group() and not match.group(1).strip().endswith(".change"):
                figure = f'<span class="nowrap">{figure}{escape(unit.group())}</span>'
                last = unit.end()
            out.append(figure)
        out.append(escape(line[last:]))
        paragraphs.append(f"<p>{''.join(out)}</p>")
    return mark_safe("\n".join(paragraphs))
