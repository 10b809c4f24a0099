"""Permission matrix: every organisation/employer page and API route, for every persona.

In scope → 200; another township's record → 404 (as if it did not exist); read-only roles →
403 on writes; anonymous → login redirect (web) or 401 (API).
"""

import pytest
from django.test import Client
from django.urls import reverse

READ_ONLY = ("leader", "auditor")


def web_reads(tree):
    return {
        "org_list": reverse("core:org_list"),
        "org_detail": reverse("core:org_detail", args=[tree.union_a1.pk]),
        "org_pdf": reverse("core:org_summary_pdf", args=[tree.union_a1.pk]),
        "employer_list": reverse("core:employer_list"),
        "employer_detail": reverse("core:employer_detail", args=[tree.employer_a1.pk]),
        "org_export": reverse("core:org_export"),
        "employer_export": reverse("core:employer_export"),
        "template": reverse("core:import_template", args=["orgs"]),
    }


def web_writes(tree):
    return {
        "org_add": reverse("core:org_add"),
        "org_edit": reverse("core:org_edit", args=[tree.union_a1.pk]),
        "org_close": reverse("core:org_close", args=[tree.union_a1.pk]),
        "employer_add": reverse("core:employer_add"),
        "employer_edit": reverse("core:employer_edit", args=[tree.employer_a1.pk]),
        "import": reverse("core:import_upload", args=["orgs"]),
    }


@pytest.mark.parametrize("persona", ["county_admin", "township_staff", "leader", "auditor"])
def test_in_scope_reads_answer_200(client_for, tree, persona):
    client = client_for(persona)
    for name, url in web_reads(tree).items():
        assert client.get(url).status_code == 200, name


def test_other_township_records_are_404_on_every_page(client_for, tree):
    client = client_for("other_township_staff")
    for name, url in {**web_reads(tree), **web_writes(tree)}.items():
        if name in (
            "org_list",
            "employer_list",
            "org_export",
            "employer_export",
            "template",
            "org_add",
            "employer_add",
            "import",
        ):
            continue
        assert client.get(url).status_code == 404, name


@pytest.mark.parametrize("persona", READ_ONLY)
def test_read_only_roles_get_403_on_writes(client_for, tree, persona):
    client = client_for(persona)
    for name, url in web_writes(tree).items():
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"name": "x"}).status_code == 403, name


@pytest.mark.parametrize("persona", ["county_admin", "township_staff"])
def test_staff_open_write_pages(client_for, tree, persona):
    client = client_for(persona)
    for name, url in web_writes(tree).items():
        assert client.get(url).status_code == 200, name


def test_anonymous_is_sent_to_login(tree):
    client = Client()
    for name, url in {**web_reads(tree), **web_writes(tree)}.items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name
    assert client.get(reverse("home")).status_code == 302


def test_anonymous_api_is_401(tree):
    client = Client()
    for url in (
        "/api/orgs/",
        f"/api/orgs/{tree.union_a1.pk}/",
        "/api/employers/",
        "/api/me/",
        "/api/schema/",
    ):
        assert client.get(url).status_code == 401, url


def test_api_scope_and_roles(client_for, tree):
    mine = f"/api/orgs/{tree.union_a1.pk}/"
    theirs = f"/api/orgs/{tree.union_b1.pk}/"
    staff = client_for("township_staff")
    assert staff.get(mine).status_code == 200
    assert staff.get(theirs).status_code == 404
    assert (
        staff.patch(theirs, {"chair_name": "x"}, content_type="application/json").status_code == 404
    )
    assert staff.get(f"/api/employers/{tree.employer_b1.pk}/").status_code == 404
    ids = {row["id"] for row in staff.get("/api/orgs/?page_size=100").json()["results"]}
    assert tree.union_b1.pk not in ids and tree.union_a1.pk in ids
    leader = client_for("leader")
    assert leader.get(theirs).status_code == 200
    assert (
        leader.patch(mine, {"chair_name": "x"}, content_type="application/json").status_code == 403
    )
    assert (
        leader.post("/api/orgs/", {"name": "x"}, content_type="application/json").status_code == 403
    )


def test_unassigned_or_inactive_users_see_nothing(tree, personas):
    from apps.core.models import UnionOrg

    user = personas["township_staff"]
    user.org = None
    assert not UnionOrg.objects.visible_to(user).exists()
    user.org = tree.township_a
    user.is_active = False
    assert not UnionOrg.objects.visible_to(user).exists()
