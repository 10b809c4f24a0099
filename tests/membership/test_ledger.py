"""The membership ledger (会籍变动) and the status that follows from it.

Every (status, entry) pair staff could record by hand is tried: the allowed ones move the
member to the expected status and append one line; the refused ones write nothing. The ledger
itself is append-only in the database.
"""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse

from apps.membership import services
from apps.membership.choices import ChangeType, MemberStatus
from apps.membership.models import Member, MembershipChange
from tests.membership.helpers import fast_passwords, id_number, make_member  # noqa: F401

A, R, T, W, E = (
    MemberStatus.ACTIVE,
    MemberStatus.RETAINED,
    MemberStatus.TRANSFERRED_OUT,
    MemberStatus.WITHDRAWN,
    MemberStatus.EXPELLED,
)

# Written out, not read from the code under test: (status before, entry) → status after.
ALLOWED = {
    (A, ChangeType.RETAIN): R,
    (A, ChangeType.EXPEL): E,
    (A, ChangeType.WITHDRAW): W,
    (R, ChangeType.JOIN): A,
    (R, ChangeType.EXPEL): E,
    (R, ChangeType.WITHDRAW): W,
    (W, ChangeType.JOIN): A,
    (E, ChangeType.JOIN): A,
}
ALL_PAIRS = list(itertools.product(MemberStatus, ChangeType))
DAY = datetime.date(2022, 6, 1)


def member_in(union, status):
    """A member brought to `status` the way the portal would (transferred-out is only reached
    by the national system's history, so it is set directly)."""
    member = make_member(union, "张三")
    route = {
        R: [ChangeType.RETAIN],
        W: [ChangeType.WITHDRAW],
        E: [ChangeType.EXPEL],
    }.get(status, [])
    for step in route:
        services.record_change(
            member=member, actor=None, change_type=step, changed_on=datetime.date(2020, 1, 1)
        )
    if status == T:
        Member.objects.filter(pk=member.pk).update(status=T)
    member.refresh_from_db()
    assert member.status == status
    return member


@pytest.mark.parametrize(("status", "change_type"), ALL_PAIRS)
def test_ledger_entry_moves_the_status_or_is_refused(tree, personas, status, change_type):
    member = member_in(tree.union_a1, status)
    lines = member.changes.count()
    expected = ALLOWED.get((status, change_type))
    actor = personas["township_staff"]
    if expected is None:
        with pytest.raises(ValidationError):
            services.record_change(
                member=member, actor=actor, change_type=change_type, changed_on=DAY, reason="99"
            )
        member.refresh_from_db()
        assert member.status == status
        assert member.changes.count() == lines
    else:
        change = services.record_change(
            member=member, actor=actor, change_type=change_type, changed_on=DAY, reason="99"
        )
        member.refresh_from_db()
        assert member.status == expected and member.status_since == DAY
        assert member.changes.count() == lines + 1
        assert (change.change_type, change.union, change.recorded_by) == (
            change_type,
            tree.union_a1,
            actor,
        )


def test_an_entry_dated_before_the_last_change_is_refused(tree):
    member = make_member(tree.union_a1, "张三", joined_on=datetime.date(2015, 3, 1))
    with pytest.raises(ValidationError) as caught:
        services.record_change(
            member=member,
            actor=None,
            change_type=ChangeType.RETAIN,
            changed_on=datetime.date(2015, 2, 28),
        )
    assert "changed_on" in caught.value.message_dict
    assert member.changes.count() == 1


def test_rejoining_while_a_member_elsewhere_is_refused(tree):
    member = make_member(tree.union_a1, "张三", serial=1)
    services.record_change(
        member=member, actor=None, change_type=ChangeType.WITHDRAW, changed_on=DAY
    )
    make_member(tree.union_b1, "张三", serial=1)
    with pytest.raises(ValidationError):
        services.record_change(
            member=member, actor=None, change_type=ChangeType.JOIN, changed_on=DAY
        )
    member.refresh_from_db()
    assert member.status == W


