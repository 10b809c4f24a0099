"""Collective contracts driven in headless Chromium: a contract recorded from the offer to in
force through the pages (a bad form and a failing vote on the way), seen on the attention page
and in the list filtered to expiring contracts, and that list exported.

The contract's term ends 45 days from today, so once in force it is expiring: the dates are set
accordingly rather than the clock moved. Assertions use test ids, data attributes, URLs and
Chinese domain data, as the UI strings may not be translated yet.
"""

import datetime
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.contracts.deadlines import add_years
from apps.contracts.models import CollectiveContract
from tests.browser.helpers import path_of
from tests.contracts.helpers import make_effective

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DAY = datetime.timedelta(days=1)


def submit(page: Page):
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def act(page: Page, name, fields):
    page.get_by_test_id(f"action-{name}").click()
    expect(page.get_by_test_id("action-form")).to_be_visible()
    for selector, value in fields.items():
        if selector.startswith("select:"):
            page.select_option(selector[7:], value)
        else:
            page.fill(selector, value)
    submit(page)


def iso(day):
    return day.isoformat()


def test_record_a_contract_from_offer_to_in_force_then_find_and_export_it(
    page, login, personas, tree, tmp_path, shot
):
    today = timezone.localdate()
    term_end = today + 45 * DAY
    term_start = add_years(term_end, -1) + DAY
    offer_on = term_start - 60 * DAY
    # Another contract of the same union, in force for years yet: not in the expiring list.
    other = make_effective(tree, signed_on=today - 100 * DAY, years=3)

    login(page, "township_staff")
    page.goto("/contracts/")
    expect(page.get_by_test_id("contract-table")).to_contain_text(other.code)
    page.get_by_test_id("add-contract").click()
    assert path_of(page) == "/contracts/new/"
    expect(page.locator("#id_employer_side")).to_be_hidden()  # single-employer: not asked

    chosen = {"#id_contract_type": "comprehensive", "#id_scope": "enterprise"}
    chosen.update({"#id_union": str(tree.union_a1.pk), "#id_employer": str(tree.employer_a1.pk)})
    for selector, value in chosen.items():
        page.select_option(selector, value)
    typed = {
        "#id_union_chief": "李建国",
        "#id_employer_chief": "王志强",
        "#id_union_reps": "2",
        "#id_employer_reps": "2",
        "#id_offer_on": iso(offer_on),
        "#id_term_start": iso(term_start),
        "#id_term_end": iso(term_end),
    }
    for selector, value in typed.items():
        page.fill(selector, value)
    submit(page)

    assert path_of(page) == "/contracts/new/", "the form is shown again"
    expect(page.get_by_test_id("error-union_reps")).to_contain_text("第20条")
    for selector, value in typed.items():
        expect(page.locator(selector)).to_have_value(value)
    for selector, value in chosen.items():
        expect(page.locator(selector)).to_have_value(value)
    assert CollectiveContract.objects.count() == 1
    shot(page, "contracts-01-form-error")

    page.fill("#id_union_reps", "5")
    page.fill("#id_employer_reps", "5")
    submit(page)
    contract = CollectiveContract.objects.exclude(pk=other.pk).get()
    assert path_of(page) == f"/contracts/{contract.pk}/"
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "negotiating")
    expect(page.get_by_test_id("contract-title")).to_contain_text("宏达纺织有限公司")

    act(page, "reply", {"#id_reply_on": iso(offer_on + 10 * DAY)})
    vote = {
        "#id_congress_on": iso(offer_on + 30 * DAY),
        "#id_total": "60",
        "#id_present": "38",
        "#id_yes": "36",
    }
    act(page, "vote", vote)
    assert path_of(page).endswith("/vote/"), "a vote short of two thirds present is refused"
    expect(page.locator("[data-testid=form-errors], .invalid-feedback").first).to_contain_text(
        "第36条"
    )
    expect(page.locator("#id_present")).to_have_value("38")
    shot(page, "contracts-02-vote-refused")
    page.fill("#id_present", "52")
    submit(page)
    assert path_of(page) == f"/contracts/{contract.pk}/"
    act(page, "sign", {"#id_signed_on": iso(offer_on + 35 * DAY)})
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "signed")
    act(page, "submit", {"#id_submitted_on": iso(offer_on + 40 * DAY)})
    act(
        page,
        "review",
        {"select:#id_result": "no_objection", "#id_review_on": iso(offer_on + 50 * DAY)},
    )

    contract.refresh_from_db()
    assert contract.status == "effective"
    assert contract.effective_on == offer_on + 50 * DAY
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "expiring")
    expect(page.get_by_test_id("effective-on")).to_have_text(iso(offer_on + 50 * DAY))
    expect(page.get_by_test_id("term")).to_contain_text(iso(term_end))
    expect(page.get_by_test_id("history").locator("tbody")).to_contain_text("township_staff")
    expect(page.get_by_test_id("action-renew")).to_be_visible()
    shot(page, "contracts-03-detail-expiring")

    page.goto("/contracts/attention/")
    expect(page.get_by_test_id("count-expiring")).to_have_text("1")
    table = page.get_by_test_id("attention-table")
    expect(table).to_contain_text(contract.code)
    expect(table).not_to_contain_text(other.code)
    expect(table.get_by_test_id("term-end")).to_have_text(iso(term_end))
    shot(page, "contracts-04-attention")

    page.get_by_test_id("open-in-list").click()
    assert parse_qs(urlparse(page.url).query)["flag"] == ["expiring"]
    page.goto("/contracts/")
    page.select_option("#id_status", "expiring")
    submit(page)
    assert parse_qs(urlparse(page.url).query)["status"] == ["expiring"]
    rows = page.get_by_test_id("contract-table").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(contract.code)
    shot(page, "contracts-05-list-expiring")

    with page.expect_download() as caught:
        page.get_by_test_id("export").click()
    download = caught.value
    assert "集体合同台账" in download.suggested_filename
    saved = tmp_path / "contracts.xlsx"
    download.save_as(saved)
    sheet = openpyxl.load_workbook(saved).worksheets[0]
    values = [r for r in sheet.iter_rows(values_only=True) if any(v not in (None, "") for v in r)]
    header = [str(h).lstrip("*").strip() for h in values[0]]
    data = [dict(zip(header, r, strict=False)) for r in values[1:]]
    assert [r["合同编号"] for r in data] == [contract.code]
    row = data[0]
    assert row["工会方组织代码"] == "QH-01-001"
    assert row["职工方代表人数"] == 5
    assert row["职代会实到人数"] == 52
    ends = row["期限止"]
    assert (ends.date() if isinstance(ends, datetime.datetime) else ends) == term_end
