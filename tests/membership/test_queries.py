"""Query-count guards: a list, its export and the API need as many queries for 3N rows as for N."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.membership import services
from tests.membership.helpers import fast_passwords, make_member  # noqa: F401

N = 4


def populate(tree, personas, start, count):
    """`count` members in each township, half of township A's asked to move to township B."""
    for serial in range(start, start + count):
        member = make_member(tree.union_a1, f"张{serial}", serial=serial, card_no=f"C{serial}")
        make_member(tree.union_b1, f"李{serial}", serial=serial + 200)
        services.request_transfer(
            member=member,
            to_union=tree.union_b1,
            actor=personas["township_staff"],
            requested_on=datetime.date(2024, 1, 1),
            reason="01",
        )


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(queries)


PAGES = {
    "member list": (reverse("membership:member_list"), {"size": 100}),
    "member list searched": (reverse("membership:member_list"), {"q": "z", "size": 100}),
    "member export": (reverse("membership:member_export"), {}),
    "transfer list": (reverse("membership:transfer_list"), {"size": 100}),
    "member api": ("/api/members/", {"page_size": 100}),
    "transfer api": ("/api/transfers/", {}),
    "ledger api": ("/api/membership-changes/", {}),
}


@pytest.mark.parametrize("persona", ["county_admin", "township_staff"])
@pytest.mark.parametrize("page", list(PAGES))
def test_queries_do_not_grow_with_rows(client_for, tree, personas, persona, page):
    url, params = PAGES[page]
    client = client_for(persona)
    populate(tree, personas, 0, N)
    few = count_queries(client, url, params)
    populate(tree, personas, N, 2 * N)
    many = count_queries(client, url, params)
    assert many == few, f"{page}: {few} queries for {N} rows, {many} for {3 * N}"


def test_member_page_queries_do_not_grow_with_its_ledger(client_for, tree, personas):
    from apps.membership.choices import ChangeType

    member = make_member(tree.union_a1, "张三", serial=1, actor=personas["township_staff"])
    client = client_for("township_staff")
    few = count_queries(client, member.get_absolute_url())
    day = datetime.date(2016, 1, 1)
    for _ in range(3):
        for change in (ChangeType.RETAIN, ChangeType.JOIN):
            day = day.replace(year=day.year + 1)
            services.record_change(
                member=member, actor=personas["township_staff"], change_type=change, changed_on=day
            )
    assert count_queries(client, member.get_absolute_url()) == few
