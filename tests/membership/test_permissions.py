"""Permission matrix of the membership pages and API, for every persona.

In scope → 200; a member or transfer of another township → 404, as if it did not exist;
read-only roles → 403 on writes; anonymous → the login page (web) or 401 (API).
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from apps.membership import services
from apps.membership.choices import ChangeType
from apps.membership.models import Member, MemberTransfer
from tests.membership.helpers import fast_passwords, make_member, member_post  # noqa: F401

READ_ONLY = ("leader", "auditor")
IN_SCOPE = ("county_admin", "township_staff", "leader", "auditor")


@pytest.fixture
def member(tree):
    return make_member(tree.union_a1, "张三", serial=1)


@pytest.fixture
def transfer(tree, personas, member):
    """A transfer inside township A (so township A's staff decides too)."""
    return services.request_transfer(
        member=member,
        to_union=tree.union_a2,
        actor=personas["township_staff"],
        requested_on=datetime.date(2024, 1, 1),
        reason="01",
    )


def reads(member, transfer):
    return {
        "list": reverse("membership:member_list"),
        "export": reverse("membership:member_export"),
        "detail": member.get_absolute_url(),
        "transfers": reverse("membership:transfer_list"),
        "transfer": reverse("membership:transfer_detail", args=[transfer.pk]),
    }


def writes(member, transfer):
    """url → the data of a valid POST."""
    return {
        reverse("membership:member_add"): member_post(member.union, name="王小红"),
        reverse("membership:member_edit", args=[member.pk]): member_post(
            member.union, id_number=member.id_number, name="张三丰"
        ),
        reverse("membership:member_change", args=[member.pk]): {
            "change-change_type": ChangeType.RETAIN,
            "change-changed_on": "2024-02-01",
            "change-reason": "04",
        },
        reverse("membership:transfer_request", args=[member.pk]): {
            "transfer-to_union": member.union.pk,
            "transfer-requested_on": "2024-02-01",
            "transfer-reason": "01",
        },
        reverse("membership:transfer_decide", args=[transfer.pk]): {"decision": "refuse"},
        reverse("membership:transfer_cancel", args=[transfer.pk]): {},
    }


@pytest.mark.parametrize("persona", IN_SCOPE)
def test_in_scope_reads_answer_200(client_for, member, transfer, persona):
    client = client_for(persona)
    for name, url in reads(member, transfer).items():
        assert client.get(url).status_code == 200, name


def test_another_townships_member_and_transfer_are_404_everywhere(client_for, member, transfer):
    client = client_for("other_township_staff")
    for name in ("detail", "transfer"):
        assert client.get(reads(member, transfer)[name]).status_code == 404, name
    for url, data in writes(member, transfer).items():
        if url == reverse("membership:member_add"):
            continue
        assert client.post(url, data).status_code == 404, url
    reveal = reverse("membership:member_reveal", args=[member.pk])
    assert client.post(reveal, {"what": "id_number"}).status_code == 404
    assert client.get(reverse("membership:member_edit", args=[member.pk])).status_code == 404
    # lists and exports simply hold nothing of theirs
    assert "张三" not in client.get(reverse("membership:member_list")).content.decode()
    assert "张三" not in client.get(reverse("membership:transfer_list")).content.decode()
    member.refresh_from_db()
    assert member.name == "张三" and member.changes.count() == 1


@pytest.mark.parametrize("persona", READ_ONLY)
def test_read_only_roles_get_403_on_every_write(client_for, member, transfer, persona):
    client = client_for(persona)
    assert client.get(reverse("membership:member_add")).status_code == 403
    assert client.get(reverse("membership:member_edit", args=[member.pk])).status_code == 403
    for url, data in writes(member, transfer).items():
        assert client.post(url, data).status_code == 403, url
    page = client.get(member.get_absolute_url())
    assert page.context["change_form"] is None and page.context["transfer_form"] is None
    assert Member.objects.count() == 1
    assert MemberTransfer.objects.get().status == "requested"


@pytest.mark.parametrize("persona", ["county_admin", "township_staff"])
def test_staff_write_in_scope(client_for, member, transfer, persona):
    client = client_for(persona)
    assert client.get(reverse("membership:member_add")).status_code == 200
    assert client.get(reverse("membership:member_edit", args=[member.pk])).status_code == 200
    assert client.post(reverse("membership:transfer_cancel", args=[transfer.pk])).status_code == 302


def test_anonymous_is_sent_to_login(member, transfer):
    client = Client()
    for url in reads(member, transfer).values():
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    for url, data in writes(member, transfer).items():
        assert client.post(url, data).status_code == 302, url


def test_post_only_endpoints_refuse_get(client_for, member, transfer):
    client = client_for("township_staff")
    for url in (
        reverse("membership:member_change", args=[member.pk]),
        reverse("membership:transfer_request", args=[member.pk]),
        reverse("membership:member_reveal", args=[member.pk]),
        reverse("membership:transfer_decide", args=[transfer.pk]),
        reverse("membership:transfer_cancel", args=[transfer.pk]),
    ):
        assert client.get(url).status_code == 405, url


# API -------------------------------------------------------------------------------------------


def test_anonymous_api_is_401(member, transfer):
    client = Client()
    for url in (
        "/api/members/",
        f"/api/members/{member.pk}/",
        "/api/membership-changes/",
        "/api/transfers/",
        f"/api/transfers/{transfer.pk}/",
    ):
        assert client.get(url).status_code == 401, url


def test_api_scope(client_for, tree, member, transfer):
    staff = client_for("other_township_staff")
    assert staff.get(f"/api/members/{member.pk}/").status_code == 404
    patch = staff.patch(
        f"/api/members/{member.pk}/", {"name": "x"}, content_type="application/json"
    )
    assert patch.status_code == 404
    assert staff.get(f"/api/transfers/{transfer.pk}/").status_code == 404
    for action in ("accept", "refuse", "cancel"):
        assert staff.post(f"/api/transfers/{transfer.pk}/{action}/").status_code == 404, action
    assert staff.get("/api/members/").json()["count"] == 0
    assert staff.get("/api/membership-changes/").json()["count"] == 0
    change = member.changes.get()
    assert staff.get(f"/api/membership-changes/{change.pk}/").status_code == 404
    mine = client_for("township_staff")
    assert mine.get(f"/api/membership-changes/{change.pk}/").status_code == 200
    assert [row["id"] for row in mine.get("/api/members/").json()["results"]] == [member.pk]
    response = staff.post(
        "/api/members/",
        {**member_post(tree.union_a1), "is_migrant": True},
        content_type="application/json",
    )
    assert response.status_code == 400 and "union" in response.json()


@pytest.mark.parametrize("persona", READ_ONLY)
def test_api_read_only_roles(client_for, tree, member, transfer, persona):
    client = client_for(persona)
    assert client.get(f"/api/members/{member.pk}/").status_code == 200
    assert client.get(f"/api/transfers/{transfer.pk}/").status_code == 200
    for method, url in (
        ("post", "/api/members/"),
        ("patch", f"/api/members/{member.pk}/"),
        ("put", f"/api/members/{member.pk}/"),
        ("post", "/api/transfers/"),
        ("post", f"/api/transfers/{transfer.pk}/accept/"),
        ("post", f"/api/transfers/{transfer.pk}/refuse/"),
        ("post", f"/api/transfers/{transfer.pk}/cancel/"),
    ):
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert response.status_code == 403, (method, url)
    assert MemberTransfer.objects.get().status == "requested"


def test_the_ledger_api_is_read_only(client_for, member):
    client = client_for("county_admin")
    change = member.changes.get()
    assert client.post("/api/membership-changes/", {}).status_code == 405
    url = f"/api/membership-changes/{change.pk}/"
    assert client.patch(url, {}, content_type="application/json").status_code == 405
    assert client.delete(url).status_code == 405
    assert client.delete(f"/api/members/{member.pk}/").status_code == 405
