"""Competitions driven in headless Chromium: a competition planned, launched and run with an
employer entered, assessed, commended (an award outside the period refused with its rule) and
closed; participants imported by name with a bad row listed and nothing saved.

Assertions use test ids, URLs and Chinese domain data."""

import re

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from apps.competitions.models import Competition, CompetitionAward, Participant
from tests.browser.helpers import path_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page: Page):
    with page.expect_navigation():
        page.get_by_test_id("save").click()


def advance(page: Page):
    with page.expect_navigation():
        page.get_by_test_id("advance").click()


def test_run_a_competition_from_launch_to_awards(page, login, personas, tree, shot):
    login(page, "township_staff")
    page.goto("/competitions/")
    page.get_by_test_id("add-competition").click()
    assert path_of(page) == "/competitions/new/"
    page.fill("#id_name", "2025年城关镇重点工程立功竞赛")
    page.select_option("#id_competition_type", "key_project")
    page.fill("#id_scheme", "五比五看")
    page.select_option("#id_level", "township")
    page.select_option("#id_organiser", str(tree.township_a.pk))
    page.fill("#id_co_organisers", "镇建设办、镇安监站")
    page.fill("#id_starts_on", "2025-03-01")
    page.fill("#id_ends_on", "2025-11-30")
    page.fill("#id_budget", "50000")
    submit(page)
    competition = Competition.objects.get()
    assert path_of(page) == f"/competitions/{competition.pk}/"
    expect(page.get_by_test_id("status")).to_have_text(re.compile("策划|Planning"))

    advance(page)  # 启动
    advance(page)  # 进行中
    page.get_by_test_id("add-participation").click()
    page.select_option("#id_employer", str(tree.employer_a1.pk))
    page.fill("#id_workers", "80")
    page.fill("#id_teams", "4")
    submit(page)
    expect(page.get_by_test_id("participations")).to_contain_text("宏达纺织有限公司")
    expect(page.get_by_test_id("worker-count")).to_have_text("80")
    shot(page, "competition-running")

    advance(page)  # 考核评比
    advance(page)  # 表彰
    expect(page.get_by_test_id("add-participation")).to_have_count(0)
    page.get_by_test_id("add-award").click()
    page.select_option("#id_awardee_kind", "unit")
    page.select_option("#id_title", "winning_unit")
    page.select_option("#id_employer", str(tree.employer_a1.pk))
    page.fill("#id_awarded_on", "2025-12-20")
    submit(page)
    expect(page.get_by_test_id("action-form")).to_contain_text("2025-12-20")
    shot(page, "competition-award-refused")
    assert not CompetitionAward.objects.exists()
    page.fill("#id_awarded_on", "2025-11-28")
    submit(page)
    expect(page.get_by_test_id("awards")).to_contain_text("宏达纺织有限公司")

    advance(page)  # 结束
    expect(page.get_by_test_id("advance")).to_have_count(0)
    shot(page, "competition-closed")
    competition.refresh_from_db()
    assert competition.status == "closed"
    assert CompetitionAward.objects.get().awarded_on.isoformat() == "2025-11-28"


def test_import_participants_with_a_bad_row_lists_it(page, login, personas, tree, tmp_path, shot):
    from tests.competitions.conftest import make_competition

    competition = make_competition(tree.township_a)
    login(page, "township_staff")
    page.goto(f"/competitions/{competition.pk}/")
    page.get_by_test_id("import-participants").click()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["竞赛编号", "单位名称", "姓名", "性别", "工种"])
    sheet.append([competition.pk, "宏达纺织有限公司", "张秀英", "女", "挡车工"])
    sheet.append([competition.pk, "查无此厂", "李建国", "男", "机修工"])
    path = tmp_path / "participants.xlsx"
    book.save(path)
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("import-errors")).to_be_visible()
    rows = page.get_by_test_id("error-rows").locator("tr")
    expect(rows).to_have_count(1)
    expect(rows.locator("td").first).to_have_text("3")
    expect(rows.locator("td").nth(1)).to_contain_text("查无此厂")
    expect(page.get_by_test_id("confirm")).to_have_count(0)
    shot(page, "competition-import-errors")
    assert not Participant.objects.exists()
