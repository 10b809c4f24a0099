"""The audit log and a record's history in the browser: the auditor finds the page in the menu,
reads a transfer's field, old and new value, filters by record type and action, and sees a
reveal of a member's number in the member's own history. Screenshots: /tmp/shots/audit-*.png.
"""

import datetime

import pytest
from playwright.sync_api import expect

from apps.core import services
from apps.membership import masking
from apps.membership import services as membership
from tests.browser.helpers import path_of, submit_filters
from tests.membership.helpers import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = "[data-testid=audit-table] tbody tr"


@pytest.fixture
def recorded(tree, personas):
    """A member transferred from 城关 to 新庄, a renamed union, and one reveal."""
    member = make_member(tree.union_a1, "张三", serial=21, actor=personas["township_staff"])
    transfer = membership.request_transfer(
        member=member,
        to_union=tree.union_b1,
        actor=personas["township_staff"],
        requested_on=datetime.date.today(),
        reason="01",
    )
    membership.decide_transfer(
        transfer=transfer, actor=personas["other_township_staff"], accept=True
    )
    union = tree.union_a2
    union.name = "城关镇中心卫生院工会"
    services.save_org(org=union, actor=personas["township_staff"])
    masking.reveal(member=member, actor=personas["county_admin"], what="phone")
    return member


def test_the_auditor_reads_filters_and_follows_the_audit_log(page, login, recorded, shot):
    login(page, "auditor")
    page.locator("nav .nav-link[href='/audit/']").click()
    assert path_of(page) == "/audit/"
    table = page.get_by_test_id("audit-table")
    expect(table).to_contain_text("新庄机械厂工会")  # the member's new union …
    expect(table).to_contain_text("宏达纺织有限公司工会")  # … and the old one
    expect(table).to_contain_text("城关镇中心卫生院工会")
    shot(page, "audit-log")

    page.select_option("#id_record_type", "core.unionorg")
    page.select_option("#id_action", "update")
    submit_filters(page)
    expect(page.locator(ROWS)).to_have_count(1)
    expect(page.locator(ROWS)).to_contain_text("城关镇卫生院工会")  # old name → new
    expect(page.locator(ROWS)).to_contain_text("城关镇中心卫生院工会")

    page.select_option("#id_record_type", "membership.member")
    page.select_option("#id_action", "reveal")
    submit_filters(page)
    expect(page.locator(ROWS)).to_have_count(1)
    expect(page.locator(ROWS)).to_contain_text("county_admin")
    shot(page, "audit-log-reveals")

    with page.expect_navigation():
        page.locator(f"{ROWS} a", has_text="张三").click()  # to the member's page
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("county_admin")  # the reveal, in the record's history
    expect(history).to_contain_text("新庄机械厂工会")
    expect(history).not_to_contain_text(recorded.phone)
    shot(page, "audit-member-history")
