"""Hardship aid driven in headless Chromium, in Chinese: a household's file from the application
(a category refused without its reason on the way) through 基层初审, 入户调查 and 公示 with an
objection recorded and dismissed, to the county's approval (在档); paying the household, a second
payment refused on the page, and the payment reversed. Every page is photographed.

Dates count back from today, since no step may be dated in the future. Assertions use test ids,
data attributes, URLs and Chinese data."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.aid import services
from apps.aid.choices import EntryKind, FileStatus, FundSource, ProgrammeKind, StandardArea
from apps.aid.models import AidPayment, AidProgramme, HardshipFile, LowIncomeStandard
from tests.aid.helpers import apply, on_file
from tests.browser.helpers import path_of
from tests.membership.helpers import id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DAY = datetime.timedelta(days=1)


@pytest.fixture
def aid(tree, personas):
    """The county's 低保标准 for this year and the last (urban 800), and a 送温暖 programme."""
    today = timezone.localdate()
    for year in {today.year, (today - 40 * DAY).year, 2025}:
        for area, amount in ((StandardArea.URBAN, "800"), (StandardArea.RURAL, "600")):
            services.save_standard(
                standard=LowIncomeStandard(
                    org=tree.county, year=year, area=area, monthly_amount=Decimal(amount)
                ),
                actor=None,
            )
    programme = services.save_programme(
        programme=AidProgramme(
            org=tree.county,
            year=today.year,
            kind=ProgrammeKind.WINTER_WARMTH,
            name=f"{today.year}年元旦春节送温暖",
            budget=Decimal("100000"),
            standard_amount=Decimal("2500"),
            fund_sources=[FundSource.CENTRAL, FundSource.UNION_OWN],
        ),
        actor=None,
    )
    return programme


def submit(page: Page):
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()


def step(page: Page, name, fields):
    page.get_by_test_id(f"action-{name}").click()
    expect(page.get_by_test_id("what-happens")).to_be_visible()
    fill(page, fields)


def fill(page: Page, fields):
    for selector, value in fields.items():
        if selector.startswith("select:"):
            page.select_option(selector[7:], value)
        elif selector.startswith("check:"):
            page.check(selector[6:])
        else:
            page.fill(selector, value)


def iso(day):
    return day.isoformat()


