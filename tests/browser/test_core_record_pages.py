"""Core pages in the browser: employers (list, filter, add, edit, export), editing and
closing an organisation, its summary sheet (PDF), the user's own account and API token, signing
out, the administrators' user pages, a job's progress bar polled by htmx, and the API docs.

As in the other browser tests, assertions use test ids, URLs, form values and Chinese domain
data rather than UI wording. Screenshots: /tmp/shots/*.png.
"""

import subprocess
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.core.choices import JobStatus, OrgStatus, Role
from apps.core.models import Employer, Job, UnionOrg, User
from tests.browser.conftest import TIMEOUT_MS
from tests.browser.helpers import path_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMPLOYER_NAMES = "[data-testid=employer-table] tbody td:first-child a"
USER_ROWS = "[data-testid=user-table] tbody tr"


def submit(page: Page, form="main form"):
    with page.expect_navigation():
        page.locator(f"{form} button").first.click()


def close_confirmed(page: Page):
    """Closing asks first, naming the organisation; the modal's button submits."""
    page.get_by_test_id("close").click()
    expect(page.get_by_test_id("confirm-close-text")).to_be_visible()
    with page.expect_navigation():
        page.get_by_test_id("confirm-close-confirm").click()


def open_account_menu(page: Page):
    page.get_by_test_id("whoami").click()


# Employers -------------------------------------------------------------------------------------


def test_employers_listed_filtered_added_with_an_error_edited_and_exported(
    page, login, personas, tree, tmp_path, shot
):
    login(page, "township_staff")
    page.locator("nav .nav-link[href='/employers/']").click()
    assert path_of(page) == "/employers/"
    expect(page.locator(EMPLOYER_NAMES)).to_have_text(["宏达纺织有限公司"])
    assert "新庄机械厂" not in page.locator("main").inner_text()  # the other township's

    page.locator("a[href='/employers/new/']").click()
    assert path_of(page) == "/employers/new/"
    assert page.locator("#id_township option", has_text="新庄镇总工会").count() == 0
    assert page.locator("#id_union option", has_text="新庄机械厂工会").count() == 0
    typed = {
        "#id_name": "城关镇永盛五金加工厂",
        "#id_address": "城关镇工业园区3号",
        "#id_headcount": "40",
        "#id_women_count": "55",  # more women than employees: refused
        "#id_migrant_count": "12",
    }
    for selector, value in typed.items():
        page.fill(selector, value)
    chosen = {
        "#id_nature": "170",
        "#id_township": str(tree.township_a.pk),
        "#id_union": str(tree.union_a1.pk),
    }
    for selector, value in chosen.items():
        page.select_option(selector, value)
    submit(page)

    assert path_of(page) == "/employers/new/", "the form is shown again"
    expect(page.get_by_test_id("error-women_count")).to_be_visible()
    for selector, value in {**typed}.items():
        expect(page.locator(selector)).to_have_value(value)
    for selector, value in chosen.items():
        expect(page.locator(selector)).to_have_value(value)
    assert not Employer.objects.filter(name=typed["#id_name"]).exists()
    shot(page, "employer-form-error")

    page.fill("#id_women_count", "18")
    submit(page)
    employer = Employer.objects.get(name=typed["#id_name"])
    assert path_of(page) == f"/employers/{employer.pk}/"
    expect(page.locator("h1")).to_have_text(typed["#id_name"])
    expect(page.locator(".alert-success")).to_contain_text(typed["#id_name"])
    expect(page.locator("main")).to_contain_text("城关镇工业园区3号")
    expect(page.locator(f"main a[href='/orgs/{tree.union_a1.pk}/']")).to_have_text(
        "宏达纺织有限公司工会"
    )
    expect(page.get_by_test_id("history").locator("tbody tr").first).to_contain_text(
        "township_staff"
    )
    shot(page, "employer-detail")

    page.locator(f"a[href='/employers/{employer.pk}/edit/']").click()
    expect(page.locator("#id_name")).to_have_value(typed["#id_name"])
    expect(page.locator("#id_headcount")).to_have_value("40")
    page.fill("#id_headcount", "64")
    submit(page)
    assert path_of(page) == f"/employers/{employer.pk}/"
    expect(page.locator("main dl")).to_contain_text("64")
    employer.refresh_from_db()
    assert (employer.headcount, employer.women_count) == (64, 18)
    expect(page.get_by_test_id("history")).to_contain_text("64")

    page.goto("/employers/")
    expect(page.locator(EMPLOYER_NAMES)).to_have_count(2)
    page.fill("#id_q", "yswj")  # pinyin initials of 永盛五金
    with page.expect_navigation():
        page.locator("[data-testid=filters] button[type=submit]").click()
    assert parse_qs(urlparse(page.url).query)["q"] == ["yswj"]
    expect(page.locator(EMPLOYER_NAMES)).to_have_text([typed["#id_name"]])

    with page.expect_download() as caught:
        page.get_by_test_id("export").click()
    assert "用人单位" in caught.value.suggested_filename
    saved = tmp_path / "employers.xlsx"
    caught.value.save_as(saved)
    rows = list(openpyxl.load_workbook(saved).worksheets[0].iter_rows(values_only=True))
    header = [str(h).lstrip("*").strip() if h else "" for h in rows[0]]
    data = [dict(zip(header, r, strict=False)) for r in rows[1:] if any(r)]
    assert [r["单位名称"] for r in data] == [typed["#id_name"]]


