"""Contract pages in the browser: editing a contract, recording a performance check
and a quality assessment, renewing and terminating, and the county's rubric (list, add, edit).

Assertions use test ids, form values, URLs and Chinese domain data. Screenshots:
/tmp/shots/contracts-*.png.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.contracts.choices import ContractStatus
from apps.contracts.models import CollectiveContract, PerformanceCheck, RubricItem
from tests.browser.helpers import path_of
from tests.contracts.helpers import make_effective

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIGNED = datetime.date(2024, 2, 8)


def submit(page: Page):
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


@pytest.fixture
def rubric(transactional_db):
    return [
        RubricItem.objects.create(name="协商主体", max_score=20, order=1),
        RubricItem.objects.create(name="协商程序", max_score=30, order=2),
        RubricItem.objects.create(name="协商内容", max_score=50, order=3),
    ]


@pytest.fixture
def contract(tree, personas):
    return make_effective(tree, signed_on=SIGNED, actor=personas["township_staff"])


def test_edit_a_contract_keeping_what_was_typed_after_a_broken_rule(
    page, login, personas, contract, shot
):
    login(page, "township_staff")
    page.goto(contract.get_absolute_url())
    page.get_by_test_id("edit").click()
    assert path_of(page) == f"/contracts/{contract.pk}/edit/"
    expect(page.locator("#id_union_chief")).to_have_value("李建国")
    expect(page.locator("#id_offer_on")).to_have_count(0)  # the offer is a move, not an edit

    page.fill("#id_union_chief", "陈立新")
    page.fill("#id_union_reps", "2")  # fewer than three negotiators a side: 第20条
    page.fill("#id_note", "工会方首席代表变更")
    submit(page)
    assert path_of(page) == f"/contracts/{contract.pk}/edit/"
    expect(page.get_by_test_id("error-union_reps")).to_contain_text("第20条")
    expect(page.locator("#id_union_chief")).to_have_value("陈立新")
    expect(page.locator("#id_note")).to_have_value("工会方首席代表变更")
    assert CollectiveContract.objects.get(pk=contract.pk).union_chief == "李建国"
    shot(page, "contracts-edit-error")

    page.fill("#id_union_reps", "6")  # the two sides stay equal (第20条)
    page.fill("#id_employer_reps", "6")
    submit(page)
    assert path_of(page) == contract.get_absolute_url()
    expect(page.locator("main")).to_contain_text("陈立新 / 王志强")
    expect(page.locator("main")).to_contain_text("6 / 6")
    expect(page.locator("main")).to_contain_text("工会方首席代表变更")
    expect(page.get_by_test_id("history")).to_contain_text("陈立新")
    stored = CollectiveContract.objects.get(pk=contract.pk)
    assert (stored.union_chief, stored.union_reps, stored.employer_reps) == ("陈立新", 6, 6)


def test_record_a_performance_check_and_a_quality_assessment(
    page, login, personas, contract, rubric, shot
):
    login(page, "township_staff")
    page.goto(contract.get_absolute_url())
    expect(page.get_by_test_id("checks").locator("li")).to_have_count(1)  # "none yet"

    page.get_by_test_id("add-check").click()
    assert path_of(page) == f"/contracts/{contract.pk}/checks/new/"
    page.fill("#id_checked_on", "2024-01-05")  # before the signing: refused
    page.fill("#id_checker", "城关镇总工会检查组")
    page.select_option("#id_result", "partly")
    page.check("#id_reported_to_congress")
    page.fill("#id_findings", "加班工资未按约定标准支付")
    submit(page)
    assert path_of(page) == f"/contracts/{contract.pk}/checks/new/"
    expect(page.get_by_test_id("error-checked_on")).to_be_visible()
    expect(page.locator("#id_findings")).to_have_value("加班工资未按约定标准支付")
    expect(page.locator("#id_result")).to_have_value("partly")
    assert not PerformanceCheck.objects.exists()

    page.fill("#id_checked_on", "2024-09-10")
    submit(page)
    assert path_of(page) == contract.get_absolute_url()
    checks = page.get_by_test_id("checks").locator("li")
    expect(checks).to_have_count(1)
    expect(checks.first).to_contain_text("2024-09-10")
    expect(checks.first).to_contain_text("城关镇总工会检查组")
    expect(checks.first).to_contain_text("加班工资未按约定标准支付")

    page.get_by_test_id("add-assessment").click()
    assert path_of(page) == f"/contracts/{contract.pk}/assessments/new/"
    page.fill("#id_assessed_on", "2024-12-01")
    page.fill("#id_assessor", "县总工会评估组")
    scores = {rubric[0]: "18", rubric[1]: "35", rubric[2]: "45"}  # 35 is above 30
    for item, score in scores.items():
        page.fill(f"#id_item_{item.pk}", score)
    submit(page)
    expect(page.get_by_test_id(f"error-item_{rubric[1].pk}")).to_be_visible()
    expect(page.locator(f"#id_item_{rubric[0].pk}")).to_have_value("18")
    shot(page, "contracts-assessment-error")

    page.fill(f"#id_item_{rubric[1].pk}", "27.5")
    submit(page)
    assert path_of(page) == contract.get_absolute_url()
    assessment = page.get_by_test_id("assessments").locator("li").first
    expect(assessment).to_contain_text("2024-12-01")
    expect(assessment).to_contain_text("县总工会评估组")
    expect(assessment).to_contain_text("90.5 / 100")
    expect(assessment).to_contain_text("协商程序 27.5/30")
    shot(page, "contracts-check-and-assessment")


def test_renew_a_contract_then_terminate_the_renewal(page, login, personas, contract, shot):
    today = timezone.localdate()
    login(page, "township_staff")
    page.goto(contract.get_absolute_url())
    page.get_by_test_id("action-renew").click()
    assert path_of(page) == f"/contracts/{contract.pk}/renew/"
    page.fill("#id_offer_on", today.isoformat())
    submit(page)

    renewal = CollectiveContract.objects.get(renewed_from=contract)
    assert path_of(page) == renewal.get_absolute_url()
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "negotiating")
    chain = page.get_by_test_id("renewal-chain").locator("li")
    expect(chain).to_have_count(2)
    expect(chain.nth(0)).to_contain_text(contract.code)
    expect(chain.nth(1)).to_contain_text(renewal.code)
    expect(page.get_by_test_id("term")).to_contain_text(
        (contract.term_end + datetime.timedelta(days=1)).isoformat()
    )
    shot(page, "contracts-renewed")

    page.get_by_test_id("action-terminate").click()
    assert path_of(page) == f"/contracts/{renewal.pk}/terminate/"
    page.fill("#id_terminated_on", today.isoformat())
    page.fill("#id_reason", "企业改制，协商终止")
    submit(page)
    assert path_of(page) == renewal.get_absolute_url()
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "terminated")
    expect(page.get_by_test_id("timeline")).to_contain_text("企业改制，协商终止")
    expect(page.get_by_test_id("edit")).to_have_count(0)
    expect(page.get_by_test_id("action-terminate")).to_have_count(0)
    renewal.refresh_from_db()
    assert renewal.status == ContractStatus.TERMINATED

    page.get_by_test_id("renewal-chain").locator("a", has_text=contract.code).click()
    assert path_of(page) == contract.get_absolute_url()


def test_the_county_administrator_keeps_the_rubric(page, login, personas, rubric, shot):
    login(page, "county_admin")
    page.goto("/contracts/")
    page.locator("main a[href='/contracts/rubric/']").click()
    assert path_of(page) == "/contracts/rubric/"
    rows = page.get_by_test_id("rubric-table").locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(1)).to_contain_text("协商程序")

    page.get_by_test_id("add-rubric-item").click()
    assert path_of(page) == "/contracts/rubric/new/"
    page.fill("#id_name", "履约监督")
    page.fill("#id_description", "建立履约检查制度并报告职代会")
    page.fill("#id_max_score", "150")  # above 100: refused
    page.fill("#id_order", "4")
    submit(page)
    expect(page.get_by_test_id("error-max_score")).to_be_visible()
    expect(page.locator("#id_name")).to_have_value("履约监督")
    assert not RubricItem.objects.filter(name="履约监督").exists()

    page.fill("#id_max_score", "10")
    submit(page)
    assert path_of(page) == "/contracts/rubric/"
    expect(rows).to_have_count(4)
    expect(rows.nth(3)).to_contain_text("履约监督")
    expect(rows.nth(3)).to_contain_text("建立履约检查制度并报告职代会")
    shot(page, "contracts-rubric")

    rows.nth(0).locator("a", has_text="协商主体").click()
    assert path_of(page) == f"/contracts/rubric/{rubric[0].pk}/"
    expect(page.locator("#id_max_score")).to_have_value("20")
    page.uncheck("#id_active")
    submit(page)
    assert path_of(page) == "/contracts/rubric/"
    assert not RubricItem.objects.get(pk=rubric[0].pk).active


def test_staff_read_the_rubric_without_editing_it_and_score_active_items_only(
    page, login, personas, contract, rubric
):
    RubricItem.objects.filter(pk=rubric[0].pk).update(active=False)
    login(page, "township_staff")
    page.goto("/contracts/rubric/")
    expect(page.get_by_test_id("rubric-table").locator("tbody tr")).to_have_count(3)
    expect(page.get_by_test_id("add-rubric-item")).to_have_count(0)
    expect(page.get_by_test_id("rubric-table").locator("a")).to_have_count(0)
    assert page.goto(f"/contracts/rubric/{rubric[1].pk}/").status == 403

    page.goto(f"/contracts/{contract.pk}/assessments/new/")
    expect(page.locator(f"#id_item_{rubric[0].pk}")).to_have_count(0)
    expect(page.locator(f"#id_item_{rubric[1].pk}")).to_be_visible()
    expect(page.locator(f"#id_item_{rubric[2].pk}")).to_be_visible()
