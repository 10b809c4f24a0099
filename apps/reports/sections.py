"""Lines of work: the sections of the leaders' dashboard, the chapters of the annual review and
the sheets of the year-end workbook.

Reports knows no line of work by name. The app that owns a line of work's records declares it,
next to its indicators (`apps/<app>/review.py`, imported by its `indicators.py`):

    from apps.reports.sections import section

    EXAMPLE = section(
        code="example",               # stable: stored in reviews and snapshots
        order=70,                     # place in the review, the dashboard and the workbook
        label=_("Example work"),      # the UI's name (through the catalogue)
        name="示例工作",               # the documents' name: workbook sheet, appendix table
        heading="……，……更加……",        # the review chapter's default heading
        intro="…", outro="…",         # the chapter's default running text around the figures
        sentences=[[…clauses…], …],   # figure sentences with {code} placeholders (see defaults)
        summary="开展示例工作",        # its phrase in the foreword's list of the year's work
        problem="…", plan="…",        # its sentence in the closing problems and plans
    )

`SECTIONS` sorted by `order` is the one table of the lines of work: the review numbers its
chapters in that order (一、二、三 …), the dashboard shows its sections and the workbook its
sheets in it. The orders in use and those kept for apps to come are listed in
`docs/adding-an-app.md`.
"""

from dataclasses import dataclass, field

from .choices import SectionKind


@dataclass(frozen=True)
class Section:
    code: str
    order: int
    label: object  # gettext_lazy English source
    name: str  # Chinese, as the documents write it
    heading: str = ""
    intro: str = ""
    outro: str = ""
    sentences: tuple = field(default=(), compare=False)
    summary: str = ""
    problem: str = ""
    plan: str = ""
    sheet: str = ""  # the workbook sheet's title when not `name`

    @property
    def sheet_title(self):
        return (self.sheet or self.name)[:31]  # Excel's limit


SECTIONS: dict[str, Section] = {}


def section(**kwargs):
    """Declare a line of work (at import time of the app's indicators)."""
    item = Section(**{**kwargs, "sentences": tuple(tuple(s) for s in kwargs.get("sentences", ()))})
    if item.code in SECTIONS:
        raise ValueError(f"section {item.code} declared twice")
    if item.code in SectionKind.values:
        raise ValueError(f"section code {item.code!r} is reserved for the review's own parts")
    clash = next((s for s in SECTIONS.values() if s.order == item.order), None)
    if clash:
        raise ValueError(f"sections {clash.code} and {item.code} share order {item.order}")
    SECTIONS[item.code] = item
    return item


def ordered():
    """Every declared line of work, in the reviews' order."""
    return sorted(SECTIONS.values(), key=lambda item: item.order)


def position(code):
    """Sort key of a section code; one no longer declared goes last."""
    item = SECTIONS.get(code)
    return (0, item.order) if item else (1, code)


def label(code):
    """The UI's name of a section (its code when no app declares it any more)."""
    item = SECTIONS.get(code)
    return item.label if item else code


def name(code):
    """The documents' name of a section."""
    item = SECTIONS.get(code)
    return item.name if item else code
