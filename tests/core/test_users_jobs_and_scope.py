"""Core pages: user accounts, jobs, add forms given an organisation, and query-count guards.

- The user list needs the same queries for more users.
- User accounts are scoped (a county administrator manages the users of their own subtree):
  another subtree's account is 404 on its page, and absent from the list.
- A job is its creator's: a township clerk's import check is 404 to the other township's clerk
  on every job URL, confirmation included.
- The add forms take a `?parent=` / an organisation from the query string or the upload form: an
  id from another township must neither be shown nor used.
- The organisation page lists the organisations and employers below it: its query count must
  not grow with them.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from apps.core.choices import JobStatus, OrgKind, OrgLevel, Role
from apps.core.models import Employer, Job, UnionOrg, User
from apps.core.services import save_org
from tests.conftest import make_user
from tests.pages import count_queries, table_rows

pytestmark = pytest.mark.usefixtures("fast_passwords", "media_root")


# Users: the query-count guard --------------------------------------------------------------------


def add_users(tree, n, start):
    """n accounts, alternating between the two townships' unions (no password hashing)."""
    orgs = [tree.union_a1, tree.union_a2, tree.union_b1, tree.township_b]
    User.objects.bulk_create(
        User(
            username=f"clerk{i:03d}",
            first_name=f"干事{i}",
            password="!",
            org=orgs[i % len(orgs)],
            role=Role.ORG_STAFF,
        )
        for i in range(start, start + n)
    )


def test_the_user_list_needs_the_same_queries_for_three_times_the_users(client_for, tree):
    url = reverse("core:user_list") + "?size=100"
    client = client_for("county_admin")
    client.get(url)  # warm up: session, translations

    add_users(tree, 8, start=0)
    small, response = count_queries(client, url)
    small_rows = table_rows(response, "user-table")
    assert "干事0" in response.content.decode()
    assert "新庄机械厂工会" in response.content.decode()  # each account's organisation is named

    add_users(tree, 16, start=8)
    large, response = count_queries(client, url)
    large_rows = table_rows(response, "user-table")

    assert large_rows - small_rows == 16  # the extra accounts really are listed
    assert large == small, f"user list: {small} queries for {small_rows} rows, {large} for more"
    assert small <= 10


# Users: scope -----------------------------------------------------------------------------------


@pytest.fixture
def township_b_admin(tree, personas):
    """An administrator whose organisation is township B: they manage township B's accounts."""
    return make_user("xinzhuang_admin", tree.township_b, Role.COUNTY_ADMIN)


def test_another_subtree_s_account_is_404_and_not_listed(client_for, personas, township_b_admin):
    from django.test import Client

    client = Client()
    client.force_login(township_b_admin)
    theirs = personas["township_staff"]  # an account of township A
    ours = personas["other_township_staff"]  # an account of township B

    assert client.get(reverse("core:user_edit", args=[ours.pk])).status_code == 200
    assert client.get(reverse("core:user_edit", args=[theirs.pk])).status_code == 404
    response = client.post(
        reverse("core:user_edit", args=[theirs.pk]),
        {
            "username": "hijacked",
            "first_name": "x",
            "role": Role.ORG_STAFF,
            "org": township_b_admin.org_id,
            "phone": "",
            "is_active": "",
            "password": "",
        },
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.username, theirs.org_id, theirs.is_active) == (
        "township_staff",
        personas["township_staff"].org_id,
        True,
    )

    listing = client.get(reverse("core:user_list") + "?size=100")
    names = listing.content.decode()
    assert "other_township_staff" in names
    assert ">township_staff<" not in names and ">county_admin<" not in names
    assert table_rows(listing, "user-table") == 2  # other_township_staff and themselves


def test_an_account_cannot_be_placed_in_another_subtree(tree, personas, township_b_admin):
    from django.test import Client

    client = Client()
    client.force_login(township_b_admin)
    ours = personas["other_township_staff"]
    response = client.post(
        reverse("core:user_edit", args=[ours.pk]),
        {
            "username": ours.username,
            "first_name": "",
            "role": Role.ORG_STAFF,
            "org": tree.union_a1.pk,  # township A's union
            "phone": "",
            "is_active": "on",
            "password": "",
        },
    )
    assert response.status_code == 200  # the form is shown again with the error
    assert 'data-testid="error-org"' in response.content.decode()
    ours.refresh_from_db()
    assert ours.org_id == tree.township_b.pk