# Editing and closing an organisation; its summary sheet -----------------------------------------


def test_edit_then_close_a_union_and_print_its_summary_sheet(
    page, login, personas, tree, tmp_path, shot
):
    login(page, "township_staff")
    page.goto(f"/orgs/{tree.union_a2.pk}/")
    page.locator(f"a[href='/orgs/{tree.union_a2.pk}/edit/']").click()
    assert path_of(page) == f"/orgs/{tree.union_a2.pk}/edit/"
    expect(page.locator("#id_name")).to_have_value("城关镇卫生院工会")
    expect(page.locator("#id_code")).to_have_value("QH-01-002")
    page.fill("#id_chair_name", "周慧敏")
    page.fill("#id_chair_phone", "13905710002")
    submit(page)
    assert path_of(page) == f"/orgs/{tree.union_a2.pk}/"
    expect(page.locator("main")).to_contain_text("周慧敏")
    expect(page.get_by_test_id("history")).to_contain_text("周慧敏")
    assert UnionOrg.objects.get(pk=tree.union_a2.pk).chair_name == "周慧敏"

    # The summary sheet: the link on the page answers a PDF naming the union.
    href = page.locator(f"a[href='/orgs/{tree.union_a2.pk}/summary.pdf']").get_attribute("href")
    answer = page.request.get(href)
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(answer.body())
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "城关镇卫生院工会" in text and "周慧敏" in text

    page.locator(f"a[href='/orgs/{tree.union_a2.pk}/close/']").click()
    assert path_of(page) == f"/orgs/{tree.union_a2.pk}/close/"
    page.select_option("#id_status", OrgStatus.MERGED.value)
    page.fill("#id_note", "并入宏达纺织有限公司工会")
    close_confirmed(page)  # no date: refused
    assert path_of(page) == f"/orgs/{tree.union_a2.pk}/close/"
    expect(page.get_by_test_id("error-closed_on")).to_be_visible()
    expect(page.locator("#id_note")).to_have_value("并入宏达纺织有限公司工会")
    shot(page, "org-close-error")

    page.fill("#id_closed_on", "2025-06-30")
    close_confirmed(page)
    assert path_of(page) == f"/orgs/{tree.union_a2.pk}/"
    expect(page.locator("main")).to_contain_text("2025-06-30")
    expect(page.locator("main")).to_contain_text("并入宏达纺织有限公司工会")
    expect(page.locator(f"a[href='/orgs/{tree.union_a2.pk}/edit/']")).to_have_count(0)
    expect(page.locator(f"a[href='/orgs/{tree.union_a2.pk}/close/']")).to_have_count(0)
    assert UnionOrg.objects.get(pk=tree.union_a2.pk).status == OrgStatus.MERGED
    shot(page, "org-closed")

    # The clerk's own township (their scope root) is closed only by the county.
    page.goto(f"/orgs/{tree.township_a.pk}/close/")
    page.select_option("#id_status", OrgStatus.DISSOLVED.value)
    page.fill("#id_closed_on", "2025-07-01")
    close_confirmed(page)
    assert path_of(page) == f"/orgs/{tree.township_a.pk}/close/"
    expect(page.get_by_test_id("form-errors")).to_contain_text("只有上级组织可以撤销本组织")
    assert UnionOrg.objects.get(pk=tree.township_a.pk).status == OrgStatus.ACTIVE


def test_a_township_clerk_edits_their_own_township_s_record(page, login, personas, tree, shot):
    """The clerk's own township federation is in their scope and its page offers Edit; saving a
    new chair works, and the parent is shown but cannot be changed."""
    login(page, "township_staff")
    page.goto(f"/orgs/{tree.township_a.pk}/")
    page.locator(f"a[href='/orgs/{tree.township_a.pk}/edit/']").click()
    expect(page.locator("#id_parent")).to_be_disabled()
    page.fill("#id_chair_name", "刘建华")
    submit(page)
    shot(page, "own-township-edit")
    assert path_of(page) == f"/orgs/{tree.township_a.pk}/", page.locator(
        ".invalid-feedback"
    ).all_inner_texts()
    stored = UnionOrg.objects.get(pk=tree.township_a.pk)
    assert (stored.chair_name, stored.parent_id) == ("刘建华", tree.county.pk)


