"""Small steps shared by the browser tests."""

from urllib.parse import urlparse

from playwright.sync_api import Page


def path_of(page: Page):
    return urlparse(page.url).path


def submit_filters(page: Page):
    with page.expect_navigation():
        page.locator("[data-testid=filters] button[type=submit]").click()
