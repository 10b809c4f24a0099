"""Every page in the Chinese UI reads in Chinese: a walk, as the county administrator and as a
township's staff, through every page the navigation and the URL conf lead to, a detail page
and a form of each kind found by following the links on the pages visited.

A page fails on English words a person reads (text and the placeholder, title and aria-label
of controls: Django's own strings too, not only the catalogue's), on a raw choice code in a
table cell ("1 入会", "170 私营企业"), on Django's "---------" blank choice and on a yes/no
drop-down's "未知".

The pages are discovered, not listed: the menu's entries, every URL pattern without arguments,
and from each page visited the links to URL names not yet visited (one page per URL name). A
new app's pages join the walk on their own; `EXCLUDED_NAMESPACES` keeps out apps still being
built (remove a namespace once its pages are translated) and `EXCLUDED_NAMES` pages that are
not the portal's UI (the API browser, downloads).
"""

import io
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from apps.core.context_processors import navigation
from apps.core.models import User

# Apps whose pages are still being built: walked once they are translated.
EXCLUDED_NAMESPACES = {"modelworkers", "competitions"}
# Not the portal's own UI, or not a page: the API and its docs, downloads, signing out.
EXCLUDED_NAMES = {"api_docs", "api_schema", "api_me", "logout", "set_language", "healthz"}
EXCLUDED_NAME_PARTS = ("export", "download", "template", "pdf", "xlsx", "progress")
# Parts of an app still being built (their pages, and the links to them, e.g. in the menu).
EXCLUDED_NAME_PREFIXES = ("aid:batch", "aid:school", "aid:mutual", "aid:attachment")
EXCLUDED_PREFIXES = ("/admin/", "/api/", "/i18n/", "/static/", "/media/")
# Words that are right in the Chinese UI: file kinds, the language's own name, product names.
# ("Authorization: Token …" is the header the API page tells one to send.)
ALLOWED_WORDS = {"xlsx", "pdf", "excel", "english", "token", "authorization", "api", "echarts"}
# A word of the English UI: letters only, three or more (codes, usernames and credit codes
# carry digits, capitals only or underscores and are not words).
WORD = re.compile(r"(?<![\w@.\-])[A-Za-z][a-z]{2,}(?![\w@\-])")
RAW_CODE = re.compile(r"^\s*\d{1,3}\s+[\u4e00-\u9fff]")
DOCUMENT_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")  # tables read 2025-08-31
PERSONAS = ("county_admin", "township_staff")
MAX_PAGES = 400


class PageText(HTMLParser):
    """What a person reads on a page: text outside scripts and styles, and the attributes
    shown to them; and the text of each table cell."""

    SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "data-placeholder")

    def __init__(self):
        super().__init__()
        self.texts, self.cells, self.options, self.links = [], [], [], []
        self._skip = 0
        self._skipped_link = False
        self._cell = None
        self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self._skip += 1
        for name in self.SHOWN_ATTRIBUTES:
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])
        if tag == "td":
            self._cell = []
        if tag == "option":
            self._option = []
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            if _leads_outside_the_walk(attrs["href"]):
                self._skip += 1
                self._skipped_link = True

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1
        if tag == "a" and self._skipped_link:
            self._skip -= 1
            self._skipped_link = False
        if tag == "td" and self._cell is not None:
            self.cells.append("".join(self._cell).strip())
            self._cell = None
        if tag == "option" and self._option is not None:
            self.options.append("".join(self._option).strip())
            self._option = None

    def handle_data(self, data):
        if self._skip:
            return
        self.texts.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._option is not None:
            self._option.append(data)


def problems_of(html, allowed=frozenset()):
    """The English words (but `allowed` ones: data such as usernames), raw codes, long dates
    in tables and blank-choice dashes a page shows."""
    page = PageText()
    page.feed(html)
    found = []
    words = {
        word
        for text in page.texts
        for word in WORD.findall(text)
        if word.lower() not in ALLOWED_WORDS and word not in allowed
    }
    if words:
        found.append(f"English: {sorted(words)[:12]}")
    codes = [cell for cell in page.cells if RAW_CODE.match(cell)]
    if codes:
        found.append(f"raw codes in table cells: {codes[:5]}")
    dated = [cell for cell in page.cells if DOCUMENT_DATE.search(cell)]
    if dated:
        found.append(f"dates not as 2025-08-31 in table cells: {dated[:3]}")
    if any(option.startswith("---") for option in page.options):
        found.append('blank choice "---------"')
    if "未知" in page.options:
        found.append('yes/no drop-down reads "未知"')
    return found, page.links


