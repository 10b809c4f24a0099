"""Two staff acting at the same moment, on real database connections (one per thread):
a member is never active twice, and a transfer is decided once."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from apps.membership import services
from apps.membership.choices import HOLDING_STATUSES, ChangeType, TransferStatus
from apps.membership.models import Member, MembershipChange, MemberTransfer
from tests.membership.helpers import fast_passwords, id_number, make_member  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls):
    """Run each call in its own thread and connection, released together; return what each
    returned or raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as error:  # the outcome is what the test inspects
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def adding(union, actor, number):
    def call():
        member = Member(
            union=union,
            name="张三",
            id_number=number,
            birth_date=datetime.date(1985, 6, 1),
            sex="1",
            joined_on=datetime.date(2020, 1, 1),
        )
        return services.add_member(member=member, actor=actor)

    return call


@pytest.mark.parametrize("attempt", range(3))
def test_the_same_id_added_to_two_unions_at_once_leaves_one_active_membership(
    tree, personas, attempt
):
    number = id_number(40 + attempt)
    outcomes = race(
        adding(tree.union_a1, personas["township_staff"], number),
        adding(tree.union_b1, personas["other_township_staff"], number),
    )
    saved = [o for o in outcomes if isinstance(o, Member)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(saved) == 1 and len(refused) == 1, outcomes
    assert refused[0].message_dict == {"id_number": [str(services.ALREADY_MEMBER)]}
    assert Member.objects.filter(id_number=number, status__in=HOLDING_STATUSES).count() == 1
    assert Member.objects.filter(id_number=number).count() == 1
    assert MembershipChange.objects.filter(member__id_number=number).count() == 1


def test_two_staff_rejoining_the_same_person_in_two_unions_at_once(tree, personas):
    """A former member of each union, both rejoined at the same moment: one wins."""
    first = make_member(tree.union_a1, "张三", serial=50)
    day = datetime.date(2021, 1, 1)
    services.record_change(
        member=first, actor=None, change_type=ChangeType.WITHDRAW, changed_on=day
    )
    second = make_member(tree.union_b1, "张三", serial=50)
    services.record_change(
        member=second, actor=None, change_type=ChangeType.WITHDRAW, changed_on=day
    )

    def rejoin(member, actor):
        return lambda: services.record_change(
            member=member, actor=actor, change_type=ChangeType.JOIN, changed_on=day
        )

    outcomes = race(
        rejoin(first, personas["township_staff"]),
        rejoin(second, personas["other_township_staff"]),
    )
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1, outcomes
    assert Member.objects.filter(id_number=first.id_number, status="active").count() == 1


@pytest.mark.parametrize("second_accepts", [True, False])
def test_two_decisions_on_one_transfer_only_one_wins(tree, personas, second_accepts):
    member = make_member(tree.union_a1, "张三", serial=60)
    transfer = services.request_transfer(
        member=member,
        to_union=tree.union_b1,
        actor=personas["township_staff"],
        requested_on=datetime.date(2024, 1, 1),
        reason="01",
    )

    def decide(actor, accept):
        return lambda: services.decide_transfer(
            transfer=transfer, actor=actor, accept=accept, opinion="" if accept else "编制已满"
        )

    outcomes = race(
        decide(personas["other_township_staff"], True),
        decide(personas["county_admin"], second_accepts),
    )
    won = [o for o in outcomes if isinstance(o, MemberTransfer)]
    lost = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    transfer.refresh_from_db()
    assert transfer.status == won[0].status
    member.refresh_from_db()
    ins = member.changes.filter(change_type=ChangeType.TRANSFER_IN).count()
    outs = member.changes.filter(change_type=ChangeType.TRANSFER_OUT).count()
    if transfer.status == TransferStatus.ACCEPTED:
        assert (member.union_id, ins, outs) == (tree.union_b1.pk, 1, 1)
    else:
        assert (member.union_id, ins, outs) == (tree.union_a1.pk, 0, 0)


def test_accept_and_cancel_at_once_only_one_happens(tree, personas):
    member = make_member(tree.union_a1, "张三", serial=70)
    transfer = services.request_transfer(
        member=member,
        to_union=tree.union_b1,
        actor=personas["township_staff"],
        requested_on=datetime.date(2024, 1, 1),
        reason="01",
    )
    outcomes = race(
        lambda: services.decide_transfer(
            transfer=transfer, actor=personas["other_township_staff"], accept=True
        ),
        lambda: services.cancel_transfer(transfer=transfer, actor=personas["township_staff"]),
    )
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1, outcomes
    transfer.refresh_from_db()
    member.refresh_from_db()
    moved = member.union_id == tree.union_b1.pk
    assert moved == (transfer.status == TransferStatus.ACCEPTED)
