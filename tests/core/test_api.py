"""The REST API: token authentication, the same validation, scope and filters as the web pages,
the OpenAPI schema and docs, and query-count guards on its lists."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token

from apps.core.choices import OrgKind, OrgLevel, Role
from apps.core.models import Employer, UnionOrg
from apps.core.services import save_org
from apps.core.validators import credit_code_check_char

pytestmark = pytest.mark.usefixtures("fast_passwords")

FIRST17 = "91330100MA2B3C4D5"
CREDIT = FIRST17 + credit_code_check_char(FIRST17)
BAD_CREDIT = FIRST17 + ("0" if CREDIT[-1] != "0" else "1")


def token_client(user):
    token, _created = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def new_union(parent, **fields):
    return {
        "name": "城关镇五金制品厂工会",
        "parent": parent.pk,
        "level": OrgLevel.GRASSROOTS,
        "kind": OrgKind.ENTERPRISE,
        **fields,
    }


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


# ---------------------------------------------------------------------------------------------
# authentication
# ---------------------------------------------------------------------------------------------


def test_a_token_made_on_the_profile_page_authenticates_api_calls(client_for, tree, personas):
    page = client_for("township_staff").post(reverse("core:profile"), follow=True)

    token = Token.objects.get(user=personas["township_staff"])
    assert f'data-testid="token">{token.key}<' in page.content.decode()
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get("/api/orgs/")
    assert response.status_code == 200
    names = {row["name"] for row in response.json()["results"]}
    assert names == {"城关镇总工会", "宏达纺织有限公司工会", "城关镇卫生院工会"}


def test_replacing_the_token_revokes_the_old_one(client_for, tree, personas):
    client = client_for("township_staff")
    client.post(reverse("core:profile"))
    old = Token.objects.get(user=personas["township_staff"]).key

    client.post(reverse("core:profile"))

    new = Token.objects.get(user=personas["township_staff"]).key
    assert new != old
    assert Client(HTTP_AUTHORIZATION=f"Token {old}").get("/api/orgs/").status_code == 401
    assert Client(HTTP_AUTHORIZATION=f"Token {new}").get("/api/orgs/").status_code == 200


def test_a_made_up_token_is_refused(tree):
    response = Client(HTTP_AUTHORIZATION="Token " + "0" * 40).get("/api/orgs/")

    assert response.status_code == 401


def test_me_returns_the_callers_role_and_organisation(personas):
    response = token_client(personas["township_staff"]).get("/api/me/")

    assert response.status_code == 200
    me = response.json()
    assert me["username"] == "township_staff"
    assert me["role"] == Role.ORG_STAFF
    assert me["org_id"] == personas["township_staff"].org_id
    assert me["org"] == "城关镇总工会"
    assert me["can_edit"] is True
    assert token_client(personas["leader"]).get("/api/me/").json()["can_edit"] is False


# ---------------------------------------------------------------------------------------------
# writes: the same rules as the web form
# ---------------------------------------------------------------------------------------------


def test_creating_an_org_through_the_api_places_and_codes_it(personas, tree):
    response = post(
        token_client(personas["township_staff"]),
        "/api/orgs/",
        new_union(tree.township_a, credit_code="９１３３０１００ｍａ２ｂ３ｃ４ｄ５" + CREDIT[-1]),
    )

    assert response.status_code == 201, response.json()
    union = UnionOrg.objects.get(pk=response.json()["id"])
    assert union.code == "QH-01-003" == response.json()["code"]
    assert union.path == f"{tree.township_a.path}{union.pk}/"
    assert union.township == tree.township_a
    assert union.credit_code == CREDIT  # full-width and lower case normalised, as on the web
    assert response.json()["township"] == tree.township_a.pk


def test_a_bad_credit_code_is_a_400_naming_the_field(personas, tree):
    client = token_client(personas["township_staff"])
    before = UnionOrg.objects.count()

    response = post(client, "/api/orgs/", new_union(tree.township_a, credit_code=BAD_CREDIT))

    assert response.status_code == 400
    assert list(response.json()) == ["credit_code"]
    assert UnionOrg.objects.count() == before

    response = patch(client, f"/api/orgs/{tree.union_a1.pk}/", {"credit_code": BAD_CREDIT})

    assert response.status_code == 400
    assert "credit_code" in response.json()
    assert UnionOrg.objects.get(pk=tree.union_a1.pk).credit_code == ""


def test_a_parent_outside_the_callers_scope_is_a_400(personas, tree):
    client = token_client(personas["township_staff"])
    before = UnionOrg.objects.count()

    response = post(client, "/api/orgs/", new_union(tree.township_b))

    assert response.status_code == 400
    assert "parent" in response.json()
    assert UnionOrg.objects.count() == before

    response = patch(client, f"/api/orgs/{tree.union_a1.pk}/", {"parent": tree.township_b.pk})

    assert response.status_code == 400
    assert "parent" in response.json()
    union = UnionOrg.objects.get(pk=tree.union_a1.pk)
    assert union.parent_id == tree.township_a.pk and union.township_id == tree.township_a.pk


def test_the_api_applies_the_placement_rules(personas, tree):
    response = post(token_client(personas["county_admin"]), "/api/orgs/", new_union(tree.union_a1))

    assert response.status_code == 400
    assert "level" in response.json()
    assert not UnionOrg.objects.filter(name="城关镇五金制品厂工会").exists()


def test_an_api_update_changes_only_what_was_sent(personas, tree):
    response = patch(
        token_client(personas["township_staff"]),
        f"/api/orgs/{tree.union_a1.pk}/",
        {"chair_name": "李建国", "chair_phone": "+86 138-1234-5678"},
    )

    assert response.status_code == 200, response.json()
    union = UnionOrg.objects.get(pk=tree.union_a1.pk)
    assert union.chair_name == "李建国"
    assert union.chair_phone == "13812345678"
    assert union.name == "宏达纺织有限公司工会" and union.code == "QH-01-001"
    assert union.parent_id == tree.township_a.pk


def test_an_api_employer_cannot_be_created_in_another_township(personas, tree):
    response = post(
        token_client(personas["township_staff"]),
        "/api/employers/",
        {"name": "越界公司", "nature": "170", "township": tree.township_b.pk, "headcount": 5},
    )

    assert response.status_code == 400
    assert "township" in response.json()
    assert not Employer.objects.filter(name="越界公司").exists()


# ---------------------------------------------------------------------------------------------
# filters: the same FilterSet as the web list
# ---------------------------------------------------------------------------------------------


def web_list_names(client, query):
    html = client.get(reverse("core:org_list") + "?" + query).content.decode()
    body = html[html.index('data-testid="org-table"') :]
    body = body[body.index("<tbody>") : body.index("</tbody>")]
    return {name for name in UnionOrg.objects.values_list("name", flat=True) if name in body}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=enterprise&q=宏达", {"宏达纺织有限公司工会"}),
        ("kind=enterprise", {"宏达纺织有限公司工会", "新庄机械厂工会"}),
        ("kind=institution", {"城关镇卫生院工会"}),
        ("q=xzjx", {"新庄机械厂工会"}),  # pinyin initials
        ("level=township", {"城关镇总工会", "新庄镇总工会"}),
    ],
)
def test_the_api_list_filters_like_the_web_list(client_for, personas, tree, query, expected):
    response = token_client(personas["county_admin"]).get("/api/orgs/?" + query)

    assert response.status_code == 200
    names = {row["name"] for row in response.json()["results"]}
    assert names == expected
    assert web_list_names(client_for("county_admin"), query) == expected


def test_api_filters_never_widen_the_scope(personas, tree):
    client = token_client(personas["township_staff"])

    response = client.get(f"/api/orgs/?subtree={tree.township_b.pk}")
    by_kind = client.get("/api/orgs/?kind=enterprise").json()["results"]

    assert response.status_code == 400
    assert "subtree" in response.json()
    assert {row["name"] for row in by_kind} == {"宏达纺织有限公司工会"}


# ---------------------------------------------------------------------------------------------
# schema and docs
# ---------------------------------------------------------------------------------------------


def test_the_schema_is_an_openapi_document_listing_the_org_endpoints(client_for):
    response = client_for("leader").get("/api/schema/?format=json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/orgs/" in schema["paths"]
    assert "/api/orgs/{id}/" in schema["paths"]
    assert {"get", "post"} <= set(schema["paths"]["/api/orgs/"])
    parameters = {p["name"] for p in schema["paths"]["/api/orgs/"]["get"]["parameters"]}
    assert {"kind", "q", "subtree", "township"} <= parameters
    assert "delete" not in schema["paths"]["/api/orgs/{id}/"]  # orgs are closed, not deleted


def test_the_api_docs_render_for_a_signed_in_user(client_for):
    response = client_for("leader").get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "/api/schema/" in html


# ---------------------------------------------------------------------------------------------
# query-count guards
# ---------------------------------------------------------------------------------------------


def add_rows(tree, n, start):
    employers = []
    for i in range(start, start + n):
        township = tree.township_a if i % 2 else tree.township_b
        union = save_org(
            org=UnionOrg(
                name=f"测试企业{i}工会",
                parent=township,
                level=OrgLevel.GRASSROOTS,
                kind=OrgKind.ENTERPRISE,
            ),
            actor=None,
        )
        employers.append(
            Employer(name=f"测试企业{i}", nature="170", township=township, union=union)
        )
    Employer.objects.bulk_create(employers)


@pytest.mark.parametrize("url", ["/api/orgs/", "/api/employers/"])
def test_an_api_list_needs_the_same_queries_for_three_times_the_rows(personas, tree, url):
    client = token_client(personas["county_admin"])
    client.get(url)

    add_rows(tree, 10, start=0)
    with CaptureQueriesContext(connection) as small:
        first = client.get(url).json()
    add_rows(tree, 20, start=10)
    with CaptureQueriesContext(connection) as large:
        second = client.get(url).json()

    assert second["count"] - first["count"] == 20
    assert len(second["results"]) - len(first["results"]) == 20
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
    assert len(small) <= 6
