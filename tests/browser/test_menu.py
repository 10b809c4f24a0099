"""The menu bar in Chromium: a line of work's entries open from its drop-down, in Chinese."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import path_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_aid_drop_down_opens_and_leads_to_the_school_aid_list(page, login, personas, shot):
    login(page, "township_staff")
    bar = page.locator("nav .navbar-nav").first
    toggle = bar.locator(".dropdown-toggle", has_text="困难帮扶")
    expect(toggle).to_be_visible()
    entry = bar.locator(".dropdown-item", has_text="金秋助学")
    expect(entry).to_be_hidden()  # closed until opened
    toggle.click()
    expect(entry).to_be_visible()
    shot(page, "menu-aid-open")
    entry.click()
    assert path_of(page) == "/aid/school-aid/"
    expect(bar.locator(".dropdown-item.active", has_text="金秋助学")).to_have_count(1)