def test_sign_in_locks_after_five_failures_and_shows_the_locked_page(page, login, personas):
    for _attempt in range(4):
        login(page, "auditor", password="wrong-password")
        assert path_of(page) == "/login/"
        expect(page.locator("form .alert-danger, .alert-danger").first).to_be_visible()
        expect(page.locator("#id_username")).to_be_visible()
    login(page, "auditor", password="wrong-password")  # the fifth failure locks the name
    locked = page.locator("main .alert-danger h1")
    expect(locked).to_be_visible()
    expect(page.locator("#id_username")).to_have_count(0)

    page.goto("/login/")
    login(page, "auditor")  # the right password, too late
    expect(locked).to_be_visible()
    expect(page.get_by_test_id("whoami")).to_have_count(0)
    page.goto("/orgs/")
    assert path_of(page) == "/login/", "not signed in"


# The user's own account, the API token and signing out -----------------------------------------


def test_my_account_creates_and_replaces_an_api_token_then_sign_out(
    page, browser, live_server, login, personas, shot
):
    from rest_framework.authtoken.models import Token

    login(page, "leader")
    open_account_menu(page)
    page.locator(".dropdown-menu a[href='/me/']").click()
    assert path_of(page) == "/me/"
    expect(page.locator("main dl")).to_contain_text("leader")
    expect(page.locator("main dl")).to_contain_text("清河县总工会")
    expect(page.get_by_test_id("token")).to_have_count(0)

    submit(page, "main form:has([data-testid=token-button])")
    first = Token.objects.get(user=personas["leader"]).key
    expect(page.get_by_test_id("token")).to_have_text(first)
    answer = page.request.get("/api/me/", headers={"Authorization": f"Token {first}"})
    assert answer.status == 200 and answer.json()["username"] == "leader"
    shot(page, "profile-token")
    # Shown once: on the next visit only its first characters.
    page.goto("/me/")
    expect(page.get_by_test_id("token")).to_have_count(0)
    expect(page.get_by_test_id("token-summary")).to_contain_text(first[:6])
    assert first not in page.content()

    submit(page, "main form:has([data-testid=token-button])")
    second = Token.objects.get(user=personas["leader"]).key
    assert second != first
    expect(page.get_by_test_id("token")).to_have_text(second)
    context = browser.new_context(base_url=live_server.url)
    try:
        fresh = context.request  # no session: only the token counts
        old = fresh.get("/api/me/", headers={"Authorization": f"Token {first}"})
        assert old.status == 401, "the replaced token no longer works"
        new = fresh.get("/api/me/", headers={"Authorization": f"Token {second}"})
        assert new.status == 200
    finally:
        context.close()

    open_account_menu(page)
    with page.expect_navigation():
        page.locator(".dropdown-menu form[action='/logout/'] button").click()
    assert path_of(page) == "/login/"
    expect(page.get_by_test_id("whoami")).to_have_count(0)
    page.goto("/orgs/")
    assert path_of(page) == "/login/", "signed out: back to the login page"


# The administrators' user pages -----------------------------------------------------------------


