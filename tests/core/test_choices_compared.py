"""Statuses and kinds are compared as `TextChoices` members (or through a model's property such as
`is_open`, `is_stats`, `current_status_badge`), never as bare strings: a string compared in a
template or a view keeps "working" after the value it spells is renamed, and the page quietly
shows the wrong badge or hides a button. These scans fail on any such comparison."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# {% if org.status == 'active' %}, {% if s == 'negotiating' %}, {% if tab == "expiring" %}
TEMPLATE_COMPARISON = re.compile(
    r"""(?<![\w.])(?:\w+\.)*(?:status|kind|contract_type|tab|s)\s*(?:==|!=)\s*['"]"""
)
# job.kind != "import-check", status in ("active", …), Q(status__in=["active", …]), status="x".
# (`kind="members"` as a keyword names a ledger or a sheet, not a choice: not scanned.)
PYTHON_COMPARISON = re.compile(
    r"""(?<![\w])(?:\w+\.)*(?:status|kind)\s*(?:==|!=|(?:not\s+)?in)\s*[\(\[{]?\s*['"]"""
    r"""|\bstatus(?:__in)?\s*=\s*[\(\[]?\s*['"][a-z]"""
)


def offending(pattern, paths):
    found = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    return found


def test_templates_compare_no_status_or_kind_with_a_bare_string():
    templates = sorted((ROOT / "templates").rglob("*.html"))
    assert templates
    assert offending(TEMPLATE_COMPARISON, templates) == []


def test_python_compares_no_status_or_kind_with_a_bare_string():
    modules = [
        path
        for path in sorted((ROOT / "apps").rglob("*.py"))
        if "migrations" not in path.parts and "xlsx" not in path.parts
    ]
    assert modules
    assert offending(PYTHON_COMPARISON, modules) == []


def test_the_scans_catch_what_they_are_for():
    for line in (
        "{% if org.status == 'active' %}",
        '{% if tab == "no_contract" %}',
        "{% if s == 'signed' or s == 'submitted' %}",
        '{% elif job.kind == "export" %}',
    ):
        assert TEMPLATE_COMPARISON.search(line), line
    for line in (
        'if check.kind != "import-check"',
        'condition=models.Q(status__in=["active", "retained"])',
        'elif union.status in ("dissolved", "merged"):',
        'Job.objects.filter(pk=pk, status="done")',
    ):
        assert PYTHON_COMPARISON.search(line), line
    assert not TEMPLATE_COMPARISON.search('{% if field.widget_type == "checkbox" %}')
    assert not PYTHON_COMPARISON.search('SheetSpec(kind="members", title="会员")')
