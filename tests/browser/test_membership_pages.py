"""The membership pages driven in headless Chromium: find a member by pinyin initials, add one
with a wrong ID number and see the error with the typed values kept, reveal a number, and run a
transfer across two townships signed in as each side.

Assertions use test ids, URLs and domain data (Chinese names), not UI wording, which the
translation catalogue may change. Screenshots: /tmp/shots/membership-*.png.
"""

import datetime
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import translation
from playwright.sync_api import expect

from apps.membership.choices import ChangeType, TransferStatus
from apps.membership.models import IdentityReveal, Member, MemberTransfer
from tests.browser.helpers import path_of, submit_filters
from tests.membership.helpers import (  # noqa: F401
    fast_passwords,
    id_number,
    make_member,
    wrong_check_digit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = "[data-testid=member-table] tbody td:first-child a"


@pytest.fixture
def roster(tree):
    return [
        make_member(tree.union_a1, "张三", serial=1, card_no="HY0001"),
        make_member(tree.union_a1, "李四", serial=2),
        make_member(tree.union_a2, "张小明", serial=3),
        make_member(tree.union_b1, "赵三", serial=4),
    ]


def test_find_a_member_by_initials_pinyin_and_last_digits(page, login, personas, roster, shot):
    login(page, "township_staff")
    page.goto("/members/")
    expect(page.locator(NAMES)).to_have_count(3)  # 赵三 is in the other township
    assert "赵三" not in page.locator("main").inner_text()

    page.fill("#id_q", "zs")
    submit_filters(page)
    assert parse_qs(urlparse(page.url).query)["q"] == ["zs"]
    expect(page.locator(NAMES)).to_have_text(["张三"])
    expect(page.locator("#id_q")).to_have_value("zs")
    # the ID number is masked in the list: first six and last four
    row = page.locator("[data-testid=member-table] tbody tr").first
    expect(row).to_contain_text(roster[0].id_number[:6] + "********" + roster[0].id_number[-4:])
    assert not re.search(r"\d{17}[\dX]", page.locator("main").inner_text())
    shot(page, "membership-list-initials")

    page.fill("#id_q", "zhang")
    submit_filters(page)
    expect(page.locator(NAMES)).to_have_text(["张三", "张小明"])

    page.fill("#id_q", roster[1].id_number[-6:])
    submit_filters(page)
    expect(page.locator(NAMES)).to_have_text(["李四"])

    page.locator(NAMES).first.click()
    assert path_of(page) == f"/members/{roster[1].pk}/"
    expect(page.get_by_test_id("member-name")).to_have_text("李四")
    expect(page.get_by_test_id("ledger").locator("tbody tr")).to_have_count(1)


def test_add_a_member_with_a_bad_id_keeps_what_was_typed_then_saves(
    page, login, personas, tree, shot
):
    login(page, "township_staff")
    page.goto("/members/")
    page.get_by_test_id("add-member").click()
    assert path_of(page) == "/members/new/"
    # a resident ID gives birth date and sex: the form does not ask for them
    expect(page.locator("#id_sex")).to_be_hidden()
    expect(page.locator("#id_birth_date")).to_be_hidden()

    good = id_number(21, born=datetime.date(1992, 8, 8), male=False)
    bad = wrong_check_digit(good)
    page.select_option("#id_union", str(tree.union_a1.pk))
    typed = {
        "#id_name": "王小红",
        "#id_id_number": bad,
        "#id_phone": "13912345678",
        "#id_work_unit": "宏达纺织有限公司",
        "#id_joined_on": "2020-05-01",
        "#id_card_no": "HY2020001",
    }
    for selector, value in typed.items():
        page.fill(selector, value)
    page.check("#id_is_migrant")
    with page.expect_navigation():
        page.locator("[data-testid=member-form] button[type=submit]").click()

    assert path_of(page) == "/members/new/"
    expect(page.get_by_test_id("error-id_number")).to_be_visible()
    expect(page.locator("#id_id_number")).to_have_attribute("aria-invalid", "true")
    for selector, value in typed.items():
        expect(page.locator(selector)).to_have_value(value)
    expect(page.locator("#id_union")).to_have_value(str(tree.union_a1.pk))
    expect(page.locator("#id_is_migrant")).to_be_checked()
    assert not Member.objects.exists()
    shot(page, "membership-add-bad-id")

    page.fill("#id_id_number", good.lower())
    with page.expect_navigation():
        page.locator("[data-testid=member-form] button[type=submit]").click()
    member = Member.objects.get()
    assert path_of(page) == f"/members/{member.pk}/"
    assert (member.birth_date, member.sex, member.id_number) == (
        datetime.date(1992, 8, 8),
        "2",
        good,
    )
    expect(page.get_by_test_id("member-name")).to_have_text("王小红")
    expect(page.get_by_test_id("id-number")).to_contain_text(good[:6] + "********" + good[-4:])
    expect(page.get_by_test_id("ledger").locator("tbody tr")).to_have_count(1)
    shot(page, "membership-member-added")


def test_other_documents_ask_for_sex(page, login, personas, tree):
    login(page, "township_staff")
    page.goto("/members/new/")
    page.select_option("#id_id_type", "2")
    expect(page.locator("#id_sex")).to_be_visible()
    expect(page.locator("#id_birth_date")).to_be_visible()
    page.select_option("#id_id_type", "1")
    expect(page.locator("#id_sex")).to_be_hidden()


def test_county_admin_reveals_an_id_number_and_it_is_logged(page, login, personas, roster, shot):
    member = roster[0]
    login(page, "county_admin")
    page.goto(member.get_absolute_url())
    shown = page.get_by_test_id("id-number")
    expect(shown).not_to_contain_text(member.id_number)
    page.get_by_test_id("reveal-id_number").click()
    expect(page.get_by_test_id("revealed-id_number")).to_have_text(member.id_number)
    expect(page.get_by_test_id("reveal-id_number")).to_have_count(0)
    shot(page, "membership-revealed")
    reveal = IdentityReveal.objects.get()
    assert (reveal.user, reveal.member, reveal.what) == (
        personas["county_admin"],
        member,
        "id_number",
    )


def test_a_transfer_across_two_townships_signed_in_as_each_side(
    page, other_page, login, personas, tree, roster, shot
):
    member = roster[0]

    # The releasing side (城关镇) asks 新庄机械厂工会, in another township, to take 张三.
    login(page, "township_staff")
    page.goto(member.get_absolute_url())
    expect(page.get_by_test_id("transfer-form")).to_be_hidden()
    page.get_by_test_id("open-transfer-form").click()
    form = page.get_by_test_id("transfer-form")
    form.locator("#id_transfer-to_union").select_option(
        label=f"{tree.union_b1.code} {tree.union_b1.name}"
    )
    form.locator("#id_transfer-note").fill("调往新庄机械厂")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    transfer = MemberTransfer.objects.get()
    assert path_of(page) == f"/members/transfers/{transfer.pk}/"
    expect(page.get_by_test_id("transfer-status")).to_be_visible()
    expect(page.get_by_test_id("decision-form")).to_have_count(0)
    expect(page.get_by_test_id("cancel")).to_be_visible()
    shot(page, "membership-transfer-requested")

    # The receiving side (新庄镇) finds it first in its transfers, with only name and masked ID.
    login(other_page, "other_township_staff")
    other_page.locator("nav .nav-link[href='/members/transfers/']").click()
    first_row = other_page.locator("[data-testid=transfer-table] tbody tr").first
    expect(first_row).to_contain_text("张三")
    expect(first_row.get_by_test_id("awaits-me")).to_be_visible()
    shot(other_page, "membership-transfer-incoming")
    assert other_page.goto(member.get_absolute_url()).status == 404
    other_page.goto(f"/members/transfers/{transfer.pk}/")
    expect(other_page.get_by_test_id("member-link")).to_have_count(0)
    expect(other_page.get_by_test_id("id-number")).to_have_text(
        member.id_number[:6] + "********" + member.id_number[-4:]
    )
    other_page.fill("#id_opinion", "同意接收")
    other_page.get_by_test_id("accept").click()
    expect(other_page.get_by_test_id("confirm-accept-text")).to_contain_text("张三")
    with other_page.expect_navigation():
        other_page.get_by_test_id("confirm-accept-confirm").click()
    expect(other_page.get_by_test_id("opinion")).to_have_text("同意接收")
    shot(other_page, "membership-transfer-accepted")

    transfer.refresh_from_db()
    member.refresh_from_db()
    assert transfer.status == TransferStatus.ACCEPTED
    assert member.union == tree.union_b1

    # Now the member is theirs: the receiving side opens the record and sees the whole ledger.
    other_page.get_by_test_id("member-link").click()
    assert path_of(other_page) == member.get_absolute_url()
    ledger = other_page.get_by_test_id("ledger").locator("tbody tr")
    expect(ledger).to_have_count(3)
    change_cells = other_page.get_by_test_id("ledger").locator("tbody tr td:nth-child(2)")
    with translation.override("zh-hans"):  # the change's name, without its code
        names = [
            str(t.label) for t in (ChangeType.JOIN, ChangeType.TRANSFER_OUT, ChangeType.TRANSFER_IN)
        ]
    expect(change_cells).to_have_text(
        [
            re.compile(rf"^\s*{names[0]}\s*$"),
            re.compile(rf"^\s*{names[1]}\s*$"),
            re.compile(rf"^\s*{names[2]}\s*$"),
        ]
    )
    expect(ledger.nth(2)).to_contain_text(tree.union_b1.name)
    shot(other_page, "membership-member-after-transfer")

    # …and the releasing side no longer can.
    assert page.goto(member.get_absolute_url()).status == 404
    page.goto("/members/")
    assert "张三" not in [n.strip() for n in page.locator(NAMES).all_inner_texts()]


def test_record_a_retirement_then_edit_with_masked_numbers(page, login, personas, roster, shot):
    member = roster[0]
    login(page, "township_staff")
    page.goto(member.get_absolute_url())
    expect(page.get_by_test_id("change-form")).to_be_hidden()
    page.get_by_test_id("open-change-form").click()
    form = page.get_by_test_id("change-form")
    form.locator("#id_change-change_type").select_option(ChangeType.RETAIN.value)
    form.locator("#id_change-changed_on").fill("2014-01-01")  # before joining: refused
    form.locator("#id_change-reason").select_option("04")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("error-changed_on")).to_be_visible()
    expect(form.locator("#id_change-reason")).to_have_value("04")
    shot(page, "membership-change-error")

    form.locator("#id_change-changed_on").fill("2024-06-30")
    form.locator("#id_change-note").fill("退休")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("ledger").locator("tbody tr")).to_have_count(2)
    expect(page.get_by_test_id("ledger")).to_contain_text("退休")
    member.refresh_from_db()
    assert member.status == "retained"
    shot(page, "membership-retained")

    page.get_by_test_id("edit-member").click()
    masked = member.id_number[:6] + "********" + member.id_number[-4:]
    expect(page.locator("#id_id_number")).to_have_value(masked)
    assert member.id_number not in page.content()
    page.fill("#id_card_no", "HY0001-B")
    with page.expect_navigation():
        page.locator("[data-testid=member-form] button[type=submit]").click()
    assert path_of(page) == member.get_absolute_url()
    stored = Member.objects.get(pk=member.pk)
    assert (stored.id_number, stored.card_no) == (member.id_number, "HY0001-B")
