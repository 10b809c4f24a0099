"""The innovation pages in headless Chromium: a studio named with an unqualified leader is
refused with the rule named, then named with a qualified one; a proposal recorded, refused
adoption without a reason, adopted, implemented with its benefit shown in 万元; every page of
the innovation side screenshotted (lists, forms, details)."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import path_of
from tests.competitions.innovation_fixtures import (
    D,
    leaders,  # noqa: F401  (fixture)
    make_entry,
    make_innovation,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page: Page):
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def fill(page: Page, fields):
    for selector, value in fields.items():
        if selector.startswith("select:"):
            page.select_option(selector[7:], value)
        else:
            page.fill(selector, value)


def test_name_a_studio_refused_for_an_unqualified_leader_then_named(
    page,
    login,
    personas,
    tree,
    leaders,  # noqa: F811
    shot,
):
    login(page, "township_staff")
    page.goto("/competitions/studios/")
    shot(page, "innovation-studio-list-empty")
    page.get_by_test_id("add-studio").click()
    assert path_of(page) == "/competitions/studios/new/"
    fill(
        page,
        {
            "#id_name": "李技能劳模创新工作室",
            "select:#id_studio_type": "model_worker",
            "select:#id_level": "county",
            "select:#id_org": str(tree.union_a1.pk),
            "select:#id_host_employer": str(tree.employer_a1.pk),
            "select:#id_leader": str(leaders["unqualified"].pk),
            "#id_members": "8",
        },
    )
    shot(page, "innovation-studio-form")
    submit(page)
    expect(page.get_by_test_id("studio-title")).to_have_text("李技能劳模创新工作室")
    page.get_by_test_id("action-name").click()
    fill(page, {"#id_named_on": "2024-05-01", "#id_doc_no": "清工发〔2024〕8号"})
    fill(page, {"#id_subsidy": "30000"})
    submit(page)
    error = page.locator("[data-testid=action-form]")
    expect(error).to_contain_text("李技能")
    expect(error).to_contain_text("领办人")  # 规则：工作室领办人须获得相应荣誉
    shot(page, "innovation-studio-name-refused")

    # The leader changed to a 县劳动模范: named.
    page.goto("/competitions/studios/")
    page.get_by_role("link", name="李技能劳模创新工作室").click()
    page.get_by_test_id("edit").click()
    fill(page, {"select:#id_leader": str(leaders["qualified"].pk)})
    submit(page)
    page.get_by_test_id("action-name").click()
    fill(
        page,
        {"#id_named_on": "2024-05-01", "#id_doc_no": "清工发〔2024〕8号", "#id_subsidy": "30000"},
    )
    submit(page)
    expect(page.get_by_test_id("studio-status")).to_have_text("已命名")
    expect(page.get_by_test_id("leader")).to_have_text("王建国")
    page.get_by_test_id("action-report").click()
    fill(page, {"#id_year": "2024", "#id_topics": "3", "#id_patents": "1", "#id_benefit": "86000"})
    submit(page)
    expect(page.get_by_test_id("report-table")).to_contain_text("8.6")
    shot(page, "innovation-studio-detail")
    page.goto("/competitions/studios/")
    expect(page.get_by_test_id("studio-table")).to_contain_text("3")
    shot(page, "innovation-studio-list")


def test_record_a_proposal_through_adoption_and_implementation(page, login, personas, tree, shot):
    login(page, "township_staff")
    page.goto("/competitions/proposals/")
    page.get_by_test_id("add-proposal").click()
    fill(
        page,
        {
            "#id_title": "细纱机断头自停装置改进",
            "select:#id_org": str(tree.union_a1.pk),
            "select:#id_employer": str(tree.employer_a1.pk),
            "#id_proposers": "张秀英、刘强",
            "select:#id_category": "technology",
            "#id_submitted_on": "2024-03-01",
            "#id_annual_benefit": "50000",
        },
    )
    shot(page, "innovation-proposal-form")
    submit(page)  # a benefit before implementation: refused, the rule named
    expect(page.get_by_test_id("proposal-form")).to_contain_text("实施后方可核算效益")
    shot(page, "innovation-proposal-form-refused")
    fill(page, {"#id_annual_benefit": "0"})
    submit(page)
    expect(page.get_by_test_id("proposal-title")).to_contain_text("细纱机断头自停装置改进")

    page.get_by_test_id("action-review").click()
    fill(page, {"select:#id_result": "rejected", "#id_reviewed_on": "2024-03-20"})
    submit(page)
    expect(page.get_by_test_id("action-form")).to_contain_text("不采纳须说明原因")
    fill(page, {"select:#id_result": "adopted"})
    shot(page, "innovation-proposal-review")
    submit(page)
    expect(page.get_by_test_id("review-result")).to_contain_text("采纳")

    page.get_by_test_id("action-implement").click()
    fill(
        page,
        {"#id_implemented_on": "2024-05-10", "#id_annual_benefit": "125000", "#id_reward": "800"},
    )
    submit(page)
    expect(page.get_by_test_id("benefit")).to_have_text("12.5")
    expect(page.get_by_test_id("implemented-on")).to_have_text("2024-05-10")
    shot(page, "innovation-proposal-detail")
    page.goto("/competitions/proposals/?review_result=adopted")
    expect(page.get_by_test_id("proposal-table")).to_contain_text("细纱机断头自停装置改进")
    shot(page, "innovation-proposal-list")


def test_innovation_and_ankang_pages(page, login, personas, tree, shot):
    make_innovation(tree, title="自动穿纱器", patent_no="ZL202310000001", patent_kind="utility")
    make_entry(tree.employer_a1, 2024, workers=320, teams=12, score=96)
    login(page, "township_staff")
    page.goto("/competitions/innovations/")
    expect(page.get_by_test_id("innovation-table")).to_contain_text("自动穿纱器")
    shot(page, "innovation-innovation-list")
    page.get_by_role("link", name="自动穿纱器").click()
    expect(page.get_by_test_id("innovation-title")).to_have_text("自动穿纱器")
    shot(page, "innovation-innovation-detail")
    page.goto("/competitions/innovations/new/")
    fill(
        page,
        {
            "#id_title": "络筒工序技术攻关",
            "select:#id_kind": "breakthrough",
            "select:#id_org": str(tree.union_a1.pk),
            "#id_people": "王五",
            "#id_year": "2024",
        },
    )
    submit(page)  # a 技术攻关 without the problems solved
    expect(page.get_by_test_id("innovation-form")).to_contain_text("解决的问题")
    shot(page, "innovation-innovation-form")
    page.fill("#id_problems_solved", "络筒断纱率高")
    submit(page)
    expect(page.get_by_test_id("innovation-title")).to_have_text("络筒工序技术攻关")

    page.goto("/competitions/ankang/")
    expect(page.get_by_test_id("ankang-table")).to_contain_text("320")
    shot(page, "innovation-ankang-list")
    page.get_by_role("link", name="宏达纺织有限公司").click()
    shot(page, "innovation-ankang-detail")
    page.goto("/competitions/ankang/new/")
    fill(
        page,
        {"select:#id_employer": str(tree.employer_a1.pk), "#id_year": "2024", "#id_workers": "10"},
    )
    submit(page)  # a second entry for the year
    expect(page.get_by_test_id("ankang-form")).to_contain_text("已有安康杯参赛记录")
    shot(page, "innovation-ankang-form")
    assert D(2024, 1, 1)