def _excluded(name, path):
    namespace = name.split(":")[0] if ":" in name else ""
    return (
        namespace in EXCLUDED_NAMESPACES
        or name in EXCLUDED_NAMES
        or any(part in name for part in EXCLUDED_NAME_PARTS)
        or name.startswith(EXCLUDED_NAME_PREFIXES)
        or path.startswith(EXCLUDED_PREFIXES)
    )


def _leads_outside_the_walk(href):
    """A link to a page the walk leaves out (its text is that page's, e.g. a menu entry)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return False
    name = url_name(parts.path)
    return (
        name is not None and _excluded(name, parts.path) and not name.endswith(EXCLUDED_NAME_PARTS)
    )


def argument_free_urls(resolver=None, prefix="", namespace=""):
    """(url name, path) of every pattern in the URL conf that takes no argument."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            space = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from argument_free_urls(pattern, prefix + route, space)
        elif (
            isinstance(pattern, URLPattern)
            and pattern.name
            and "<" not in route
            and "^" not in route
        ):
            yield f"{namespace}{pattern.name}", "/" + prefix + route


def url_name(path):
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def walk(client, user):
    """Visit the pages; {path: [problems]} of those with any, and the names visited. Sign-in
    names are data (the user list shows "leader"), not UI."""
    usernames = frozenset(User.objects.values_list("username", flat=True))
    start = [url for _label, url in navigation(user)]
    start += [path for _name, path in argument_free_urls()]
    queue = deque(["/", *start])
    seen_names, failures, visited = set(), {}, []
    while queue and len(visited) < MAX_PAGES:
        target = queue.popleft()
        path = urlsplit(target).path
        name = url_name(path)
        if name is None or name in seen_names or _excluded(name, path):
            continue
        seen_names.add(name)
        response = client.get(target)
        visited.append((target, response.status_code))
        if response.status_code in (301, 302):
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        found, links = problems_of(response.content.decode(), usernames)
        if response.status_code >= 500:
            found.append(f"status {response.status_code}")
        if found:
            failures[target] = found
        for link in links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            queue.append(link)
    return failures, seen_names, visited


@pytest.fixture
def demo_county(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", members=200, unions=30, stdout=io.StringIO())


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_reads_in_chinese(demo_county, persona):
    user = User.objects.get(username=persona)
    client = Client()
    client.force_login(user)
    failures, names, visited = walk(client, user)
    # The walk reached the pages: the menu, the lists, a record of each main kind and forms.
    for expected in (
        "home",
        "core:org_tree",
        "core:org_detail",
        "core:org_edit",
        "core:employer_detail",
        "membership:member_detail",
        "contracts:contract_detail",
        "reports:review_list",
    ):
        assert expected in names, (expected, sorted(names))
    report = "\n".join(f"{path}: {'; '.join(found)}" for path, found in failures.items())
    assert not failures, f"{len(failures)} of {len(visited)} pages:\n{report}"


def test_the_check_finds_english_codes_and_dashes():
    """The check itself: each kind of fault is found, Chinese text with codes is not."""
    found, _links = problems_of(
        "<p>Review</p><table><tr><td>1 入会</td><td>2025年8月31日</td></tr></table>"
        "<select><option>---------</option><option>未知</option></select>"
    )
    assert len(found) == 5, found
    clean, _links = problems_of(
        "<p>组织代码 QH-01-002 · township_staff · 导出 .xlsx</p><table><tr><td>入会</td>"
        "<td>2025-08-31</td><td>170</td></tr></table><select><option>全部</option></select>"
    )
    assert clean == [], clean


@pytest.mark.django_db
def test_djangos_own_messages_read_in_chinese(client_for):
    """Refusals Django writes (password validators, a required field, a wrong old password)
    and the portal's message after a change, as the pages show them."""
    client = client_for("county_admin")
    refused = client.post(
        "/me/",
        {
            "action": "password",
            "old_password": "wrong",
            "new_password1": "123",
            "new_password2": "1",
        },
    )
    assert refused.status_code == 400
    found, _links = problems_of(refused.content.decode())
    assert found == [], found
    html = refused.content.decode()
    assert "密码" in html and "不正确" in html, "the wrong old password is named in Chinese"
    new_user = client.post("/users/new/", {"username": "", "password": "123"})
    found, _links = problems_of(new_user.content.decode())
    assert found == [], found
    assert "这个字段是必填项" in new_user.content.decode()
    changed = client.post(
        "/me/",
        {
            "action": "password",
            "old_password": "test-pass-2026",
            "new_password1": "Qinghe-county-2027!",
            "new_password2": "Qinghe-county-2027!",
        },
        follow=True,
    )
    assert "密码已修改。" in changed.content.decode()
    found, _links = problems_of(changed.content.decode())
    assert found == [], found
