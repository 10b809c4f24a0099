"""The core pages driven in headless Chromium: sign-in, the organisation tree, filter and
export, the add form, the import flow and the read-only roles.

UI strings come from the translation catalogue (which may still be English in zh-hans), so the
assertions check the `<html lang>` attribute, test ids, URLs and domain data (organisation names
in Chinese), and Chinese spreadsheet headers, which are fixed by the ledger spec.
"""

import re
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from apps.core.choices import OrgKind
from apps.core.ledgers import zh_choices
from apps.core.models import UnionOrg
from apps.core.validators import credit_code_check_char
from tests.browser.helpers import path_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = "[data-testid=org-table] tbody tr"
NAMES = "[data-testid=org-table] tbody td:nth-child(2) a"


def html_lang(page: Page):
    return page.locator("html").get_attribute("lang")


def shown_names(page: Page):
    return page.locator(NAMES).all_inner_texts()


def total_shown(page: Page):
    """The number in the list's record count ("3 records" / "共 3 条")."""
    text = page.get_by_test_id("total").first.inner_text()
    return int(re.search(r"\d+", text).group())


def credit_code(first17):
    return first17 + credit_code_check_char(first17)


def wrong_credit_code(first17):
    right = credit_code_check_char(first17)
    return first17 + ("1" if right != "1" else "2")


