"""The organisation tree and the home page's to-do list, in headless Chromium: a township opens
to its unions with their members beside each, the list beside the tree follows the chosen
unit, and the receiving side's home page lists a transfer waiting for its decision, flagged
once it has waited more than 30 days."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from playwright.sync_api import expect

from apps.membership import services
from tests.browser.helpers import path_of
from tests.membership.helpers import fast_passwords, make_member  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fast_passwords")]


@pytest.fixture
def roster(tree):
    return [
        make_member(tree.union_a1, "张三", serial=1, card_no="HY0001"),
        make_member(tree.union_a1, "李四", serial=2, card_no="HY0002"),
        make_member(tree.union_a2, "张小明", serial=3, card_no="HY0003"),
        make_member(tree.union_b1, "赵三", serial=4),
    ]


def test_a_township_opens_to_its_unions_with_their_counts(
    page, login, personas, tree, roster, shot
):
    login(page, "county_admin")
    page.goto("/")
    page.get_by_role("link", name="组织树").click()
    assert path_of(page) == "/orgs/tree/"
    township = page.locator(f'[data-testid=tree-node][data-code="{tree.township_a.code}"]')
    expect(township.locator("[data-testid=count]").first).to_have_text("3")
    # Its unions are not loaded until it is opened.
    union = page.locator(f'[data-testid=tree-node][data-code="{tree.union_a1.code}"]')
    expect(union).to_have_count(0)
    township.locator("[data-testid=expand]").first.click()
    expect(union).to_be_visible()
    expect(union.locator("[data-testid=count]").first).to_have_text("2")
    # The list beside the tree follows the chosen unit.
    township.locator("[data-testid=choose]").first.click()
    expect(page.locator("[data-testid=chosen]")).to_have_text(tree.township_a.name)
    expect(page.locator("[data-testid=unit-table] tbody tr")).to_have_count(2)
    shot(page, "org-tree")
    # Closing hides the unions again.
    township.locator("[data-testid=expand]").first.click()
    expect(union).to_be_hidden()
    # A count leads to exactly those members.
    township.locator("[data-testid=expand]").first.click()
    union.locator("[data-testid=count]").first.click()
    assert path_of(page) == "/members/"
    expect(page.get_by_text("张三")).to_be_visible()
    expect(page.get_by_text("张小明")).to_have_count(0)


def test_the_tree_of_a_township_starts_at_it(page, login, personas, tree, roster):
    login(page, "township_staff")
    page.goto("/orgs/tree/")
    expect(page.locator(f'[data-code="{tree.township_a.code}"]')).to_have_count(1)
    expect(page.locator(f'[data-code="{tree.township_b.code}"]')).to_have_count(0)
    assert page.goto(f"/orgs/tree/{tree.township_b.pk}/children/").status == 404


def test_home_lists_a_transfer_waiting_for_a_decision(
    page, other_page, login, personas, tree, roster, shot
):
    today = timezone.localdate()
    late = services.request_transfer(
        member=roster[3],
        to_union=tree.union_a1,
        actor=personas["other_township_staff"],
        requested_on=today - datetime.timedelta(days=45),
        reason="01",
    )
    login(page, "township_staff")
    page.goto("/")
    todo = page.locator("[data-testid=todo-item]", has_text="待您审批的会员转会")
    expect(todo).to_be_visible()
    expect(todo.locator("[data-testid=late]")).to_contain_text("已等待45天")
    expect(todo.locator("[data-testid=late]")).to_contain_text("超过30天")
    shot(page, "home-todo")
    todo.get_by_role("link", name="赵三", exact=False).click()
    assert path_of(page) == f"/members/transfers/{late.pk}/"
    # The releasing side has nothing to decide.
    login(other_page, "other_township_staff")
    other_page.goto("/")
    waiting = other_page.locator("[data-testid=todo-item]", has_text="待您审批的会员转会")
    expect(waiting).to_have_count(0)


@pytest.mark.django_db
def test_home_needs_the_same_queries_for_more_transfers(client_for, tree, personas):
    members = [make_member(tree.union_b1, f"王{n}", serial=10 + n) for n in range(9)]
    client = client_for("township_staff")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    def request(member, days):
        services.request_transfer(
            member=member,
            to_union=tree.union_a1,
            actor=personas["other_township_staff"],
            requested_on=timezone.localdate() - datetime.timedelta(days=days),
            reason="01",
        )

    for member in members[:2]:
        request(member, 40)
    few = queries()
    for member in members[2:]:
        request(member, 50)
    assert queries() == few
