"""Browser fixtures: Debian's Chromium launched once per session, a fresh context per test.

Playwright's own browser download cannot work here, so the browser is `/usr/bin/chromium`.
Its sync API runs an event loop in this thread, so Django's ORM (used by fixtures that build
data) needs DJANGO_ALLOW_ASYNC_UNSAFE=true; the `live_server` serves the pages from another
thread, which is why every browser test uses the transactional database.

Screenshots go to BROWSER_SHOTS_DIR (default /tmp/shots), outside the repository.
"""

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.conftest import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
SHOTS = Path(os.environ.get("BROWSER_SHOTS_DIR", "/tmp/shots"))
TIMEOUT_MS = 10_000


@pytest.fixture(autouse=True)
def _cheap_password_hashing(settings):
    """The personas' passwords are hashed with MD5 here (the live server runs in this process,
    so it checks them the same way): PBKDF2 would cost ~0.3 s per user per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


def _fresh_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        accept_downloads=True,
        viewport={"width": 1366, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


@pytest.fixture
def page(browser, live_server) -> Page:
    """A page in a fresh context (no cookies) against the live server.

    The browser asks for Chinese (Accept-Language zh-CN), as the county's computers do.
    """
    context, page = _fresh_page(browser, live_server)
    yield page
    context.close()


@pytest.fixture
def other_page(browser, live_server) -> Page:
    """A second browser, for another person at the same time (the other side of a transfer)."""
    context, page = _fresh_page(browser, live_server)
    yield page
    context.close()


@pytest.fixture
def login():
    """login(page, "township_staff") signs in through the real login form.

    When the page already shows the login form (after a redirect, keeping its `next`), that form
    is used; otherwise the login page is opened.
    """

    def sign_in(page: Page, username: str, password: str = PASSWORD):
        if urlparse(page.url).path != "/login/":
            page.goto("/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.click("form button[type=submit]")
        return page

    return sign_in


@pytest.fixture
def shot():
    """shot(page, "org-list") saves a full-page screenshot for a human to look at."""

    def take(page: Page, name: str):
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
