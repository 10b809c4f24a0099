"""Searchable drop-downs in Chromium: a clerk types pinyin initials or a code and chooses the
organisation; a member is found through the search endpoint as one types, also in a piece of
page that htmx swaps in. Before/after screenshots go to BROWSER_SHOTS_DIR."""

import json

import pytest
from django import forms
from django.urls import reverse
from playwright.sync_api import expect

from apps.core.models import UnionOrg
from apps.core.widgets import SearchSelect
from apps.membership.models import Member
from tests.browser.helpers import path_of, submit_filters
from tests.membership.helpers import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def options_shown(page, select_id):
    return page.locator(f"#{select_id}-ts-dropdown .option").all_inner_texts()


def test_typing_initials_finds_and_chooses_the_parent_organisation(
    page, live_server, login, personas, tree, shot
):
    login(page, "county_admin")
    page.goto("/orgs/new/")
    shot(page, "search-select-01-org-form")
    page.fill("#id_name", "新庄镇农机合作社工会")

    page.locator("#id_parent-ts-control").click()
    page.keyboard.type("xzz")  # 新庄镇总工会: x-z-z-z-g-h
    expect(page.locator("#id_parent-ts-dropdown .option").first).to_contain_text("新庄镇总工会")
    assert not any("城关镇" in text for text in options_shown(page, "id_parent"))
    shot(page, "search-select-02-parent-typed-xzz")
    page.locator("#id_parent-ts-dropdown .option", has_text="新庄镇总工会").click()
    expect(page.locator("#id_parent")).to_have_value(str(tree.township_b.pk))

    page.select_option("#id_level", "grassroots")
    page.select_option("#id_kind", "enterprise")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    created = UnionOrg.objects.get(name="新庄镇农机合作社工会")
    assert created.parent == tree.township_b
    assert path_of(page) == f"/orgs/{created.pk}/"


def test_a_code_typed_in_a_filter_chooses_the_township(
    page, live_server, login, personas, tree, shot
):
    login(page, "county_admin")
    page.goto("/employers/")
    page.locator("#id_township-ts-control").click()
    page.keyboard.type("QH-02")
    expect(page.locator("#id_township-ts-dropdown .option")).to_have_count(1)
    page.keyboard.press("Enter")
    shot(page, "search-select-03-employer-filter-by-code")
    submit_filters(page)

    names = page.locator("main table tbody td:nth-child(1) a").all_inner_texts()
    assert names == ["新庄机械厂"]
    expect(page.locator("#id_township")).to_have_value(str(tree.township_b.pk))
    expect(page.locator("#id_township-ts-control")).to_be_visible()


def test_a_member_is_found_as_one_types_also_in_a_swapped_in_fragment(
    page, live_server, login, personas, tree, shot
):
    """The remote drop-down: nothing rendered but the blank choice; typing asks the endpoint,
    which answers with the user's members only; the choice lands in the form's select."""
    zeng = make_member(tree.union_a1, "曾国藩", 1)
    make_member(tree.union_b1, "曾广", 2)  # another township: never offered

    class PickMember(forms.Form):
        member = forms.ModelChoiceField(
            queryset=Member.objects.all(),
            widget=SearchSelect(url=reverse("membership:member_search")),
            required=False,
        )

    fragment = f'<form id="swapped">{PickMember()["member"]}</form>'
    login(page, "township_staff")
    page.goto("/members/")
    # As htmx does after a swap: the new fragment is announced with htmx:load.
    page.evaluate(
        """html => {
            const holder = document.createElement("div");
            holder.innerHTML = html;
            document.querySelector("main").prepend(holder);
            const loaded = {bubbles: true, detail: {elt: holder}};
            holder.dispatchEvent(new CustomEvent("htmx:load", loaded));
        }""",
        fragment,
    )
    page.locator("#id_member-ts-control").click()
    with page.expect_response(lambda r: "/members/search/?q=" in r.url) as answered:
        page.keyboard.type("zg")
    assert [r["text"] for r in json.loads(answered.value.body())["results"]] == ["曾国藩"]
    option = page.locator("#id_member-ts-dropdown .option", has_text="曾国藩")
    expect(option).to_be_visible()
    expect(option).to_contain_text("宏达纺织有限公司工会")
    assert not any("曾广" in text for text in options_shown(page, "id_member"))
    shot(page, "search-select-04-member-remote")
    option.click()
    expect(page.locator("#id_member")).to_have_value(str(zeng.pk))


def test_text_from_the_records_is_shown_as_text(page, live_server, login, personas, tree):
    """An organisation named like markup is listed as those characters, never as markup."""
    tree.township_b.name = '<img src=x onerror="window.pwned=1">新庄镇总工会'
    tree.township_b.save()
    login(page, "county_admin")
    page.goto("/orgs/new/")
    page.locator("#id_parent-ts-control").click()
    page.keyboard.type("QH-02")
    expect(page.locator("#id_parent-ts-dropdown .option", has_text="<img src=x")).to_be_visible()
    assert page.evaluate("window.pwned") is None