def test_the_user_pages_are_for_administrators_only(client_for, personas):
    for persona in ("township_staff", "leader", "auditor"):
        client = client_for(persona)
        assert client.get(reverse("core:user_list")).status_code == 403, persona
        assert client.get(reverse("core:user_add")).status_code == 403, persona
        url = reverse("core:user_edit", args=[personas["county_admin"].pk])
        assert client.get(url).status_code == 403, persona


# Jobs: scope --------------------------------------------------------------------------------------


def test_a_township_clerk_s_import_check_is_404_to_the_other_township(client_for, personas):
    job = Job.objects.create(
        kind="import-check",
        title="工会组织",
        created_by=personas["township_staff"],
        status=JobStatus.DONE,
        params={"importer": "orgs", "outcome": {"total": 2, "error_rows": 0, "errors": {}}},
        total=2,
        done=2,
    )
    job.result_file.save("orgs-错误原因.xlsx", ContentFile(b"PK"), save=True)

    own = client_for("township_staff")
    page = own.get(reverse("core:job_detail", args=[job.pk]))
    assert page.status_code == 200
    assert 'data-testid="confirm"' in page.content.decode()

    other = client_for("other_township_staff")
    for name in ("core:job_detail", "core:job_progress", "core:job_download"):
        assert other.get(reverse(name, args=[job.pk])).status_code == 404, name
    assert other.post(reverse("core:job_confirm", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert "confirmed_job" not in job.params
    assert Job.objects.count() == 1


# The add forms: ids from another township are ignored ----------------------------------------


def test_an_out_of_scope_parent_in_the_query_string_is_ignored(client_for, tree):
    response = client_for("township_staff").get(
        reverse("core:org_add") + f"?parent={tree.union_b1.pk}"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "新庄机械厂工会" not in html and "新庄镇总工会" not in html
    assert response.context["form"].initial.get("parent") in (None, "")


def test_an_upload_into_another_township_s_union_is_refused(client_for, tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.core.ledgers import IMPORTERS

    importer = IMPORTERS["members"]
    template = SimpleUploadedFile(
        "members.xlsx",
        importer.template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response = client_for("township_staff").post(
        reverse("core:import_upload", args=["members"]),
        {"file": template, "org": tree.union_b1.pk},
    )
    assert response.status_code == 400  # the form again, not a job
    assert response.context["form"].errors.get("org")
    assert not Job.objects.exists()


# The organisation page's lists: the query-count guard ------------------------------------------


def add_below(tree, n, start):
    """n unions below township A, each covering a new employer."""
    for i in range(start, start + n):
        union = save_org(
            org=UnionOrg(
                name=f"城关镇测试企业{i}工会",
                parent=tree.township_a,
                level=OrgLevel.GRASSROOTS,
                kind=OrgKind.ENTERPRISE,
                chair_name=f"主席{i}",
            ),
            actor=None,
        )
        Employer.objects.create(
            name=f"城关镇测试企业{i}",
            nature="170",
            township=tree.township_a,
            union=tree.township_a if i % 2 else union,
            headcount=10 + i,
        )


def test_the_org_page_needs_the_same_queries_for_three_times_the_organisations_below(
    client_for, tree
):
    url = reverse("core:org_detail", args=[tree.township_a.pk])
    client = client_for("township_staff")
    client.get(url)

    add_below(tree, 4, start=0)
    small, response = count_queries(client, url)
    assert response.context["children_count"] == 6
    assert "城关镇测试企业3工会" in response.content.decode()

    add_below(tree, 8, start=4)
    large, response = count_queries(client, url)
    assert response.context["children_count"] == 14
    assert response.context["employers_count"] == 6  # the odd ones are covered by the township
    assert "城关镇测试企业11工会" in response.content.decode()
    assert large == small, f"org page: {small} queries with 6 below, {large} with 14"
