"""Transfers between unions (组织关系接转): the releasing union requests, the receiving union or the
county accepts or refuses, the requester may cancel. Across two townships, through the web and
the API, with the ledger's 转出 and 转入 lines."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext, override

from apps.core.choices import OrgStatus
from apps.membership import services
from apps.membership.choices import ChangeType, MemberStatus, TransferStatus
from apps.membership.models import MemberTransfer
from tests.membership.helpers import fast_passwords, make_member  # noqa: F401

TRANSFERS = reverse("membership:transfer_list")


def request_url(member):
    return reverse("membership:transfer_request", args=[member.pk])


def detail_url(transfer):
    return reverse("membership:transfer_detail", args=[transfer.pk])


def decide_url(transfer):
    return reverse("membership:transfer_decide", args=[transfer.pk])


def cancel_url(transfer):
    return reverse("membership:transfer_cancel", args=[transfer.pk])


def request_data(to_union, **overrides):
    data = {
        "transfer-to_union": to_union.pk,
        "transfer-requested_on": datetime.date.today().isoformat(),
        "transfer-reason": "01",
        "transfer-note": "调入新庄机械厂",
    }
    data.update(overrides)
    return data


@pytest.fixture
def member(tree):
    return make_member(tree.union_a1, "张三", serial=1)


def test_a_transfer_across_two_townships_moves_the_member_and_writes_both_ledger_lines(
    client_for, tree, personas, member
):
    releasing = client_for("township_staff")
    receiving = client_for("other_township_staff")

    # the target is chosen among every open union of the county, not only the releasing scope
    form = releasing.get(member.get_absolute_url()).context["transfer_form"]
    targets = set(form.fields["to_union"].queryset)
    assert tree.union_b1 in targets and tree.union_a2 in targets and tree.union_a1 not in targets

    response = releasing.post(request_url(member), request_data(tree.union_b1))
    transfer = MemberTransfer.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(transfer)
    assert (transfer.from_union, transfer.to_union, transfer.status) == (
        tree.union_a1,
        tree.union_b1,
        TransferStatus.REQUESTED,
    )
    assert transfer.requested_by == personas["township_staff"]

    # before accepting, the receiving side sees the transfer but not the member's record
    assert receiving.get(member.get_absolute_url()).status_code == 404
    listed = receiving.get(TRANSFERS).content.decode()
    assert "张三" in listed and 'data-testid="awaits-me"' in listed
    page = receiving.get(detail_url(transfer))
    html = page.content.decode()
    assert page.context["can_decide"] and not page.context["member_visible"]
    assert member.id_number not in html and member.id_number[-4:] in html
    assert member.get_absolute_url() not in html
    # the releasing side may cancel but not decide
    assert not releasing.get(detail_url(transfer)).context["can_decide"]
    assert releasing.post(decide_url(transfer), {"decision": "accept"}).status_code == 403

    response = receiving.post(decide_url(transfer), {"decision": "accept", "opinion": "同意接收"})
    assert response.status_code == 302
    transfer.refresh_from_db()
    member.refresh_from_db()
    assert transfer.status == TransferStatus.ACCEPTED and transfer.opinion == "同意接收"
    assert transfer.decided_by == personas["other_township_staff"]
    assert member.union == tree.union_b1 and member.status == MemberStatus.ACTIVE
    lines = list(member.changes.order_by("pk").values_list("change_type", "union", "other_union"))
    assert lines == [
        (ChangeType.JOIN, tree.union_a1.pk, None),
        (ChangeType.TRANSFER_OUT, tree.union_a1.pk, tree.union_b1.pk),
        (ChangeType.TRANSFER_IN, tree.union_b1.pk, tree.union_a1.pk),
    ]

    assert releasing.get(member.get_absolute_url()).status_code == 404
    assert receiving.get(member.get_absolute_url()).status_code == 200
    assert receiving.get(detail_url(transfer)).context["member_visible"]
    # both sides keep the transfer in their list
    assert releasing.get(detail_url(transfer)).status_code == 200


def test_refusing_leaves_the_member_where_they_were(client_for, tree, member):
    client_for("township_staff").post(request_url(member), request_data(tree.union_b1))
    transfer = MemberTransfer.objects.get()
    client_for("other_township_staff").post(
        decide_url(transfer), {"decision": "refuse", "opinion": "不符合条件"}
    )
    transfer.refresh_from_db()
    member.refresh_from_db()
    assert transfer.status == TransferStatus.REFUSED and transfer.opinion == "不符合条件"
    assert member.union == tree.union_a1 and member.changes.count() == 1


@pytest.mark.parametrize("opinion", ["", "   "])
def test_a_refusal_without_its_reason_is_refused_by_the_service(tree, personas, member, opinion):
    transfer = services.request_transfer(
        member=member,
        to_union=tree.union_b1,
        actor=personas["township_staff"],
        requested_on=datetime.date(2024, 1, 1),
        reason="01",
    )
    with pytest.raises(ValidationError) as refused:
        services.decide_transfer(
            transfer=transfer, actor=personas["other_township_staff"], accept=False, opinion=opinion
        )
    assert "opinion" in refused.value.error_dict
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.REQUESTED and transfer.decided_by is None
    # accepting needs no opinion
    services.decide_transfer(transfer=transfer, actor=personas["other_township_staff"], accept=True)
    assert MemberTransfer.objects.get().status == TransferStatus.ACCEPTED


def test_the_page_refuses_a_refusal_without_reason_with_400_and_keeps_it_open(
    client_for, tree, member
):
    client_for("township_staff").post(request_url(member), request_data(tree.union_b1))
    transfer = MemberTransfer.objects.get()
    receiving = client_for("other_township_staff")
    with override("zh-hans"):
        response = receiving.post(
            decide_url(transfer), {"decision": "refuse", "opinion": " "}, HTTP_ACCEPT_LANGUAGE="zh"
        )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-opinion"' in html and "拒绝转会须填写理由" in html
    assert 'data-testid="decision-form"' in html  # still there, to try again
    assert MemberTransfer.objects.get().status == TransferStatus.REQUESTED
    # an unknown decision is a 400 too, not a silent redirect
    assert receiving.post(decide_url(transfer), {"decision": "maybe"}).status_code == 400


def test_the_api_refuses_a_refusal_without_reason(client_for, tree, member):
    client_for("township_staff").post(request_url(member), request_data(tree.union_b1))
    transfer = MemberTransfer.objects.get()
    receiving = client_for("other_township_staff")
    url = f"/api/transfers/{transfer.pk}/refuse/"
    response = receiving.post(url, {}, content_type="application/json")
    assert response.status_code == 400 and "opinion" in response.json(), response.content
    assert MemberTransfer.objects.get().status == TransferStatus.REQUESTED
    response = receiving.post(url, {"opinion": "编制已满"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "refused"


def test_the_decision_buttons_ask_first_naming_the_member_and_both_unions(client_for, tree, member):
    """Accept and refuse open a confirmation that says what will happen; only its button
    submits, and Enter in the opinion field submits nothing (the form's first, default button
    is disabled)."""
    client_for("township_staff").post(request_url(member), request_data(tree.union_b1))
    transfer = MemberTransfer.objects.get()
    with override("zh-hans"):
        html = client_for("other_township_staff").get(detail_url(transfer)).content.decode()
    start = html.index('data-testid="decision-form"')
    form = html[start : html.index("</form>", start)]
    assert "接收后，张三的会籍将从宏达纺织有限公司工会转入新庄机械厂工会" in form
    assert "拒绝后，张三仍是宏达纺织有限公司工会的会员" in form
    assert 'data-bs-target="#confirm-accept"' in form and 'data-bs-target="#confirm-refuse"' in form
    submits = [tag for tag in form.split("<button")[1:] if 'type="submit"' in tag.split(">", 1)[0]]
    assert "disabled" in submits[0].split(">", 1)[0]
    assert [s.split(">", 1)[0].count('name="decision"') for s in submits] == [0, 1, 1]


def test_the_requester_may_cancel_the_receiver_may_not(client_for, tree, member):
    client_for("township_staff").post(request_url(member), request_data(tree.union_b1))
    transfer = MemberTransfer.objects.get()
    assert client_for("other_township_staff").post(cancel_url(transfer)).status_code == 403
    assert client_for("township_staff").post(cancel_url(transfer)).status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.CANCELLED
    # and a decided transfer cannot be decided again
    response = client_for("other_township_staff").post(
        decide_url(transfer), {"decision": "accept"}, follow=True
    )
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.CANCELLED
    assert response.context["messages"]


def test_the_county_decides_any_transfer(client_for, tree, member):
    client_for("township_staff").post(request_url(member), request_data(tree.union_b1))
    transfer = MemberTransfer.objects.get()
    assert client_for("county_admin").get(detail_url(transfer)).context["can_decide"]
    client_for("county_admin").post(decide_url(transfer), {"decision": "accept"})
    member.refresh_from_db()
    assert member.union == tree.union_b1


def test_incoming_requests_awaiting_a_decision_come_first(client_for, tree, personas):
    outgoing_member = make_member(tree.union_b1, "李四", serial=2)
    incoming_member = make_member(tree.union_a1, "王五", serial=3)
    old_member = make_member(tree.union_a1, "赵六", serial=4)
    b_staff = personas["other_township_staff"]
    a_staff = personas["township_staff"]
    day = datetime.date(2024, 1, 1)
    decided = services.request_transfer(
        member=old_member, to_union=tree.union_b1, actor=a_staff, requested_on=day, reason="01"
    )
    services.decide_transfer(transfer=decided, actor=b_staff, accept=False, opinion="不符合条件")
    services.request_transfer(
        member=outgoing_member,
        to_union=tree.union_a1,
        actor=b_staff,
        requested_on=day,
        reason="01",
    )
    services.request_transfer(
        member=incoming_member,
        to_union=tree.union_b1,
        actor=a_staff,
        requested_on=day - datetime.timedelta(days=30),
        reason="01",
    )
    page = client_for("other_township_staff").get(TRANSFERS).context["page"]
    assert [t.member.name for t in page] == ["王五", "李四", "赵六"]
    incoming = client_for("other_township_staff").get(TRANSFERS, {"direction": "incoming"})
    assert {t.member.name for t in incoming.context["page"]} == {"王五", "赵六"}


def test_transfer_request_rules(client_for, tree, member):
    client = client_for("township_staff")
    response = client.post(request_url(member), request_data(tree.union_a1))
    assert response.status_code == 400 and "to_union" in response.context["transfer_form"].errors
    client.post(request_url(member), request_data(tree.union_b1))
    response = client.post(request_url(member), request_data(tree.union_a2))
    assert response.status_code == 400
    assert MemberTransfer.objects.count() == 1


def test_no_transfer_to_a_closed_union(tree, personas, member):
    tree.union_b1.status = OrgStatus.DISSOLVED
    tree.union_b1.save()
    with pytest.raises(ValidationError):
        services.request_transfer(
            member=member,
            to_union=tree.union_b1,
            actor=personas["township_staff"],
            requested_on=datetime.date.today(),
            reason="01",
        )


def test_a_member_who_left_meanwhile_cannot_be_accepted(tree, personas, member):
    transfer = services.request_transfer(
        member=member,
        to_union=tree.union_b1,
        actor=personas["township_staff"],
        requested_on=datetime.date(2024, 1, 1),
        reason="01",
    )
    services.record_change(
        member=member,
        actor=personas["township_staff"],
        change_type=ChangeType.WITHDRAW,
        changed_on=datetime.date(2024, 1, 2),
    )
    with pytest.raises(ValidationError):
        services.decide_transfer(
            transfer=transfer, actor=personas["other_township_staff"], accept=True
        )
    member.refresh_from_db()
    assert member.status == MemberStatus.WITHDRAWN and member.union == tree.union_a1
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.REQUESTED


def test_read_only_roles_cannot_request_in_the_service(tree, personas, member):
    with pytest.raises(PermissionDenied):
        services.request_transfer(
            member=member,
            to_union=tree.union_b1,
            actor=personas["leader"],
            requested_on=datetime.date.today(),
            reason="01",
        )


# API -------------------------------------------------------------------------------------------


def test_the_same_transfer_through_the_api(client_for, tree, member):
    releasing = client_for("township_staff")
    receiving = client_for("other_township_staff")
    response = releasing.post(
        "/api/transfers/",
        {"member": member.pk, "to_union": tree.union_b1.pk, "note": "API"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "requested" and body["from_union"] == tree.union_a1.pk
    assert "*" in body["member_id_number"]
    pk = body["id"]

    assert receiving.get(f"/api/members/{member.pk}/").status_code == 404
    assert receiving.get(f"/api/transfers/{pk}/").json()["member_name"] == "张三"
    assert releasing.post(f"/api/transfers/{pk}/accept/").status_code == 403
    assert client_for("leader").post(f"/api/transfers/{pk}/accept/").status_code == 403
    response = receiving.post(
        f"/api/transfers/{pk}/accept/", {"opinion": "同意"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    again = receiving.post(f"/api/transfers/{pk}/refuse/")
    assert again.status_code == 400
    assert receiving.get(f"/api/members/{member.pk}/").status_code == 200
    assert releasing.get(f"/api/members/{member.pk}/").status_code == 404
    ledger = receiving.get("/api/membership-changes/", {"member": member.pk}).json()["results"]
    assert [row["change_type"] for row in ledger] == [ChangeType.TRANSFER_IN]
    ledger = releasing.get("/api/membership-changes/", {"member": member.pk}).json()["results"]
    assert [row["change_type"] for row in ledger] == [ChangeType.JOIN, ChangeType.TRANSFER_OUT]


def test_api_transfer_requests_only_for_the_callers_members(client_for, tree, member):
    response = client_for("other_township_staff").post(
        "/api/transfers/",
        {"member": member.pk, "to_union": tree.union_b1.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "member" in response.json()
    assert not MemberTransfer.objects.exists()


def test_api_a_second_open_request_is_refused_by_the_service(client_for, tree, member):
    client = client_for("township_staff")
    data = {"member": member.pk, "to_union": tree.union_b1.pk}
    assert client.post("/api/transfers/", data, content_type="application/json").status_code == 201
    response = client.post("/api/transfers/", data, content_type="application/json")
    assert response.status_code == 400
    with override(settings.LANGUAGE_CODE):
        expected = gettext("A transfer of this member is already awaiting a decision.")
    assert response.json() == {"non_field_errors": [expected]}
    assert MemberTransfer.objects.count() == 1


def test_api_cancel_and_the_third_party_sees_nothing(client_for, tree, member, personas):
    transfer = services.request_transfer(
        member=member,
        to_union=tree.union_a2,
        actor=personas["township_staff"],
        requested_on=datetime.date.today(),
        reason="01",
    )
    outsider = client_for("other_township_staff")
    assert outsider.get(f"/api/transfers/{transfer.pk}/").status_code == 404
    assert outsider.post(f"/api/transfers/{transfer.pk}/cancel/").status_code == 404
    assert outsider.get("/api/transfers/").json()["count"] == 0
    response = client_for("township_staff").post(f"/api/transfers/{transfer.pk}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