def sheet_rows(path, header_row=1):
    """[{header: value}] of the first sheet, headers stripped of the required marker."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    headers = [str(h).lstrip("*").strip() if h is not None else "" for h in rows[header_row - 1]]
    return headers, [dict(zip(headers, row, strict=False)) for row in rows[header_row:]]


# 1. Sign-in and language -----------------------------------------------------------------------


def test_login_rejects_wrong_password_then_lands_home_and_switches_language(
    page, login, personas, shot
):
    page.goto("/orgs/")
    assert path_of(page) == "/login/", "anonymous visitors are sent to the login page"
    assert html_lang(page) == "zh-hans", "Chinese is the default language"

    login(page, "township_staff", password="not-the-password")
    assert path_of(page) == "/login/"
    expect(page.locator(".alert-danger")).to_be_visible()
    expect(page.locator("#id_username")).to_have_value("township_staff")
    expect(page.get_by_test_id("whoami")).to_have_count(0)
    shot(page, "01-login-error")

    login(page, "township_staff")
    assert path_of(page) == "/orgs/", "the login form returns to the page first asked for"
    page.goto("/")
    expect(page.locator("h1")).to_contain_text("城关镇总工会")
    expect(page.get_by_test_id("whoami")).to_contain_text("城关镇")
    expect(page.get_by_test_id("org-count")).to_have_text("3")
    assert html_lang(page) == "zh-hans"
    shot(page, "02-home-zh")

    with page.expect_navigation():
        page.get_by_test_id("language").select_option("en")
    assert html_lang(page) == "en"
    assert path_of(page) == "/", "switching language stays on the same page"
    expect(page.locator("nav .nav-link[href='/orgs/']")).to_have_text("Organisations")
    page.goto("/orgs/")
    assert html_lang(page) == "en", "the choice is remembered"
    shot(page, "03-org-list-en")

    with page.expect_navigation():
        page.get_by_test_id("language").select_option("zh-hans")
    assert html_lang(page) == "zh-hans"
    assert path_of(page) == "/orgs/"


# 2. Browsing the tree --------------------------------------------------------------------------


def test_township_staff_browse_only_their_subtree(page, login, personas, tree, shot):
    login(page, "township_staff")
    page.goto("/orgs/")
    names = shown_names(page)
    assert sorted(names) == sorted(["城关镇总工会", "宏达纺织有限公司工会", "城关镇卫生院工会"])
    assert "新庄机械厂工会" not in page.locator("main").inner_text()
    assert total_shown(page) == 3
    shot(page, "04-org-list-township")

    page.get_by_role("link", name="宏达纺织有限公司工会").click()
    assert path_of(page) == f"/orgs/{tree.union_a1.pk}/"
    expect(page.locator("h1")).to_have_text("宏达纺织有限公司工会")
    crumbs = page.locator(".breadcrumb .breadcrumb-item").all_inner_texts()
    # The county federation sits above the user's scope, so it is not in the trail.
    assert [c.strip() for c in crumbs[1:]] == ["城关镇", "宏达纺织有限公司工会"]
    expect(page.locator(".breadcrumb-item.active")).to_have_text("宏达纺织有限公司工会")
    history = page.get_by_test_id("history")
    expect(history).to_be_visible()
    expect(history.locator("tbody tr").first).to_be_visible()
    expect(history.locator("tbody")).to_contain_text("QH-01-001")
    expect(history.locator("tbody")).to_contain_text("宏达纺织有限公司工会")
    shot(page, "05-org-detail")

    page.locator(".breadcrumb a", has_text="城关镇").click()
    assert path_of(page) == f"/orgs/{tree.township_a.pk}/"
    expect(page.get_by_test_id("children").locator("a")).to_have_text(
        ["宏达纺织有限公司工会", "城关镇卫生院工会"]
    )

    for url in (
        f"/orgs/{tree.union_b1.pk}/",
        f"/orgs/{tree.union_b1.pk}/edit/",
        f"/orgs/{tree.county.pk}/",
    ):
        response = page.goto(url)
        assert response.status == 404, url
        assert "新庄机械厂工会" not in page.content()


# 3. Filter and export --------------------------------------------------------------------------


def test_filter_by_pinyin_initials_and_export_exactly_those_rows(page, login, personas, tmp_path):
    login(page, "county_admin")
    page.goto("/orgs/")
    assert total_shown(page) == 6

    page.fill("#id_q", "hdfz")
    with page.expect_navigation():
        page.locator("[data-testid=filters] button[type=submit]").click()
    assert parse_qs(urlparse(page.url).query)["q"] == ["hdfz"]
    assert shown_names(page) == ["宏达纺织有限公司工会"]
    assert total_shown(page) == 1
    expect(page.locator("#id_q")).to_have_value("hdfz")

    page.fill("#id_q", "cgz")
    with page.expect_navigation():
        page.locator("[data-testid=filters] button[type=submit]").click()
    assert sorted(shown_names(page)) == sorted(["城关镇总工会", "城关镇卫生院工会"])
    assert total_shown(page) == 2

    with page.expect_download() as caught:
        page.get_by_test_id("export").click()
    download = caught.value
    assert download.suggested_filename.endswith(".xlsx")
    assert "工会组织" in download.suggested_filename
    saved = tmp_path / "export.xlsx"
    download.save_as(saved)
    headers, rows = sheet_rows(saved)
    assert headers[:2] == ["组织代码", "组织全称"]
    assert {"统一社会信用代码", "上级组织代码", "组织类别", "工会主席"} <= set(headers)
    rows = [r for r in rows if any(v not in (None, "") for v in r.values())]
    assert sorted(r["组织全称"] for r in rows) == sorted(["城关镇总工会", "城关镇卫生院工会"])
    by_name = {r["组织全称"]: r for r in rows}
    assert by_name["城关镇卫生院工会"]["上级组织代码"] == "QH-01"
    assert by_name["城关镇总工会"]["组织代码"] == "QH-01"


# 4. The add form -------------------------------------------------------------------------------


def test_add_union_keeps_input_after_bad_credit_code_then_saves(page, login, personas, tree, shot):
    first17 = "91331082MA2AB0QK3"
    login(page, "township_staff")
    page.goto("/orgs/")
    page.locator("a[href='/orgs/new/']").click()
    assert path_of(page) == "/orgs/new/"

    typed = {
        "#id_name": "城关镇建筑安装有限公司工会",
        "#id_short_name": "建安公司工会",
        "#id_credit_code": wrong_credit_code(first17),
        "#id_founded_on": "2021-05-01",
        "#id_approval_doc_no": "城工〔2021〕12号",
        "#id_chair_name": "张建国",
        "#id_chair_phone": "13905710001",
    }
    for selector, value in typed.items():
        page.fill(selector, value)
    chosen = {
        "#id_parent": str(tree.township_a.pk),
        "#id_level": "grassroots",
        "#id_kind": "enterprise",
    }
    for selector, value in chosen.items():
        page.select_option(selector, value)
    assert page.locator("#id_parent option", has_text="新庄机械厂工会").count() == 0
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    assert path_of(page) == "/orgs/new/", "the form is shown again"
    errors = page.locator(".invalid-feedback")
    expect(errors).to_have_count(1)
    # The message sits in the same cell as the credit code input.
    beside = page.locator("div:has(> #id_credit_code) > [data-testid=error-credit_code]")
    expect(beside).to_be_visible()
    expect(beside).not_to_be_empty()
    for selector, value in typed.items():
        expect(page.locator(selector)).to_have_value(value)
    for selector, value in chosen.items():
        expect(page.locator(selector)).to_have_value(value)
    assert not UnionOrg.objects.filter(name=typed["#id_name"]).exists()
    shot(page, "06-org-form-error")

    page.fill("#id_credit_code", credit_code(first17))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    org = UnionOrg.objects.get(name=typed["#id_name"])
    assert path_of(page) == f"/orgs/{org.pk}/"
    assert org.parent == tree.township_a
    assert org.code == "QH-01-003", "the code is given from the parent's"
    expect(page.locator("h1")).to_have_text(typed["#id_name"])
    expect(page.locator(".alert-success")).to_contain_text(typed["#id_name"])
    expect(page.locator("main")).to_contain_text(credit_code(first17))
    expect(page.locator("main")).to_contain_text("张建国")
    history_rows = page.get_by_test_id("history").locator("tbody tr")
    first_row = history_rows.first
    expect(first_row).to_contain_text("township_staff")
    expect(page.get_by_test_id("history")).to_contain_text(credit_code(first17))
    shot(page, "07-org-detail-new")

    page.goto("/orgs/")
    assert typed["#id_name"] in shown_names(page)


# 5. Import ---------------------------------------------------------------------------------------


def fill_template(template_path, rows, out_path):
    workbook = openpyxl.load_workbook(template_path)
    sheet = workbook.worksheets[0]
    columns = {str(cell.value).lstrip("*").strip(): cell.column for cell in sheet[1] if cell.value}
    for r, row in enumerate(rows, start=2):
        for label, value in row.items():
            sheet.cell(row=r, column=columns[label], value=value)
    workbook.save(out_path)
    return out_path


def upload(page: Page, path):
    page.goto("/import/orgs/")
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert re.fullmatch(r"/jobs/\d+/", path_of(page)), page.url


def test_import_reports_bad_row_then_imports_good_file(
    page, login, personas, tree, media_root, tmp_path, shot
):
    enterprise = dict(zh_choices(OrgKind))[OrgKind.ENTERPRISE]
    login(page, "township_staff")
    page.goto("/orgs/")
    page.locator("a[href='/import/orgs/']").click()
    assert path_of(page) == "/import/orgs/"
    shot(page, "08-import-page")

    with page.expect_download() as caught:
        page.get_by_test_id("template").click()
    template = tmp_path / "template.xlsx"
    caught.value.save_as(template)
    template_headers, _rows = sheet_rows(template)
    assert {"组织全称", "上级组织代码", "组织类别", "统一社会信用代码"} <= set(template_headers)

    good = [
        {
            "组织全称": "城关镇纸箱厂工会",
            "上级组织代码": "QH-01",
            "组织类别": enterprise,
            "统一社会信用代码": credit_code("91331082MA2AC1PL5"),
            "工会主席": "李红",
        },
        {"组织全称": "城关镇粮站工会", "上级组织代码": "QH-01", "组织类别": enterprise},
        {"组织全称": "城关镇供销社工会", "上级组织代码": "QH-01", "组织类别": enterprise},
    ]
    bad = [dict(row) for row in good]
    bad[1]["上级组织代码"] = "QH-09"  # no such organisation: Excel row 3 fails
    new_names = [row["组织全称"] for row in good]

    upload(page, fill_template(template, bad, tmp_path / "bad.xlsx"))
    expect(page.get_by_test_id("import-errors")).to_be_visible()
    expect(page.get_by_test_id("confirm")).to_have_count(0)
    error_rows = page.get_by_test_id("error-rows").locator("tr")
    expect(error_rows).to_have_count(1)
    expect(error_rows.locator("td").first).to_have_text("3")
    expect(error_rows.locator("td").nth(1)).to_contain_text("QH-09")
    expect(error_rows.locator("td").nth(1)).to_contain_text("上级组织代码")
    shot(page, "09-import-errors")

    with page.expect_download() as caught:
        page.get_by_test_id("error-workbook").click()
    assert "错误原因" in caught.value.suggested_filename
    errors_path = tmp_path / "errors.xlsx"
    caught.value.save_as(errors_path)
    headers, rows = sheet_rows(errors_path)
    assert headers[-1] == "错误原因"
    reasons = {row["组织全称"]: row["错误原因"] for row in rows if row["组织全称"]}
    assert reasons["城关镇粮站工会"] and "QH-09" in reasons["城关镇粮站工会"]
    assert reasons["城关镇纸箱厂工会"] is None
    assert reasons["城关镇供销社工会"] is None
    assert not UnionOrg.objects.filter(name__in=new_names).exists(), "nothing was saved"

    upload(page, fill_template(template, good, tmp_path / "good.xlsx"))
    expect(page.get_by_test_id("import-ok")).to_contain_text("3")
    preview = page.get_by_test_id("preview")
    expect(preview.locator("tbody tr")).to_have_count(3)
    for name in new_names:
        expect(preview).to_contain_text(name)
    # Columns in the template's order (the outcome sits in jsonb, which reorders keys) and
    # choices shown as their Chinese labels, not their codes.
    preview_headers = [h.strip() for h in preview.locator("thead th").all_inner_texts()]
    assert preview_headers == template_headers
    kind_cells = preview.locator(f"tbody td:nth-child({preview_headers.index('组织类别') + 1})")
    expect(kind_cells).to_have_text([enterprise] * 3)
    assert not UnionOrg.objects.filter(name__in=new_names).exists(), "a preview saves nothing"
    shot(page, "10-import-preview")

    with page.expect_navigation():
        page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("import-done")).to_contain_text("3")
    shot(page, "11-import-done")
    assert UnionOrg.objects.filter(name__in=new_names, parent=tree.township_a).count() == 3

    page.goto("/orgs/")
    names = shown_names(page)
    assert set(new_names) <= set(names)
    assert total_shown(page) == 6


# 6. Read-only roles ------------------------------------------------------------------------------


def test_leader_sees_no_add_or_edit_buttons(page, login, personas, tree, shot):
    login(page, "leader")
    page.goto("/orgs/")
    assert total_shown(page) == 6, "a county leader reads the whole county"
    expect(page.locator("a[href='/orgs/new/']")).to_have_count(0)
    expect(page.locator("a[href='/import/orgs/']")).to_have_count(0)
    expect(page.get_by_test_id("export")).to_be_visible()
    shot(page, "12-org-list-leader")

    page.get_by_role("link", name="新庄机械厂工会").click()
    assert path_of(page) == f"/orgs/{tree.union_b1.pk}/"
    expect(page.locator("h1")).to_have_text("新庄机械厂工会")
    expect(page.locator(f"a[href='/orgs/{tree.union_b1.pk}/edit/']")).to_have_count(0)
    expect(page.locator(f"a[href='/orgs/{tree.union_b1.pk}/close/']")).to_have_count(0)
    expect(page.locator("a[href^='/orgs/new/']")).to_have_count(0)
    shot(page, "13-org-detail-leader")

    for url in ("/orgs/new/", f"/orgs/{tree.union_b1.pk}/edit/", "/import/orgs/"):
        response = page.goto(url)
        assert response.status == 403, url