def test_the_ledger_refuses_updates_and_deletes_in_the_database(tree):
    member = make_member(tree.union_a1, "张三")
    line = member.changes.get()
    for attempt in (
        lambda: MembershipChange.objects.filter(pk=line.pk).update(note="edited"),
        lambda: MembershipChange.objects.filter(pk=line.pk).delete(),
        lambda: (setattr(line, "note", "edited"), line.save()),
        line.delete,
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    line.refresh_from_db()
    assert line.note == "" and MembershipChange.objects.count() == 1


# The ledger form on the member's page ----------------------------------------------------------


def change_url(member):
    return reverse("membership:member_change", args=[member.pk])


def test_staff_record_a_retirement_on_the_members_page(client_for, tree, personas):
    member = make_member(tree.union_a1, "张三")
    client = client_for("township_staff")
    page = client.get(member.get_absolute_url())
    offered = dict(page.context["change_form"].fields["change_type"].choices)
    assert set(offered) == {ChangeType.RETAIN, ChangeType.EXPEL, ChangeType.WITHDRAW}
    response = client.post(
        change_url(member),
        {
            "change-change_type": ChangeType.RETAIN,
            "change-changed_on": "2024-01-31",
            "change-reason": "04",
            "change-note": "退休",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == R
    line = member.changes.order_by("pk").last()
    assert (line.change_type, line.reason, line.note, line.recorded_by) == (
        ChangeType.RETAIN,
        "04",
        "退休",
        personas["township_staff"],
    )
    html = client.get(member.get_absolute_url()).content.decode()
    assert "2024-01-31" in html and "退休" in html


def test_a_refused_entry_is_shown_on_the_form(client_for, tree):
    member = make_member(tree.union_a1, "张三")
    client = client_for("township_staff")
    response = client.post(
        change_url(member),
        {
            "change-change_type": ChangeType.JOIN,
            "change-changed_on": "2024-01-31",
            "change-reason": "11",
        },
    )
    assert response.status_code == 400
    assert "change_type" in response.context["change_form"].errors
    future = datetime.date.today() + datetime.timedelta(days=3)
    response = client.post(
        change_url(member),
        {
            "change-change_type": ChangeType.RETAIN,
            "change-changed_on": future.isoformat(),
            "change-reason": "04",
        },
    )
    assert "changed_on" in response.context["change_form"].errors
    response = client.post(
        change_url(member),
        {
            "change-change_type": ChangeType.RETAIN,
            "change-changed_on": "2010-01-01",
            "change-reason": "04",
        },
    )
    assert response.status_code == 400
    assert "changed_on" in response.context["change_form"].errors
    assert member.changes.count() == 1


def test_rejoining_after_withdrawal_on_the_page(client_for, tree):
    member = make_member(tree.union_a1, "张三")
    services.record_change(
        member=member, actor=None, change_type=ChangeType.WITHDRAW, changed_on=DAY
    )
    client = client_for("township_staff")
    offered = client.get(member.get_absolute_url()).context["change_form"]
    assert dict(offered.fields["change_type"].choices).keys() == {ChangeType.JOIN}
    response = client.post(
        change_url(member),
        {
            "change-change_type": ChangeType.JOIN,
            "change-changed_on": "2023-01-01",
            "change-reason": "11",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == A
    assert [c.change_type for c in member.changes.order_by("pk")] == ["1", "6", "1"]


def test_the_page_shows_the_whole_ledger(client_for, tree):
    member = make_member(tree.union_a1, "张三", serial=2, card_no="")
    services.record_change(
        member=member,
        actor=None,
        change_type=ChangeType.RETAIN,
        changed_on=datetime.date(2021, 4, 1),
        note="失业保留",
    )
    services.record_change(
        member=member, actor=None, change_type=ChangeType.JOIN, changed_on=datetime.date(2022, 4, 1)
    )
    html = client_for("auditor").get(member.get_absolute_url()).content.decode()
    ledger = html[html.index('data-testid="ledger"') :]
    for day in ("2015-03-01", "2021-04-01", "2022-04-01"):
        assert day in ledger
    assert "失业保留" in ledger
    assert id_number(2) not in html