def test_a_county_administrator_adds_edits_and_deactivates_an_account(
    page, browser, live_server, login, personas, tree, shot
):
    login(page, "county_admin")
    page.locator("nav .nav-link[href='/users/']").click()
    assert path_of(page) == "/users/"
    expect(page.locator(USER_ROWS)).to_have_count(5)
    expect(page.locator("[data-testid=user-table]")).to_contain_text("other_township_staff")
    shot(page, "user-list")

    page.locator("a[href='/users/new/']").click()
    assert path_of(page) == "/users/new/"
    page.fill("#id_username", "chengguan_clerk2")
    page.fill("#id_first_name", "王芳")
    page.select_option("#id_role", Role.ORG_STAFF.value)
    page.select_option("#id_org", str(tree.union_a1.pk))
    page.fill("#id_password", "12345678")  # numeric and common: refused
    submit(page)
    assert path_of(page) == "/users/new/"
    expect(page.get_by_test_id("error-password")).to_have_count(2)  # too common, all digits
    expect(page.locator("#id_username")).to_have_value("chengguan_clerk2")
    expect(page.locator("#id_org")).to_have_value(str(tree.union_a1.pk))
    assert not User.objects.filter(username="chengguan_clerk2").exists()

    page.fill("#id_password", "Hongda-textile-2026")
    submit(page)
    assert path_of(page) == "/users/"
    expect(page.locator(USER_ROWS)).to_have_count(6)
    row = page.locator(USER_ROWS, has_text="chengguan_clerk2")
    expect(row).to_contain_text("王芳")
    expect(row).to_contain_text("宏达纺织有限公司工会")
    account = User.objects.get(username="chengguan_clerk2")
    assert (account.role, account.org_id, account.is_active) == (
        Role.ORG_STAFF,
        tree.union_a1.pk,
        True,
    )

    # The new clerk signs in and sees their union's subtree only.
    other = browser.new_context(base_url=live_server.url, locale="zh-CN")
    other.set_default_timeout(TIMEOUT_MS)
    try:
        clerk = other.new_page()
        login(clerk, "chengguan_clerk2", password="Hongda-textile-2026")
        assert path_of(clerk) == "/"
        expect(clerk.get_by_test_id("org-count")).to_have_text("1")

        row.locator("a").click()
        assert path_of(page) == f"/users/{account.pk}/"
        expect(page.locator("#id_password")).to_have_value("")
        page.uncheck("#id_is_active")
        submit(page)
        assert path_of(page) == "/users/"
        account.refresh_from_db()
        assert not account.is_active
        shot(page, "user-deactivated")

        clerk.goto("/orgs/")
        assert path_of(clerk) == "/login/", "a deactivated account's session no longer works"
        login(clerk, "chengguan_clerk2", password="Hongda-textile-2026")
        assert path_of(clerk) == "/login/"
    finally:
        other.close()

    # An administrator cannot deactivate themselves.
    page.goto(f"/users/{personas['county_admin'].pk}/")
    page.uncheck("#id_is_active")
    submit(page)
    expect(page.get_by_test_id("error-is_active")).to_be_visible()
    assert User.objects.get(username="county_admin").is_active


def test_staff_have_no_user_pages(page, login, personas):
    login(page, "township_staff")
    expect(page.locator("nav .nav-link[href='/users/']")).to_have_count(0)
    assert page.goto("/users/").status == 403
    assert page.goto("/users/new/").status == 403


# A job's progress, polled by htmx ------------------------------------------------------------


def test_a_running_job_s_page_follows_its_progress_to_the_download(
    page, login, personas, media_root, shot
):
    job = Job.objects.create(
        kind="export",
        title="工会组织",
        created_by=personas["township_staff"],
        status=JobStatus.RUNNING,
        params={"exporter": "orgs", "query": ""},
        total=8000,
        done=2000,
    )
    login(page, "township_staff")
    page.goto(job.get_absolute_url())
    expect(page.locator("h1")).to_contain_text("工会组织")
    bar = page.locator("#job-progress .progress")
    expect(bar).to_have_attribute("aria-valuenow", "25")
    expect(page.get_by_test_id("job-status")).to_contain_text("2000 / 8000")
    expect(page.get_by_test_id("download")).to_have_count(0)
    shot(page, "job-running")

    Job.objects.filter(pk=job.pk).update(done=6000)
    expect(bar).to_have_attribute("aria-valuenow", "75")  # polled every second
    expect(page.get_by_test_id("job-status")).to_contain_text("6000 / 8000")

    job.refresh_from_db()
    job.result_name = "工会组织-20250101.xlsx"
    job.result_file.save(job.result_name, ContentFile(b"PK\x03\x04"), save=False)
    job.status, job.done, job.finished_at = JobStatus.DONE, 8000, timezone.now()
    job.save()
    download = page.get_by_test_id("download")
    expect(download).to_be_visible()  # the finished bar fetches the result into the page
    expect(download).to_contain_text("工会组织-20250101.xlsx")
    expect(page.locator("#job-progress .progress")).to_have_attribute("aria-valuenow", "100")
    assert path_of(page) == job.get_absolute_url(), "no reload: htmx swapped the parts"
    shot(page, "job-done")
    with page.expect_download() as caught:
        download.click()
    assert caught.value.suggested_filename == "工会组织-20250101.xlsx"


# The API docs -----------------------------------------------------------------------------------


def test_the_api_docs_list_the_endpoints_offline(page, login, personas):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    login(page, "township_staff")
    page.locator("nav .nav-link[href='/api/docs/']").click()
    assert path_of(page) == "/api/docs/"
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("UnionPortal API")
    for endpoint in ("/api/orgs/", "/api/members/", "/api/contracts/", "/api/indicators/"):
        tag = endpoint.strip("/").split("/")[-1]
        heading = page.locator(f".opblock-tag[data-tag='{tag}']")
        expect(heading).to_be_visible()
        heading.click()  # the resources open one at a time
        expect(page.locator(f".opblock-summary-path[data-path='{endpoint}']").first).to_be_visible()
    outside = [url for url in requests if not url.startswith(page.url.split("/api/")[0])]
    assert not outside, f"the docs page loads nothing from outside the portal: {outside}"
