"""Acting safely, in the browser: a transfer is refused only with a reason and both decisions
ask first; a renewal keeps the running contract in force and signing waits for the vote; a
malformed placeholder is refused naming its position; issuing a year not yet over says so.

Assertions use test ids, URLs and Chinese domain data. Screenshots: /tmp/shots/safety-*.png.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.contracts.choices import ContractStatus
from apps.contracts.models import CollectiveContract
from apps.membership import services as membership
from apps.membership.choices import TransferStatus
from apps.membership.models import MemberTransfer
from apps.reports import services as reports
from apps.reports.periods import Period
from tests.browser.helpers import path_of
from tests.contracts.helpers import make_effective, offer
from tests.membership.helpers import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_refusing_a_transfer_needs_a_reason_and_each_decision_asks_first(
    other_page, login, personas, tree, shot
):
    member = make_member(tree.union_a1, "张三", serial=1)
    transfer = membership.request_transfer(
        member=member,
        to_union=tree.union_b1,
        actor=personas["township_staff"],
        requested_on=datetime.date(2025, 11, 1),
        reason="01",
    )
    page = other_page
    # Bootstrap ignores a close while its dialog is still fading in: no fades, no race.
    page.emulate_media(reduced_motion="reduce")
    login(page, "other_township_staff")
    page.goto(f"/members/transfers/{transfer.pk}/")

    page.get_by_test_id("accept").click()  # asks, naming the member and both unions
    expect(page.get_by_test_id("confirm-accept-text")).to_contain_text(
        "接收后，张三的会籍将从宏达纺织有限公司工会转入新庄机械厂工会"
    )
    shot(page, "safety-after-transfer-accept-confirm")
    page.get_by_test_id("confirm-accept-back").click()
    expect(page.get_by_test_id("confirm-accept")).to_be_hidden()
    assert MemberTransfer.objects.get().status == TransferStatus.REQUESTED

    page.locator("#id_opinion").press("Enter")  # Enter decides nothing
    page.wait_for_timeout(300)
    assert MemberTransfer.objects.get().status == TransferStatus.REQUESTED

    page.get_by_test_id("refuse").click()
    expect(page.get_by_test_id("confirm-refuse-text")).to_contain_text("拒绝后，张三仍是")
    with page.expect_navigation():
        page.get_by_test_id("confirm-refuse-confirm").click()
    expect(page.get_by_test_id("error-opinion")).to_contain_text("拒绝转会须填写理由")
    shot(page, "safety-after-transfer-refuse-no-reason")
    assert MemberTransfer.objects.get().status == TransferStatus.REQUESTED

    page.fill("#id_opinion", "本单位编制已满")
    page.get_by_test_id("refuse").click()
    with page.expect_navigation():
        page.get_by_test_id("confirm-refuse-confirm").click()
    assert path_of(page) == f"/members/transfers/{transfer.pk}/"
    expect(page.get_by_test_id("opinion")).to_have_text("本单位编制已满")
    assert MemberTransfer.objects.get().status == TransferStatus.REFUSED


def test_a_renewal_keeps_the_running_contract_in_force_and_signing_waits_for_the_vote(
    page, login, personas, tree, shot
):
    today = timezone.localdate()
    old = make_effective(
        tree, signed_on=today - datetime.timedelta(days=500), actor=personas["township_staff"]
    )
    login(page, "township_staff")
    page.goto(old.get_absolute_url())
    shown = page.get_by_test_id("status").get_attribute("data-status")
    page.get_by_test_id("action-renew").click()
    page.fill("#id_offer_on", today.isoformat())
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    renewal = CollectiveContract.objects.get(renewed_from=old)
    assert path_of(page) == renewal.get_absolute_url()
    # The renewal is a negotiation: no signing before a passing congress vote.
    expect(page.get_by_test_id("action-vote")).to_be_visible()
    expect(page.get_by_test_id("action-sign")).to_have_count(0)
    shot(page, "safety-after-contract-renewal-negotiating")

    page.get_by_test_id("renewal-chain").locator("a", has_text=old.code).click()
    assert path_of(page) == old.get_absolute_url()
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", shown)
    assert shown in (ContractStatus.EFFECTIVE, ContractStatus.EXPIRING)
    expect(page.get_by_test_id("action-renew")).to_have_count(0)
    shot(page, "safety-after-contract-renewed-old")
    assert CollectiveContract.objects.get(pk=old.pk).status == ContractStatus.EFFECTIVE

    # A typed link to sign a contract without its vote is turned back with the reason.
    draft = offer(tree, offer_on=today - datetime.timedelta(days=3), union=tree.union_a1)
    page.goto(f"/contracts/{draft.pk}/sign/")
    assert path_of(page) == draft.get_absolute_url()
    expect(page.locator(".alert-danger")).to_contain_text("第36条")


def test_a_malformed_placeholder_is_refused_naming_its_position(page, login, tree, personas, shot):
    review, _ = reports.get_or_create_review(
        org=tree.county, period=Period.year(timezone.localdate().year), actor=None
    )
    page.emulate_media(reduced_motion="reduce")  # the issue dialog closes without a fade
    login(page, "county_admin")
    page.goto(f"/reports/reviews/{review.pk}/edit/")
    body = page.locator("textarea").first
    typed = "全年会员{membership.members人。"
    body.fill(typed)
    with page.expect_navigation():
        page.get_by_test_id("save").click()
    expect(page.get_by_test_id("error-body").first).to_contain_text("第1行第5列")
    expect(page.locator("textarea").first).to_have_value(typed)
    page.get_by_test_id("error-body").first.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/shots/safety-after-review-malformed.png")
    assert not review.sections.filter(body=typed).exists()

    # Issuing this (unfinished) year asks first and says the year is not over.
    page.goto(review.get_absolute_url())
    page.get_by_test_id("issue").click()
    expect(page.get_by_test_id("confirm-issue-text")).to_contain_text(review.title)
    expect(page.get_by_test_id("confirm-issue-warning")).to_contain_text("尚未结束")
    page.wait_for_timeout(500)  # the modal has faded in
    page.screenshot(path="/tmp/shots/safety-after-review-issue-confirm.png")
    page.get_by_test_id("confirm-issue-back").click()
    assert not review.issues.exists()
