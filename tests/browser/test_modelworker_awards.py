"""An award recorded in the browser on the model worker's page: the honour, year, date and its
表彰文号 entered, the worker's page then listing it with the number and showing the treatment
level that follows (a national 五一劳动奖章 carries provincial treatment), and a second
conferment of the same honour for the same year refused naming the rule. Screenshots of each
page."""

import pytest
from playwright.sync_api import Page, expect

from apps.modelworkers import reference
from apps.modelworkers.models import HonourAward, HonourType
from tests.browser.helpers import path_of
from tests.modelworkers.rc_helpers import worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCUMENT_NO = "总工发〔2025〕8号"


def fill_award(page: Page, honour_type, year):
    page.select_option("#id_honour_type", str(honour_type.pk))
    page.fill("#id_year", str(year))
    page.fill("#id_conferred_on", f"{year}-04-28")
    page.fill("#id_document_no", DOCUMENT_NO)
    page.fill("#id_certificate_no", f"{year}0815")
    page.fill("#id_deeds", "带领班组攻克关键技术难题，年节约成本三百余万元。")


def submit(page: Page):
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()


def test_an_award_with_its_document_number_gives_the_treatment_it_carries(
    page, login, tree, personas, shot
):
    reference.load()
    medal = HonourType.objects.get(name="全国五一劳动奖章")
    person = worker(tree.union_a1, 41, name="赵技师")
    page.emulate_media(reduced_motion="reduce")
    login(page, "township_staff")
    page.goto(f"/modelworkers/{person.pk}/")
    expect(page.get_by_test_id("treatment")).to_have_count(0)
    shot(page, "mw-award-01-worker-before")

    page.get_by_test_id("add-award").click()
    fill_award(page, medal, 2025)
    shot(page, "mw-award-02-form")
    submit(page)

    assert path_of(page) == f"/modelworkers/{person.pk}/"
    awards = page.get_by_test_id("awards")
    expect(awards).to_contain_text("全国五一劳动奖章")
    expect(awards.get_by_test_id("document-no")).to_have_text(DOCUMENT_NO)
    expect(page.get_by_test_id("treatment")).to_have_text("省部级待遇")
    expect(page.get_by_test_id("top-award")).to_contain_text("全国五一劳动奖章 (2025)")
    shot(page, "mw-award-03-worker-after")
    saved = HonourAward.objects.get(model_worker=person)
    assert (saved.document_no, saved.year, saved.level) == (DOCUMENT_NO, 2025, medal.level)

    page.get_by_test_id("add-award").click()
    fill_award(page, medal, 2025)
    submit(page)
    expect(page.locator("main")).to_contain_text("赵技师已获得2025年度全国五一劳动奖章")
    shot(page, "mw-award-04-second-refused")
    assert HonourAward.objects.filter(model_worker=person).count() == 1
