"""Membership pages and buttons in the browser: the member list's export (exactly the
filtered rows, numbers masked), refusing a transfer as the receiving side, and cancelling one
as the releasing side; and the transfer list's direction filter.

Assertions use test ids, URLs and Chinese domain data. Screenshots: /tmp/shots/membership-*.
"""

import datetime
import re
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest
from playwright.sync_api import expect

from apps.membership import services
from apps.membership.choices import TransferStatus
from apps.membership.models import Member, MemberTransfer
from tests.browser.helpers import path_of, submit_filters
from tests.membership.helpers import fast_passwords, make_member  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TRANSFER_ROWS = "[data-testid=transfer-table] tbody tr"


@pytest.fixture
def roster(tree):
    return [
        make_member(tree.union_a1, "张三", serial=1, card_no="HY0001"),
        make_member(tree.union_a1, "李四", serial=2, card_no="HY0002"),
        make_member(tree.union_a2, "张小明", serial=3, card_no="HY0003"),
        make_member(tree.union_b1, "赵三", serial=4),
    ]


def test_the_member_export_holds_exactly_the_filtered_rows_masked(
    page, login, personas, roster, tmp_path, shot
):
    login(page, "township_staff")
    page.goto("/members/")
    page.fill("#id_q", "zhang")
    submit_filters(page)
    assert parse_qs(urlparse(page.url).query)["q"] == ["zhang"]
    expect(page.locator("[data-testid=member-table] tbody tr")).to_have_count(2)
    export = page.get_by_test_id("export")
    assert "q=zhang" in export.get_attribute("href")

    with page.expect_download() as caught:
        export.click()
    assert caught.value.suggested_filename.endswith(".xlsx")
    saved = tmp_path / "members.xlsx"
    caught.value.save_as(saved)
    sheet = openpyxl.load_workbook(saved).worksheets[0]
    values = [r for r in sheet.iter_rows(values_only=True) if any(v not in (None, "") for v in r)]
    header = [str(h).lstrip("*").strip() if h else "" for h in values[0]]
    rows = [dict(zip(header, r, strict=False)) for r in values[1:]]
    assert sorted(r["姓名"] for r in rows) == ["张三", "张小明"]
    by_name = {r["姓名"]: r for r in rows}
    number = roster[0].id_number
    assert by_name["张三"]["证件号码"] == number[:6] + "********" + number[-4:]
    assert by_name["张三"]["会员卡号"] == "HY0001"
    text = " ".join(str(v) for r in rows for v in r.values())
    assert not re.search(r"\d{17}[\dX]", text), "no full ID number in a clerk's export"
    assert "赵三" not in text and "李四" not in text


@pytest.fixture
def transfer(tree, personas, roster):
    """张三 (township A) asked to move to 新庄机械厂工会 (township B)."""
    return services.request_transfer(
        member=roster[0],
        to_union=tree.union_b1,
        actor=personas["township_staff"],
        requested_on=datetime.date(2025, 3, 1),
        reason="01",
        note="调往新庄机械厂",
    )


def test_the_receiving_side_refuses_a_transfer(
    page, other_page, login, personas, roster, transfer, shot
):
    member = roster[0]
    login(other_page, "other_township_staff")
    other_page.goto("/members/transfers/")
    page_rows = other_page.locator(TRANSFER_ROWS)
    expect(page_rows).to_have_count(1)
    expect(page_rows.first.get_by_test_id("awaits-me")).to_be_visible()
    other_page.select_option("#id_direction", "outgoing")
    submit_filters(other_page)
    expect(other_page.locator(TRANSFER_ROWS)).to_have_count(1)
    expect(other_page.locator(f"{TRANSFER_ROWS} td[colspan]")).to_have_count(1)  # "none"
    expect(other_page.locator(TRANSFER_ROWS).first).not_to_contain_text("张三")
    other_page.select_option("#id_direction", "incoming")
    submit_filters(other_page)
    expect(other_page.locator(TRANSFER_ROWS)).to_have_count(1)
    other_page.locator(TRANSFER_ROWS).first.locator("a").click()
    assert path_of(other_page) == f"/members/transfers/{transfer.pk}/"
    expect(other_page.get_by_test_id("cancel")).to_have_count(0)  # only the releasing side

    other_page.fill("#id_opinion", "本单位暂无岗位，不予接收")
    other_page.get_by_test_id("refuse").click()
    with other_page.expect_navigation():
        other_page.get_by_test_id("confirm-refuse-confirm").click()
    assert path_of(other_page) == f"/members/transfers/{transfer.pk}/"
    expect(other_page.get_by_test_id("opinion")).to_have_text("本单位暂无岗位，不予接收")
    expect(other_page.get_by_test_id("decision-form")).to_have_count(0)
    shot(other_page, "membership-transfer-refused")
    transfer.refresh_from_db()
    member.refresh_from_db()
    assert transfer.status == TransferStatus.REFUSED
    assert member.union_id == roster[0].union_id, "a refused transfer leaves the member be"

    # The releasing side sees the refusal and still holds the member.
    login(page, "township_staff")
    page.goto(f"/members/transfers/{transfer.pk}/")
    expect(page.get_by_test_id("opinion")).to_have_text("本单位暂无岗位，不予接收")
    expect(page.get_by_test_id("cancel")).to_have_count(0)
    assert page.goto(member.get_absolute_url()).status == 200
    expect(page.get_by_test_id("open-transfer-form")).to_be_visible()  # may ask again


def test_the_releasing_side_cancels_a_transfer(page, login, personas, roster, transfer, shot):
    member = roster[0]
    login(page, "township_staff")
    page.goto(member.get_absolute_url())
    expect(page.get_by_test_id("open-transfer-form")).to_have_count(0)  # one open request
    page.goto(f"/members/transfers/{transfer.pk}/")
    expect(page.get_by_test_id("decision-form")).to_have_count(0)  # the receiving side decides
    with page.expect_navigation():
        page.get_by_test_id("cancel").click()
    assert path_of(page) == f"/members/transfers/{transfer.pk}/"
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_test_id("cancel")).to_have_count(0)
    shot(page, "membership-transfer-cancelled")
    assert MemberTransfer.objects.get(pk=transfer.pk).status == TransferStatus.CANCELLED
    assert Member.objects.get(pk=member.pk).union_id == member.union_id

    page.goto(member.get_absolute_url())
    expect(page.get_by_test_id("open-transfer-form")).to_be_visible()
