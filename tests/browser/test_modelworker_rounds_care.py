"""The nomination rounds and the care ledger in the browser: a round run from recommendation
(the notice's ratios shown live as a candidate is added) through 联审 and 公示 with an objection
to approval, and the awards it conferred; a 慰问 recorded, a second one refused, and the entry
found in the dashboard figure's drill-down. Screenshots of every page."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.modelworkers.choices import PersonCategory
from apps.modelworkers.models import HonourAward
from apps.modelworkers.models.care import CareRecord
from tests.browser.helpers import path_of
from tests.membership.helpers import id_number
from tests.modelworkers.rc_helpers import honour_type, open_round, recommend, worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page: Page):
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()


def action(page: Page, name):
    page.get_by_test_id(f"action-{name}").click()
    expect(page.get_by_test_id("what-happens")).to_be_visible()


def test_a_round_from_recommendation_to_approval_confers_the_honours(
    page, login, tree, personas, shot
):
    today = timezone.localdate()
    page.emulate_media(reduced_motion="reduce")
    round_ = open_round(tree.county, year=today.year, quota=3, min_frontline=60)
    round_.refresh_from_db()
    recommend(round_, tree.union_a1, 1, name="王一线", category=PersonCategory.FRONTLINE)
    login(page, "county_admin")
    page.goto("/modelworkers/rounds/")
    expect(page.get_by_test_id(f"round-{round_.pk}")).to_be_visible()
    shot(page, "mw-rounds-01-list")
    page.goto(f"/modelworkers/rounds/{round_.pk}/")
    expect(page.get_by_test_id("ratio-min_frontline")).to_contain_text("100.00%")
    shot(page, "mw-rounds-02-detail-drafting")

    page.get_by_test_id("candidate-add").click()
    page.select_option("#id_recommended_by", str(tree.union_a1.pk))
    page.fill("#id_name", "钱经理")
    page.fill("#id_id_number", id_number(2002))
    page.select_option("#id_person_category", PersonCategory.MANAGER)
    # The ratios as they would be with this person: 1 of 2 front-line, below 60 %.
    expect(page.get_by_test_id("ratio-min_frontline")).to_contain_text("50.00%")
    expect(page.get_by_test_id("ratio-warnings")).to_be_visible()
    shot(page, "mw-rounds-03-candidate-live-ratios")
    submit(page)
    assert path_of(page) == f"/modelworkers/rounds/{round_.pk}/"
    expect(page.get_by_test_id("ratio-min_frontline")).to_contain_text("50.00%")

    action(page, "submit")
    shot(page, "mw-rounds-04-submit-refused-preview")
    submit(page)
    expect(page.get_by_test_id("form-errors")).to_contain_text("基层一线职工的比例达到了50.00%")
    shot(page, "mw-rounds-05-submit-refused")

    recommend(round_, tree.union_a1, 3, name="孙一线", category=PersonCategory.FRONTLINE)
    page.goto(f"/modelworkers/rounds/{round_.pk}/")
    action(page, "submit")
    submit(page)
    expect(page.get_by_test_id("round-status")).to_have_text("联审中")

    action(page, "check")
    page.fill("#id_department", "纪检监察")
    page.select_option("#id_result", "passed")
    shot(page, "mw-rounds-06-joint-check")
    submit(page)
    expect(page.get_by_test_id("check-table")).to_contain_text("纪检监察")

    action(page, "publicity")
    page.fill("#id_publicity_to", today.isoformat())
    submit(page)
    expect(page.get_by_test_id("round-status")).to_have_text("公示中")

    action(page, "objection")
    page.select_option("#id_candidate", label="钱经理")
    page.fill("#id_content", "反映其企业存在欠薪")
    shot(page, "mw-rounds-07-objection")
    submit(page)
    objection = round_.objections.get()
    page.get_by_test_id(f"decide-{objection.pk}").click()
    expect(page.get_by_test_id("what-happens")).to_contain_text("钱经理")
    page.select_option("#id_decision", "upheld")
    page.fill("#id_finding", "经核实属实")
    shot(page, "mw-rounds-08-decide-objection")
    submit(page)

    action(page, "approve")
    expect(page.get_by_test_id("what-happens")).to_contain_text("2")
    page.fill("#id_document_no", "县工发〔2026〕18号")
    shot(page, "mw-rounds-09-approve")
    submit(page)
    expect(page.get_by_test_id("round-status")).to_have_text("已批准")
    expect(page.get_by_test_id("document-no")).to_have_text("县工发〔2026〕18号")
    shot(page, "mw-rounds-10-approved")
    awards = HonourAward.objects.filter(honour_type=honour_type(), document_no="县工发〔2026〕18号")
    assert sorted(a.model_worker.name for a in awards) == ["孙一线", "王一线"]
    page.goto("/modelworkers/awards/")
    expect(page.locator("main")).to_contain_text("孙一线")
    shot(page, "mw-rounds-11-awards")


def test_a_visit_recorded_refused_twice_and_found_in_the_figures_drill_down(
    page, login, tree, personas, shot
):
    today = timezone.localdate()
    mw = worker(tree.union_a1, 1, name="李劳模")
    login(page, "township_staff")
    page.goto("/modelworkers/care/")
    shot(page, "mw-care-01-list-empty")
    page.get_by_test_id("care-add").click()
    page.select_option("#id_model_worker", str(mw.pk))
    page.select_option("#id_kind", "spring_festival")
    page.fill("#id_amount", "800")
    page.select_option("#id_fund_level", "union")
    shot(page, "mw-care-02-form")
    submit(page)
    entry = CareRecord.objects.get()
    assert path_of(page) == f"/modelworkers/care/{entry.pk}/"
    shot(page, "mw-care-03-detail")

    page.goto("/modelworkers/care/new/")
    page.select_option("#id_model_worker", str(mw.pk))
    page.select_option("#id_kind", "spring_festival")
    page.fill("#id_amount", "500")
    page.select_option("#id_fund_level", "union")
    submit(page)
    expect(page.get_by_test_id("error-kind")).to_contain_text("已进行过此项慰问")
    assert CareRecord.objects.count() == 1
    shot(page, "mw-care-04-second-refused")

    page.goto("/modelworkers/care/")
    expect(page.get_by_test_id(f"care-{entry.pk}")).to_contain_text("800.00")
    shot(page, "mw-care-05-list")

    page.goto(f"/reports/drilldown/modelworkers.care_visits/?year={today.year}")
    expect(page.locator("main")).to_contain_text("李劳模")
    shot(page, "mw-care-06-drilldown")

    page.goto(f"/modelworkers/care/{entry.pk}/reverse/")
    expect(page.get_by_test_id("what-happens")).to_contain_text("800.00")
    page.fill("#id_reason", "录错金额")
    shot(page, "mw-care-07-reverse")
    submit(page)
    assert CareRecord.objects.net().count() == 0
    page.goto(f"/reports/drilldown/modelworkers.care_visits/?year={today.year}")
    expect(page.locator("main")).not_to_contain_text("李劳模")
