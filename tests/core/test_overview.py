"""The organisation tree's counts and the home page's to-do list: computed in the database,
scoped to the user, the same number of queries however many records there are."""

import datetime

import pytest
from django.utils import timezone

from apps.core.overview import todo_list
from tests.conftest import make_org
from tests.membership.helpers import fast_passwords, make_member  # noqa: F401
from tests.pages import count_queries

pytestmark = pytest.mark.usefixtures("fast_passwords")


def test_the_tree_needs_the_same_queries_for_three_times_the_units(client_for, tree):
    client = client_for("county_admin")
    url = f"/orgs/tree/{tree.township_a.pk}/children/"
    for n in range(2):
        make_member(make_org(f"城关镇第{n}工会", tree.township_a, code=f"QH-01-1{n:02d}"), serial=n)
    few, _ = count_queries(client, url)
    for n in range(2, 8):
        make_member(make_org(f"城关镇第{n}工会", tree.township_a, code=f"QH-01-1{n:02d}"), serial=n)
    many, response = count_queries(client, url)
    assert many == few
    assert response.content.decode().count('data-testid="tree-node"') == 2 + 8
    page, _ = count_queries(client, "/orgs/tree/")
    assert page == count_queries(client, "/orgs/tree/")[0]


def test_the_counts_are_of_each_subtree(client_for, tree):
    make_member(tree.union_a1, "张三", serial=1)
    make_member(tree.union_a2, "李四", serial=2)
    make_member(tree.union_b1, "王五", serial=3)
    html = client_for("county_admin").get(f"/orgs/tree/{tree.county.pk}/list/").content.decode()
    rows = html.split('data-testid="unit-table"')[1].split("<tr>")[2:]
    by_code = {row.split("</td>")[0].split(">")[-1]: row for row in rows}
    assert '">2</a>' in by_code["QH-01"]
    assert '">1</a>' in by_code["QH-02"]


def test_another_townships_tree_is_not_found(client_for, tree):
    client = client_for("township_staff")
    assert client.get(f"/orgs/tree/{tree.township_b.pk}/children/").status_code == 404
    assert client.get(f"/orgs/tree/{tree.township_b.pk}/list/").status_code == 404
    assert client.get(f"/orgs/tree/?org={tree.township_b.pk}").status_code == 404
    assert client.get(f"/orgs/tree/?org={tree.township_a.pk}").status_code == 200


def test_a_transfer_is_on_the_receiving_sides_list_only(personas, tree):
    from apps.membership import services

    member = make_member(tree.union_b1, "赵三", serial=4)
    services.request_transfer(
        member=member,
        to_union=tree.union_a1,
        actor=personas["other_township_staff"],
        requested_on=timezone.localdate() - datetime.timedelta(days=31),
        reason="01",
    )
    today = timezone.localdate()
    mine = {item.label: item for item in todo_list(personas["township_staff"], today)}
    transfers = mine["待您审批的会员转会"]
    assert transfers.count == 1 and transfers.urgent
    assert "超过30天" not in transfers.rows[0][2] and transfers.rows[0][3] is True
    theirs = {item.label for item in todo_list(personas["other_township_staff"], today)}
    assert "待您审批的会员转会" not in theirs
    # Who only reads decides nothing.
    assert "待您审批的会员转会" not in {i.label for i in todo_list(personas["leader"], today)}


def test_unions_due_for_re_election_are_listed_and_filtered(client_for, tree):
    today = timezone.localdate()
    tree.union_a1.term_start = today - datetime.timedelta(days=5 * 365)
    tree.union_a1.term_end = today - datetime.timedelta(days=3)
    tree.union_a1.save()
    tree.union_b1.term_start = today - datetime.timedelta(days=365)
    tree.union_b1.term_end = today + datetime.timedelta(days=4 * 365)
    tree.union_b1.save()
    html = client_for("county_admin").get("/").content.decode()
    assert "到期需换届的工会" in html and "其中1个已超过任期" in html
    listed = client_for("county_admin").get("/orgs/?term_due=true").content.decode()
    assert tree.union_a1.name in listed and tree.union_b1.name not in listed
