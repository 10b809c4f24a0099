"""Every history row says what changed: the field, the old and the new value, in the labels
staff read (choices by label, related records by name, dates as 2025-08-31); a save that
changed nothing leaves no row; a reveal of a member's number is a row of the member's history."""

import datetime

import pgtrigger
import pytest
from django.utils.translation import gettext

from apps.contracts import services as contracts
from apps.contracts.models import CollectiveContract
from apps.core import services
from apps.core.history import history_for
from apps.core.models import UnionOrg
from apps.membership import masking
from apps.membership import services as membership
from tests.contracts.helpers import offer
from tests.membership.helpers import make_member

pytestmark = pytest.mark.usefixtures("fast_passwords")

TODAY = datetime.date.today()


def history_html(client, obj):
    html = client.get(obj.get_absolute_url()).content.decode()
    return html[html.index('data-testid="history"') :]


def history_rows(client, obj):
    table = history_html(client, obj)
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    return body.count("<tr>")


def accept_transfer(tree, personas, member):
    transfer = membership.request_transfer(
        member=member,
        to_union=tree.union_b1,
        actor=personas["township_staff"],
        requested_on=TODAY,
        reason="01",
    )
    membership.decide_transfer(
        transfer=transfer, actor=personas["other_township_staff"], accept=True
    )
    return transfer


def test_an_accepted_transfer_shows_the_union_and_date_that_changed(client_for, tree, personas):
    # a member recorded without history (as the demo county is seeded): no earlier event
    with pgtrigger.ignore("membership.Member:insert_insert"):
        member = make_member(tree.union_a1, "张三", serial=3)
    accept_transfer(tree, personas, member)

    history = history_html(client_for("county_admin"), member)

    entry = history_for(member)[0]
    assert entry.who == "other_township_staff"
    changes = {change.field: (change.old, change.new) for change in entry.changes}
    assert changes == {
        "所属工会": ("宏达纺织有限公司工会", "新庄机械厂工会"),
        "状态变更日期": ("2015-03-01", TODAY.isoformat()),
    }
    assert "宏达纺织有限公司工会" in history and "新庄机械厂工会" in history
    assert f"{TODAY:%Y-%m-%d}" in history
    assert '<td colspan="3" class="text-muted">—</td>' not in history  # no row without a field


def test_the_transfer_history_shows_labels_and_names_not_codes(tree, personas):
    member = make_member(tree.union_a1, "张三", serial=4)
    transfer = accept_transfer(tree, personas, member)

    decided = history_for(transfer)[0]
    changes = {change.field: (change.old, change.new) for change in decided.changes}

    assert changes["状态"] == ("待转入工会接收", "已接收")  # the label, not "requested"
    assert changes["决定人"] == ("—", "other_township_staff")  # a person by name, not an id
    assert changes["决定时间"][1].startswith(TODAY.strftime("%Y-%m-%d"))
    created = {change.field: change.new for change in history_for(transfer)[-1].changes}
    assert created["会员"] == "张三" and created["转入工会"] == "新庄机械厂工会"


def test_a_save_that_changes_nothing_adds_no_row(client_for, tree):
    org = tree.union_a1
    client = client_for("county_admin")
    before = history_rows(client, org)

    services.save_org(org=UnionOrg.objects.get(pk=org.pk), actor=None)  # saved unchanged
    UnionOrg.objects.filter(pk=org.pk).update(name=org.name)  # a bulk update to the same

    assert history_rows(client, org) == before
    assert org.events.filter(pgh_label="update").count() == 0  # and nothing was stored


def test_registering_a_contract_reply_twice_adds_one_row(tree, personas):
    contract = offer(tree, actor=personas["township_staff"])
    for _ in range(2):
        contract = contracts.record_reply(
            contract=CollectiveContract.objects.get(pk=contract.pk),
            reply_on=datetime.date(2024, 1, 20),
            actor=personas["township_staff"],
        )

    replies = [e for e in history_for(contract) if e.label == "update"]

    assert len(replies) == 1
    assert [(c.old, c.new) for c in replies[0].changes] == [("—", "2024-01-20")]


def test_a_reveal_is_in_the_members_history_for_the_auditor(client_for, tree, personas):
    member = make_member(tree.union_a1, "张三", serial=5)
    masking.reveal(member=member, actor=personas["county_admin"], what="id_number")

    history = history_html(client_for("auditor"), member)

    assert gettext("Revealed") in history
    row = history[history.index(gettext("Revealed")) - 300 :]
    assert "county_admin" in row and "证件号码" in row
    assert member.id_number not in history  # who looked, never the number itself
