"""Reports pages and downloads in the browser: a drill-down's export, the year-end
workbook from the dashboard, and adding the missing default sections to a review.

Built on the small shared tree with a handful of members (not the seeded demo county), so the
expected figures are known, and these tests use only pages and downloads, none of the reports
app's internals. Screenshots: /tmp/shots/reports-*.png.
"""

import datetime
import re

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from apps.reports import services
from apps.reports.choices import SectionKind
from apps.reports.periods import Period
from apps.reports.registry import REGISTRY
from tests.browser.helpers import path_of
from tests.membership.helpers import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
YEAR = Period.year(2025)


def total_shown(page: Page):
    return int(re.search(r"\d+", page.get_by_test_id("total").first.inner_text()).group())


@pytest.fixture
def members(tree):
    """Three members joined in 2025 in township A, two in township B, one long-standing."""
    joined = datetime.date(2025, 4, 1)
    return [
        make_member(tree.union_a1, "张三", serial=1, joined_on=joined),
        make_member(tree.union_a1, "李四", serial=2, joined_on=joined),
        make_member(tree.union_a2, "王五", serial=3, joined_on=joined),
        make_member(tree.union_b1, "赵六", serial=4, joined_on=joined),
        make_member(tree.union_b1, "钱七", serial=5, joined_on=joined),
        make_member(tree.union_b1, "孙八", serial=6, joined_on=datetime.date(2015, 3, 1)),
    ]


def sheet_dicts(path, header_row=1, sheet=0):
    book = openpyxl.load_workbook(path)
    ws = book[sheet] if isinstance(sheet, str) else book.worksheets[sheet]
    values = list(ws.iter_rows(values_only=True))
    header = [str(h).strip() if h is not None else "" for h in values[header_row - 1]]
    return header, values[header_row:]


def test_a_figure_s_drilldown_exports_exactly_its_records(
    page, login, personas, tree, members, tmp_path, shot
):
    login(page, "leader")
    page.goto("/reports/?year=2025")
    card = page.get_by_test_id("figure-membership.new_members")
    assert int(card.get_by_test_id("value").inner_text()) == 5
    card.click()
    assert path_of(page) == "/reports/drilldown/membership.new_members/"
    expect(page.get_by_test_id("drilldown-table")).to_be_visible()
    assert total_shown(page) == 5
    shot(page, "reports-drilldown")

    with page.expect_download() as caught:
        page.get_by_test_id("export").click()
    assert caught.value.suggested_filename.endswith(".xlsx")
    assert str(REGISTRY["membership.new_members"].label) in caught.value.suggested_filename
    saved = tmp_path / "drilldown.xlsx"
    caught.value.save_as(saved)
    _header, rows = sheet_dicts(saved)
    rows = [r for r in rows if any(v not in (None, "") for v in r)]
    assert len(rows) == 5
    text = " ".join(str(v) for r in rows for v in r if v is not None)
    for name in ("张三", "李四", "王五", "赵六", "钱七"):
        assert name in text, name
    assert "孙八" not in text  # joined in 2015: not new in 2025

    # A township clerk's drill-down and its export hold their township's records only.
    page.context.clear_cookies()
    login(page, "township_staff")
    page.goto(f"/reports/drilldown/membership.new_members/?org={tree.township_a.pk}&year=2025")
    assert total_shown(page) == 3
    with page.expect_download() as caught:
        page.get_by_test_id("export").click()
    caught.value.save_as(saved)
    _header, rows = sheet_dicts(saved)
    text = " ".join(str(v) for r in rows for v in r if v is not None)
    assert "张三" in text and "赵六" not in text and "钱七" not in text


def test_the_dashboard_s_year_end_workbook_adds_up(page, login, personas, tree, members, tmp_path):
    login(page, "county_admin")
    page.goto("/reports/?year=2025")
    link = page.get_by_test_id("summary-xlsx")
    assert "year=2025" in link.get_attribute("href")
    with page.expect_download() as caught:
        link.click()
    assert "主要指标汇总表" in caught.value.suggested_filename
    saved = tmp_path / "summary.xlsx"
    caught.value.save_as(saved)

    book = openpyxl.load_workbook(saved)
    assert "组织建设" in book.sheetnames
    header, rows = sheet_dicts(saved, header_row=2, sheet="组织建设")
    label = str(REGISTRY["membership.new_members"].label)
    column = next(n for n, text in enumerate(header) if text.startswith(label))
    by_name = {str(r[0]): r for r in rows if r[0]}
    township_a = next(v for k, v in by_name.items() if k.startswith("城关镇"))
    township_b = next(v for k, v in by_name.items() if k.startswith("新庄镇"))
    total = next(v for k, v in by_name.items() if k.startswith("合计"))
    assert (township_a[column], township_b[column], total[column]) == (3, 2, 5)


def test_a_review_missing_a_line_of_work_gets_its_default_section(
    page, login, personas, tree, members, shot
):
    review, _ = services.get_or_create_review(
        org=tree.township_a, period=YEAR, actor=personas["township_staff"]
    )
    removed = review.sections.get(kind="bargaining")
    heading = removed.heading
    removed.delete()
    sections_before = review.sections.count()

    login(page, "township_staff")
    page.goto("/reports/reviews/")
    page.get_by_test_id("review-table").locator("a", has_text=review.title).click()
    assert path_of(page) == review.get_absolute_url()
    expect(page.get_by_test_id("review-preview")).not_to_contain_text(heading)
    banner = page.locator(f"form[action='/reports/reviews/{review.pk}/add-sections/']")
    expect(banner).to_be_visible()
    shot(page, "reports-missing-section")

    with page.expect_navigation():
        banner.locator("button").click()
    assert path_of(page) == f"/reports/reviews/{review.pk}/edit/"
    expect(page.locator(".alert-success")).to_contain_text("1")
    assert review.sections.count() == sections_before + 1
    headings = [
        page.locator(f"#id_sections-{n}-heading").input_value()
        for n in range(0, 20)
        if page.locator(f"#id_sections-{n}-heading").count()
    ]
    assert heading in headings
    closing = review.sections.get(kind=SectionKind.CLOSING)
    added = review.sections.get(kind="bargaining")
    assert added.position < closing.position, "the new section goes before the closing one"

    page.goto(review.get_absolute_url())
    expect(page.get_by_test_id("review-preview")).to_contain_text(heading)
    expect(banner).to_have_count(0)
    shot(page, "reports-section-added")
