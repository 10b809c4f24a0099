"""Error pages in the portal's own layout and language, with a way back (templates/403.html,
404.html, 500.html)."""

import pytest
from django.test import RequestFactory, override_settings
from django.utils import translation
from django.views.defaults import server_error

from tests.membership.helpers import fast_passwords  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_passwords")


@override_settings(DEBUG=False)
def test_an_unknown_page_is_not_found_in_chinese_with_the_way_home(client_for, tree):
    response = client_for("township_staff").get("/orgs/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and "返回首页" in html
    assert 'data-testid="whoami"' in html, "the portal's own layout, with its menu"


@override_settings(DEBUG=False)
def test_another_townships_record_reads_as_not_found(client_for, tree):
    response = client_for("township_staff").get(f"/orgs/{tree.township_b.pk}/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


@override_settings(DEBUG=False)
def test_a_refused_step_says_so_in_chinese(client_for, tree):
    response = client_for("leader").get("/orgs/new/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "无权操作" in html and "返回首页" in html


@override_settings(DEBUG=False)
def test_the_error_pages_read_in_english_in_the_english_ui(client_for, tree):
    client = client_for("township_staff")
    client.cookies["django_language"] = "en"
    html = client.get("/orgs/999999/").content.decode()
    assert "Page not found" in html and "Back to the home page" in html


def test_the_server_error_page_needs_no_request_context():
    request = RequestFactory().get("/")
    with translation.override("zh-hans"):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "系统出错了" in html and 'href="/"' in html
