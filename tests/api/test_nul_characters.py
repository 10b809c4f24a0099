"""A NUL character, which PostgreSQL cannot hold, answers 400 wherever it comes in: a page's or
an export's query string, an API filter, a JSON or form body, a cookie."""

import json

import pytest
from django.urls import reverse

from apps.core.models import UnionOrg


def drilldown(tree, *, export=False, **extra):
    name = "reports:drilldown_export" if export else "reports:drilldown"
    query = {"org": tree.county.pk, "kind": "year", "year": 2025, **extra}
    return reverse(name, args=["membership.unions"]), query


@pytest.mark.parametrize("export", [False, True], ids=["list", "export"])
def test_a_nul_in_a_drilldown_s_category_is_a_400(client_for, tree, export):
    url, query = drilldown(tree, export=export, category="\x00")
    response = client_for("leader").get(url, query)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/orgs/?q=%00",
        "/orgs/export/?q=%00",
        "/members/?q=a%00b",
        "/contracts/?status=%00",
        "/api/orgs/?q=%00",
        "/api/members/?name=%00",
        "/api/contracts/?code=%00",
        "/api/membership-changes/?change_type=%00",
        "/api/indicators/?kind=%00",
        "/api/orgs/%00/",
    ],
)
def test_a_nul_in_a_query_string_or_path_is_a_400(client_for, tree, url):
    response = client_for("township_staff").get(url)
    assert response.status_code == 400, url
    if url.startswith("/api/"):
        assert "NUL" in response.json()["detail"]


def test_a_nul_in_a_json_body_is_a_400_and_nothing_is_saved(api, tree):
    url = f"/api/orgs/{tree.union_a1.pk}/"
    client = api("township_staff")
    for body in ('{"chair_name": "李\\u0000四"}', '{"chair_name": "x", "a\\u0000": 1}'):
        response = client.patch(url, body, content_type="application/json")
        assert response.status_code == 400, body
    assert UnionOrg.objects.get(pk=tree.union_a1.pk).chair_name == ""


def test_an_escaped_backslash_before_u0000_is_text_not_a_nul(api, tree):
    url = f"/api/orgs/{tree.union_a1.pk}/"
    body = json.dumps({"approval_doc_no": "城工\\u0000号"})  # the six characters \u0000
    response = api("township_staff").patch(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert UnionOrg.objects.get(pk=tree.union_a1.pk).approval_doc_no == "城工\\u0000号"


def test_a_nul_in_a_form_post_is_a_400(client_for, tree):
    url = reverse("core:org_edit", args=[tree.union_a1.pk])
    response = client_for("township_staff").post(url, {"name": "宏达\x00工会"})
    assert response.status_code == 400
    assert UnionOrg.objects.get(pk=tree.union_a1.pk).name == "宏达纺织有限公司工会"


def test_a_nul_in_a_cookie_is_a_400(client_for, tree):
    client = client_for("township_staff")
    client.cookies["django_language"] = "zh\x00"
    assert client.get("/orgs/").status_code == 400
