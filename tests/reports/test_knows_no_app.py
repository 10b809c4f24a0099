"""Reports knows no app: its code and templates name no other app's figure, line of work,
wording or module, so a new app plugs in without editing reports (docs/adding-an-app.md)."""

import re
from pathlib import Path

from django.conf import settings

from apps.core.discovery import portal_apps
from apps.reports.registry import REGISTRY
from apps.reports.sections import SECTIONS

BASE = Path(settings.BASE_DIR)


def reports_files():
    code = [p for p in (BASE / "apps" / "reports").rglob("*.py") if "migrations" not in p.parts]
    templates = [*(BASE / "templates" / "reports").glob("*.html")]
    templates += (BASE / "templates" / "pdf").glob("review*.html")
    return code + templates


def forbidden():
    """What only another app may say: its indicator codes and module, its lines of work's codes
    (as literals), names, headings and sentences."""
    words = {re.escape(code) for code in REGISTRY}
    for config in portal_apps():
        if config.label not in ("reports", "core"):
            words.add(rf"\b{config.label}\.")
    for line in SECTIONS.values():
        # The code as a literal (not the English word in a translated string: _("organisation")).
        words.add(rf'(?<!_\()"{line.code}"')
        texts = {line.name, line.heading, line.summary, line.intro}
        texts |= {clause for sentence in line.sentences for clause in sentence}
        words |= {re.escape(text) for text in texts if text}
    return sorted(words)


def test_the_reports_app_names_no_other_apps_figures_or_lines_of_work():
    words = forbidden()
    found = []
    for path in reports_files():
        text = path.read_text(encoding="utf-8")
        found += [(str(path.relative_to(BASE)), w) for w in words if re.search(w, text)]
    assert found == []


def test_the_check_sees_what_the_old_reports_app_said():
    """The scan flags the kinds of text reports used to hold, so the test above can fail."""
    samples = [
        "SENTENCE = '全年签订集体合同{contracts.signed_count}份'",
        "from apps.membership.indicators import members",
        'SECTION_NAMES = {"organisation": "组织建设"}',
        'HEADING = "深化集体协商，劳动关系更加和谐稳定"',
    ]
    words = forbidden()
    for sample in samples:
        assert any(re.search(w, sample) for w in words), sample
    assert not any(re.search(w, 'verbose_name=_("organisation")') for w in words)
