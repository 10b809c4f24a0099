"""The Chinese catalogue (locale/zh_Hans/LC_MESSAGES/django.po) is complete and compiled.

Chinese is the portal's default language, so an untranslated or fuzzy entry shows English to
county staff, a msgstr that loses a placeholder breaks a message at run time, and a stale
django.mo (the file Django actually reads; it is committed so that a machine without gettext
runs the portal) hides the translations in the .po. Regenerate with `make messages`.
"""

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import override

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"

# printf-style conversions as Python's % operator reads them: %(name)s, %d, %%.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
NAMED_PLACEHOLDER = re.compile(r"%\([^)]*\)")

# Units of the indicator figures (DOMAIN.md): people, unions, employers, person-times,
# households, contracts, 10,000 yuan, percent.
UNITS = {"人", "个", "家", "人次", "户", "份", "万元", "%"}


@dataclass
class Entry:
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict = field(default_factory=dict)
    flags: set = field(default_factory=set)
    obsolete: bool = False

    def __str__(self):
        context = f" (context {self.msgctxt!r})" if self.msgctxt else ""
        return f"django.po line {self.line}: {self.msgid!r}{context}"

    @property
    def translations(self):
        return list(self.msgstr_plural.values()) if self.msgid_plural else [self.msgstr]


def _unquote(text):
    """A PO string literal ("...") as Python text; PO uses C escapes, as Python does."""
    text = text.strip()
    if not (len(text) >= 2 and text[0] == '"' and text[-1] == '"'):
        raise ValueError(f"not a PO string: {text!r}")
    return ast.literal_eval(text)


def parse_po(path):
    """The entries of a PO file, the header (msgid "") first. Enough of the format for the
    files makemessages writes: comments, flags, msgctxt, msgid(_plural), msgstr([n])."""
    entries, entry, key = [], None, None

    def complete():
        return entry is not None and (key == "msgstr" or isinstance(key, int))

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            continue
        if line.startswith("#"):
            if complete():
                entries.append(entry)
                entry, key = None, None
            if line.startswith("#,"):
                entry = entry or Entry(line=number)
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith('"'):
            value = _unquote(line)
            if isinstance(key, int):
                entry.msgstr_plural[key] += value
            elif key in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
                setattr(entry, key, getattr(entry, key) + value)
            else:
                raise ValueError(f"line {number}: a string outside an entry")
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and (entry is None or complete()):
            if entry is not None:
                entries.append(entry)
            entry = Entry(line=number)
        elif entry is None:
            raise ValueError(f"line {number}: {keyword} outside an entry")
        entry.obsolete = entry.obsolete or obsolete
        if match := re.fullmatch(r"msgstr\[(\d+)\]", keyword):
            key = int(match.group(1))
            entry.msgstr_plural[key] = _unquote(rest)
        elif keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
            key = keyword
            setattr(entry, key, _unquote(rest))
        else:
            raise ValueError(f"line {number}: unknown keyword {keyword!r}")
    if entry is not None:
        entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def catalogue():
    entries = parse_po(PO_FILE)
    header = entries[0]
    assert header.msgid == "" and header.msgctxt is None, "the header comes first"
    return header, [e for e in entries[1:] if not e.obsolete]


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def test_parser_reads_every_entry(catalogue):
    _header, entries = catalogue
    text = PO_FILE.read_text(encoding="utf-8")
    assert len(entries) == len(re.findall(r"^msgid ", text, flags=re.M)) - 1
    assert len(entries) > 500


def test_header_declares_chinese_with_one_plural_form(catalogue):
    header, _entries = catalogue
    assert "fuzzy" not in header.flags
    assert "Content-Type: text/plain; charset=UTF-8" in header.msgstr
    assert "Plural-Forms: nplurals=1; plural=0;" in header.msgstr


def test_every_entry_is_translated(catalogue):
    _header, entries = catalogue
    untranslated = [str(e) for e in entries if not all(t.strip() for t in e.translations)]
    assert not untranslated, "untranslated:\n" + "\n".join(untranslated)
    one_form = [str(e) for e in entries if e.msgid_plural and sorted(e.msgstr_plural) != [0]]
    assert not one_form, "Chinese has one plural form (msgstr[0]):\n" + "\n".join(one_form)


def test_no_entry_is_fuzzy(catalogue):
    _header, entries = catalogue
    fuzzy = [str(e) for e in entries if "fuzzy" in e.flags]
    assert not fuzzy, "fuzzy:\n" + "\n".join(fuzzy)


def test_no_obsolete_entries():
    assert "#~" not in PO_FILE.read_text(encoding="utf-8"), "run makemessages --no-obsolete"


def test_translations_keep_the_placeholders(catalogue):
    _header, entries = catalogue
    wrong = []
    for e in entries:
        if "python-format" not in e.flags and not NAMED_PLACEHOLDER.search(e.msgid):
            continue
        # Chinese has one form: it stands for the plural too, so it needs the plural's names.
        expected = placeholders(e.msgid_plural or e.msgid)
        for text in e.translations:
            if placeholders(text) != expected:
                wrong.append(f"{e}: {expected} != {placeholders(text)} in {text!r}")
    assert not wrong, "placeholders changed:\n" + "\n".join(wrong)


def test_compiled_catalogue_matches_the_po(catalogue):
    _header, entries = catalogue
    with MO_FILE.open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    for e in entries:
        if e.msgid_plural:
            for n in (1, 2, 5):
                got = (
                    compiled.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n)
                    if e.msgctxt
                    else compiled.ngettext(e.msgid, e.msgid_plural, n)
                )
                if got != e.msgstr_plural.get(0):
                    stale.append(f"{e}: {got!r}")
        else:
            got = compiled.pgettext(e.msgctxt, e.msgid) if e.msgctxt else compiled.gettext(e.msgid)
            if got != e.msgstr:
                stale.append(f"{e}: {got!r}")
    assert not stale, "django.mo is out of date (run compilemessages):\n" + "\n".join(stale)


def test_indicators_read_in_chinese():
    """Indicator labels and units appear in the annual review PDF: they are translated, and
    the unit is one of the review's units ("employers" alone is the unit 家)."""
    from apps.reports.registry import REGISTRY

    assert REGISTRY
    wrong = []
    with override("zh-hans"):
        for code, item in REGISTRY.items():
            label, unit = str(item.label), str(item.unit)
            if re.search(r"[A-Za-z]", label):
                wrong.append(f"{code}: label {label!r}")
            if unit not in UNITS:
                wrong.append(f"{code}: unit {unit!r}")
    assert not wrong, "\n".join(wrong)