def test_a_file_from_application_to_on_file_with_a_public_notice_and_an_objection(
    page, other_page, login, tree, aid, shot
):
    today = timezone.localdate()
    applied = today - 30 * DAY
    login(page, "township_staff")
    page.goto("/aid/")
    expect(page.locator("nav.navbar")).to_contain_text("困难职工档案")
    shot(page, "aid-01-file-list-empty")
    page.get_by_test_id("add-file").click()
    assert path_of(page) == "/aid/new/"
    chosen = {
        "select:#id_org": str(tree.union_a1.pk),
        "select:#id_category": "relative",
        "select:#id_work_status": "laid_off",
        "select:#id_main_cause": "6",
        "select:#id_family-0-relation": "spouse",
    }
    typed = {
        "#id_name": "周建华",
        "#id_id_number": id_number(7),
        "#id_household_annual_income": "12000",
        "#id_household_size": "3",
        "#id_applied_on": iso(applied),
        "#id_address": "城关镇和平路8号",
        "#id_family-0-name": "吴秀兰",
        "#id_family-0-id_number": id_number(107, male=False),
    }
    fill(page, {**chosen, **typed})
    submit(page)
    # 12 000 a year for three is below the standard: 相对困难 needs a reason; nothing is lost.
    assert path_of(page) == "/aid/new/"
    expect(page.get_by_test_id("error-category_reason")).to_contain_text("深度困难")
    for selector, value in typed.items():
        expect(page.locator(selector)).to_have_value(value)
    assert not HardshipFile.objects.exists()
    shot(page, "aid-02-application-refused")
    page.select_option("#id_category", "deep")
    submit(page)
    file = HardshipFile.objects.get()
    assert path_of(page) == f"/aid/{file.pk}/"
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "applied")
    expect(page.get_by_test_id("family")).to_contain_text("吴秀兰")
    expect(page.get_by_test_id("id-number")).not_to_have_text(file.id_number)  # masked
    shot(page, "aid-03-file-applied")

    step(page, "unit_review", {"#id_acted_on": iso(applied + DAY)})
    page.select_option("#id_decision", "refuse")  # without an opinion
    shot(page, "aid-04-unit-review-form")
    submit(page)
    expect(page.get_by_test_id("error-opinion")).to_be_visible()
    expect(page.locator("#id_acted_on")).to_have_value(iso(applied + DAY))
    page.select_option("#id_decision", "approve")
    page.fill("#id_opinion", "情况属实，同意上报")
    submit(page)
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "unit_reviewed")
    step(
        page, "home_visit", {"#id_acted_on": iso(applied + 2 * DAY), "#id_opinion": "两人入户核实"}
    )
    submit(page)
    step(
        page,
        "start_publicity",
        {"#id_starts_on": iso(applied + 3 * DAY), "#id_ends_on": iso(applied + 10 * DAY)},
    )
    shot(page, "aid-05-publicity-form")
    submit(page)
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "publicity")
    step(
        page,
        "record_objection",
        {
            "#id_raised_on": iso(applied + 5 * DAY),
            "#id_raised_by": "同车间职工",
            "#id_content": "家中有小轿车一辆",
        },
    )
    submit(page)
    expect(page.get_by_test_id("objections")).to_contain_text("家中有小轿车一辆")
    # The notice does not close while the objection is undecided.
    step(page, "close_publicity", {"#id_closed_on": iso(applied + 11 * DAY)})
    submit(page)
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    shot(page, "aid-06-close-refused-objection-open")
    page.goto(f"/aid/{file.pk}/")
    objection = file.objections.get()
    page.get_by_test_id(f"decide-{objection.pk}").click()
    page.select_option("#id_decision", "dismissed")
    fill(page, {"#id_decided_on": iso(applied + 6 * DAY), "#id_note": "经核实车辆已于去年报废"})
    shot(page, "aid-07-objection-decision")
    submit(page)
    expect(page.get_by_test_id("objection-decision")).to_contain_text("不成立")
    step(page, "close_publicity", {"#id_closed_on": iso(applied + 11 * DAY)})
    submit(page)
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "publicized")
    expect(page.get_by_test_id("action-county_approval")).to_have_count(0)  # the county's

    admin = other_page
    login(admin, "county_admin")
    admin.goto(f"/aid/{file.pk}/")
    step(
        admin,
        "county_approval",
        {"#id_acted_on": iso(applied + 12 * DAY), "#id_opinion": "同意建档"},
    )
    shot(admin, "aid-08-county-approval-form")
    submit(admin)
    expect(admin.get_by_test_id("status")).to_have_attribute("data-status", "active")
    expect(admin.get_by_test_id("filed-on")).to_have_text(iso(applied + 12 * DAY))
    expect(admin.get_by_test_id("id-number")).not_to_have_text(file.id_number)  # masked
    admin.get_by_test_id("reveal").click()  # the county's logged reveal
    expect(admin.get_by_test_id("revealed-note")).to_be_visible()
    expect(admin.get_by_test_id("id-number")).to_have_text(file.id_number)
    steps = admin.get_by_test_id("steps").locator("tbody tr")
    expect(steps).to_have_count(6)
    expect(steps.last).to_contain_text("县总工会")
    expect(admin.get_by_test_id("history")).to_be_visible()
    shot(admin, "aid-09-file-on-record")
    file.refresh_from_db()
    assert file.status == FileStatus.ACTIVE

    page.goto("/aid/?status=active&q=周建")
    expect(page.get_by_test_id("file-table").locator("tbody tr")).to_have_count(1)
    shot(page, "aid-10-file-list-filtered")


