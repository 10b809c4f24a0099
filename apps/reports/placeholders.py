"""Indicator placeholders in the review's text.

    全年新发展会员{example.new_members}人，比上年{example.new_members.change}。

- `{code}`           this period's value (money in 万元, ratios in %: the text writes the unit);
- `{code.previous}`  last period's value;
- `{code.change}`    增长12.5% / 下降3.0% / 持平 (ratios: 提高2.3个百分点).

Anything between braces is a placeholder: one naming no registered indicator is refused when the
text is saved, so a typo never reaches a printed review. So is a brace that opens no placeholder
or closes none (`{example.members人。`, a stray `}`): printed as it stands it would put a
raw brace and the code into the PDF. `problems(text)` names both kinds, the malformed ones by
line and column, for the forms, the save and the issue alike.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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


def malformed(text):
    """[(line, column, brace)] of each brace outside a well-formed placeholder (a `{` not
    closed on its line, a `}` opening nothing), 1-based, in order."""
    found = []
    for number, line in enumerate((text or "").splitlines(), 1):
        inside = [False] * len(line)
        for match in PLACEHOLDER.finditer(line):
            inside[match.start() : match.end()] = [True] * (match.end() - match.start())
        found += [
            (number, column, char)
            for column, char in enumerate(line, 1)
            if char in "{}" and not inside[column - 1]
        ]
    return found


def problems(text):
    """What must be corrected before `text` is saved or issued, as messages: the unknown
    placeholders (named), then each malformed brace (by line and column, with what follows
    it, so a long section's slip can be found)."""
    messages = []
    bad = unknown(text)
    if bad:
        messages.append(_("Unknown indicator placeholder: %(names)s") % {"names": "、".join(bad)})
    lines = (text or "").splitlines()
    for line, column, brace in malformed(text):
        near = lines[line - 1][column - 1 : column + 15]
        if brace == "{":
            message = _(
                "Line %(line)d, column %(column)d: “{” is not closed by “}” on its line (%(near)s)."
            )
        else:
            message = _("Line %(line)d, column %(column)d: “}” closes no “{” (%(near)s).")
        messages.append(message % {"line": line, "column": column, "near": near})
    return messages


def section_problems(sections):
    """The problems of a review's sections ({heading, body} dicts), each named by its section."""
    found = []
    for section in sections:
        where = section.get("heading") or _("untitled section")
        for field in ("heading", "body"):
            found += [
                _("%(section)s: %(problem)s") % {"section": where, "problem": problem}
                for problem in problems(section.get(field, ""))
            ]
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