def test_pay_a_household_refuse_a_second_payment_and_reverse_it(page, login, tree, aid, shot):
    file = on_file(apply(tree.union_a1, 1))
    today = timezone.localdate()
    login(page, "township_staff")
    page.goto(f"/aid/{file.pk}/")
    page.get_by_test_id("pay").click()
    expect(page.locator("#id_file")).to_have_value(str(file.pk))
    paid = {
        "select:#id_programme": str(aid.pk),
        "select:#id_method": "bank",
        "select:#id_fund_source": "central",
        "#id_paid_on": iso(today),
        "#id_signed_by": "王建国",
    }
    fill(page, paid)
    shot(page, "aid-11-payment-form")
    submit(page)
    assert path_of(page) == f"/aid/{file.pk}/"
    payment = AidPayment.objects.get()
    expect(page.get_by_test_id(f"payment-{payment.pk}")).to_contain_text("2500.00")
    shot(page, "aid-12-file-paid")

    page.get_by_test_id("pay").click()
    fill(page, {**paid, "#id_signed_by": "李秀英"})
    submit(page)
    assert path_of(page) == "/aid/payments/new/"
    expect(page.get_by_test_id("error-file")).to_contain_text("已发放过")
    expect(page.locator("#id_signed_by")).to_have_value("李秀英")
    assert AidPayment.objects.count() == 1
    shot(page, "aid-13-second-payment-refused")

    page.goto("/aid/payments/")
    shot(page, "aid-14-payment-list")
    page.get_by_test_id(f"reverse-{payment.pk}").click()
    expect(page.get_by_test_id("what-happens")).to_contain_text("2500.00")
    page.fill("#id_reason", "银行卡号有误，重新发放")
    shot(page, "aid-15-reverse-form")
    submit(page)
    assert path_of(page) == "/aid/payments/"
    expect(page.get_by_test_id(f"payment-{payment.pk}").get_by_test_id("reversed")).to_be_visible()
    reversal = AidPayment.objects.get(kind=EntryKind.REVERSAL)
    expect(page.get_by_test_id(f"payment-{reversal.pk}")).to_contain_text("-2500.00")
    expect(page.get_by_test_id(f"reverse-{payment.pk}")).to_have_count(0)
    shot(page, "aid-16-payment-reversed")

    page.goto(f"/aid/programmes/{aid.pk}/")
    expect(page.get_by_test_id("spent")).to_have_text("0.00")
    expect(page.get_by_test_id("remaining")).to_have_text("100000.00")
    shot(page, "aid-17-programme-detail")


def test_the_other_aid_pages_render_in_chinese(page, login, tree, aid, shot):
    due = on_file(apply(tree.union_a1, 1))
    login(page, "county_admin")
    pages = {
        "aid-18-programme-list": "/aid/programmes/",
        "aid-19-programme-form": f"/aid/programmes/{aid.pk}/edit/",
        "aid-20-attention": "/aid/attention/",
        "aid-21-standards": "/aid/standards/",
        "aid-22-standard-form": "/aid/standards/new/",
        "aid-23-file-edit": f"/aid/{due.pk}/edit/",
        "aid-24-review-form": f"/aid/{due.pk}/review/",
    }
    for name, url in pages.items():
        page.goto(url)
        expect(page.locator("main h1").first).to_be_visible()
        shot(page, name)
    page.goto("/aid/attention/")
    expect(page.get_by_test_id("attention-table")).to_contain_text(due.file_no)
    expect(page.locator("main h1")).to_contain_text("待年度复核")


def test_the_dashboard_s_winter_warmth_figure_opens_the_households_paid(
    page, login, tree, aid, shot
):
    """Two households paid by 送温暖 this year, a third paid and reversed: the dashboard's
    figure says 2, and its drill-down lists those two files."""
    from apps.aid.choices import PaymentMethod

    today = timezone.localdate()
    files = [on_file(apply(tree.union_a1, n, name=f"帮扶户{n}")) for n in (1, 2, 3)]
    paid = [
        services.pay(
            programme=aid,
            file=file,
            actor=None,
            paid_on=today,
            method=PaymentMethod.BANK,
            fund_source=FundSource.CENTRAL,
        )
        for file in files
    ]
    services.reverse_payment(payment=paid[2], actor=None, reason="重复发放", reversed_on=today)

    login(page, "county_admin")
    page.goto(f"/reports/?year={today.year}")
    link = page.get_by_test_id("row-aid.winter_households")
    expect(link).to_have_text("2")
    shot(page, "aid-27-dashboard")
    link.click()
    table = page.get_by_test_id("drilldown-table")
    expect(table.locator("tbody tr")).to_have_count(2)
    for file in files[:2]:
        expect(table).to_contain_text(file.file_no)
    expect(table).not_to_contain_text(files[2].file_no)
    shot(page, "aid-28-drilldown-winter-warmth")
